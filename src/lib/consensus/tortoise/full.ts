// Full tortoise (go-spacemesh tortoise/full.go): every ballot's vote on every block is summed into
// the block's margin, and a layer is verified when each block's margin is beyond the global
// threshold (or the layer is voted empty). Ballots with a beacon different from ours count only
// badBeaconVoteDelayLayers after their layer, as their smesher may be under attack.
import type { BallotInfo, BlockInfo, TortoiseState } from './state.ts';
import { globalThreshold } from './verifying.ts';
import { verifyLayer } from './verify-layer.ts';
import { voteOn } from './votes.ts';
import { Sign, crossesThreshold } from './weight.ts';

export class Full {
  private readonly s: TortoiseState;
  /** Ballots of layers up to this one are in the margins. */
  counted: number;
  /** Bad-beacon ballots by the layer at which they may be counted. */
  readonly delayed = new Map<number, BallotInfo[]>();

  constructor(state: TortoiseState, counted: number) {
    this.s = state;
    this.counted = counted;
  }

  countBallot(ballot: BallotInfo): void {
    if (this.shouldBeDelayed(ballot)) return;
    ballot.fullCounted = true;
    if (ballot.malicious || ballot.weight === 0n) return;
    for (let lv = ballot.votes.tail; lv !== null; lv = lv.prev) {
      if (lv.lid <= this.s.evicted) break;
      if (lv.vote === Sign.ABSTAIN) continue;
      const layer = this.s.layer(lv.lid);
      let empty = true;
      for (const block of layer.blocks) {
        if (block.height > ballot.reference.height) continue;
        if (voteOn(lv, block) === Sign.SUPPORT) {
          empty = false;
          block.margin += ballot.weight;
        } else block.margin -= ballot.weight;
      }
      if (empty) layer.empty += ballot.weight;
      else layer.empty -= ballot.weight;
    }
  }

  /** A block learned after ballots were counted: those ballots voted against it implicitly.
   *  Only ballots already in the margins count (go-spacemesh also charges delayed ones). */
  countForLateBlock(block: BlockInfo): void {
    for (let lid = block.layer + 1; lid <= this.counted; lid++) {
      for (const ballot of this.s.ballotsIn(lid)) {
        if (!ballot.fullCounted || ballot.malicious) continue;
        if (block.height > ballot.reference.height) continue;
        for (let lv = ballot.votes.tail; lv !== null && lv.lid >= block.layer; lv = lv.prev) {
          if (lv.lid !== block.layer || lv.vote === Sign.ABSTAIN) continue;
          block.margin -= ballot.weight;
        }
      }
    }
  }

  countDelayed(lid: number): void {
    const list = this.delayed.get(lid);
    if (list === undefined) return;
    this.delayed.delete(lid);
    for (const b of list) this.countBallot(b);
  }

  /** @returns [verified, validity changed] */
  verify(lid: number): [boolean, boolean] {
    const threshold = globalThreshold(this.s, lid);
    const layer = this.s.layer(lid);
    const empty = crossesThreshold(layer.empty, threshold) === Sign.SUPPORT;
    if (layer.blocks.length === 0) return [empty, false];
    return verifyLayer(layer.blocks, (block) => {
      const decision = crossesThreshold(block.margin, threshold);
      if (decision === Sign.ABSTAIN && empty) return Sign.AGAINST;
      return decision;
    });
  }

  private shouldBeDelayed(ballot: BallotInfo): boolean {
    if (!ballot.badBeacon) return false;
    const delay = ballot.layer + this.s.cfg.badBeaconVoteDelayLayers;
    if (delay <= this.s.last) return false;
    const list = this.delayed.get(delay);
    if (list === undefined) this.delayed.set(delay, [ballot]);
    else list.push(ballot);
    return true;
  }
}
