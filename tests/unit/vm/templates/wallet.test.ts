// Wallet template: self-spawn, spawning another wallet, spend — balances, nonces, fees, results.
import { describe, expect, it } from 'vitest';
import golden from '../../../vectors/genvm_golden.json' with { type: 'json' };
import { signWalletTx, type Transaction } from '../../../../src/lib/vm/tx/index.ts';
import {
  Chain,
  GAS,
  GENESIS_ID,
  key,
  sink,
  walletAddress,
  walletSpawn,
  walletSpend,
} from './harness.ts';

const alice = key(0);
const bob = key(1);
const A = walletAddress(alice);
const B = walletAddress(bob);
const FUNDS = 10_000_000n;

describe('wallet self-spawn', () => {
  it('costs the 100432 gas of go-spacemesh rewards_test at gas price 1', () => {
    const chain = new Chain([{ address: A, balance: FUNDS }]);
    const raw = walletSpawn(alice);
    expect(raw.length).toBe(golden.gas_fixture_rewards_test.rawTxLen);
    const r = chain.apply([raw]);
    expect(r.ineffective).toEqual([]);
    expect(r.results).toHaveLength(1);
    const [res] = r.results;
    expect(res!.status).toBe('success');
    expect(res!.gasConsumed).toBe(
      BigInt(golden.gas_fixture_rewards_test.walletSelfSpawnGas_gasPrice1),
    );
    expect(res!.fee).toBe(100_432n);
    expect(GAS.walletSpawn(raw)).toBe(100_432n);
    const a = chain.get(A);
    expect(a.template).toBe('wallet');
    expect(a.state).toEqual(alice.publicKey);
    expect(a.nextNonce).toBe(1n);
    expect(a.balance).toBe(FUNDS - 100_432n);
    expect(a.layer).toBe(r.layer);
  });

  it('fee scales with the gas price', () => {
    const chain = new Chain([{ address: A, balance: FUNDS }]);
    const r = chain.apply([walletSpawn(alice, 0n, 7n)]);
    expect(r.results[0]!.fee).toBe(7n * 100_432n);
    expect(chain.balance(A)).toBe(FUNDS - 7n * 100_432n);
  });

  it('a second self-spawn fails with "spawned" and still pays', () => {
    const chain = new Chain([{ address: A, balance: FUNDS }]);
    const r = chain.apply([walletSpawn(alice, 0n), walletSpawn(alice, 1n)]);
    expect(r.results.map((x) => x.status)).toEqual(['success', 'failure']);
    expect(r.results[1]!.failure).toBe('spawned');
    expect(chain.get(A).nextNonce).toBe(2n);
    expect(chain.balance(A)).toBe(FUNDS - 2n * 100_432n);
  });

  it('without funds it is ineffective and changes nothing', () => {
    const chain = new Chain([]);
    const r = chain.apply([walletSpawn(alice)]);
    expect(r.results).toEqual([]);
    expect(r.ineffective.map((x) => x.reason)).toEqual(['intrinsic-gas']);
    expect(r.changed).toEqual([]);
    expect(chain.get(A).template).toBeNull();
  });
});

describe('wallet spend', () => {
  function spawned(): Chain {
    const chain = new Chain([{ address: A, balance: FUNDS }]);
    chain.apply([walletSpawn(alice)]);
    return chain;
  }

  it('moves the amount and charges the spend gas', () => {
    const chain = spawned();
    const raw = walletSpend(alice, B, 1_000n, 1n, 3n);
    const r = chain.apply([raw]);
    const fee = 3n * GAS.walletSpend(raw);
    expect(r.results[0]).toMatchObject({
      status: 'success',
      fee,
      gasConsumed: GAS.walletSpend(raw),
    });
    expect(r.results[0]!.addresses).toEqual([A, B]);
    expect(chain.balance(A)).toBe(FUNDS - 100_432n - 1_000n - fee);
    expect(chain.balance(B)).toBe(1_000n);
    expect(chain.get(A).nextNonce).toBe(2n);
    expect(chain.get(B).nextNonce).toBe(0n);
    expect(chain.get(B).template).toBeNull();
  });

  it('insufficient balance: failed "no-balance", fee paid, nonce advanced, nothing moved', () => {
    const chain = spawned();
    const raw = walletSpend(alice, B, FUNDS, 1n);
    const r = chain.apply([raw]);
    expect(r.results[0]).toMatchObject({ status: 'failure', failure: 'no-balance' });
    expect(r.results[0]!.fee).toBe(GAS.walletSpend(raw));
    expect(chain.balance(A)).toBe(FUNDS - 100_432n - GAS.walletSpend(raw));
    expect(chain.get(A).nextNonce).toBe(2n);
    expect(chain.balance(B)).toBe(0n);
  });

  it('the amount is checked after the fee is taken', () => {
    const chain = spawned();
    const left = FUNDS - 100_432n;
    const raw = walletSpend(alice, B, left, 1n); // whole balance: fee leaves too little
    const r = chain.apply([raw]);
    expect(r.results[0]!.failure).toBe('no-balance');
    const exact = walletSpend(alice, B, left - 2n * GAS.walletSpend(raw), 2n);
    const r2 = chain.apply([exact]);
    expect(r2.results[0]!.status).toBe('success');
    expect(chain.balance(A)).toBe(0n);
  });

  it('to oneself only costs gas', () => {
    const chain = spawned();
    const raw = walletSpend(alice, A, 5_000n, 1n);
    const r = chain.apply([raw]);
    expect(r.results[0]!.status).toBe('success');
    expect(r.results[0]!.addresses).toEqual([A]);
    expect(chain.balance(A)).toBe(FUNDS - 100_432n - GAS.walletSpend(raw));
  });

  it('received coins can be spent in the same block', () => {
    const chain = new Chain([{ address: A, balance: FUNDS }]);
    const fund = walletSpend(alice, B, 1_000_000n, 1n);
    const bobSpawn = walletSpawn(bob);
    const bobSpend = walletSpend(bob, sink(1), 500n, 1n);
    const r = chain.apply([walletSpawn(alice), fund, bobSpawn, bobSpend]);
    expect(r.results.map((x) => x.status)).toEqual(['success', 'success', 'success', 'success']);
    expect(chain.balance(sink(1))).toBe(500n);
    expect(chain.balance(B)).toBe(1_000_000n - 100_432n - GAS.walletSpend(bobSpend) - 500n);
  });

  it('out of gas: a balance above intrinsic but below max gas is taken whole', () => {
    const chain = spawned();
    // Give bob just enough for the intrinsic gas of his spawn, not the whole of it.
    const spawnRaw = walletSpawn(bob);
    const intrinsic = 20000n + 3000n + 30000n + 128n * BigInt(Math.ceil(spawnRaw.length / 8));
    chain.apply([walletSpend(alice, B, intrinsic, 1n)]);
    const r = chain.apply([spawnRaw]);
    expect(r.results[0]).toMatchObject({
      status: 'failure',
      failure: 'out-of-gas',
      fee: intrinsic,
      gasConsumed: GAS.walletSpawn(spawnRaw),
    });
    expect(chain.get(B)).toMatchObject({ balance: 0n, nextNonce: 1n, template: null });
  });
});

describe('wallet spawning another account', () => {
  it('spawns a wallet for another key; the principal pays load + the new store', () => {
    const chain = new Chain([{ address: A, balance: FUNDS }]);
    chain.apply([walletSpawn(alice)]);
    const tx: Transaction = {
      method: 'spawn',
      template: 'wallet',
      principal: A,
      nonce: 1n,
      gasPrice: 1n,
      args: { publicKey: bob.publicKey },
    };
    const raw = signWalletTx(tx, alice.seed, GENESIS_ID);
    const r = chain.apply([raw]);
    expect(r.results[0]).toMatchObject({ status: 'success', fee: GAS.walletSpawnOther(raw) });
    expect(r.results[0]!.addresses).toEqual([A, B]);
    expect(chain.get(B)).toMatchObject({ template: 'wallet', nextNonce: 0n, balance: 0n });
    expect(chain.get(A).nextNonce).toBe(2n);
    // spawning it again fails
    const again = signWalletTx({ ...tx, nonce: 2n }, alice.seed, GENESIS_ID);
    expect(chain.apply([again]).results[0]!.failure).toBe('spawned');
  });

  it('an unspawned principal cannot spawn others', () => {
    const chain = new Chain([{ address: A, balance: FUNDS }]);
    const tx: Transaction = {
      method: 'spawn',
      template: 'wallet',
      principal: A,
      nonce: 0n,
      gasPrice: 1n,
      args: { publicKey: bob.publicKey },
    };
    const r = chain.apply([signWalletTx(tx, alice.seed, GENESIS_ID)]);
    expect(r.ineffective[0]!.reason).toBe('not-spawned');
  });

  it('a spend from an unspawned account is ineffective', () => {
    const chain = new Chain([{ address: A, balance: FUNDS }]);
    const r = chain.apply([walletSpend(alice, B, 1n, 0n)]);
    expect(r.ineffective[0]!.reason).toBe('not-spawned');
    expect(chain.balance(A)).toBe(FUNDS);
  });
});
