// A plain JSON view of a transaction for people and for JSON APIs: addresses in bech32, keys in
// hex, uint64 amounts as decimal strings (they exceed 2^53), layers as numbers.
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeAddress } from '../../crypto/address.ts';
import { isSelfSpawn, principalOf } from './principal.ts';
import { TEMPLATES } from './templates.ts';
import {
  Method,
  type MethodName,
  type SignedTx,
  type TemplateName,
  type Transaction,
} from './types.ts';

export type TxArgsDescription =
  /** wallet spawn */
  | { readonly publicKey: string }
  /** multisig / vesting spawn; `keyAddresses[i]` is the wallet address of `publicKeys[i]`, as hardware wallets show it */
  | { readonly required: number; readonly publicKeys: string[]; readonly keyAddresses: string[] }
  /** vault spawn; amounts in smidge */
  | {
      readonly owner: string;
      readonly totalAmount: string;
      readonly initialUnlockAmount: string;
      readonly vestingStart: number;
      readonly vestingEnd: number;
    }
  /** spend; amount in smidge */
  | { readonly destination: string; readonly amount: string }
  /** drain; amount in smidge */
  | { readonly vault: string; readonly destination: string; readonly amount: string };

export interface TxDescription {
  /**
   * For a spawn, the template it creates; otherwise the principal's template when known (a
   * drain is always from a vesting account; a spend says nothing): null when unknown.
   */
  readonly template: TemplateName | null;
  /** bech32 address of `template`, null when unknown. */
  readonly templateAddress: string | null;
  readonly method: MethodName;
  readonly methodId: number;
  readonly principal: string;
  /** Spawns only: whether the principal is the account being spawned. */
  readonly selfSpawn?: boolean;
  readonly nonce: string;
  readonly gasPrice: string;
  readonly args: TxArgsDescription;
}

/**
 * Describes `tx` with addresses for the network `hrp`. Pass `principalTemplate` when account
 * state knows the principal's template (it is not in the bytes of a spend).
 */
export function describeTx(
  tx: Transaction,
  hrp: string,
  principalTemplate?: TemplateName,
): TxDescription {
  const addr = (a: Uint8Array): string => encodeAddress(a, hrp);
  const template: TemplateName | null =
    tx.method === 'spawn'
      ? tx.template
      : tx.method === 'drain'
        ? 'vesting'
        : (principalTemplate ?? null);
  return {
    template,
    templateAddress: template === null ? null : addr(TEMPLATES[template].address),
    method: tx.method,
    methodId: Method[tx.method],
    principal: addr(tx.principal),
    ...(tx.method === 'spawn' ? { selfSpawn: isSelfSpawn(tx) } : {}),
    nonce: tx.nonce.toString(),
    gasPrice: tx.gasPrice.toString(),
    args: describeArgs(tx, addr),
  };
}

function describeArgs(tx: Transaction, addr: (a: Uint8Array) => string): TxArgsDescription {
  switch (tx.method) {
    case 'spend':
      return { destination: addr(tx.args.destination), amount: tx.args.amount.toString() };
    case 'drain':
      return {
        vault: addr(tx.args.vault),
        destination: addr(tx.args.destination),
        amount: tx.args.amount.toString(),
      };
    case 'spawn':
      switch (tx.template) {
        case 'wallet':
          return { publicKey: bytesToHex(tx.args.publicKey) };
        case 'multisig':
        case 'vesting':
          return {
            required: tx.args.required,
            publicKeys: tx.args.publicKeys.map((k) => bytesToHex(k)),
            keyAddresses: tx.args.publicKeys.map((publicKey) =>
              addr(principalOf('wallet', { publicKey })),
            ),
          };
        case 'vault':
          return {
            owner: addr(tx.args.owner),
            totalAmount: tx.args.totalAmount.toString(),
            initialUnlockAmount: tx.args.initialUnlockAmount.toString(),
            vestingStart: tx.args.vestingStart,
            vestingEnd: tx.args.vestingEnd,
          };
      }
  }
}

/**
 * The principal's template as far as a signed transaction alone can tell, assuming it is valid:
 * a self-spawn names it, only vesting accounts drain, and only wallets sign with one plain
 * signature. Parts could be multisig or vesting: undefined (ask account state).
 */
export function principalTemplateOf(
  signed: Pick<SignedTx, 'tx' | 'signature'>,
): TemplateName | undefined {
  const { tx, signature } = signed;
  if (tx.method === 'spawn' && isSelfSpawn(tx)) return tx.template;
  if (tx.method === 'drain') return 'vesting';
  if (signature.kind === 'single') return 'wallet';
  return undefined;
}
