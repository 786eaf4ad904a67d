// Building signed transactions. Every signature covers genesisId ‖ unsigned body (no domain
// byte, see crypto/signing.ts signTx). Multisig signers sign independently, each producing a
// part; anyone can then assemble the parts (ordered by ref) into the transaction.
import { EncodeError } from '../../codec/index.ts';
import { signTx } from '../../crypto/signing.ts';
import type { SignaturePart } from '../templates/multisig/types.ts';
import { encodeSignedTx, encodeTx } from './codec.ts';
import { principalOf } from './principal.ts';
import type { SpawnArgumentsOf } from './templates.ts';
import type { SpawnTx, TemplateName, Transaction } from './types.ts';

/** A self-spawn of `template` with `args`: the principal is derived from the arguments. */
export function selfSpawnTx<T extends 'wallet' | 'multisig' | 'vesting'>(
  template: T,
  args: SpawnArgumentsOf[T],
  opts: { readonly nonce?: bigint; readonly gasPrice: bigint },
): SpawnTx & { template: T } {
  return {
    method: 'spawn',
    template,
    args,
    principal: principalOf<TemplateName>(template, args),
    nonce: opts.nonce ?? 0n,
    gasPrice: opts.gasPrice,
  } as SpawnTx & { template: T };
}

/** A wallet-signed transaction: body ‖ one 64-byte signature. */
export function signWalletTx(
  tx: Transaction,
  secretKey: Uint8Array,
  genesisId: Uint8Array,
): Uint8Array {
  const sig = signTx(secretKey, genesisId, encodeTx(tx));
  return encodeSignedTx(tx, { kind: 'single', sig });
}

/** One multisig/vesting signer's part; `ref` is the index of its key in the account's keys. */
export function signPart(
  tx: Transaction,
  ref: number,
  secretKey: Uint8Array,
  genesisId: Uint8Array,
): SignaturePart {
  return { ref, sig: signTx(secretKey, genesisId, encodeTx(tx)) };
}

/** Body ‖ parts sorted by ref. Two parts for the same key are refused. */
export function assembleMultisigTx(tx: Transaction, parts: readonly SignaturePart[]): Uint8Array {
  const sorted = [...parts].sort((a, b) => a.ref - b.ref);
  for (let i = 1; i < sorted.length; i++)
    if (sorted[i]!.ref === sorted[i - 1]!.ref)
      throw new EncodeError('invalid-value', `two signature parts for key ${sorted[i]!.ref}`);
  return encodeSignedTx(tx, { kind: 'multi', parts: sorted });
}

/** Signs with each of `signers` (key index and secret key) and assembles the transaction. */
export function signMultisigTx(
  tx: Transaction,
  signers: readonly { readonly ref: number; readonly secretKey: Uint8Array }[],
  genesisId: Uint8Array,
): Uint8Array {
  const unsigned = encodeTx(tx);
  const parts = signers.map(({ ref, secretKey }) => ({
    ref,
    sig: signTx(secretKey, genesisId, unsigned),
  }));
  return assembleMultisigTx(tx, parts);
}
