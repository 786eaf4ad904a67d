// Why the malfeasance handler refused a proof (go-spacemesh malfeasance/handler.go and the
// per-kind validators in activation/, mesh/ and hare3/ malfeasance.go). Callers branch on
// `reason`, never on message text. A refused proof leaves the store unchanged.

export type MalfeasanceReason =
  /** the bytes are not exactly one SCALE-encoded MalfeasanceGossip / MalfeasanceProof */
  | 'malformed'
  /** a gossiped proof still carries the hare eligibility deprecated with hare 3 */
  | 'deprecated-eligibility'
  /** a proof kind this node cannot check (invalid PoST index without a PoST verifier) */
  | 'unsupported-proof'
  /** a message's (or ATX's) signature is not its smesher's over the proof kind's domain */
  | 'invalid-signature'
  /** the accused identity has no ATX here */
  | 'unknown-identity'
  /** the two messages are signed by different identities */
  | 'different-smesher'
  /** the two messages are for different layers, rounds or publish epochs: no equivocation */
  | 'different-slot'
  /** both messages sign the same content: no equivocation */
  | 'same-message'
  /** the invalid-previous-ATX proof names one ATX twice */
  | 'same-atx'
  /** the two ATXs of an invalid-previous-ATX proof name different previous ATXs */
  | 'different-prev-atx'
  /** the invalid-PoST-index proof's PoST is valid at that index */
  | 'valid-post'
  /** a synced proof accuses another identity than the one requested */
  | 'wrong-identity';

export class MalfeasanceError extends Error {
  readonly reason: MalfeasanceReason;

  constructor(reason: MalfeasanceReason, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'MalfeasanceError';
    this.reason = reason;
  }
}
