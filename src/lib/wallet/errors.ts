export type InvalidMnemonicReason =
  | 'whitespace' // not single spaces between lower-case words, or leading/trailing space
  | 'word-count' // not 12, 15, 18, 21 or 24 words
  | 'unknown-word' // a word outside the BIP-39 English list
  | 'checksum'; // words are valid but the checksum bits do not match

export class InvalidMnemonicError extends Error {
  override readonly name = 'InvalidMnemonicError';
  readonly reason: InvalidMnemonicReason;
  /** For 'unknown-word': the offending word and its 0-based position. */
  readonly word: string | undefined;
  readonly position: number | undefined;

  constructor(reason: InvalidMnemonicReason, message: string, word?: string, position?: number) {
    super(message);
    this.reason = reason;
    this.word = word;
    this.position = position;
  }
}

export class InvalidDerivationPathError extends Error {
  override readonly name: string = 'InvalidDerivationPathError';
  readonly path: string;

  constructor(path: string, message: string) {
    super(`derivation path "${path}": ${message}`);
    this.path = path;
  }
}

/** SLIP-10 ed25519 defines only hardened children; a plain index is an error, not a fallback. */
export class NonHardenedSegmentError extends InvalidDerivationPathError {
  override readonly name = 'NonHardenedSegmentError';
  readonly segment: number;

  constructor(path: string, segment: number) {
    super(path, `segment ${segment} is not hardened (ed25519 has only hardened children)`);
    this.segment = segment;
  }
}

export class InvalidSeedError extends Error {
  override readonly name = 'InvalidSeedError';
}

/** Why a keystore could not be read, unlocked or changed. Callers branch on `reason`. */
export type KeystoreErrorReason =
  /** the AES-GCM tag did not verify: a wrong password, or salt, iv, iterations or ciphertext
   *  altered within their valid ranges (the file format cannot tell these apart) */
  | 'wrong-password'
  /** not JSON, or a field is missing or of the wrong type (e.g. a truncated file) */
  | 'malformed'
  /** a `version` this code does not know */
  | 'unknown-version'
  /** a cipher or KDF other than AES-GCM with PBKDF2-SHA-512 (smapp's legacy AES-CTR files,
   *  smapp-lite's Argon2 + AES-CTR files) */
  | 'unsupported-cipher'
  /** KDF or cipher parameters out of range: salt or iv length, dklen, hash, iteration count */
  | 'bad-kdf-params'
  /** decrypted, but the content is not a usable wallet (invalid mnemonic, key halves that do
   *  not match, a public key that is not 32 bytes) */
  | 'bad-secrets'
  /** no key with that name or position */
  | 'unknown-account'
  /** a key with that name exists already */
  | 'duplicate-account'
  /** the key has no secret here (e.g. a Ledger key smapp-lite recorded) */
  | 'no-secret-key';

export class KeystoreError extends Error {
  override readonly name = 'KeystoreError';
  readonly reason: KeystoreErrorReason;

  constructor(reason: KeystoreErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}

/** Why a wallet operation on messages, amounts or transactions was refused. */
export type WalletErrorReason =
  /** a key, signature or id that is not hex of the expected length */
  | 'bad-hex'
  /** a signed message that is not JSON { publicKey, text, signature } */
  | 'bad-signed-message'
  /** an amount that is not a non-negative decimal SMH (at most 9 decimals) or smidge count */
  | 'bad-amount'
  /** a partial transaction file that is damaged or does not match its transaction */
  | 'bad-partial'
  /** a multisig key set that is not k-of-n with 1 ≤ k ≤ n ≤ 10 distinct keys */
  | 'bad-multisig'
  /** the account's balance does not cover amount + max fee */
  | 'insufficient-balance'
  /** the account has no spawned state where one is needed (or is spawned where it must not be) */
  | 'not-spawned'
  | 'already-spawned';

export class WalletError extends Error {
  override readonly name = 'WalletError';
  readonly reason: WalletErrorReason;

  constructor(reason: WalletErrorReason, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.reason = reason;
  }
}
