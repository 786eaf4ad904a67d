// genvm's ineffective-transaction rules, block gas, nonces, the layer state root, and the Vm
// over a StateStore (commit, revert), with real signed wallet transactions.
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { blake3 } from '../../../src/lib/crypto/hash.ts';
import { encodeAddress } from '../../../src/lib/crypto/address.ts';
import { executeLayer } from '../../../src/lib/vm/execute.ts';
import {
  applyGenesis,
  genesisAccounts,
  genesisAccountsFromConfig,
} from '../../../src/lib/vm/genesis.ts';
import { MemoryStateStore } from '../../../src/lib/vm/state/memory.ts';
import { decodeAccount, encodeAccount } from '../../../src/lib/vm/state/account.ts';
import { touchedAddresses, Vm } from '../../../src/lib/vm/vm.ts';
import { VmError } from '../../../src/lib/vm/core/errors.ts';
import { signWalletTx, txId } from '../../../src/lib/vm/tx/index.ts';
import {
  Chain,
  FIRST_LAYER,
  GAS,
  GENESIS_ID,
  LAYERS_PER_EPOCH,
  key,
  sink,
  walletAddress,
  walletSpawn,
  walletSpend,
} from './templates/harness.ts';

const alice = key(40);
const A = walletAddress(alice);
const FUNDS = 10_000_000n;

function spawnedAlice(gasLimit?: bigint): Chain {
  const chain = new Chain([{ address: A, balance: FUNDS }], gasLimit);
  chain.apply([walletSpawn(alice)]);
  return chain;
}

describe('ineffective transactions', () => {
  it('zero gas price', () => {
    const chain = spawnedAlice();
    const before = chain.get(A);
    const r = chain.apply([walletSpend(alice, sink(1), 1n, 1n, 0n)]);
    expect(r.results).toEqual([]);
    expect(r.ineffective).toMatchObject([{ index: 0, reason: 'zero-gas-price' }]);
    expect(chain.get(A)).toEqual(before);
  });

  it('intrinsic gas is compared with the balance in gas units, as genvm does', () => {
    const spawn = walletSpawn(alice, 0n, 2n);
    const intrinsic = 20000n + 3000n + 30000n + 128n * BigInt(Math.ceil(spawn.length / 8));
    // one smidge short of the intrinsic gas: ineffective
    let chain = new Chain([{ address: A, balance: intrinsic - 1n }]);
    let r = chain.apply([spawn]);
    expect(r.ineffective[0]!.reason).toBe('intrinsic-gas');
    expect(chain.get(A)).toMatchObject({ balance: intrinsic - 1n, nextNonce: 0n });
    // exactly the intrinsic gas, though at price 2 it cannot pay max gas: executed, out of gas
    chain = new Chain([{ address: A, balance: intrinsic }]);
    r = chain.apply([spawn]);
    expect(r.results[0]).toMatchObject({
      status: 'failure',
      failure: 'out-of-gas',
      fee: intrinsic,
    });
    expect(chain.get(A)).toMatchObject({ balance: 0n, nextNonce: 1n, template: null });
  });

  it('block gas: txs beyond the limit are skipped and skipped txs use no block gas', () => {
    const spawn = walletSpawn(alice);
    const s1 = walletSpend(alice, sink(1), 100n, 1n);
    const s2 = walletSpend(alice, sink(2), 100n, 2n);
    const s3 = walletSpend(alice, sink(3), 100n, 3n);
    const limit = GAS.walletSpawn(spawn) + GAS.walletSpend(s1);
    const chain = new Chain([{ address: A, balance: FUNDS }], limit);
    const r = chain.apply([spawn, s1, s2, s3]);
    expect(r.results.map((x) => x.index)).toEqual([0, 1]);
    expect(r.ineffective.map((x) => [x.index, x.reason])).toEqual([
      [2, 'block-gas'],
      [3, 'block-gas'],
    ]);
    expect(chain.balance(A)).toBe(FUNDS - 100n - limit);
    expect(chain.balance(sink(1))).toBe(100n);
    expect(chain.balance(sink(2))).toBe(0n);
    expect(chain.get(A).nextNonce).toBe(2n);

    // an ineffective tx in the middle leaves its gas to the next one
    const chain2 = new Chain([{ address: A, balance: FUNDS }], limit);
    const bad = walletSpend(alice, sink(9), 1n, 1n, 0n);
    const r2 = chain2.apply([spawn, bad, s1]);
    expect(r2.results.map((x) => x.index)).toEqual([0, 2]);
    expect(r2.ineffective.map((x) => x.reason)).toEqual(['zero-gas-price']);
  });

  it('replayed nonce: the same tx again, in the same and in a later layer', () => {
    const chain = spawnedAlice();
    const spend = walletSpend(alice, sink(1), 10n, 1n);
    const r = chain.apply([spend, spend]);
    expect(r.results).toHaveLength(1);
    expect(r.ineffective).toMatchObject([{ index: 1, reason: 'nonce-too-low' }]);
    expect(r.ineffective[0]!.header?.nonce).toBe(1n);
    const r2 = chain.apply([spend]);
    expect(r2.ineffective[0]!.reason).toBe('nonce-too-low');
    expect(chain.balance(sink(1))).toBe(10n);
    expect(chain.get(A).nextNonce).toBe(2n);
  });

  it('nonce gaps: a higher nonce executes and moves next nonce past it', () => {
    const chain = spawnedAlice();
    const gap = walletSpend(alice, sink(1), 10n, 5n);
    const late = walletSpend(alice, sink(2), 10n, 3n);
    const r = chain.apply([gap, late]);
    expect(r.results.map((x) => x.status)).toEqual(['success']);
    expect(r.ineffective.map((x) => x.reason)).toEqual(['nonce-too-low']);
    expect(chain.get(A).nextNonce).toBe(6n);
    expect(chain.balance(sink(2))).toBe(0n);
  });

  it('signature by another key, or for another genesis id', () => {
    const chain = spawnedAlice();
    const mallory = key(41);
    const forged = walletSpend(alice, sink(1), 10n, 1n);
    forged[forged.length - 1]! ^= 1;
    const otherNet = walletSpend(alice, sink(1), 10n, 1n, 1n, new Uint8Array(20));
    // mallory signs a tx naming alice as principal
    const byMallory = walletSpend({ ...mallory, publicKey: alice.publicKey }, sink(1), 10n, 1n);
    const r = chain.apply([forged, otherNet, byMallory]);
    expect(r.ineffective.map((x) => x.reason)).toEqual([
      'bad-signature',
      'bad-signature',
      'bad-signature',
    ]);
    expect(chain.get(A).nextNonce).toBe(1n);
  });

  it('txs marked verified skip the signature check (verified on admission)', () => {
    const chain = spawnedAlice();
    const forged = walletSpend(alice, sink(1), 10n, 1n);
    forged[forged.length - 1]! ^= 1;
    const r = chain.apply([{ raw: forged, verified: true }]);
    expect(r.results[0]!.status).toBe('success');
  });

  it('malformed bytes, unknown version, oversize', () => {
    const chain = spawnedAlice();
    const good = walletSpend(alice, sink(1), 10n, 1n);
    const wrongVersion = good.slice();
    wrongVersion[0] = 4;
    const r = chain.apply([new Uint8Array([0, 1, 2]), wrongVersion, new Uint8Array(1025), good]);
    expect(r.ineffective.map((x) => x.reason)).toEqual(['malformed', 'malformed', 'malformed']);
    expect(r.ineffective[1]!.id).toEqual(txId(wrongVersion));
    expect(r.results.map((x) => x.index)).toEqual([3]);
  });

  it('fees wrap in uint64 as genvm computes them: max gas × 2^63 with even max gas is 0', () => {
    const chain = spawnedAlice();
    const raw = walletSpend(alice, sink(1), 10n, 1n, 1n << 63n);
    expect(GAS.walletSpend(raw) % 2n).toBe(0n);
    const before = chain.balance(A);
    const r = chain.apply([raw]);
    expect(r.results[0]).toMatchObject({
      status: 'success',
      fee: 0n,
      gasConsumed: GAS.walletSpend(raw),
    });
    expect(chain.balance(A)).toBe(before - 10n);
  });

  it('layers before the effective genesis are refused', () => {
    const store = new MemoryStateStore();
    const cfg = { genesisId: GENESIS_ID, layersPerEpoch: LAYERS_PER_EPOCH, gasLimit: 1n };
    expect(() => executeLayer(store, FIRST_LAYER - 1, [], [], cfg)).toThrow(VmError);
  });
});

describe('state root', () => {
  it('is blake3 of the SCALE encodings of the changed accounts in first-change order', () => {
    const chain = spawnedAlice();
    const spend = walletSpend(alice, sink(1), 10n, 1n);
    const r = chain.apply([spend]);
    const a = chain.get(A);
    // Account{Layer compact32, Address, NextNonce compact64, Balance compact64, Some(template), State}
    const compact = (n: bigint): Uint8Array => {
      if (n < 64n) return new Uint8Array([Number(n) << 2]);
      if (n < 1n << 14n) return new Uint8Array([Number((n << 2n) & 0xffn) | 1, Number(n >> 6n)]);
      if (n < 1n << 30n) {
        const v = Number((n << 2n) | 2n);
        return new Uint8Array([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24]);
      }
      throw new Error('test helper covers < 2^30');
    };
    const walletTemplate = new Uint8Array(24);
    walletTemplate[23] = 1;
    const alicePart = concatBytes(
      compact(BigInt(r.layer)),
      A,
      compact(2n),
      compact(a.balance),
      new Uint8Array([1]),
      walletTemplate,
      compact(32n),
      alice.publicKey,
    );
    const sinkPart = concatBytes(
      compact(BigInt(r.layer)),
      sink(1),
      compact(0n),
      compact(10n),
      new Uint8Array([0, 0]),
    );
    expect(bytesToHex(r.stateRoot)).toBe(bytesToHex(blake3(alicePart, sinkPart)));
    expect(r.changed.map((x) => x.address)).toEqual([A, sink(1)]);
  });

  it('orders accounts by first change (vm_test.go TestStateHashFromUpdatedAccounts)', () => {
    const ks = [0, 1, 2, 3, 4].map((i) => key(60 + i));
    const addr = ks.map(walletAddress);
    const chain = new Chain(addr.map((address) => ({ address, balance: FUNDS })));
    const r = chain.apply([
      walletSpawn(ks[0]!),
      walletSpawn(ks[1]!),
      walletSpend(ks[0]!, addr[2]!, 100n, 1n),
      walletSpend(ks[1]!, addr[4]!, 100n, 1n),
    ]);
    expect(r.ineffective).toEqual([]);
    const expected = blake3(...[0, 1, 2, 4].map((i) => encodeAccount(chain.get(addr[i]!))));
    expect(r.stateRoot).toEqual(expected);
    expect(decodeAccount(encodeAccount(chain.get(addr[0]!)))).toEqual(chain.get(addr[0]!));
  });

  it('of an empty layer is blake3 of nothing', () => {
    const chain = spawnedAlice();
    expect(bytesToHex(chain.apply([]).stateRoot)).toBe(bytesToHex(blake3()));
  });
});

describe('Vm over a StateStore', () => {
  it('commits each layer with its root and reverts to an earlier one', async () => {
    const store = new MemoryStateStore();
    await applyGenesis(store, genesisAccounts([{ address: A, balance: FUNDS }]));
    const vm = new Vm(store, {
      genesisId: GENESIS_ID,
      layersPerEpoch: LAYERS_PER_EPOCH,
      gasLimit: 10n ** 9n,
    });
    const r1 = await vm.apply(FIRST_LAYER, [{ raw: walletSpawn(alice) }], []);
    const afterSpawn = store.get(A);
    const r2 = await vm.apply(FIRST_LAYER + 1, [{ raw: walletSpend(alice, sink(1), 77n, 1n) }], []);
    expect(r2.results[0]!.status).toBe('success');
    expect(store.get(sink(1)).balance).toBe(77n);
    expect(await store.stateRoot(FIRST_LAYER)).toEqual(r1.stateRoot);
    expect(await store.lastAppliedLayer()).toBe(FIRST_LAYER + 1);
    await vm.revert(FIRST_LAYER);
    expect(store.get(A)).toEqual(afterSpawn);
    expect(await store.account(sink(1))).toBeUndefined();
    expect(await store.stateRoot(FIRST_LAYER + 1)).toBeUndefined();
    // re-applying gives the same root
    const again = await vm.apply(
      FIRST_LAYER + 1,
      [{ raw: walletSpend(alice, sink(1), 77n, 1n) }],
      [],
    );
    expect(again.stateRoot).toEqual(r2.stateRoot);
  });
});

describe('touchedAddresses', () => {
  it('names every account a block can read: principals, targets, vaults, coinbases', () => {
    const spawn = walletSpawn(alice);
    const spend = walletSpend(alice, sink(1), 1n, 1n);
    const drain = signWalletTx(
      {
        method: 'drain',
        principal: sink(3),
        nonce: 0n,
        gasPrice: 1n,
        args: { vault: sink(4), destination: sink(5), amount: 1n },
      },
      alice.seed,
      GENESIS_ID,
    );
    const got = touchedAddresses(
      [{ raw: spawn }, { raw: spend }, { raw: drain }, { raw: new Uint8Array(3) }],
      [{ coinbase: sink(2), weight: { num: 1n, den: 1n } }],
    );
    expect(got).toEqual([A, A, A, sink(1), sink(3), sink(4), sink(5), sink(2)]);
  });
});

describe('genesis accounts', () => {
  it('from a preset map of bech32 address → smidge', () => {
    const accounts = genesisAccountsFromConfig({ [encodeAddress(A, 'stest')]: 5n }, 'stest');
    expect(accounts).toMatchObject([{ address: A, balance: 5n, nextNonce: 0n, template: null }]);
    expect(() => genesisAccountsFromConfig({ [encodeAddress(A, 'sm')]: 5n }, 'stest')).toThrow();
    expect(() =>
      genesisAccounts([
        { address: A, balance: 1n },
        { address: hexToBytes(bytesToHex(A)), balance: 2n },
      ]),
    ).toThrow(VmError);
    expect(() => genesisAccounts([{ address: A, balance: 1n << 64n }])).toThrow(VmError);
  });
});
