// Why the eligibility validator refused a ballot's eligibility proofs (go-spacemesh
// proposals/eligibility_validator.go and the active-set weight of proposals/handler.go). Callers
// branch on `reason`, never on message text.

export type EligibilityReason =
  /** the ballot carries no eligibility proofs */
  | 'no-proofs'
  /** the ATX the ballot names belongs to another smesher */
  | 'atx-smesher'
  /** epoch data with an all-zero beacon */
  | 'empty-beacon'
  /** the active set named by the reference ballot's epoch data is not known locally */
  | 'unknown-active-set'
  /** the active set has no ATX ids */
  | 'empty-active-set'
  /** an ATX of the active set is unknown or does not target the ballot's epoch */
  | 'active-set-atx'
  /** the active set's total weight is 0 */
  | 'zero-total-weight'
  /** the reference ballot claims another number of slots than its weight earns */
  | 'eligibility-count'
  /** a proof's counter j is not below the epoch's slot count */
  | 'j-out-of-range'
  /** proofs not in strictly ascending order of j */
  | 'proof-order'
  /** a proof is not the smesher's VRF over {beacon, epoch, vrfNonce, j} */
  | 'invalid-vrf'
  /** a proof maps to another layer of the epoch than the ballot's */
  | 'wrong-layer';

export class EligibilityError extends Error {
  readonly reason: EligibilityReason;

  constructor(reason: EligibilityReason, message: string) {
    super(message);
    this.name = 'EligibilityError';
    this.reason = reason;
  }
}
