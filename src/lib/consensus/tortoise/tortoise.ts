// The tortoise the node feeds and queries (go-spacemesh tortoise/algorithm.go Tortoise): pure
// in-memory state, no I/O, deterministic. The node gives it ATXs, beacons, ballots, blocks, hare
// outputs, weak coins and malfeasant identities as they are validated, calls tallyVotes on each
// new layer, applies updates(), and asks encodeVotes for its own ballots' votes.
import type { NetworkConfig } from '../../config/types.ts';
import { decodeBallot, storeBallot } from './ballots.ts';
import type { DecodedBallot, TortoiseBallot } from './ballots.ts';
import { encodeVotes } from './encode.ts';
import type { EncodedOpinion } from './encode.ts';
import { TortoiseError } from './errors.ts';
import { Turtle } from './turtle.ts';
import type { ModeChange, TortoiseMode } from './turtle.ts';
import { hexKey } from './state.ts';
import { Sign, crossesThreshold } from './weight.ts';

export type { DecodedBallot, TortoiseBallot } from './ballots.ts';
export type { EncodedOpinion } from './encode.ts';
export type { ModeChange, TortoiseMode } from './turtle.ts';

export interface TortoiseOptions {
  /** Its tortoise parameters, layersPerEpoch and layerAvgSize. */
  readonly network: NetworkConfig;
  /** The effective genesis layer: the last layer of epoch 1 unless given (GetEffectiveGenesis). */
  readonly genesisLayer?: number;
  /** Called on every switch between verifying and full mode. */
  readonly onModeChange?: (change: ModeChange) => void;
}

export interface TortoiseAtx {
  readonly id: Uint8Array;
  readonly nodeId: Uint8Array;
  /** numUnits × tick count. */
  readonly weight: bigint;
  readonly baseHeight: bigint;
  /** Tick height: baseHeight + tick count. */
  readonly height: bigint;
}

/** Hex ids of the ATX inputs, per input object: one string for all tortoises given the object. */
const atxKeys = new WeakMap<TortoiseAtx, string>();
function atxKey(atx: TortoiseAtx): string {
  let k = atxKeys.get(atx);
  if (k === undefined) atxKeys.set(atx, (k = hexKey(atx.id)));
  return k;
}

export interface TortoiseBlockHeader {
  readonly id: Uint8Array;
  readonly layer: number;
  readonly height: bigint;
}

/** result.Block. */
export interface BlockResult {
  readonly id: Uint8Array;
  readonly layer: number;
  readonly height: bigint;
  /** The block's data was given to onBlock (not only named by votes). */
  readonly data: boolean;
  readonly hare: boolean;
  readonly valid: boolean;
  readonly invalid: boolean;
  /** Its full-mode margin crosses the local threshold. */
  readonly local: boolean;
}

/** result.Layer. */
export interface LayerResult {
  readonly layer: number;
  readonly opinionHash: Uint8Array;
  readonly verified: boolean;
  readonly blocks: BlockResult[];
}

export class Tortoise {
  private readonly t: Turtle;

  constructor(opts: TortoiseOptions) {
    const cfg = opts.network.tortoise;
    if (cfg.hdist < cfg.zdist) throw new TortoiseError('config', 'hdist must be >= zdist');
    if (cfg.windowSize <= 0) throw new TortoiseError('config', 'window size must be positive');
    if (opts.network.layersPerEpoch <= 0)
      throw new TortoiseError('config', 'layersPerEpoch must be positive');
    const genesis = opts.genesisLayer ?? opts.network.layersPerEpoch * 2 - 1;
    this.t = new Turtle(cfg, opts.network.layersPerEpoch, genesis);
    this.t.onModeChange = opts.onModeChange ?? null;
  }

  /** Call before the ballots that use the ATX; `targetEpoch` is the epoch it is active in. */
  /** `atx` is kept as given (never written): an input shared by several tortoises stays shared. */
  onAtx(targetEpoch: number, atx: TortoiseAtx): void {
    this.t.onAtx(targetEpoch, atx.id, atx, atxKey(atx));
  }

  onBeacon(epoch: number, beacon: Uint8Array): void {
    this.t.onBeacon(epoch, beacon);
  }

  /** Decodes the votes and checks the signed opinion hash, without storing. */
  decodeBallot(ballot: TortoiseBallot): DecodedBallot | null {
    return decodeBallot(this.t, ballot);
  }

  storeBallot(decoded: DecodedBallot): void {
    storeBallot(this.t, decoded);
  }

  /** decodeBallot + storeBallot. Base, reference ballot and ATX must be known already.
   *  @throws TortoiseError */
  onBallot(ballot: TortoiseBallot): void {
    const decoded = decodeBallot(this.t, ballot);
    if (decoded !== null) storeBallot(this.t, decoded);
  }

  /** The block's data is available locally. */
  onBlock(header: TortoiseBlockHeader): void {
    this.t.onBlock(header.id, header.layer, header.height);
  }

  /** Hare (or a certificate) decided the layer: its block, or null for an empty layer. */
  onHareOutput(layer: number, blockId: Uint8Array | null): void {
    this.t.onHareOutput(layer, blockId);
  }

  onWeakCoin(layer: number, coin: boolean): void {
    this.t.onWeakCoin(layer, coin);
  }

  onMalfeasance(nodeId: Uint8Array): void {
    this.t.onMalfeasance(nodeId);
  }

  isMalfeasant(nodeId: Uint8Array): boolean {
    return this.t.isMalfeasant(nodeId);
  }

  tallyVotes(currentLayer: number): void {
    this.t.tallyVotes(currentLayer);
  }

  /** Votes and opinion hash for a ballot in `currentLayer`. @throws TortoiseError */
  encodeVotes(currentLayer?: number): EncodedOpinion {
    return encodeVotes(this.t, currentLayer);
  }

  /** Layers whose opinion or block validity changed since the last call, oldest first, up to the
   *  last processed layer (a changed layer changes every later opinion hash). */
  updates(): LayerResult[] {
    const from = this.t.pending;
    this.t.pending = null;
    if (from === null) return [];
    return this.results(Math.max(from, this.t.evicted + 1), this.t.processed);
  }

  /** Current results for layers [from, to], clamped to the window. */
  results(from: number, to: number): LayerResult[] {
    const out: LayerResult[] = [];
    const lo = Math.max(from, this.t.evicted + 1);
    const hi = Math.min(to, this.t.processed);
    for (let lid = lo; lid <= hi; lid++) {
      const layer = this.t.layer(lid);
      out.push({
        layer: lid,
        opinionHash: layer.opinion,
        verified: this.t.verified >= lid,
        blocks: layer.blocks.map((b) => ({
          id: b.id,
          layer: b.layer,
          height: b.height,
          data: b.data,
          hare: b.hare === Sign.SUPPORT,
          valid: b.validity === Sign.SUPPORT,
          invalid: b.validity === Sign.AGAINST,
          local: crossesThreshold(b.margin, this.t.localThreshold) === Sign.SUPPORT,
        })),
      });
    }
    return out;
  }

  /** The last verified layer. */
  latestComplete(): number {
    return this.t.verified;
  }

  /** The last layer given to tallyVotes. */
  lastLayer(): number {
    return this.t.last;
  }

  processedLayer(): number {
    return this.t.processed;
  }

  evictedLayer(): number {
    return this.t.evicted;
  }

  mode(): TortoiseMode {
    return this.t.isFull ? 'full' : 'verifying';
  }

  /** The opinion (mesh) hash of a layer in the window, or null. */
  opinionHash(layer: number): Uint8Array | null {
    if (layer <= this.t.evicted || layer > this.t.processed) return null;
    return this.t.layer(layer).opinion;
  }

  /** withinDistance(hdist, layer, last): the hare's output still decides the vote. */
  withinHdist(layer: number): boolean {
    return layer + this.t.cfg.hdist > this.t.last;
  }
}
