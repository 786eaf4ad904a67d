// Why the ATX v1 handler refused an ATX (go-spacemesh activation/handler_v1.go, validation.go).
// Callers branch on `reason`, never on message text. A refused ATX leaves the store unchanged.

export type AtxValidationReason =
  /** the bytes are not exactly one SCALE-encoded ActivationTxV1, or a field is out of shape */
  | 'malformed'
  /** the signature is not the smesher's over the ATX domain and this network's genesis id */
  | 'invalid-signature'
  /** the ATX carries no NIPoST (or NIPoST without PoST / PoST metadata) */
  | 'missing-nipost'
  /** the publish epoch is after the current epoch + 1 */
  | 'epoch-in-future'
  /** a gossiped ATX whose target epoch has already passed */
  | 'epoch-too-old'
  /** the positioning ATX id is all zeros */
  | 'empty-positioning-atx'
  /** initial ATX without initial PoST, node id, VRF nonce or commitment ATX */
  | 'missing-initial-field'
  /** initial ATX whose node id is not the smesher id */
  | 'node-id-mismatch'
  /** initial ATX whose commitment ATX id is all zeros */
  | 'empty-commitment-atx'
  /** non-initial ATX that carries a node id, an initial PoST or a commitment ATX */
  | 'unexpected-initial-field'
  /** numUnits outside [minNumUnits, maxNumUnits] */
  | 'num-units'
  /** PoST metadata labels per unit differ from the network's */
  | 'labels-per-unit'
  /** the VRF nonce's label output is not below the VRF difficulty */
  | 'invalid-vrf-nonce'
  /** the initial PoST (zero challenge) does not verify */
  | 'invalid-initial-post'
  /** the commitment ATX of an initial ATX is not known */
  | 'unknown-commitment-atx'
  /** the commitment ATX was not published before the ATX */
  | 'commitment-atx-epoch'
  /** no commitment is on record for the smesher of a non-initial ATX */
  | 'unknown-commitment'
  /** the previous ATX is not known */
  | 'unknown-prev-atx'
  /** the previous ATX belongs to another smesher */
  | 'prev-atx-smesher'
  /** the previous ATX is not from an earlier epoch */
  | 'prev-atx-epoch'
  /** sequence ≠ previous sequence + 1 (or ≠ 0 for an initial ATX) */
  | 'wrong-sequence'
  /** the positioning ATX is not known (and not the golden ATX) */
  | 'unknown-positioning-atx'
  /** the positioning ATX is not from an earlier epoch */
  | 'positioning-atx-epoch'
  /** no PoET proof is known for the PoST challenge (the PoET ref) */
  | 'unknown-poet-proof'
  /** the PoET proof does not verify or is not the one the ref names */
  | 'invalid-poet-proof'
  /** the NIPoST challenge hash is not in the PoET round's membership tree */
  | 'poet-membership'
  /** the NIPoST's PoST does not verify on the PoET root */
  | 'invalid-post';

export class AtxValidationError extends Error {
  readonly reason: AtxValidationReason;
  /** The ATX id, when the bytes decoded far enough to have one. */
  readonly atxId: Uint8Array | undefined;

  constructor(
    reason: AtxValidationReason,
    message: string,
    options?: { atxId?: Uint8Array; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AtxValidationError';
    this.reason = reason;
    this.atxId = options?.atxId;
  }
}
