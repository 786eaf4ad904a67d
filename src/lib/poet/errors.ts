// Typed errors of the PoET module. Callers branch on `code`, never on message text.

/** Why a PoET proof, membership proof or proof-of-work was refused. */
export type PoetVerificationCode =
  /** the proof's shape is wrong: lengths, counts, sizes, missing fields */
  | 'malformed'
  /** the Merkle proof does not lead to the claimed root */
  | 'bad-root'
  /** a proven leaf is not the label its index and left cousins demand */
  | 'bad-label'
  /** a membership proof does not lead to the statement */
  | 'bad-membership'
  /** the proof-of-work hash does not have enough leading zero bits */
  | 'bad-pow';

export class PoetVerificationError extends Error {
  readonly code: PoetVerificationCode;

  constructor(code: PoetVerificationCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'PoetVerificationError';
    this.code = code;
  }
}

/** Why the prover refused a request (a bug in its caller, or corrupt persisted state). */
export class PoetProverError extends Error {
  override name = 'PoetProverError';
}
