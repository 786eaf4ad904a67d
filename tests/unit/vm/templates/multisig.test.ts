// Multisig template: k-of-n spawn and spend, and every way the signatures can fall short.
import { describe, expect, it } from 'vitest';
import {
  assembleMultisigTx,
  principalOf,
  signPart,
  type Transaction,
} from '../../../../src/lib/vm/tx/index.ts';
import { Chain, GAS, GENESIS_ID, key, multiSign, multisigArgs, sink } from './harness.ts';

const keys = [key(10), key(11), key(12)];
const outsider = key(13);
const args = multisigArgs(2, keys);
const M = principalOf('multisig', args);
const FUNDS = 50_000_000n;

function spawnTx(nonce = 0n): Transaction {
  return { method: 'spawn', template: 'multisig', principal: M, nonce, gasPrice: 1n, args };
}
function spendTx(nonce: bigint, amount: bigint): Transaction {
  return {
    method: 'spend',
    principal: M,
    nonce,
    gasPrice: 2n,
    args: { destination: sink(2), amount },
  };
}

function spawned(): Chain {
  const chain = new Chain([{ address: M, balance: FUNDS }]);
  const raw = multiSign(spawnTx(), keys, [0, 2]);
  const r = chain.apply([raw]);
  expect(r.results[0]).toMatchObject({ status: 'success', fee: GAS.multisigSpawn(raw, 2, 3) });
  return chain;
}

describe('multisig 2-of-3', () => {
  it('self-spawns with two signatures: gas for 2 verifications and 3 stored keys', () => {
    const chain = spawned();
    const m = chain.get(M);
    expect(m.template).toBe('multisig');
    expect(m.nextNonce).toBe(1n);
    // stored state = the spawn arguments: compact(2) ‖ compact(3) ‖ 3 keys
    expect(m.state.length).toBe(1 + 1 + 3 * 32);
    expect(m.state[0]).toBe(2 << 2);
  });

  it('spends with any two keys', () => {
    const chain = spawned();
    const before = chain.balance(M);
    const raw = multiSign(spendTx(1n, 777n), keys, [1, 2]);
    const r = chain.apply([raw]);
    const fee = 2n * GAS.multisigSpend(raw, 2, 3);
    expect(r.results[0]).toMatchObject({ status: 'success', fee });
    expect(chain.balance(M)).toBe(before - 777n - fee);
    expect(chain.balance(sink(2))).toBe(777n);
    expect(chain.get(M).nextNonce).toBe(2n);
  });

  it('too few signatures: ineffective, nothing charged', () => {
    const chain = spawned();
    const before = chain.get(M);
    const raw = multiSign(spendTx(1n, 1n), keys, [0]);
    const r = chain.apply([raw]);
    expect(r.results).toEqual([]);
    expect(r.ineffective[0]!.reason).toBe('bad-signature');
    expect(chain.get(M)).toEqual(before);
  });

  it('a signature by a key outside the set: ineffective', () => {
    const chain = spawned();
    const tx = spendTx(1n, 1n);
    const raw = assembleMultisigTx(tx, [
      signPart(tx, 0, keys[0]!.seed, GENESIS_ID),
      signPart(tx, 1, outsider.seed, GENESIS_ID),
    ]);
    expect(chain.apply([raw]).ineffective[0]!.reason).toBe('bad-signature');
  });

  it('a part referring past the key list: ineffective', () => {
    const chain = spawned();
    const tx = spendTx(1n, 1n);
    const raw = assembleMultisigTx(tx, [
      signPart(tx, 0, keys[0]!.seed, GENESIS_ID),
      signPart(tx, 3, keys[1]!.seed, GENESIS_ID),
    ]);
    expect(chain.apply([raw]).ineffective[0]!.reason).toBe('bad-signature');
  });

  it('three signatures where two are required: ineffective (exactly k parts)', () => {
    const chain = spawned();
    const raw = multiSign(spendTx(1n, 1n), keys, [0, 1, 2]);
    expect(chain.apply([raw]).ineffective[0]!.reason).toBe('bad-signature');
  });

  it('self-spawn with too few signatures is ineffective and leaves it unspawned', () => {
    const chain = new Chain([{ address: M, balance: FUNDS }]);
    const r = chain.apply([multiSign(spawnTx(), keys, [1])]);
    expect(r.ineffective[0]!.reason).toBe('bad-signature');
    expect(chain.get(M).template).toBeNull();
    expect(chain.balance(M)).toBe(FUNDS);
  });

  it('refuses spawn arguments multisig cannot instantiate', () => {
    for (const bad of [multisigArgs(0, keys), multisigArgs(3, keys.slice(0, 2))]) {
      const addr = principalOf('multisig', bad);
      const chain = new Chain([{ address: addr, balance: FUNDS }]);
      const tx: Transaction = {
        method: 'spawn',
        template: 'multisig',
        principal: addr,
        nonce: 0n,
        gasPrice: 1n,
        args: bad,
      };
      const raw = multiSign(tx, keys, bad.required === 0 ? [0] : [0, 1]);
      expect(chain.apply([raw]).ineffective[0]!.reason).toBe('invalid-spawn');
    }
  });

  it('multisig has no drain method', () => {
    const chain = spawned();
    const tx: Transaction = {
      method: 'drain',
      principal: M,
      nonce: 1n,
      gasPrice: 1n,
      args: { vault: sink(3), destination: sink(4), amount: 1n },
    };
    expect(chain.apply([multiSign(tx, keys, [0, 1])]).ineffective[0]!.reason).toBe('malformed');
  });
});

describe('multisig 1-of-1', () => {
  it('spawns and spends with its one key', () => {
    const one = multisigArgs(1, [keys[0]!]);
    const addr = principalOf('multisig', one);
    const chain = new Chain([{ address: addr, balance: FUNDS }]);
    const spawn = multiSign(
      {
        method: 'spawn',
        template: 'multisig',
        principal: addr,
        nonce: 0n,
        gasPrice: 1n,
        args: one,
      },
      [keys[0]!],
      [0],
    );
    const spend = multiSign(
      {
        method: 'spend',
        principal: addr,
        nonce: 1n,
        gasPrice: 1n,
        args: { destination: sink(9), amount: 5n },
      },
      [keys[0]!],
      [0],
    );
    const r = chain.apply([spawn, spend]);
    expect(r.results.map((x) => x.fee)).toEqual([
      GAS.multisigSpawn(spawn, 1, 1),
      GAS.multisigSpend(spend, 1, 1),
    ]);
    expect(chain.balance(sink(9))).toBe(5n);
  });
});
