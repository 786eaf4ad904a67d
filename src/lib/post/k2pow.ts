// The k2 proof of work (post-rs src/pow): one PoW per nonce group, so that grinding through many
// nonces costs work on top of reading the data. Mainnet uses RandomX; browser-scale presets run
// without it. The seam is here so a RandomX (WASM or native) implementation can slot in later.

/** Which k2pow a network uses. */
export type K2PowKind = 'none' | 'randomx';

/** Why a k2pow was refused. */
export type K2PowErrorCode = 'invalid' | 'not-found' | 'unsupported';

export class K2PowError extends Error {
  readonly code: K2PowErrorCode;
  constructor(code: K2PowErrorCode, message: string) {
    super(message);
    this.name = 'K2PowError';
    this.code = code;
  }
}

/** Inputs of one k2pow: post-rs passes the nonce group as a u8 and the challenge's first 8 bytes. */
export interface K2PowInput {
  readonly nonceGroup: number;
  readonly challenge8: Uint8Array;
  /** Threshold already scaled by numUnits (scalePowDifficulty), 32 bytes big-endian. */
  readonly difficulty: Uint8Array;
  readonly nodeId: Uint8Array;
}

export interface K2Pow {
  readonly kind: K2PowKind;
  /** Finds a pow for the nonce group. */
  prove(input: K2PowInput): Promise<bigint>;
  /** Throws K2PowError('invalid') unless `pow` is a valid k2pow for the input. */
  verify(pow: bigint, input: K2PowInput): void;
}

/**
 * No proof of work: the pow field is fixed at 0 and anything else is refused, so a proof still
 * has exactly one valid encoding and a changed pow is reported as a pow failure.
 */
export const noK2Pow: K2Pow = {
  kind: 'none',
  prove: () => Promise.resolve(0n),
  verify(pow) {
    if (pow !== 0n) throw new K2PowError('invalid', `k2pow 'none' requires pow = 0, got ${pow}`);
  },
};

/** The k2pow for a preset. RandomX is not implemented yet: asking for it fails, typed. */
export function k2PowFor(kind: K2PowKind): K2Pow {
  if (kind === 'none') return noK2Pow;
  throw new K2PowError(
    'unsupported',
    "k2pow 'randomx' (mainnet) is not implemented in Smesh yet; use a preset with k2pow 'none'",
  );
}
