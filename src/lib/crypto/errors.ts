// Typed errors of the crypto module. Callers branch on `code`, never on message text.

/** Why an address string or byte array was refused. */
export type AddressErrorCode =
  /** not a valid bech32 string: bad character, mixed case, bad checksum, no separator, non-zero padding */
  | 'bad-bech32'
  /** valid bech32, but its human-readable part is not the one asked for */
  | 'wrong-hrp'
  /** the data part is not exactly 24 bytes */
  | 'bad-length'
  /** the first 4 bytes (reserved for future use) are not zero */
  | 'missing-reserved-space';

export class AddressError extends Error {
  readonly code: AddressErrorCode;

  constructor(code: AddressErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AddressError';
    this.code = code;
  }
}

/** Why a key, signature input or VRF proof was refused by a function that must throw. */
export type CryptoErrorCode =
  /** a secret key is not a 32-byte seed (or a 64-byte seed ‖ public key whose halves match) */
  | 'bad-secret-key'
  /** the genesis id is not 20 bytes */
  | 'bad-genesis-id'
  /** the domain is not one byte */
  | 'bad-domain'
  /** a VRF proof does not decode (length, Γ not a canonical point, s ≥ L) */
  | 'bad-proof';

export class CryptoError extends Error {
  readonly code: CryptoErrorCode;

  constructor(code: CryptoErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'CryptoError';
    this.code = code;
  }
}
