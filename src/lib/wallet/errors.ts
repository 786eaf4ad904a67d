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
