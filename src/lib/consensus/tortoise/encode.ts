// Encoding the local opinion as votes for the node's next ballot (go-spacemesh tortoise/tortoise.go
// EncodeVotes, encodeVotes, getFullVote): pick a base ballot from the newest layer that works,
// then list only where our opinion differs from the base's (support / against / abstain).
import { compareBytes } from '../../bytes.ts';
import type { Vote, Votes } from '../../types/common.ts';
import { TortoiseError } from './errors.ts';
import type { BallotInfo, BlockInfo, VoteChain } from './state.ts';
import type { Turtle } from './turtle.ts';
import { getLocalVote } from './verifying.ts';
import { chainOpinion, decodeVotes, voteOn } from './votes.ts';
import { Sign, crossesThreshold } from './weight.ts';

export interface EncodedOpinion {
  readonly opinionHash: Uint8Array;
  readonly votes: Votes;
}

const EMPTY_BALLOT_ID = new Uint8Array(20);

/** Vote on a block: hare within hdist, validity once verified, else the counted margin against
 *  the local threshold, and below it the weak coin of the layer before `current`. */
export function getFullVote(t: Turtle, current: number, block: BlockInfo): Sign {
  if (!block.data) return Sign.AGAINST;
  const local = getLocalVote(t, t.verified, current, block);
  if (!(local.vote === Sign.ABSTAIN && local.reason === 'validity')) return local.vote;
  const byMargin = crossesThreshold(block.margin, t.localThreshold);
  if (byMargin !== Sign.ABSTAIN) return byMargin;
  const coin = current - 1 > t.evicted ? t.layer(current - 1).coinflip : Sign.ABSTAIN;
  if (coin === Sign.ABSTAIN)
    throw new TortoiseError(
      'coinflip-missing',
      `no weak coin for layer ${current - 1}, needed for a block in layer ${block.layer}`,
    );
  return coin;
}

function header(b: BlockInfo): Vote {
  return { id: b.id, layerID: b.layer, height: b.height };
}

interface Base {
  readonly id: Uint8Array;
  readonly layer: number;
  readonly votes: VoteChain;
}

function encodeWithBase(t: Turtle, base: Base, start: number, current: number): EncodedOpinion {
  const support: Vote[] = [];
  const against: Vote[] = [];
  const abstain: number[] = [];
  // Differences with the base ballot's opinion on [start, base layer).
  for (let lv = base.votes.tail; lv !== null; lv = lv.prev) {
    if (lv.lid < start) break;
    const layer = t.layer(lv.lid);
    if (lv.vote === Sign.ABSTAIN && layer.hareTerminated)
      throw new TortoiseError('no-base-ballot', 'base abstains on a terminated layer');
    if (lv.vote !== Sign.ABSTAIN && !layer.hareTerminated) {
      abstain.push(lv.lid);
      continue;
    }
    if (lv.vote === Sign.ABSTAIN) continue;
    for (const block of layer.blocks) {
      const vote = getFullVote(t, current, block);
      if (vote === voteOn(lv, block)) continue;
      if (vote === Sign.SUPPORT) support.push(header(block));
      else if (vote === Sign.AGAINST) against.push(header(block));
    }
  }
  // Our opinion on [base layer, current): against is implicit.
  for (let lid = base.layer; lid < current; lid++) {
    const layer = t.layer(lid);
    if (!layer.hareTerminated) {
      abstain.push(lid);
      continue;
    }
    for (const block of layer.blocks)
      if (getFullVote(t, current, block) === Sign.SUPPORT) support.push(header(block));
  }
  if (support.length + against.length > t.cfg.maxExceptions)
    throw new TortoiseError('too-many-exceptions', `${support.length + against.length}`);
  const votes: Votes = { base: base.id, support, against, abstain };
  const decoded = decodeVotes(base.layer, base.votes, current, votes);
  return { opinionHash: chainOpinion(decoded.chain), votes };
}

/**
 * Votes for a ballot in `current` (default: the layer after the last tallied). Candidate bases
 * are tried newest layer first; within a layer in id order, so the choice does not depend on the
 * order ballots arrived in (go-spacemesh takes the first that arrived).
 */
export function encodeVotes(t: Turtle, current: number = t.last + 1): EncodedOpinion {
  if (t.retriable.length !== 0)
    throw new TortoiseError(
      'ballots-not-counted',
      `${t.retriable.length} ballots wait for a beacon`,
    );
  let lastError: TortoiseError | null = null;
  for (let lid = current - 1; lid > t.evicted; lid--) {
    let choices: Base[];
    if (lid === t.genesis)
      choices = [{ id: EMPTY_BALLOT_ID, layer: t.genesis, votes: { tail: null } }];
    else
      choices = [...t.ballotsIn(lid)]
        .filter((b: BallotInfo) => !b.malicious)
        .sort((a, b) => compareBytes(a.id, b.id));
    for (const base of choices) {
      try {
        return encodeWithBase(t, base, t.evicted + 1, current);
      } catch (e) {
        if (!(e instanceof TortoiseError)) throw e;
        lastError = e;
      }
    }
  }
  throw lastError ?? new TortoiseError('no-base-ballot', 'no ballots within the window');
}
