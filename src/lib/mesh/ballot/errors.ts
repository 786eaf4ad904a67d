// Why the ballot handler refused a ballot (go-spacemesh proposals/handler.go). Callers branch on
// `reason`, never on message text. A refused ballot leaves the store unchanged.

export type BallotValidationReason =
  /** the bytes are not exactly one SCALE-encoded Ballot */
  | 'malformed'
  /** the ballot is in epoch 0 or 1, which carry no ballots (at or before effective genesis) */
  | 'layer-before-genesis'
  /** the ballot's layer is further ahead of the current layer than the handler allows */
  | 'layer-in-future'
  /** the signature is not the smesher's over the BALLOT domain and this network's genesis id */
  | 'invalid-signature'
  /** the ballot is already stored */
  | 'known-ballot'
  /** the ATX id is all zeros */
  | 'empty-atx'
  /** the ATX id is the golden ATX's */
  | 'golden-atx'
  /** a reference ballot (empty ref ballot id) without epoch data */
  | 'missing-epoch-data'
  /** a ballot that names a reference ballot but carries epoch data too */
  | 'unexpected-epoch-data'
  /** epoch data with an all-zero beacon */
  | 'empty-beacon'
  /** epoch data with an all-zero active set hash */
  | 'empty-active-set'
  /** epoch data with eligibility count 0 */
  | 'zero-eligibility-count'
  /** no eligibility proofs */
  | 'missing-eligibility'
  /** eligibility proofs not in strictly ascending order of j */
  | 'eligibility-order'
  /** a vote for or against a block, or an abstain, at or after the ballot's layer */
  | 'vote-layer'
  /** two supported blocks in one layer within hdist, one block both supported and against, or
   *  an abstain on a layer with a vote */
  | 'conflicting-votes'
  /** more distinct supported blocks than MaxExceptions */
  | 'too-many-exceptions'
  /** the base ballot is not known (and is not the empty id of the first ballots) */
  | 'unknown-base-ballot'
  /** the ATX is not known */
  | 'unknown-atx'
  /** the ATX belongs to another smesher */
  | 'atx-smesher'
  /** the ATX does not target the ballot's epoch (publish epoch + 1) */
  | 'atx-target-epoch'
  /** the reference ballot is not known */
  | 'unknown-ref-ballot'
  /** the reference ballot is of another smesher, epoch or ATX, or is not a reference ballot */
  | 'ref-ballot-mismatch'
  /** the eligibility validator refused the ballot's eligibility proofs */
  | 'not-eligible';

export class BallotValidationError extends Error {
  readonly reason: BallotValidationReason;
  /** The ballot id, when the bytes decoded far enough to have one. */
  readonly ballotId: Uint8Array | undefined;

  constructor(
    reason: BallotValidationReason,
    message: string,
    options?: { ballotId?: Uint8Array; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BallotValidationError';
    this.reason = reason;
    this.ballotId = options?.ballotId;
  }
}
