// The tortoise's in-memory state (go-spacemesh tortoise/state.go): per-layer info, blocks,
// ballots with their decoded votes, epochs and malicious identities, inside a sliding window
// that starts after `evicted`. Pure data plus small helpers; the algorithms live in turtle.ts,
// verifying.ts and full.ts.
import { bytesToHex } from '@noble/hashes/utils.js';
import { compareBytes, equalBytes } from '../../bytes.ts';
import { meshHash } from '../../mesh/meshhash.ts';
import type { TortoiseConfig } from '../../config/types.ts';
import { Sign } from './weight.ts';
import type { Weight } from './weight.ts';

/** A block the tortoise knows of, from onBlock or from a ballot's votes (state.go blockInfo). */
export interface BlockInfo {
  readonly id: Uint8Array;
  readonly layer: number;
  readonly height: bigint;
  hare: Sign;
  /** Full mode: weight of ballots supporting the block minus weight of those against. */
  margin: Weight;
  validity: Sign;
  /** The block itself is available locally (onBlock), not only named by votes. */
  data: boolean;
}

/** One layer of a ballot's decoded opinion, linked to the layer before (state.go layerVote). */
export interface LayerVote {
  readonly lid: number;
  opinion: Uint8Array;
  vote: Sign;
  supported: BlockInfo[];
  prev: LayerVote | null;
}

/** A ballot's decoded votes: the newest layer vote, older ones through `prev`. */
export interface VoteChain {
  tail: LayerVote | null;
}

/** What a reference ballot fixes for the smesher's whole epoch (state.go referenceInfo). */
export interface ReferenceInfo {
  readonly smesher: Uint8Array;
  readonly atxId: Uint8Array;
  readonly expectedBallots: number;
  readonly beacon: Uint8Array;
  /** ATX weight / eligibility slots of the epoch. */
  readonly weightPerEligibility: Weight;
  /** The ATX's tick height: blocks above it are not voted on by this ballot. */
  readonly height: bigint;
}

export interface BallotInfo {
  readonly id: Uint8Array;
  readonly key: string;
  readonly layer: number;
  malicious: boolean;
  weight: Weight;
  readonly reference: ReferenceInfo;
  votes: VoteChain;
  /** Set when counted: the ballot's beacon differs from ours. */
  badBeacon: boolean;
  /** Its votes are in the full-mode margins (not delayed, not yet to be counted). */
  fullCounted: boolean;
}

export interface EpochInfo {
  weight: Weight;
  /** Median tick height of the epoch's ATXs. */
  height: bigint;
  beacon: Uint8Array | null;
}

/** The previous layer's opinion, read live, or frozen once that layer is evicted. */
export interface OpinionRef {
  readonly opinion: Uint8Array;
}

export interface LayerInfo {
  readonly lid: number;
  /** Full mode: weight of ballots voting the layer empty minus weight of those voting a block. */
  empty: Weight;
  hareTerminated: boolean;
  /** The hare's block, kept so a block that arrives after the hare output gets its vote. */
  hareBlock: Uint8Array | null;
  /** Sorted by (height, id). */
  blocks: BlockInfo[];
  /** Verifying mode: good weight that does not vote on this layer (from this layer on). */
  goodUncounted: Weight;
  referenceHeight: bigint;
  coinflip: Sign;
  /** Unique opinions of the layer's ballots, by opinion hash (hex). */
  readonly opinions: Map<string, VoteChain>;
  opinion: Uint8Array;
  prevOpinion: OpinionRef | null;
}

export interface AtxData {
  readonly nodeId: Uint8Array;
  readonly weight: bigint;
  readonly height: bigint;
}

export const ZERO_HASH: Uint8Array = new Uint8Array(32);

export function hexKey(b: Uint8Array): string {
  return bytesToHex(b);
}

/** Blocks in (height, id) order (state.go sortBlocks). */
export function sortBlocks(blocks: BlockInfo[]): void {
  blocks.sort((a, b) =>
    a.height !== b.height ? (a.height < b.height ? -1 : 1) : compareBytes(a.id, b.id),
  );
}

export function newBlockInfo(id: Uint8Array, layer: number, height: bigint): BlockInfo {
  return {
    id,
    layer,
    height,
    hare: Sign.ABSTAIN,
    margin: 0n,
    validity: Sign.ABSTAIN,
    data: false,
  };
}

/** layer + distance > last (tortoise.go withinDistance). */
export function withinDistance(dist: number, lid: number, last: number): boolean {
  return lid + dist > last;
}

/** layerInfo.computeOpinion: hare's choice within hdist, the verified validity beyond it. */
export function computeLayerOpinion(layer: LayerInfo, hdist: number, last: number): void {
  const prev = layer.prevOpinion === null ? null : layer.prevOpinion.opinion;
  if (!layer.hareTerminated) {
    layer.opinion = meshHash(prev, { abstain: true });
    return;
  }
  const hare = withinDistance(hdist, layer.lid, last);
  const support = layer.blocks.filter((b) =>
    hare ? b.hare === Sign.SUPPORT : b.validity === Sign.SUPPORT,
  );
  layer.opinion = meshHash(prev, { abstain: false, support });
}

export class TortoiseState {
  readonly cfg: TortoiseConfig;
  readonly layersPerEpoch: number;
  readonly genesis: number;
  /** Last layer given to tallyVotes. */
  last: number;
  localThreshold: Weight = 0n;
  verified: number;
  processed: number;
  evicted: number;
  /** Layers (evicted, evicted + data.length]. */
  readonly layerData: LayerInfo[] = [];
  readonly epochs = new Map<number, EpochInfo>();
  /** ATXs by target epoch, then hex id (atxsdata.Data). */
  readonly atxs = new Map<number, Map<string, AtxData>>();
  readonly ballots = new Map<number, BallotInfo[]>();
  readonly ballotRefs = new Map<string, BallotInfo>();
  readonly malnodes = new Set<string>();

  constructor(cfg: TortoiseConfig, layersPerEpoch: number, genesis: number) {
    this.cfg = cfg;
    this.layersPerEpoch = layersPerEpoch;
    this.genesis = genesis;
    this.last = genesis;
    this.verified = genesis;
    this.processed = genesis;
    this.evicted = genesis - 1;
  }

  epochOf(lid: number): number {
    return Math.floor(lid / this.layersPerEpoch);
  }

  layer(lid: number): LayerInfo {
    const i = lid - this.evicted - 1;
    if (i < 0) throw new RangeError(`layer ${lid} is evicted (evicted ${this.evicted})`);
    for (let l = this.evicted + this.layerData.length + 1; l <= lid; l++) {
      this.layerData.push({
        lid: l,
        empty: 0n,
        hareTerminated: false,
        hareBlock: null,
        blocks: [],
        goodUncounted: 0n,
        referenceHeight: 0n,
        coinflip: Sign.ABSTAIN,
        opinions: new Map(),
        opinion: ZERO_HASH,
        prevOpinion: null,
      });
    }
    return this.layerData[i]!;
  }

  epoch(eid: number): EpochInfo {
    let e = this.epochs.get(eid);
    if (e === undefined) {
      e = { weight: 0n, height: 0n, beacon: null };
      this.epochs.set(eid, e);
    }
    return e;
  }

  ballotsIn(lid: number): readonly BallotInfo[] {
    return this.ballots.get(lid) ?? [];
  }

  addBallot(ballot: BallotInfo): void {
    const list = this.ballots.get(ballot.layer);
    if (list === undefined) this.ballots.set(ballot.layer, [ballot]);
    else list.push(ballot);
    this.ballotRefs.set(ballot.key, ballot);
  }

  getBlock(id: Uint8Array, lid: number, height: bigint): BlockInfo | null {
    if (lid <= this.evicted) return null;
    for (const b of this.layer(lid).blocks)
      if (b.height === height && equalBytes(b.id, id)) return b;
    return null;
  }

  /** state.go addBlock: the block joins its layer, in order, with the hare's vote if known. */
  insertBlock(block: BlockInfo): void {
    const layer = this.layer(block.layer);
    if (layer.hareTerminated)
      block.hare =
        layer.hareBlock !== null && equalBytes(layer.hareBlock, block.id)
          ? Sign.SUPPORT
          : Sign.AGAINST;
    layer.blocks.push(block);
    sortBlocks(layer.blocks);
    this.updateRefHeight(layer, block);
  }

  findRefHeightBelow(lid: number): bigint {
    for (let l = lid - 1; l > this.evicted; l--) {
      const layer = this.layer(l);
      if (layer.blocks.length === 0) continue;
      return layer.referenceHeight;
    }
    return 0n;
  }

  /** The highest block height at or below the epoch's median ATX height: ballots from ATXs
   *  below it cannot vote on every block and are not counted as good (verifying.go). */
  updateRefHeight(layer: LayerInfo, block: BlockInfo): void {
    const epoch = this.epochs.get(this.epochOf(block.layer));
    if (epoch === undefined) return;
    if (layer.referenceHeight === 0n && layer.lid > this.evicted)
      layer.referenceHeight = this.findRefHeightBelow(layer.lid);
    if (block.height <= epoch.height && block.height > layer.referenceHeight)
      layer.referenceHeight = block.height;
  }

  isMalfeasant(nodeId: Uint8Array): boolean {
    return this.malnodes.has(hexKey(nodeId));
  }
}
