// Multisig and vesting transactions signed by several people, one at a time: a "partial"
// transaction is the unsigned body plus the account's k-of-n keys and the signature parts
// collected so far, as JSON that travels between signers (file, chat, QR). smapp-lite does the
// same job with its own export; go-spacemesh only sees the result: the body followed by
// `required` parts (compact8 ref ‖ signature) with refs ascending (genvm/templates/multisig).
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { equalBytes } from '../bytes.ts';
import { publicKeyOf, verifyTx } from '../crypto/signing.ts';
import {
  assembleMultisigTx,
  decodeUnsignedTx,
  encodeTx,
  MAX_MULTISIG_KEYS,
  principalOf,
  signPart,
  type MultisigSpawnArguments,
  type Transaction,
} from '../vm/tx/index.ts';
import { WalletError } from './errors.ts';

export const PARTIAL_VERSION = 1;

/** The JSON that signers pass around. Hex without 0x. */
export interface PartialTxJson {
  readonly version: typeof PARTIAL_VERSION;
  /** multisig or vesting: which template's key set signs */
  readonly template: 'multisig' | 'vesting';
  /** 20-byte genesis id the signatures cover */
  readonly genesisId: string;
  readonly required: number;
  readonly publicKeys: readonly string[];
  /** the unsigned body (encodeTx) */
  readonly tx: string;
  readonly parts: readonly { readonly ref: number; readonly sig: string }[];
}

export interface PartialTx {
  readonly template: 'multisig' | 'vesting';
  readonly genesisId: Uint8Array;
  readonly account: MultisigSpawnArguments;
  readonly tx: Transaction;
  readonly parts: readonly { readonly ref: number; readonly sig: Uint8Array }[];
}

function bad(message: string): never {
  throw new WalletError('bad-partial', message);
}

/** Checks a k-of-n key set the way multisig spawn does (1 ≤ k ≤ n ≤ 10, keys distinct). */
export function checkMultisigArgs(required: number, publicKeys: readonly Uint8Array[]): void {
  const n = publicKeys.length;
  if (n < 1 || n > MAX_MULTISIG_KEYS)
    throw new WalletError(
      'bad-multisig',
      `a multisig needs 1..${MAX_MULTISIG_KEYS} keys, not ${n}`,
    );
  if (!Number.isInteger(required) || required < 1 || required > n)
    throw new WalletError('bad-multisig', `required must be 1..${n}, not ${required}`);
  for (let i = 0; i < n; i++) {
    if (publicKeys[i]!.length !== 32)
      throw new WalletError('bad-multisig', `key ${i} is not 32 bytes`);
    for (let j = 0; j < i; j++)
      if (equalBytes(publicKeys[i]!, publicKeys[j]!))
        throw new WalletError('bad-multisig', `key ${i} repeats key ${j}`);
  }
}

/**
 * A partial transaction with no signatures yet. The principal must be the account the keys
 * define (its own spawn, spends, and for vesting the vault spawn and drains).
 */
export function newPartial(
  template: 'multisig' | 'vesting',
  account: MultisigSpawnArguments,
  tx: Transaction,
  genesisId: Uint8Array,
): PartialTx {
  checkMultisigArgs(account.required, account.publicKeys);
  if (!equalBytes(tx.principal, principalOf(template, account)))
    bad(`the transaction's principal is not the ${template} account of these keys`);
  return { template, genesisId, account, tx, parts: [] };
}

/** Adds the signature of `secretKey` (a 32-byte seed), whose public key must be in the set. */
export function signPartial(p: PartialTx, secretKey: Uint8Array): PartialTx {
  const pub = publicKeyOf(secretKey);
  const ref = p.account.publicKeys.findIndex((k) => equalBytes(k, pub));
  if (ref < 0) bad(`key ${bytesToHex(pub)} is not one of the account's keys`);
  if (p.parts.some((x) => x.ref === ref)) bad(`key ${ref} has signed already`);
  const part = signPart(p.tx, ref, secretKey, p.genesisId);
  const parts = [...p.parts, part].sort((a, b) => a.ref - b.ref);
  return { ...p, parts };
}

/** Signatures still needed before the transaction can be submitted. */
export function missingSignatures(p: PartialTx): number {
  return Math.max(0, p.account.required - p.parts.length);
}

/** The signed transaction: the first `required` parts by ref. Fails while signatures are missing. */
export function combinePartial(p: PartialTx): Uint8Array {
  const missing = missingSignatures(p);
  if (missing > 0)
    bad(
      `${missing} more signature${missing === 1 ? '' : 's'} needed (${p.account.required} of ${p.account.publicKeys.length})`,
    );
  return assembleMultisigTx(p.tx, p.parts.slice(0, p.account.required));
}

export function partialToJson(p: PartialTx): PartialTxJson {
  return {
    version: PARTIAL_VERSION,
    template: p.template,
    genesisId: bytesToHex(p.genesisId),
    required: p.account.required,
    publicKeys: p.account.publicKeys.map((k) => bytesToHex(k)),
    tx: bytesToHex(encodeTx(p.tx)),
    parts: p.parts.map((x) => ({ ref: x.ref, sig: bytesToHex(x.sig) })),
  };
}

function hex(v: unknown, what: string, length?: number): Uint8Array {
  if (typeof v !== 'string' || v.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(v))
    bad(`${what} is not hex`);
  const b = hexToBytes(v);
  if (length !== undefined && b.length !== length) bad(`${what} is not ${length} bytes`);
  return b;
}

/** Reads and checks a partial: structure, key set, principal, and every signature collected. */
export function parsePartial(text: string): PartialTx {
  let v: Record<string, unknown>;
  try {
    v = JSON.parse(text) as Record<string, unknown>;
  } catch {
    bad('the partial transaction is not JSON');
  }
  if (typeof v !== 'object' || v === null) bad('the partial transaction is not a JSON object');
  if (v.version !== PARTIAL_VERSION)
    bad(`unknown partial transaction version ${String(v.version)}`);
  if (v.template !== 'multisig' && v.template !== 'vesting')
    bad('template must be multisig or vesting');
  if (!Array.isArray(v.publicKeys) || !Array.isArray(v.parts))
    bad('publicKeys and parts must be arrays');
  const publicKeys = v.publicKeys.map((k, i) => hex(k, `publicKeys[${i}]`, 32));
  const required = typeof v.required === 'number' ? v.required : NaN;
  let tx: Transaction;
  try {
    tx = decodeUnsignedTx(hex(v.tx, 'tx'));
  } catch (e) {
    bad(`tx does not decode: ${e instanceof Error ? e.message : String(e)}`);
  }
  const genesisId = hex(v.genesisId, 'genesisId', 20);
  let p = newPartial(v.template, { required, publicKeys }, tx, genesisId);
  const unsigned = encodeTx(tx);
  const parts = (v.parts as unknown[]).map((x, i) => {
    const r = (typeof x === 'object' && x !== null ? x : {}) as Record<string, unknown>;
    const ref = r.ref;
    if (typeof ref !== 'number' || !Number.isInteger(ref) || ref < 0 || ref >= publicKeys.length)
      bad(`parts[${i}].ref is not a key index`);
    const sig = hex(r.sig, `parts[${i}].sig`, 64);
    if (!verifyTx(publicKeys[ref]!, genesisId, unsigned, sig))
      bad(`parts[${i}]: the signature of key ${ref} does not verify`);
    return { ref, sig };
  });
  const refs = new Set(parts.map((x) => x.ref));
  if (refs.size !== parts.length) bad('two parts for the same key');
  p = { ...p, parts: parts.sort((a, b) => a.ref - b.ref) };
  return p;
}

/** Merges the parts of partials of the same transaction (signers who signed separate copies). */
export function mergePartials(a: PartialTx, b: PartialTx): PartialTx {
  const same =
    a.template === b.template &&
    equalBytes(a.genesisId, b.genesisId) &&
    equalBytes(encodeTx(a.tx), encodeTx(b.tx)) &&
    equalBytes(a.tx.principal, b.tx.principal);
  if (!same) bad('the partials are of different transactions');
  const parts = [...a.parts];
  for (const x of b.parts) if (!parts.some((y) => y.ref === x.ref)) parts.push(x);
  return { ...a, parts: parts.sort((x, y) => x.ref - y.ref) };
}
