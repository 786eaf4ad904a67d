// Why the tortoise refused an input or could not answer (go-spacemesh tortoise/tortoise.go and
// state.go errors). Callers branch on `reason`, never on message text. A refused input leaves the
// tortoise's state unchanged.

export type TortoiseErrorReason =
  /** the configuration is unusable (hdist < zdist, window size 0) */
  | 'config'
  /** the ballot was stored before (ErrBallotExists) */
  | 'ballot-exists'
  /** the base ballot is not in the sliding window (errDanglingBase) */
  | 'dangling-base'
  /** the base ballot is not from an earlier layer than the ballot */
  | 'base-not-earlier'
  /** the reference ballot named by the ballot is not in the window */
  | 'ref-not-in-state'
  /** the ballot named as reference ballot carries no epoch data */
  | 'not-reference-ballot'
  /** neither epoch data nor a reference ballot */
  | 'missing-epoch-data'
  /** the ATX of a reference ballot was not given to onAtx for the ballot's epoch */
  | 'atx-not-in-state'
  /** epoch data with zero eligibility slots */
  | 'zero-eligibility-count'
  /** two exceptions on one block id, or an abstain on a layer that has a vote */
  | 'conflicting-votes'
  /** an against vote names a supported block with a different height */
  | 'wrong-target'
  /** the votes name a layer that was already evicted (errEvictedBlocks) */
  | 'evicted-blocks'
  /** the opinion hash the ballot signed is not the one its votes decode to */
  | 'opinion-mismatch'
  /** encodeVotes: some ballots wait for an epoch beacon and are not counted yet */
  | 'ballots-not-counted'
  /** encodeVotes: a vote outside hdist needs the weak coin of the previous layer */
  | 'coinflip-missing'
  /** encodeVotes: the votes against every candidate base exceed maxExceptions */
  | 'too-many-exceptions'
  /** encodeVotes: no usable base ballot in the window */
  | 'no-base-ballot';

export class TortoiseError extends Error {
  readonly reason: TortoiseErrorReason;
  constructor(reason: TortoiseErrorReason, message?: string) {
    super(message === undefined ? reason : `${reason}: ${message}`);
    this.name = 'TortoiseError';
    this.reason = reason;
  }
}
