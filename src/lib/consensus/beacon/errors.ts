// Why a beacon message handler refused a message (go-spacemesh beacon/handlers.go,
// weakcoin/handler.go). Callers branch on `reason`, never on message text.

export type BeaconValidationReason =
  /** the bytes are not exactly one SCALE-encoded message of the topic */
  | 'malformed'
  /** the beacon protocol is stopped, or no voting round runs right now */
  | 'not-running'
  /** the message is for an epoch that is neither the current one nor (for proposals) the next */
  | 'wrong-epoch'
  /** a proposal for the next epoch, or a vote for the next round, before its grace window */
  | 'too-early'
  /** first votes after the first round, or a message for a round already over */
  | 'too-late'
  /** a following vote for a round that is neither the current nor the next one */
  | 'wrong-round'
  /** the sender has no ATX targeting the message's epoch */
  | 'no-atx'
  /** the proposal's or weak coin's VRF proof does not verify for the sender */
  | 'invalid-vrf'
  /** the ed25519 signature of a voting message does not verify */
  | 'invalid-signature'
  /** the proposal VRF is not under the eligibility threshold */
  | 'above-threshold'
  /** the proposal or the sender's ATX came later than the grace period allows */
  | 'late-proposal'
  /** the sender already proposed in this epoch, or already voted in this round */
  | 'duplicate'
  /** more votes than votesLimit, or a bit vector longer than the sender's first-round list */
  | 'too-many-votes'
  /** a following vote from a smesher whose first-round votes this node never got */
  | 'no-first-votes'
  /** a weak-coin message for a unit beyond the sender's numUnits */
  | 'unit-not-allowed'
  /** a weak-coin message whose VRF is not smaller than the smallest one seen this round */
  | 'not-smallest';

export class BeaconValidationError extends Error {
  readonly reason: BeaconValidationReason;

  constructor(reason: BeaconValidationReason, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BeaconValidationError';
    this.reason = reason;
  }
}

/**
 * Which refusals blame the sender (a gossip reject, which disconnects it). go-spacemesh rejects
 * only malformed bytes and ignores the rest. We also reject a bad signature: it is wrong whatever
 * the receiver knows, so it can only come from a peer that forwarded without validating. VRF,
 * vote-count and weak-coin unit checks depend on the receiver's view of the sender's ATX (an
 * equivocating smesher has two; a node healing from a partition may lack one), so they are
 * ignored: rejecting them would disconnect honest peers that only know more.
 */
export function blamesSender(reason: BeaconValidationReason): boolean {
  return reason === 'malformed' || reason === 'invalid-signature';
}
