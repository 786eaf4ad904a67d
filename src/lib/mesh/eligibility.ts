// The seam between the ballot handler and consensus: whether a ballot's eligibility proofs are
// valid (go-spacemesh proposals/eligibility_validator.go). The consensus work implements it; the
// ballot handler takes one as a required constructor argument and has no default.
import type { Ballot } from '../types/ballot.ts';
import type { EpochData } from '../types/common.ts';
import type { AtxHeader } from './atx/store.ts';

export interface BallotEligibilityValidator {
  /**
   * Resolves when every eligibility proof of `ballot` is valid for the smesher's `atx` and the
   * epoch's `epochData` (the reference ballot's, or the ballot's own when it is the reference
   * ballot); rejects otherwise. The handler turns a rejection into a 'not-eligible' refusal.
   * Checks already done by the handler: signature, ATX ownership and target epoch, proofs sorted
   * by j, epoch data well-formed.
   */
  validate(ballot: Ballot, atx: AtxHeader, epochData: EpochData): Promise<void>;
}
