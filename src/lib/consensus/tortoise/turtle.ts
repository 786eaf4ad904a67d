// The tortoise's core loop (go-spacemesh tortoise/tortoise.go turtle): processes layers up to the
// last one, counts ballots in verifying mode and, once verifying cannot make progress beyond hdist,
// in full mode; verifies layers, recomputes opinions and tracks the lowest layer whose result
// changed (`pending`) for updates(). Ballot decoding is in ballots.ts, vote encoding in encode.ts.
import { equalBytes } from '../../bytes.ts';
import type { TortoiseConfig } from '../../config/types.ts';
import { Full } from './full.ts';
import { TortoiseState, computeLayerOpinion, hexKey, withinDistance } from './state.ts';
import type { AtxData, BallotInfo, BlockInfo, LayerVote } from './state.ts';
import { LOCAL_THRESHOLD_FRACTION, getMedian } from './threshold.ts';
import { Verifying } from './verifying.ts';
import { Sign, weightOf } from './weight.ts';

export type TortoiseMode = 'verifying' | 'full';

export interface ModeChange {
  readonly mode: TortoiseMode;
  /** The last layer when the mode changed. */
  readonly last: number;
  readonly verified: number;
}

const NONE = Number.MAX_SAFE_INTEGER;

export class Turtle extends TortoiseState {
  /** Lowest layer whose opinion or validity changed since updates() last ran; null if none. */
  pending: number | null;
  /** Ballots whose epoch beacon is not known yet: counted once it is. */
  retriable: BallotInfo[] = [];
  readonly verifying: Verifying;
  readonly full: Full;
  isFull = false;
  /** Layer votes created by decoding, by layer, so eviction can cut the chains behind them. */
  readonly chainNodes = new Map<number, LayerVote[]>();
  onModeChange: ((change: ModeChange) => void) | null = null;

  constructor(cfg: TortoiseConfig, layersPerEpoch: number, genesis: number) {
    super(cfg, layersPerEpoch, genesis);
    this.pending = genesis;
    this.epochs.set(this.epochOf(genesis), { weight: 0n, height: 0n, beacon: null });
    const gen = this.layer(genesis);
    gen.hareTerminated = true;
    this.verifying = new Verifying(this);
    this.full = new Full(this, genesis);
    computeLayerOpinion(gen, cfg.hdist, this.last);
  }

  markPending(lid: number): void {
    this.pending = this.pending === null ? lid : Math.min(this.pending, lid);
  }

  updateLast(last: number): void {
    if (last <= this.last) return;
    const newEpoch = this.epochOf(this.last) !== this.epochOf(last);
    this.last = last;
    if (newEpoch) this.updateLocalThreshold();
  }

  updateLocalThreshold(): void {
    const epoch = this.epoch(this.epochOf(this.last));
    this.localThreshold = epoch.weight / LOCAL_THRESHOLD_FRACTION / BigInt(this.layersPerEpoch);
  }

  onAtx(target: number, id: Uint8Array, atx: AtxData, key = hexKey(id)): void {
    let perEpoch = this.atxs.get(target);
    if (perEpoch === undefined) {
      perEpoch = new Map();
      this.atxs.set(target, perEpoch);
    }
    if (perEpoch.has(key)) return;
    perEpoch.set(key, atx);
    const epoch = this.epoch(target);
    if (!this.isMalfeasant(atx.nodeId)) epoch.weight += weightOf(atx.weight);
    if (target === this.epochOf(this.last)) this.updateLocalThreshold();
  }

  computeEpochHeight(lid: number): void {
    const eid = this.epochOf(lid);
    const heights: bigint[] = [];
    for (const atx of this.atxs.get(eid)?.values() ?? [])
      if (!this.isMalfeasant(atx.nodeId)) heights.push(atx.height);
    this.epoch(eid).height = getMedian(heights);
  }

  tallyVotes(last: number): void {
    this.updateLast(last);
    // Ballots still without a beacon stay queued; the layers are processed regardless.
    this.drainRetriable();
    for (let process = this.processed + 1; process <= this.last; process++)
      this.processLayer(process);
    this.verifyLayers();
    this.evict();
  }

  private processLayer(process: number): void {
    if (process % this.layersPerEpoch === 0) this.computeEpochHeight(process);
    const layer = this.layer(process);
    for (const block of layer.blocks) this.updateRefHeight(layer, block);
    if (process - 1 > this.evicted) {
      const prev = this.layer(process - 1);
      layer.goodUncounted += prev.goodUncounted;
      layer.prevOpinion = prev;
    }
    this.processed = process;
    if (this.isFull) {
      this.full.countDelayed(process);
      this.full.counted = process;
    }
    for (const ballot of this.ballotsIn(process)) this.countBallot(ballot);
    const before = layer.opinion;
    computeLayerOpinion(layer, this.cfg.hdist, this.last);
    if (!equalBytes(before, layer.opinion)) this.markPending(this.last);
    // A layer that no hare output reached within zdist is terminated as empty.
    if (process > this.cfg.zdist) {
      const terminated = process - this.cfg.zdist;
      if (terminated > this.evicted && !this.layer(terminated).hareTerminated)
        this.onHareOutput(terminated, null);
    }
    // The layer leaving hdist now votes by validity instead of by hare output.
    if (process > this.cfg.hdist && process - this.cfg.hdist > this.evicted)
      this.onOpinionChange(process - this.cfg.hdist, true);
  }

  /** Counts in both modes; false (and queued) while the ballot's epoch beacon is unknown. */
  countBallot(ballot: BallotInfo): boolean {
    if (ballot.layer - 1 <= this.evicted) return true;
    const beacon = this.epoch(this.epochOf(ballot.layer)).beacon;
    if (beacon === null) {
      this.retriable.push(ballot);
      return false;
    }
    ballot.badBeacon = !equalBytes(beacon, ballot.reference.beacon);
    this.verifying.countBallot(ballot);
    if (ballot.layer <= this.full.counted) this.full.countBallot(ballot);
    return true;
  }

  /** @returns true when every queued ballot could be counted. */
  drainRetriable(): boolean {
    const queue = this.retriable;
    this.retriable = [];
    for (let i = 0; i < queue.length; i++) {
      const ballot = queue[i]!;
      const before = this.retriable.length;
      this.countBallot(ballot);
      if (this.retriable.length > before) {
        this.retriable.push(...queue.slice(i + 1));
        return false;
      }
    }
    return true;
  }

  private switchModes(): void {
    this.isFull = !this.isFull;
    this.onModeChange?.({
      mode: this.isFull ? 'full' : 'verifying',
      last: this.last,
      verified: this.verified,
    });
  }

  verifyLayers(): void {
    let verified = Math.max(this.evicted, this.genesis);
    let nverified: number;
    let changed: number;
    if (this.isFull) {
      [nverified, changed] = this.runFull();
      const [vverified, vchanged] = this.runVerifying();
      // Self-healing is over once verifying reaches as far as full does.
      if (nverified === this.processed - 1 && nverified === vverified) {
        this.switchModes();
        changed = Math.min(changed, vchanged);
      }
    } else {
      [nverified, changed] = this.runVerifying();
      if (!withinDistance(this.cfg.hdist, nverified + 1, this.last)) {
        const [fverified, fchanged] = this.runFull();
        nverified = fverified;
        changed = Math.min(changed, fchanged);
      }
    }
    for (let target = this.evicted + 1; target < this.processed; target++) {
      if (nverified < target) {
        if (target < this.verified) changed = Math.min(changed, target);
        break;
      } else if (target > this.verified) changed = Math.min(changed, target);
      verified = target;
    }
    if (changed !== NONE) {
      this.markPending(changed);
      this.onOpinionChange(changed, false);
    }
    this.verified = verified;
  }

  private runVerifying(): [number, number] {
    let verified = this.evicted;
    let changed = NONE;
    for (let target = this.evicted + 1; target < this.processed; target++) {
      const [v, c] = this.verifying.verify(target);
      if (!v) break;
      if (c) changed = Math.min(changed, target);
      verified = target;
    }
    return [verified, changed];
  }

  private runFull(): [number, number] {
    if (!this.isFull) {
      this.switchModes();
      const start = Math.max(this.full.counted + 1, this.evicted + 1);
      for (let counted = start; counted <= this.processed; counted++) {
        for (const ballot of this.ballotsIn(counted)) this.full.countBallot(ballot);
        this.full.countDelayed(counted);
        this.full.counted = counted;
      }
    }
    let verified = this.evicted;
    let changed = NONE;
    for (let target = this.evicted + 1; target < this.processed; target++) {
      const [v, c] = this.full.verify(target);
      if (!v) break;
      if (c) changed = Math.min(changed, target);
      verified = target;
    }
    return [verified, changed];
  }

  /** Recompute opinions from `lid` on; `early` stops at the first unchanged one. When any
   *  changed, the verifying weights are counted again against the new opinions. */
  onOpinionChange(lid: number, early: boolean): void {
    let changed = NONE;
    for (let l = lid; l <= this.processed; l++) {
      const layer = this.layer(l);
      const before = layer.opinion;
      computeLayerOpinion(layer, this.cfg.hdist, this.last);
      if (!equalBytes(before, layer.opinion)) changed = Math.min(changed, l);
      else if (early) break;
    }
    if (changed === NONE) return;
    this.markPending(changed);
    this.verifying.resetWeights(lid);
    for (let target = lid + 1; target <= this.processed; target++)
      this.verifying.countVotes(this.ballotsIn(target));
  }

  onBlock(id: Uint8Array, lid: number, height: bigint): void {
    if (lid <= this.evicted) return;
    const existing = this.getBlock(id, lid, height);
    if (existing !== null) {
      existing.data = true;
      return;
    }
    const block: BlockInfo = {
      id,
      layer: lid,
      height,
      hare: Sign.ABSTAIN,
      margin: 0n,
      validity: Sign.ABSTAIN,
      data: true,
    };
    this.addBlock(block);
    // The hare output named this block before it arrived: the opinion now includes it.
    if (
      block.hare === Sign.SUPPORT &&
      lid <= this.processed &&
      withinDistance(this.cfg.hdist, lid, this.last)
    )
      this.onOpinionChange(lid, true);
  }

  addBlock(block: BlockInfo): void {
    this.insertBlock(block);
    this.full.countForLateBlock(block);
  }

  /** blockId null: the hare terminated with an empty output (or zdist passed without one). */
  onHareOutput(lid: number, blockId: Uint8Array | null): void {
    if (lid <= this.evicted) return;
    const layer = this.layer(lid);
    let previous: Uint8Array | null = null;
    for (const b of layer.blocks) if (b.hare === Sign.SUPPORT) previous = b.id;
    const wasTerminated = layer.hareTerminated;
    layer.hareTerminated = true;
    layer.hareBlock = blockId;
    for (const b of layer.blocks)
      b.hare = blockId !== null && equalBytes(b.id, blockId) ? Sign.SUPPORT : Sign.AGAINST;
    const same =
      wasTerminated &&
      (previous === null ? blockId === null : blockId !== null && equalBytes(previous, blockId));
    if (same) return;
    if (lid <= this.processed && withinDistance(this.cfg.hdist, lid, this.last))
      this.onOpinionChange(lid, true);
  }

  onWeakCoin(lid: number, coin: boolean): void {
    if (lid <= this.evicted) return;
    this.layer(lid).coinflip = coin ? Sign.SUPPORT : Sign.AGAINST;
  }

  onBeacon(eid: number, beacon: Uint8Array): void {
    if (eid < this.epochOf(this.evicted + 1)) return;
    this.epoch(eid).beacon = beacon;
  }

  /** Drops state older than windowSize layers before the verified layer (tortoise.go evict). */
  evict(): void {
    if (this.verified <= this.genesis + this.cfg.hdist) return;
    const size = this.cfg.windowSize;
    if (this.verified < size) return;
    const windowStart = this.verified - size;
    if (windowStart <= this.evicted) return;
    if (this.pending !== null && this.pending < windowStart) return;
    for (let lid = this.evicted + 1; lid < windowStart; lid++) {
      for (const b of this.ballotsIn(lid)) this.ballotRefs.delete(b.key);
      this.ballots.delete(lid);
      // Chains of newer ballots end here: nothing may reach further back.
      for (const node of this.chainNodes.get(lid) ?? []) node.prev = null;
      this.chainNodes.delete(lid);
      this.layerData.shift();
      if (lid % this.layersPerEpoch === this.layersPerEpoch - 1) {
        this.epochs.delete(this.epochOf(lid));
        this.atxs.delete(this.epochOf(lid));
      }
    }
    this.evicted = windowStart - 1;
    const first = this.layer(windowStart);
    if (first.prevOpinion !== null) first.prevOpinion = { opinion: first.prevOpinion.opinion };
  }

  /**
   * Marks the identity malicious. Its later ballots get no weight (decodeBallot); unlike
   * go-spacemesh, which only stops counting ballots that arrive after the call, the ballots it
   * already has in the window lose their weight too, and both counts are rebuilt.
   */
  onMalfeasance(nodeId: Uint8Array): void {
    const key = hexKey(nodeId);
    if (this.malnodes.has(key)) return;
    this.malnodes.add(key);
    let found = false;
    for (let lid = this.evicted + 1; lid <= this.evicted + this.layerData.length; lid++)
      for (const b of this.ballotsIn(lid))
        if (!b.malicious && equalBytes(b.reference.smesher, nodeId)) {
          b.malicious = true;
          b.weight = 0n;
          found = true;
        }
    if (found) this.recount();
  }

  /** Rebuilds the verifying weights and the full-mode margins from the stored ballots. */
  private recount(): void {
    const queued = new Set(this.retriable);
    const top = this.evicted + this.layerData.length;
    for (let lid = this.evicted + 1; lid <= top; lid++) {
      const layer = this.layer(lid);
      layer.goodUncounted = 0n;
      layer.empty = 0n;
      for (const b of layer.blocks) b.margin = 0n;
    }
    this.verifying.totalGoodWeight = 0n;
    for (let lid = this.evicted + 2; lid <= this.processed; lid++)
      for (const b of this.ballotsIn(lid)) {
        if (queued.has(b)) continue;
        this.verifying.countBallot(b);
        if (b.fullCounted) {
          b.fullCounted = false;
          this.full.countBallot(b);
        }
      }
  }
}
