// genvm vm.go parse and verify: reads a raw transaction against account state into a header
// (max gas, max spend) and the key set its signature must satisfy. Everything that makes a
// transaction unusable before execution is an IneffectiveReason, never an exception.
import { DecodeError } from '../../codec/index.ts';
import { decodeTxBody } from '../tx/codec.ts';
import { principalOf, type PrincipalAccount } from '../tx/principal.ts';
import { decodeSignature, schemeOf } from '../tx/signature.ts';
import type { TemplateName, Transaction } from '../tx/types.ts';
import { verifySignedTx } from '../tx/verify.ts';
import { accountTemplate, type Account } from '../state/account.ts';
import type { AccountReader } from '../state/store.ts';
import type { IneffectiveReason } from './errors.ts';
import { maxGas } from './gas.ts';
import type { TxHeader } from './header.ts';
import { handlerOf } from './registry.ts';

export interface ParsedTx {
  readonly raw: Uint8Array;
  readonly tx: Transaction;
  /** What every signature signs (after the genesis id). */
  readonly unsigned: Uint8Array;
  readonly signatureRegion: Uint8Array;
  readonly header: TxHeader;
  /** Intrinsic gas is baseGas plus the tx data gas. */
  readonly baseGas: bigint;
  readonly principalAccount: Account;
  /** The keys that must sign: the principal's, or for a self-spawn the spawned account's. */
  readonly signer: PrincipalAccount;
}

export type ParseResult =
  | { readonly ok: true; readonly parsed: ParsedTx }
  | { readonly ok: false; readonly reason: IneffectiveReason; readonly detail: string };

function fail(reason: IneffectiveReason, detail: string): ParseResult {
  return { ok: false, reason, detail };
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Parses `raw` against the principal's state in `accounts`. */
export function parseTx(raw: Uint8Array, accounts: AccountReader): ParseResult {
  let body;
  try {
    body = decodeTxBody(raw);
  } catch (e) {
    if (e instanceof DecodeError) return fail('malformed', e.message);
    throw e;
  }
  const { tx, unsigned, signatureRegion } = body;
  const account = accounts.get(tx.principal);
  const principal = accountTemplate(account);

  // The principal's template parses the payload (handler.Parse). A vault's parses nothing, so
  // in go-spacemesh any transaction with a vault as principal reads gas price 0 (or fails to
  // parse): ineffective either way.
  const principalTemplate: TemplateName | undefined =
    principal?.template ?? (tx.method === 'spawn' ? tx.template : undefined);
  if (principalTemplate === 'vault') return fail('zero-gas-price', 'a vault cannot be a principal');

  let signer: PrincipalAccount;
  let fixedGas: bigint;
  let baseGas: bigint;
  if (tx.method !== 'spawn') {
    if (principal === undefined) return fail('not-spawned', 'principal account is not spawned');
    const h = handlerOf(principal.template);
    if (!h.methods.has(tx.method))
      return fail('malformed', `${principal.template} has no method ${tx.method}`);
    signer = principal;
    fixedGas = h.loadGas(principal.args) + h.execGas(tx.method, principal.args);
    baseGas = h.baseGas(tx.method, principal.args);
  } else {
    const target = handlerOf(tx.template);
    const invalid = target.validate(tx.args);
    if (equal(principalOf(tx.template, tx.args as never), tx.principal)) {
      // Self-spawn: the transaction defines the principal, and pays for storing it.
      if (invalid !== undefined) return fail('invalid-spawn', invalid);
      signer = { template: tx.template, args: tx.args } as PrincipalAccount;
      fixedGas = target.execGas('spawn', tx.args);
      baseGas = target.baseGas('spawn', tx.args);
    } else if (principal === undefined) {
      return fail('not-spawned', "account can't spawn until it is spawned itself");
    } else {
      // Spawning another account (a vesting account its vault): the principal loads itself and
      // pays for storing the new account.
      if (invalid !== undefined) return fail('invalid-spawn', invalid);
      const h = handlerOf(principal.template);
      signer = principal;
      fixedGas = h.loadGas(principal.args) + target.execGas('spawn', tx.args);
      baseGas = h.baseGas('spawn', principal.args);
    }
  }

  const header: TxHeader = {
    principal: tx.principal,
    template: tx.method === 'spawn' ? tx.template : signer.template,
    method: tx.method,
    nonce: tx.nonce,
    gasPrice: tx.gasPrice,
    maxGas: maxGas(baseGas, fixedGas, raw.length),
    maxSpend: handlerOf(signer.template).maxSpend(tx),
  };
  return {
    ok: true,
    parsed: {
      raw,
      tx,
      unsigned,
      signatureRegion,
      header,
      baseGas,
      principalAccount: account,
      signer,
    },
  };
}

/** Template.Verify: the signature region holds valid signatures of the signer's keys. */
export function verifyParsedTx(parsed: ParsedTx, genesisId: Uint8Array): boolean {
  const { signer } = parsed;
  const scheme = schemeOf(
    signer.template,
    signer.template === 'multisig' || signer.template === 'vesting' ? signer.args.required : 1,
  );
  if (scheme === undefined) return false;
  let signature;
  try {
    signature = decodeSignature(parsed.signatureRegion, scheme);
  } catch {
    return false;
  }
  return verifySignedTx({ unsigned: parsed.unsigned, signature }, signer, genesisId);
}
