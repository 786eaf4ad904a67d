// Partial transactions of k-of-n accounts, executed on the VM: a multisig 2-of-3 spawns and
// sends with signatures collected one signer at a time through the JSON file format, a vesting
// account spawns its vault and drains it; refusals carry their WalletError reason.
import { describe, expect, it } from 'vitest';
import {
  decodeTx,
  principalOf,
  selfSpawnTx,
  type Transaction,
} from '../../../src/lib/vm/tx/index.ts';
import {
  checkMultisigArgs,
  combinePartial,
  mergePartials,
  missingSignatures,
  newPartial,
  parsePartial,
  partialToJson,
  signPartial,
  type PartialTx,
} from '../../../src/lib/wallet/partial.ts';
import {
  Chain,
  FIRST_LAYER,
  GENESIS_ID,
  key,
  multisigArgs,
  sink,
  vaultArgs,
} from '../vm/templates/harness.ts';

const keys = [key(40), key(41), key(42)];
const args = multisigArgs(2, keys);
const M = principalOf('multisig', args);
const FUNDS = 10_000_000_000n;

/** Through JSON between every signer, as the CLI's files carry it. */
function viaFile(p: PartialTx): PartialTx {
  return parsePartial(JSON.stringify(partialToJson(p)));
}

function reasonOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as { reason?: string }).reason;
  }
  return undefined;
}

describe('multisig 2-of-3 partial transactions', () => {
  it('spawn and spend, signed by keys 2 and 0 in turn, execute successfully', () => {
    const chain = new Chain([{ address: M, balance: FUNDS }]);
    let spawn = newPartial(
      'multisig',
      args,
      selfSpawnTx('multisig', args, { gasPrice: 1n }),
      GENESIS_ID,
    );
    expect(missingSignatures(spawn)).toBe(2);
    spawn = viaFile(signPartial(spawn, keys[2]!.seed));
    expect(reasonOf(() => combinePartial(spawn))).toBe('bad-partial');
    spawn = viaFile(signPartial(spawn, keys[0]!.seed));
    const raw = combinePartial(spawn);
    const decoded = decodeTx(raw);
    expect(decoded.signature.kind).toBe('multi');
    expect(decoded.signature.kind === 'multi' && decoded.signature.parts.map((p) => p.ref)).toEqual(
      [0, 2],
    );
    const r1 = chain.apply([raw]);
    expect(r1.results.map((r) => r.status)).toEqual(['success']);
    expect(chain.get(M).template).toBe('multisig');

    const spend: Transaction = {
      method: 'spend',
      principal: M,
      nonce: 1n,
      gasPrice: 1n,
      args: { destination: sink(1), amount: 12_345n },
    };
    // Two signers sign separate copies; merging gives the whole set.
    const base = newPartial('multisig', args, spend, GENESIS_ID);
    const merged = mergePartials(
      viaFile(signPartial(base, keys[1]!.seed)),
      viaFile(signPartial(base, keys[2]!.seed)),
    );
    const r2 = chain.apply([combinePartial(merged)]);
    expect(r2.results.map((r) => r.status)).toEqual(['success']);
    expect(chain.balance(sink(1))).toBe(12_345n);
  });

  it('refuses foreign keys, double signing, tampering and bad key sets', () => {
    const tx = selfSpawnTx('multisig', args, { gasPrice: 1n });
    const p = newPartial('multisig', args, tx, GENESIS_ID);
    expect(reasonOf(() => signPartial(p, key(99).seed))).toBe('bad-partial');
    const once = signPartial(p, keys[0]!.seed);
    expect(reasonOf(() => signPartial(once, keys[0]!.seed))).toBe('bad-partial');
    const json = partialToJson(once);
    const forged = { ...json, parts: [{ ref: 1, sig: json.parts[0]!.sig }] };
    expect(reasonOf(() => parsePartial(JSON.stringify(forged)))).toBe('bad-partial');
    expect(reasonOf(() => parsePartial('{'))).toBe('bad-partial');
    expect(reasonOf(() => parsePartial(JSON.stringify({ ...json, version: 2 })))).toBe(
      'bad-partial',
    );
    // The principal must be the account of the keys.
    const other = { ...tx, principal: sink(5) } as Transaction;
    expect(reasonOf(() => newPartial('multisig', args, other, GENESIS_ID))).toBe('bad-partial');
    expect(reasonOf(() => checkMultisigArgs(0, args.publicKeys))).toBe('bad-multisig');
    expect(reasonOf(() => checkMultisigArgs(4, args.publicKeys))).toBe('bad-multisig');
    expect(reasonOf(() => checkMultisigArgs(1, [keys[0]!.publicKey, keys[0]!.publicKey]))).toBe(
      'bad-multisig',
    );
    expect(reasonOf(() => checkMultisigArgs(1, []))).toBe('bad-multisig');
  });
});

describe('vesting account and vault', () => {
  it('spawns the vault and drains the unlocked part to a wallet', () => {
    const vKeys = [key(50), key(51)];
    const vArgs = multisigArgs(1, vKeys);
    const V = principalOf('vesting', vArgs);
    const vault = vaultArgs(V, {
      totalAmount: 10_000n,
      initialUnlockAmount: 0n,
      vestingStart: FIRST_LAYER - 10,
      vestingEnd: FIRST_LAYER + 90,
    });
    const VAULT = principalOf('vault', vault);
    const chain = new Chain([
      { address: V, balance: FUNDS },
      { address: VAULT, balance: 10_000n },
    ]);
    const signed = (tx: Transaction, ref: number) =>
      combinePartial(
        viaFile(signPartial(newPartial('vesting', vArgs, tx, GENESIS_ID), vKeys[ref]!.seed)),
      );
    const spawnV = signed(selfSpawnTx('vesting', vArgs, { gasPrice: 1n }), 1);
    const spawnVault = signed(
      { method: 'spawn', template: 'vault', principal: V, nonce: 1n, gasPrice: 1n, args: vault },
      0,
    );
    const drain = signed(
      {
        method: 'drain',
        principal: V,
        nonce: 2n,
        gasPrice: 1n,
        args: { vault: VAULT, destination: sink(9), amount: 1_000n },
      },
      1,
    );
    const r = chain.apply([spawnV, spawnVault, drain]);
    expect(r.results.map((x) => x.status)).toEqual(['success', 'success', 'success']);
    expect(chain.get(VAULT).template).toBe('vault');
    // 10 of 100 layers vested: 1000 of 10 000.
    expect(chain.balance(sink(9))).toBe(1_000n);
    // One layer later 1100 are vested: 200 more is past that, the vault refuses.
    const more = signed(
      {
        method: 'drain',
        principal: V,
        nonce: 3n,
        gasPrice: 1n,
        args: { vault: VAULT, destination: sink(9), amount: 200n },
      },
      0,
    );
    expect(chain.apply([more]).results.map((x) => x.failure)).toEqual([
      'vault-amount-not-available',
    ]);
    expect(chain.balance(sink(9))).toBe(1_000n);
  });
});
