// Decoding and storing ballots (go-spacemesh tortoise/tortoise.go decodeBallot, storeBallot):
// the ballot's weight comes from its reference ballot (ATX weight / eligibility slots of the
// epoch) times its eligibility count; its votes decode against the base ballot's chain. Blocks
// named by votes but unknown become part of the state, so later votes and onBlock find them.
import { equalBytes } from '../../bytes.ts';
import type { EpochData, Votes } from '../../types/common.ts';
import { TortoiseError } from './errors.ts';
import { hexKey, withinDistance } from './state.ts';
import type { BallotInfo, ReferenceInfo, VoteChain } from './state.ts';
import type { Turtle } from './turtle.ts';
import { chainOpinion, decodeVotes } from './votes.ts';
import type { DecodedVotes } from './votes.ts';
import { Sign, weightOf } from './weight.ts';

/** What the tortoise needs of a ballot (types.BallotTortoiseData). */
export interface TortoiseBallot {
  readonly id: Uint8Array;
  readonly layer: number;
  readonly atxId: Uint8Array;
  readonly nodeId: Uint8Array;
  /** Number of eligibility proofs the ballot carries. */
  readonly eligibilities: number;
  /** The smesher's reference ballot of the epoch; null for the reference ballot itself. */
  readonly refBallot: Uint8Array | null;
  readonly epochData: EpochData | null;
  readonly votes: Votes;
  /** The opinion hash the ballot signed (types.Opinion.Hash). */
  readonly opinionHash: Uint8Array;
  /** Known equivocator (the ballot handler found a second ballot of the smesher). */
  readonly malicious?: boolean;
}

/** A ballot whose votes decoded and whose opinion hash matches, ready to store. */
export interface DecodedBallot {
  readonly info: BallotInfo;
  readonly decoded: DecodedVotes | null;
}

const EMPTY_BALLOT_ID = new Uint8Array(20);

/** @returns null when the ballot is at or before the evicted layer (nothing to do). */
export function decodeBallot(t: Turtle, ballot: TortoiseBallot): DecodedBallot | null {
  if (ballot.layer <= t.evicted) return null;
  const key = hexKey(ballot.id);
  if (t.ballotRefs.has(key)) throw new TortoiseError('ballot-exists', key);

  let baseLayer: number;
  let baseChain: VoteChain;
  if (equalBytes(ballot.votes.base, EMPTY_BALLOT_ID)) {
    baseLayer = t.genesis;
    baseChain = { tail: null };
  } else {
    const stored = t.ballotRefs.get(hexKey(ballot.votes.base));
    if (stored === undefined) throw new TortoiseError('dangling-base', hexKey(ballot.votes.base));
    if (stored.layer >= ballot.layer)
      throw new TortoiseError(
        'base-not-earlier',
        `base in layer ${stored.layer}, ballot in ${ballot.layer}`,
      );
    baseLayer = stored.layer;
    baseChain = stored.votes;
  }

  let reference: ReferenceInfo;
  if (ballot.epochData !== null) {
    const atx = t.atxs.get(t.epochOf(ballot.layer))?.get(hexKey(ballot.atxId));
    if (atx === undefined) throw new TortoiseError('atx-not-in-state', hexKey(ballot.atxId));
    const slots = ballot.epochData.eligibilityCount;
    if (slots <= 0) throw new TortoiseError('zero-eligibility-count');
    reference = {
      smesher: ballot.nodeId,
      atxId: ballot.atxId,
      expectedBallots: slots,
      beacon: ballot.epochData.beacon,
      weightPerEligibility: weightOf(atx.weight) / BigInt(slots),
      height: atx.height,
    };
  } else if (ballot.refBallot !== null) {
    const ref = t.ballotRefs.get(hexKey(ballot.refBallot));
    if (ref === undefined) throw new TortoiseError('ref-not-in-state', hexKey(ballot.refBallot));
    if (!equalBytes(ref.reference.smesher, ballot.nodeId) || ref.reference.expectedBallots === 0)
      throw new TortoiseError('not-reference-ballot', hexKey(ballot.refBallot));
    reference = ref.reference;
  } else throw new TortoiseError('missing-epoch-data', key);

  const malicious = ballot.malicious === true || t.isMalfeasant(ballot.nodeId);
  const info: BallotInfo = {
    id: ballot.id,
    key,
    layer: ballot.layer,
    malicious,
    weight: malicious ? 0n : reference.weightPerEligibility * BigInt(ballot.eligibilities),
    reference,
    votes: { tail: null },
    badBeacon: false,
    fullCounted: false,
  };

  // Ballots of one layer mostly share an opinion: decode it once.
  const existing = t.layer(ballot.layer).opinions.get(hexKey(ballot.opinionHash));
  let decoded: DecodedVotes | null = null;
  if (existing !== undefined) info.votes = existing;
  else {
    decoded = decodeVotes(baseLayer, baseChain, ballot.layer, ballot.votes);
    if (decoded.from <= t.evicted)
      throw new TortoiseError('evicted-blocks', `votes reach layer ${decoded.from}`);
    info.votes = decoded.chain;
  }
  if (!equalBytes(chainOpinion(info.votes), ballot.opinionHash))
    throw new TortoiseError('opinion-mismatch', key);
  return { info, decoded };
}

export function storeBallot(t: Turtle, d: DecodedBallot): void {
  const ballot = d.info;
  if (ballot.layer <= t.evicted) return;
  if (t.ballotRefs.has(ballot.key)) throw new TortoiseError('ballot-exists', ballot.key);
  t.addBallot(ballot);
  const layer = t.layer(ballot.layer);
  const opinionKey = hexKey(chainOpinion(ballot.votes));
  const existing = layer.opinions.get(opinionKey);
  if (existing !== undefined) ballot.votes = existing;
  else if (d.decoded !== null) {
    for (const node of d.decoded.created) {
      const list = t.chainNodes.get(node.lid);
      if (list === undefined) t.chainNodes.set(node.lid, [node]);
      else list.push(node);
    }
    // Point the votes at the state's blocks; blocks only named so far join the state.
    for (let lv = ballot.votes.tail; lv !== null && lv.lid >= d.decoded.from; lv = lv.prev) {
      if (lv.lid <= t.evicted) continue;
      lv.supported.forEach((block, i) => {
        const known = t.getBlock(block.id, block.layer, block.height);
        if (known !== null) {
          lv.supported[i] = known;
          return;
        }
        if (!withinDistance(t.cfg.hdist, block.layer, t.last)) {
          block.validity = Sign.AGAINST;
          block.hare = Sign.AGAINST;
        }
        t.addBlock(block);
      });
    }
    layer.opinions.set(opinionKey, ballot.votes);
  }
  if (ballot.layer <= t.processed) t.countBallot(ballot);
}
