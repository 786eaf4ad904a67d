// Why the certifier refused a certify message or a certificate (go-spacemesh blocks/certifier.go).
// Callers branch on `reason`, never on message text.
import type { EligibilityReason } from '../hare/errors.ts';

export type CertifyMessageReason =
  /** the bytes are not exactly one SCALE-encoded CertifyMessage */
  | 'malformed'
  /** no beacon for the layer's epoch (errBeaconNotAvailable) */
  | 'no-beacon'
  /** the layer is outside [current − buffer − 1, current + buffer] (errUnexpectedMsg) */
  | 'unexpected-layer'
  /** the signature is not the smesher's over the HARE domain and this network's genesis id */
  | 'invalid-signature'
  /** the oracle refused the certify-round eligibility (see `eligibility`) */
  | 'not-eligible'
  /** this smesher's message for this block is already counted */
  | 'duplicate';

export class CertifyMessageError extends Error {
  readonly reason: CertifyMessageReason;
  readonly eligibility: EligibilityReason | undefined;

  constructor(reason: CertifyMessageReason, message: string, eligibility?: EligibilityReason) {
    super(message);
    this.name = 'CertifyMessageError';
    this.reason = reason;
    this.eligibility = eligibility;
  }

  /**
   * The gossip verdict: blame the sender only for what is wrong whatever the receiver knows
   * (bytes, signature). An eligibility proof is checked against this node's beacon and active
   * set for the epoch: after a partition the halves can hold different beacons, and rejecting
   * (which disconnects the peer) would keep the network split; certifier.go likewise returns
   * only errMalformedData as a validation reject.
   */
  get result(): 'reject' | 'ignore' {
    return this.reason === 'malformed' || this.reason === 'invalid-signature' ? 'reject' : 'ignore';
  }
}

export type CertificateReason =
  /** the valid signatures for the block add up to less than certifyThreshold (errInvalidCert) */
  'below-threshold';

/** One certify message of a certificate that did not count, and why. */
export interface RejectedSignature {
  readonly index: number;
  readonly reason:
    'wrong-layer' | 'wrong-block' | 'duplicate-signer' | 'invalid-signature' | 'not-eligible';
  readonly eligibility?: EligibilityReason;
}

export class CertificateError extends Error {
  readonly reason: CertificateReason;
  /** The eligible seats the valid signatures add up to. */
  readonly weight: number;
  readonly rejected: readonly RejectedSignature[];

  constructor(reason: CertificateReason, weight: number, rejected: RejectedSignature[]) {
    super(`certificate holds ${weight} valid seats (${rejected.length} signatures refused)`);
    this.name = 'CertificateError';
    this.reason = reason;
    this.weight = weight;
    this.rejected = rejected;
  }
}
