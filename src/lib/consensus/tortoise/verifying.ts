// Verifying tortoise (go-spacemesh tortoise/verifying.go): counts only "good" ballots, those whose
// whole opinion equals ours, and verifies a layer once hare terminated for it and the good weight
// voting on it, less whatever expected weight is still missing, beats the global threshold.
import { equalBytes } from '../../bytes.ts';
import type { BallotInfo, TortoiseState } from './state.ts';
import { withinDistance } from './state.ts';
import { computeExpectedWeightInWindow, computeGlobalThreshold } from './threshold.ts';
import { verifyLayer } from './verify-layer.ts';
import { Sign, crossesThreshold } from './weight.ts';
import type { Weight } from './weight.ts';
import { chainOpinion } from './votes.ts';
import type { BlockInfo } from './state.ts';

/** tortoise.go getLocalVote: hare within hdist, validity of verified layers beyond it. */
export function getLocalVote(
  state: TortoiseState,
  verified: number,
  last: number,
  block: BlockInfo,
): { vote: Sign; reason: 'hare' | 'validity' } {
  if (withinDistance(state.cfg.hdist, block.layer, last))
    return { vote: block.hare, reason: 'hare' };
  if (block.layer > verified) return { vote: Sign.ABSTAIN, reason: 'validity' };
  return { vote: block.validity, reason: 'validity' };
}

export function expectedWeight(s: TortoiseState, target: number): Weight {
  return computeExpectedWeightInWindow(
    s.epochs,
    s.layersPerEpoch,
    s.cfg.windowSize,
    target,
    s.processed,
    s.last,
  );
}

export function globalThreshold(s: TortoiseState, target: number): Weight {
  return computeGlobalThreshold(expectedWeight(s, target), s.localThreshold);
}

export class Verifying {
  private readonly s: TortoiseState;
  /** Weight of good ballots from the verified layer + 1 up to the last processed. */
  totalGoodWeight: Weight = 0n;

  constructor(state: TortoiseState) {
    this.s = state;
  }

  /** Forget the good weight that voted on `voted` and later layers (to count it again). */
  resetWeights(voted: number): void {
    const vlayer = this.s.layer(voted);
    this.totalGoodWeight = vlayer.goodUncounted;
    for (let lid = voted + 1; lid <= this.s.processed; lid++)
      this.s.layer(lid).goodUncounted = vlayer.goodUncounted;
  }

  countBallot(ballot: BallotInfo): void {
    const prev = this.s.layer(ballot.layer - 1);
    const good =
      !ballot.badBeacon &&
      equalBytes(prev.opinion, chainOpinion(ballot.votes)) &&
      prev.referenceHeight <= ballot.reference.height;
    if (!good) return;
    for (let lid = ballot.layer; lid <= this.s.processed; lid++) {
      const layer = this.s.layer(lid);
      layer.goodUncounted += ballot.weight;
    }
    this.totalGoodWeight += ballot.weight;
  }

  countVotes(ballots: readonly BallotInfo[]): void {
    for (const b of ballots) this.countBallot(b);
  }

  /** @returns [verified, validity changed] */
  verify(lid: number): [boolean, boolean] {
    const layer = this.s.layer(lid);
    if (!layer.hareTerminated) return [false, false];
    let margin = this.totalGoodWeight - layer.goodUncounted;
    const uncounted = expectedWeight(this.s, lid) - margin;
    if (uncounted > 0n) margin -= uncounted;
    const threshold = globalThreshold(this.s, lid);
    if (crossesThreshold(margin, threshold) !== Sign.SUPPORT) return [false, false];
    return verifyLayer(layer.blocks, (block) => {
      if (block.height > layer.referenceHeight) return Sign.ABSTAIN;
      return getLocalVote(this.s, this.s.verified, this.s.last, block).vote;
    });
  }
}
