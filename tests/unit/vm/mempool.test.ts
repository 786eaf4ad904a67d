// Mempool (conservative state): nonce order, balance projection, replacement by fee, limits,
// eviction after a block, and selection for proposals — with real signed transactions parsed
// against state by admitTx.
import { describe, expect, it } from 'vitest';
import { headerFee, headerSpending } from '../../../src/lib/vm/core/header.ts';
import { admitTx } from '../../../src/lib/vm/mempool/admit.ts';
import { Mempool } from '../../../src/lib/vm/mempool/mempool.ts';
import type { MempoolTx } from '../../../src/lib/vm/mempool/types.ts';
import {
  Chain,
  GAS,
  GENESIS_ID,
  key,
  sink,
  walletAddress,
  walletSpawn,
  walletSpend,
} from './templates/harness.ts';

const alice = key(50);
const bob = key(51);
const A = walletAddress(alice);
const B = walletAddress(bob);
const FUNDS = 1_000_000n;

let clock = 0;
function setup(): { chain: Chain; pool: Mempool; tx: (raw: Uint8Array) => MempoolTx } {
  clock = 0;
  const chain = new Chain([
    { address: A, balance: FUNDS },
    { address: B, balance: FUNDS },
  ]);
  chain.apply([walletSpawn(alice), walletSpawn(bob)]);
  const pool = new Mempool(chain.store);
  const tx = (raw: Uint8Array): MempoolTx => {
    const r = admitTx(raw, chain.store, GENESIS_ID, ++clock);
    if (!r.ok) throw new Error(`not admitted: ${r.reason}`);
    return r.tx;
  };
  return { chain, pool, tx };
}

const nonces = (txs: readonly MempoolTx[]) => txs.map((t) => t.header.nonce);

describe('admission', () => {
  it('parses the header against state and refuses bad signatures and zero gas price', () => {
    const { chain } = setup();
    const raw = walletSpend(alice, sink(1), 10n, 1n, 2n);
    const ok = admitTx(raw, chain.store, GENESIS_ID, 0);
    expect(ok.ok && ok.tx.header).toMatchObject({
      nonce: 1n,
      gasPrice: 2n,
      maxGas: GAS.walletSpend(raw),
      maxSpend: 10n,
    });
    const forged = raw.slice();
    forged[forged.length - 1]! ^= 1;
    expect(admitTx(forged, chain.store, GENESIS_ID, 0)).toMatchObject({
      ok: false,
      reason: 'bad-signature',
    });
    expect(
      admitTx(walletSpend(alice, sink(1), 10n, 1n, 0n), chain.store, GENESIS_ID, 0),
    ).toMatchObject({
      ok: false,
      reason: 'zero-gas-price',
    });
  });
});

describe('per-account order and projection', () => {
  it('keeps candidates in nonce order whatever the arrival order, and projects the balance', () => {
    const { chain, pool, tx } = setup();
    const t3 = tx(walletSpend(alice, sink(1), 300n, 3n));
    const t1 = tx(walletSpend(alice, sink(1), 100n, 1n));
    const t2 = tx(walletSpend(alice, sink(1), 200n, 2n));
    for (const t of [t3, t1, t2]) expect(pool.add(t)).toEqual({ status: 'added' });
    expect(nonces(pool.pending(A))).toEqual([1n, 2n, 3n]);
    const spent = [t1, t2, t3].reduce((s, t) => s + headerSpending(t.header), 0n);
    expect(pool.projection(A)).toEqual({ nextNonce: 4n, balance: chain.balance(A) - spent });
    expect(pool.projection(sink(9))).toEqual({ nextNonce: 0n, balance: 0n });
  });

  it('refuses what the projected balance cannot cover, a used nonce and duplicates', () => {
    const { chain, pool, tx } = setup();
    const big = tx(walletSpend(alice, sink(1), chain.balance(A) / 2n, 1n));
    expect(pool.add(big).status).toBe('added');
    expect(pool.add(big)).toEqual({ status: 'rejected', reason: 'duplicate' });
    expect(pool.add(tx(walletSpend(alice, sink(1), chain.balance(A) / 2n, 2n)))).toEqual({
      status: 'rejected',
      reason: 'insufficient-balance',
    });
    expect(pool.add(tx(walletSpend(alice, sink(1), 1n, 0n)))).toEqual({
      status: 'rejected',
      reason: 'nonce-too-low',
    });
    expect(pool.size).toBe(1);
  });
});

describe('replacement', () => {
  it('a higher fee replaces the same nonce; a lower one is parked', () => {
    const { pool, tx } = setup();
    const cheap = tx(walletSpend(alice, sink(1), 10n, 1n, 1n));
    const dear = tx(walletSpend(alice, sink(2), 10n, 1n, 3n));
    const middling = tx(walletSpend(alice, sink(3), 10n, 1n, 2n));
    expect(pool.add(cheap).status).toBe('added');
    expect(pool.add(dear)).toEqual({ status: 'replaced', replaced: cheap.id });
    expect(pool.add(middling)).toEqual({ status: 'parked', reason: 'not-better' });
    expect(pool.pending(A)).toEqual([dear]);
    expect(pool.projection(A).balance).toBe(FUNDS - 100_432n - headerSpending(dear.header));
  });

  it('a replacement that spends more drops later candidates that no longer fit', () => {
    const { chain, pool, tx } = setup();
    const bal = chain.balance(A);
    const first = tx(walletSpend(alice, sink(1), 1n, 1n));
    const second = tx(walletSpend(alice, sink(1), bal / 2n, 2n));
    pool.add(first);
    pool.add(second);
    const greedy = tx(walletSpend(alice, sink(1), bal / 2n + 1n, 1n, 2n));
    expect(pool.add(greedy)).toEqual({ status: 'replaced', replaced: first.id });
    expect(pool.pending(A)).toEqual([greedy]);
    expect(pool.has(second.id)).toBe(true); // still known, may return after a block
  });
});

describe('limits', () => {
  it('parks beyond the per-account limit and refuses beyond the total', () => {
    const { chain, tx } = setup();
    const small = new Mempool(chain.store, { perAccount: 2, total: 4 });
    const a = [1n, 2n, 3n].map((n) => tx(walletSpend(alice, sink(1), 1n, n)));
    expect(a.map((t) => small.add(t).status)).toEqual(['added', 'added', 'parked']);
    expect(nonces(small.pending(A))).toEqual([1n, 2n]);
    expect(small.add(tx(walletSpend(bob, sink(1), 1n, 1n))).status).toBe('added');
    expect(small.add(tx(walletSpend(bob, sink(1), 1n, 2n)))).toEqual({
      status: 'rejected',
      reason: 'mempool-full',
    });
  });
});

describe('after a block', () => {
  it('evicts what the block made ineffective and re-bases the rest', () => {
    const { chain, pool, tx } = setup();
    const s1 = tx(walletSpend(alice, sink(1), 100n, 1n, 2n));
    const s1b = tx(walletSpend(alice, sink(2), 100n, 1n, 1n)); // same nonce, parked
    const s2 = tx(walletSpend(alice, sink(1), 100n, 2n));
    for (const t of [s1, s1b, s2]) pool.add(t);
    // a block carries s1 only
    const layer = chain.apply([s1.raw]);
    const evicted = pool.applyLayer(layer);
    expect(evicted.map((t) => t.id)).toEqual([s1.id, s1b.id]);
    expect(pool.has(s1b.id)).toBe(false);
    expect(pool.pending(A)).toEqual([s2]);
    expect(pool.projection(A)).toEqual({
      nextNonce: 3n,
      balance: chain.balance(A) - headerSpending(s2.header),
    });
  });

  it('brings back parked txs when room frees up', () => {
    const { chain, tx } = setup();
    const pool = new Mempool(chain.store, { perAccount: 1 });
    const s1 = tx(walletSpend(alice, sink(1), 1n, 1n));
    const s2 = tx(walletSpend(alice, sink(1), 1n, 2n));
    pool.add(s1);
    expect(pool.add(s2).status).toBe('parked');
    pool.applyLayer(chain.apply([s1.raw]));
    expect(pool.pending(A)).toEqual([s2]);
  });

  it('a nonce skipped by the block evicts the lower pending nonces', () => {
    const { chain, pool, tx } = setup();
    const low = tx(walletSpend(alice, sink(1), 1n, 1n));
    pool.add(low);
    pool.applyLayer(chain.apply([walletSpend(alice, sink(1), 1n, 4n)]));
    expect(pool.size).toBe(0);
    expect(pool.projection(A).nextNonce).toBe(5n);
  });
});

describe('after a revert', () => {
  it('re-bases on the reverted state; the reverted txs can be re-added in front', async () => {
    const { chain, pool, tx } = setup();
    const s1 = tx(walletSpend(alice, sink(1), 100n, 1n));
    const s2 = tx(walletSpend(alice, sink(1), 100n, 2n));
    pool.add(s1);
    pool.add(s2);
    const applied = chain.layer;
    pool.applyLayer(chain.apply([s1.raw]));
    expect(pool.pending(A)).toEqual([s2]);
    await chain.store.revert(applied - 1);
    expect(pool.rebase()).toEqual([]);
    expect(pool.add(s1).status).toBe('added');
    expect(pool.pending(A)).toEqual([s1, s2]);
    expect(pool.projection(A)).toEqual({
      nextNonce: 3n,
      balance: chain.balance(A) - headerSpending(s1.header) - headerSpending(s2.header),
    });
  });
});

describe('selection for a proposal', () => {
  it('by fee, each account in nonce order, within the gas limit', () => {
    const { chain, pool, tx } = setup();
    const a1 = tx(walletSpend(alice, sink(1), 1n, 1n, 1n));
    const a2 = tx(walletSpend(alice, sink(1), 1n, 2n, 9n)); // rich, but behind a1
    const b1 = tx(walletSpend(bob, sink(1), 1n, 1n, 5n));
    const b2 = tx(walletSpend(bob, sink(1), 1n, 2n, 1n));
    for (const t of [a1, a2, b1, b2]) pool.add(t);
    const order = pool.select(10n ** 9n);
    // b1 (fee 5g) first; then a1 (1g, arrived before b2); then a2 (9g) ahead of b2 (1g)
    expect(order).toEqual([b1, a1, a2, b2]);
    expect(headerFee(b1.header)).toBeGreaterThan(headerFee(a1.header));
    // gas for exactly two txs
    expect(pool.select(b1.header.maxGas + a1.header.maxGas)).toEqual([b1, a1]);
    expect(pool.select(10n ** 9n, 3)).toEqual([b1, a1, a2]);
    // the selection executes cleanly
    const r = chain.apply(order.map((t) => t.raw));
    expect(r.results.map((x) => x.status)).toEqual(['success', 'success', 'success', 'success']);
  });

  it('an account whose next tx does not fit leaves the selection', () => {
    const { pool, tx } = setup();
    const a1 = tx(walletSpend(alice, sink(1), 1n, 1n, 3n));
    const b1 = tx(walletSpend(bob, sink(1), 1n, 1n, 1n));
    pool.add(a1);
    pool.add(b1);
    expect(pool.select(a1.header.maxGas - 1n)).toEqual([]);
    expect(pool.select(a1.header.maxGas + 10n)).toEqual([a1]);
  });
});
