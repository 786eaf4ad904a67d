// Vesting and vault templates: a vesting account (multisig + drain) spawns the vault funded at
// genesis and drains it before, during and after the vesting schedule; owners, limits and
// misconfiguration as genvm's vault.Spend checks them.
import { describe, expect, it } from 'vitest';
import { principalOf, type Transaction } from '../../../../src/lib/vm/tx/index.ts';
import type { VaultSpawnArguments } from '../../../../src/lib/vm/tx/index.ts';
import {
  Chain,
  FIRST_LAYER,
  GAS,
  key,
  multiSign,
  multisigArgs,
  sink,
  vaultArgs,
  walletAddress,
  walletSpawn,
  walletSpend,
} from './harness.ts';

const keys = [key(20), key(21)];
const vestingArgs = multisigArgs(1, keys);
const V = principalOf('vesting', vestingArgs);
const otherKeys = [key(22)];
const otherArgs = multisigArgs(1, otherKeys);
const V2 = principalOf('vesting', otherArgs);
const FUNDS = 10_000_000n;
const TOTAL = 11_000n;
const START = FIRST_LAYER + 2;
const END = FIRST_LAYER + 4;
const vault = vaultArgs(V, { totalAmount: TOTAL, vestingStart: START, vestingEnd: END });
const VAULT = principalOf('vault', vault);
const OUT = sink(7);

const nonces = new Map<Uint8Array, bigint>();
function next(principal: Uint8Array): bigint {
  const n = nonces.get(principal) ?? 0n;
  nonces.set(principal, n + 1n);
  return n;
}

function sign(tx: Transaction, principal: Uint8Array): Uint8Array {
  return principal === V2 ? multiSign(tx, otherKeys, [0]) : multiSign(tx, keys, [1]);
}

function selfSpawn(principal: Uint8Array): Uint8Array {
  const args = principal === V2 ? otherArgs : vestingArgs;
  return sign(
    { method: 'spawn', template: 'vesting', principal, nonce: next(principal), gasPrice: 1n, args },
    principal,
  );
}

function spawnVault(args: VaultSpawnArguments, principal = V): Uint8Array {
  return sign(
    { method: 'spawn', template: 'vault', principal, nonce: next(principal), gasPrice: 1n, args },
    principal,
  );
}

function drain(
  amount: bigint,
  opts: { principal?: Uint8Array; vault?: Uint8Array; to?: Uint8Array } = {},
) {
  const principal = opts.principal ?? V;
  const tx: Transaction = {
    method: 'drain',
    principal,
    nonce: next(principal),
    gasPrice: 1n,
    args: { vault: opts.vault ?? VAULT, destination: opts.to ?? OUT, amount },
  };
  return sign(tx, principal);
}

function setup(vaultBalance = TOTAL): Chain {
  nonces.clear();
  const chain = new Chain([
    { address: V, balance: FUNDS },
    { address: V2, balance: FUNDS },
    { address: VAULT, balance: vaultBalance },
  ]);
  const spawn = selfSpawn(V);
  const sv = spawnVault(vault);
  const r = chain.apply([spawn, sv]);
  expect(r.results.map((x) => x.status)).toEqual(['success', 'success']);
  expect(r.results[0]!.fee).toBe(GAS.multisigSpawn(spawn, 1, 2));
  expect(r.results[1]!.fee).toBe(GAS.vaultSpawn(sv, 1, 2));
  return chain;
}

describe('vault spawned by its vesting owner', () => {
  it('keeps its genesis balance and becomes a vault', () => {
    const chain = setup();
    expect(chain.get(VAULT)).toMatchObject({ template: 'vault', balance: TOTAL, nextNonce: 0n });
    expect(chain.get(V).nextNonce).toBe(2n);
  });

  it('refuses inconsistent limits', () => {
    nonces.clear();
    const chain = new Chain([{ address: V, balance: FUNDS }]);
    chain.apply([selfSpawn(V)]);
    const r = chain.apply([
      spawnVault(vaultArgs(V, { totalAmount: 10n, initialUnlockAmount: 11n })),
      spawnVault(vaultArgs(V, { vestingStart: 50, vestingEnd: 49 })),
    ]);
    expect(r.ineffective.map((x) => x.reason)).toEqual(['invalid-spawn', 'invalid-spawn']);
  });
});

describe('drain over the vesting schedule', () => {
  it('before the start nothing is available (the initial unlock plays no part, SMIP-0002)', () => {
    const chain = setup();
    expect(chain.layer).toBe(FIRST_LAYER + 1);
    const raw = drain(1n);
    const r = chain.apply([raw]);
    expect(r.results[0]).toMatchObject({
      status: 'failure',
      failure: 'vault-amount-not-available',
      fee: GAS.drain(raw, 1, 2),
    });
    expect(chain.balance(VAULT)).toBe(TOTAL);
    expect(chain.balance(OUT)).toBe(0n);
    expect(chain.apply([drain(1n)]).results[0]!.failure).toBe('vault-amount-not-available'); // at START: 0 vested
  });

  it('during: exactly the linearly vested part, floored', () => {
    const chain = setup();
    chain.skipTo(START + 1); // vested = 11000 · 1/2
    const vBefore = chain.balance(V);
    const txs = [drain(5_501n), drain(5_500n), drain(1n)];
    const r = chain.apply(txs);
    expect(r.results.map((x) => x.failure ?? 'ok')).toEqual([
      'vault-amount-not-available',
      'ok',
      'vault-amount-not-available',
    ]);
    const fees = txs.reduce((s, raw) => s + GAS.drain(raw, 1, 2), 0n);
    expect(r.results.reduce((s, x) => s + x.fee, 0n)).toBe(fees);
    expect(chain.balance(V)).toBe(vBefore - fees); // the owner pays gas, not the vault
    expect(chain.balance(VAULT)).toBe(5_500n);
    expect(chain.balance(OUT)).toBe(5_500n);
    expect(r.results[1]!.addresses).toEqual([V, OUT, VAULT]);
  });

  it('after the end: everything, and nothing more', () => {
    const chain = setup();
    chain.skipTo(START + 1);
    chain.apply([drain(1_000n)]);
    chain.skipTo(END);
    const r = chain.apply([drain(10_001n), drain(10_000n), drain(1n)]);
    expect(r.results.map((x) => x.failure ?? 'ok')).toEqual([
      'vault-amount-not-available',
      'ok',
      'vault-amount-not-available', // checked before the transfer's balance check
    ]);
    expect(chain.balance(VAULT)).toBe(0n);
    expect(chain.balance(OUT)).toBe(TOTAL);
  });

  it('coins sent to the vault beyond its total are available at once', () => {
    nonces.clear();
    const w = key(30);
    const W = walletAddress(w);
    const chain = new Chain([
      { address: V, balance: FUNDS },
      { address: VAULT, balance: TOTAL },
      { address: W, balance: FUNDS },
    ]);
    chain.apply([selfSpawn(V), spawnVault(vault), walletSpawn(w), walletSpend(w, VAULT, 300n, 1n)]);
    const r = chain.apply([drain(301n), drain(300n, { to: V })]);
    expect(r.results.map((x) => x.failure ?? 'ok')).toEqual(['vault-amount-not-available', 'ok']);
    expect(chain.balance(VAULT)).toBe(TOTAL);
  });

  it('drain to the owner itself credits the owner', () => {
    const chain = setup();
    chain.skipTo(END);
    const before = chain.balance(V);
    const raw = drain(4_000n, { to: V });
    chain.apply([raw]);
    expect(chain.balance(V)).toBe(before + 4_000n - GAS.drain(raw, 1, 2));
  });
});

describe('drain refusals', () => {
  it('by a vesting account that does not own the vault', () => {
    const chain = setup();
    chain.apply([selfSpawn(V2)]);
    chain.skipTo(END);
    const before = chain.get(V2);
    const raw = drain(100n, { principal: V2 });
    const r = chain.apply([raw]);
    expect(r.results[0]).toMatchObject({ status: 'failure', failure: 'vault-not-owner' });
    expect(chain.get(V2)).toMatchObject({
      balance: before.balance - GAS.drain(raw, 1, 1),
      nextNonce: before.nextNonce + 1n,
    });
    expect(chain.balance(VAULT)).toBe(TOTAL);
  });

  it('a vault holding less than its unvested part is misconfigured', () => {
    const chain = setup(TOTAL - 1n); // before the start all 11000 are unvested
    expect(chain.apply([drain(1n)]).results[0]!.failure).toBe('vault-misconfigured');
    chain.skipTo(START + 1); // 5500 unvested: 10999 is enough, 5499 of it available
    const r = chain.apply([drain(5_500n), drain(5_499n)]);
    expect(r.results.map((x) => x.failure ?? 'ok')).toEqual(['vault-amount-not-available', 'ok']);
  });

  it('of an account that is not a vault, or not spawned', () => {
    const chain = setup();
    const r = chain.apply([
      drain(1n, { vault: V }), // a vesting account, not a vault
      drain(1n, { vault: sink(40) }),
    ]);
    expect(r.results.map((x) => x.failure)).toEqual(['template-mismatch', 'not-spawned']);
  });

  it('from a wallet: wallets have no drain method', () => {
    nonces.clear();
    const w = key(32);
    const W = walletAddress(w);
    const chain = new Chain([{ address: W, balance: FUNDS }]);
    chain.apply([walletSpawn(w)]);
    const tx: Transaction = {
      method: 'drain',
      principal: W,
      nonce: 1n,
      gasPrice: 1n,
      args: { vault: VAULT, destination: OUT, amount: 1n },
    };
    const raw = multiSign(tx, [w], [0]);
    expect(chain.apply([raw]).ineffective[0]!.reason).toBe('malformed');
  });

  it('a vault cannot be a principal', () => {
    const chain = setup();
    const tx: Transaction = {
      method: 'spend',
      principal: VAULT,
      nonce: 0n,
      gasPrice: 1n,
      args: { destination: OUT, amount: 1n },
    };
    const r = chain.apply([multiSign(tx, keys, [1])]);
    expect(r.ineffective[0]!.reason).toBe('zero-gas-price');
    expect(chain.balance(VAULT)).toBe(TOTAL);
  });
});

describe('vesting spend', () => {
  it('spends its own balance freely, like multisig, whatever the schedule', () => {
    const chain = setup();
    const tx: Transaction = {
      method: 'spend',
      principal: V,
      nonce: next(V),
      gasPrice: 1n,
      args: { destination: OUT, amount: 1_000_000n },
    };
    const raw = multiSign(tx, keys, [0]);
    const before = chain.balance(V);
    const r = chain.apply([raw]);
    expect(r.results[0]).toMatchObject({ status: 'success', fee: GAS.multisigSpend(raw, 1, 2) });
    expect(chain.balance(V)).toBe(before - 1_000_000n - GAS.multisigSpend(raw, 1, 2));
    expect(chain.balance(OUT)).toBe(1_000_000n);
  });
});
