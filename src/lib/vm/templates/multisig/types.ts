// Wire types of the k-of-n multisig template, go-spacemesh genvm/templates/multisig. The
// vesting template reuses them: same spawn arguments, same signature parts.
import { compact8, fixedBytes, slice, struct, type Codec } from '../../../codec/index.ts';
import { PUBLIC_KEY_LENGTH, SIGNATURE_LENGTH } from '../../../crypto/signing.ts';

/** `scale:"max=10"` on PublicKeys: at most ten keys per account. */
export const MAX_MULTISIG_KEYS = 10;

/** `required` of the `publicKeys` must sign. Required is a uint8, so a compact8 on the wire. */
export interface MultisigSpawnArguments {
  readonly required: number;
  readonly publicKeys: readonly Uint8Array[];
}

export const MultisigSpawnArguments: Codec<MultisigSpawnArguments> = struct({
  required: compact8,
  publicKeys: slice(fixedBytes(PUBLIC_KEY_LENGTH), MAX_MULTISIG_KEYS) as Codec<
    readonly Uint8Array[]
  >,
});

/** One signer's contribution: which key (index into publicKeys) and its signature. */
export interface SignaturePart {
  readonly ref: number;
  readonly sig: Uint8Array;
}

export const SignaturePart: Codec<SignaturePart> = struct({
  ref: compact8,
  sig: fixedBytes(SIGNATURE_LENGTH),
});
