// Why hare refused a message or an eligibility (go-spacemesh hare3/hare.go Handler,
// hare3/eligibility/oracle.go). Callers branch on `reason`, never on message text.

export type EligibilityReason =
  /** no beacon is known for the layer's epoch */
  | 'no-beacon'
  /** the layer is at or before the effective genesis: there is no active set */
  | 'before-genesis'
  /** the smesher has no ATX for the epoch, or is known to be malicious (oracle ErrNotActive) */
  | 'not-active'
  /** the epoch's total weight is zero */
  | 'zero-total-weight'
  /** the committee size is zero */
  | 'zero-committee'
  /** weight or committee outside what the binomial CDF supports (oracle maxSupportedN) */
  | 'unsupported-weight'
  /** the VRF proof does not verify for the smesher and the VRF message */
  | 'invalid-proof'
  /** the claimed count is zero or differs from the one the proof grants */
  | 'wrong-count';

export class EligibilityError extends Error {
  readonly reason: EligibilityReason;

  constructor(reason: EligibilityReason, message: string) {
    super(message);
    this.name = 'EligibilityError';
    this.reason = reason;
  }
}

export type HareMessageReason =
  /** the bytes are not exactly one SCALE-encoded hare Message */
  | 'malformed'
  /** a reference in preround/propose, none in commit/notify, or an unknown round (Validate) */
  | 'invalid-structure'
  /** the layer's session has not started yet (hare.go: "layer is not registered") */
  | 'layer-in-future'
  /** the layer's session is over, or was never run here */
  | 'layer-too-old'
  /** the signature is not the sender's over the HARE domain and this network's genesis id */
  | 'invalid-signature'
  /** the sender is a known malicious identity */
  | 'malicious-sender'
  /** the oracle refused the eligibility (see `eligibility`) */
  | 'not-eligible'
  /** the same message was already received (graded gossip drops it) */
  | 'duplicate';

/** Which gossip verdict each reason carries: blame the sender, or drop quietly. */
export const HARE_REASON_RESULT: Readonly<Record<HareMessageReason, 'reject' | 'ignore'>> = {
  malformed: 'reject',
  'invalid-structure': 'reject',
  // hare.go returns a plain error (not ErrValidationReject) for unregistered layers: clock skew
  // is not misbehaviour.
  'layer-in-future': 'ignore',
  'layer-too-old': 'ignore',
  'invalid-signature': 'reject',
  'malicious-sender': 'ignore',
  'not-eligible': 'ignore',
  duplicate: 'ignore',
};

export class HareMessageError extends Error {
  readonly reason: HareMessageReason;
  /** The oracle's reason when `reason` is 'not-eligible'. */
  readonly eligibility: EligibilityReason | undefined;

  constructor(
    reason: HareMessageReason,
    message: string,
    options?: { eligibility?: EligibilityReason; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HareMessageError';
    this.reason = reason;
    this.eligibility = options?.eligibility;
  }

  /**
   * The gossip verdict. Eligibility depends on this node's view (its beacon, its ATXs and their
   * weights): a node on another beacon after a partition, or with ATXs we have not seen, sends
   * proofs that fail here and are valid there. go-spacemesh's hare handler returns a plain error
   * for a failed eligibility (gossip ignores it) rather than ErrValidationReject, and so do we:
   * blaming the sender would cut the links between two honest halves of the network.
   */
  get result(): 'reject' | 'ignore' {
    return HARE_REASON_RESULT[this.reason];
  }
}
