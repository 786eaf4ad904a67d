// Decoding a ballot's votes, a diff against its base ballot, into a chain of per-layer votes with
// their opinion hashes (go-spacemesh tortoise/state.go decodeVotes, votes.update, layerVote).
// The chain shares unchanged layers with the base ballot's chain; a layer an exception touches
// is copied, and so is every newer layer (its opinion hash covers the older ones).
import type { Vote, Votes } from '../../types/common.ts';
import { meshHash } from '../../mesh/meshhash.ts';
import { TortoiseError } from './errors.ts';
import { hexKey, newBlockInfo, sortBlocks } from './state.ts';
import type { LayerVote, VoteChain } from './state.ts';
import { Sign } from './weight.ts';

interface HeaderWithSign {
  readonly header: Vote;
  readonly sign: Sign;
}

/** Exceptions by layer, then block id (hex). An empty map is an abstain on the layer. */
type Diff = Map<number, Map<string, HeaderWithSign>>;

/** layerVote.computeOpinion. */
export function computeVoteOpinion(lv: LayerVote): void {
  const prev = lv.prev === null ? null : lv.prev.opinion;
  if (lv.supported.length > 0)
    lv.opinion = meshHash(prev, { abstain: false, support: lv.supported });
  else if (lv.vote === Sign.ABSTAIN) lv.opinion = meshHash(prev, { abstain: true });
  else lv.opinion = meshHash(prev, { abstain: false, support: [] });
}

/** The vote a layer vote casts on one block of its layer (identity, as blocks are shared). */
export function voteOn(lv: LayerVote, block: object): Sign {
  for (const b of lv.supported) if (b === block) return Sign.SUPPORT;
  return Sign.AGAINST;
}

export function chainOpinion(chain: VoteChain): Uint8Array {
  return chain.tail === null ? new Uint8Array(32) : chain.tail.opinion;
}

function updateLayerVote(lv: LayerVote, from: number, diff: Diff, created: LayerVote[]): LayerVote {
  if (lv.lid < from) return lv;
  const copied: LayerVote = {
    lid: lv.lid,
    opinion: lv.opinion,
    vote: lv.vote,
    supported: lv.supported,
    prev: lv.prev === null ? null : updateLayerVote(lv.prev, from, diff, created),
  };
  const layerDiff = diff.get(copied.lid);
  if (layerDiff !== undefined && layerDiff.size === 0) {
    copied.vote = Sign.ABSTAIN;
    copied.supported = [];
  } else if (layerDiff !== undefined) {
    const supported = [];
    for (const block of lv.supported) {
      const v = layerDiff.get(hexKey(block.id));
      if (v === undefined) supported.push(block);
      else if (v.sign === Sign.AGAINST && v.header.height !== block.height)
        throw new TortoiseError(
          'wrong-target',
          `supported block at height ${block.height} voted against at ${v.header.height}`,
        );
    }
    for (const v of layerDiff.values())
      if (v.sign === Sign.SUPPORT)
        supported.push(newBlockInfo(v.header.id, v.header.layerID, v.header.height));
    sortBlocks(supported);
    copied.supported = supported;
  }
  computeVoteOpinion(copied);
  created.push(copied);
  return copied;
}

function addToDiff(diff: Diff, header: Vote, sign: Sign): void {
  let layerDiff = diff.get(header.layerID);
  if (layerDiff === undefined) {
    layerDiff = new Map();
    diff.set(header.layerID, layerDiff);
  }
  const key = hexKey(header.id);
  if (layerDiff.has(key)) throw new TortoiseError('conflicting-votes', `two votes on block ${key}`);
  layerDiff.set(key, { header, sign });
}

export interface DecodedVotes {
  readonly chain: VoteChain;
  /** The oldest layer the exceptions touch (or the base layer). */
  readonly from: number;
  /** Every layer vote created, so eviction can cut links into evicted layers. */
  readonly created: LayerVote[];
}

/**
 * decodeVotes: copy the base ballot's chain, apply the exceptions from the oldest layer they
 * name, then add one layer vote for each layer in [base layer, ballot layer): supports from the
 * exceptions, abstain when listed, otherwise against every block.
 */
export function decodeVotes(
  baseLayer: number,
  baseChain: VoteChain,
  ballotLayer: number,
  exceptions: Votes,
): DecodedVotes {
  let from = baseLayer;
  const diff: Diff = new Map();
  for (const h of exceptions.against) {
    from = Math.min(from, h.layerID);
    addToDiff(diff, h, Sign.AGAINST);
  }
  for (const h of exceptions.support) {
    from = Math.min(from, h.layerID);
    addToDiff(diff, h, Sign.SUPPORT);
  }
  for (const lid of exceptions.abstain) {
    from = Math.min(from, lid);
    if (diff.has(lid))
      throw new TortoiseError('conflicting-votes', `abstain on layer ${lid} that has votes`);
    diff.set(lid, new Map());
  }
  const created: LayerVote[] = [];
  let tail = baseChain.tail === null ? null : updateLayerVote(baseChain.tail, from, diff, created);
  for (let lid = baseLayer; lid < ballotLayer; lid++) {
    const lv: LayerVote = {
      lid,
      opinion: new Uint8Array(32),
      vote: Sign.AGAINST,
      supported: [],
      prev: tail,
    };
    if (tail !== null && tail.lid + 1 !== lid)
      throw new RangeError(`bug: layer vote ${lid} after ${tail.lid}`);
    const layerDiff = diff.get(lid);
    if (layerDiff !== undefined && layerDiff.size === 0) lv.vote = Sign.ABSTAIN;
    else if (layerDiff !== undefined)
      for (const v of layerDiff.values())
        if (v.sign === Sign.SUPPORT)
          lv.supported.push(newBlockInfo(v.header.id, v.header.layerID, v.header.height));
    sortBlocks(lv.supported);
    computeVoteOpinion(lv);
    created.push(lv);
    tail = lv;
  }
  return { chain: { tail }, from, created };
}
