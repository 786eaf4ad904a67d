// A synthetic but realistic network driving tortoise instances: smeshers with ATX weights cast one
// ballot per layer (one eligibility of layersPerEpoch slots), their votes encoded by the tortoise
// of the node they run on, so every ballot is well-formed; each layer has blocks, hare outputs
// and a weak coin; delivery can be filtered to model partitions.
import { bytesToHex } from '@noble/hashes/utils.js';
import { devnet } from '../../../../src/lib/config/devnet.ts';
import type { NetworkConfig, TortoiseConfig } from '../../../../src/lib/config/types.ts';
import { blake3 } from '../../../../src/lib/crypto/hash.ts';
import { Tortoise } from '../../../../src/lib/consensus/tortoise/index.ts';
import type {
  LayerResult,
  ModeChange,
  TortoiseBallot,
} from '../../../../src/lib/consensus/tortoise/index.ts';

export const LAYERS_PER_EPOCH = 4;
export const GENESIS = LAYERS_PER_EPOCH * 2 - 1; // 7
export const BLOCK_HEIGHT = 100n;
export const ATX_HEIGHT = 200n;
export const BEACON = Uint8Array.of(1, 2, 3, 4);

export function network(overrides: Partial<TortoiseConfig> = {}): NetworkConfig {
  return {
    ...devnet,
    layersPerEpoch: LAYERS_PER_EPOCH,
    tortoise: {
      ...devnet.tortoise,
      hdist: 4,
      zdist: 2,
      windowSize: 40,
      maxExceptions: 200,
      badBeaconVoteDelayLayers: 4,
      ...overrides,
    },
  };
}

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}

const tag = (s: string): Uint8Array => new TextEncoder().encode(s);

export function nodeIdOf(s: number): Uint8Array {
  return blake3(tag('node'), u32(s));
}
export function atxIdOf(s: number, epoch: number): Uint8Array {
  return blake3(tag('atx'), u32(s), u32(epoch));
}
export function ballotIdOf(s: number, layer: number): Uint8Array {
  return blake3(tag('ballot'), u32(s), u32(layer)).slice(0, 20);
}
export function blockIdOf(layer: number, k: number): Uint8Array {
  return blake3(tag('block'), u32(layer), u32(k)).slice(0, 20);
}

export interface LayerPlan {
  /** Blocks generated in the layer (default 1). */
  readonly blocks?: number;
  /** Hare output per node: a block index, null for empty, undefined for no output (default 0). */
  readonly hare?: (node: number) => number | null | undefined;
  /** Whether smesher s's ballot reaches node n (default: always). */
  readonly deliver?: (smesher: number, node: number) => boolean;
  /** Weak coin of the layer (default true; null: none arrives). */
  readonly coin?: boolean | null;
  /** Smeshers that cast no ballot this layer. */
  readonly silent?: ReadonlySet<number>;
  /** Reverse the order ballots and blocks reach node n (determinism checks). */
  readonly reverse?: (node: number) => boolean;
}

export interface SimOptions {
  readonly nodes: number;
  readonly smeshers: number;
  /** ATX weight per smesher (default 1000). */
  readonly weight?: (s: number) => bigint;
  /** Which node's tortoise encodes smesher s's votes (default s % nodes). */
  readonly home?: (s: number) => number;
  readonly net?: NetworkConfig;
}

export class Sim {
  readonly nodes: Tortoise[];
  readonly modeChanges: ModeChange[][];
  readonly net: NetworkConfig;
  readonly smeshers: number;
  readonly weight: (s: number) => bigint;
  home: (s: number) => number;
  /** Every ballot cast, by layer, and which nodes have it. */
  readonly cast = new Map<number, TortoiseBallot[]>();
  readonly delivered: Set<string>[];
  readonly refs = new Map<string, Uint8Array>();
  layer = GENESIS;
  /** Updates collected per node, in order. */
  readonly updates: LayerResult[][][];

  constructor(opts: SimOptions) {
    this.net = opts.net ?? network();
    this.smeshers = opts.smeshers;
    this.weight = opts.weight ?? (() => 1000n);
    this.home = opts.home ?? ((s) => s % opts.nodes);
    this.modeChanges = Array.from({ length: opts.nodes }, () => []);
    this.nodes = Array.from(
      { length: opts.nodes },
      (_, i) =>
        new Tortoise({
          network: this.net,
          onModeChange: (c) => this.modeChanges[i]!.push(c),
        }),
    );
    this.delivered = this.nodes.map(() => new Set());
    this.updates = this.nodes.map(() => []);
    this.epochData(2);
  }

  /** ATXs and beacon of an epoch, to every node. */
  epochData(epoch: number): void {
    for (const t of this.nodes) {
      for (let s = 0; s < this.smeshers; s++)
        t.onAtx(epoch, {
          id: atxIdOf(s, epoch),
          nodeId: nodeIdOf(s),
          weight: this.weight(s),
          baseHeight: ATX_HEIGHT - 10n,
          height: ATX_HEIGHT,
        });
      t.onBeacon(epoch, BEACON);
    }
  }

  ballotFor(s: number, layer: number): TortoiseBallot {
    const epoch = Math.floor(layer / LAYERS_PER_EPOCH);
    const home = this.nodes[this.home(s)]!;
    const op = home.encodeVotes(layer);
    const refKey = `${s}/${epoch}`;
    const ref = this.refs.get(refKey) ?? null;
    const id = ballotIdOf(s, layer);
    if (ref === null) this.refs.set(refKey, id);
    return {
      id,
      layer,
      atxId: atxIdOf(s, epoch),
      nodeId: nodeIdOf(s),
      eligibilities: 1,
      refBallot: ref,
      epochData:
        ref === null
          ? {
              activeSetHash: new Uint8Array(32).fill(9),
              beacon: BEACON,
              eligibilityCount: LAYERS_PER_EPOCH,
            }
          : null,
      votes: op.votes,
      opinionHash: op.opinionHash,
    };
  }

  deliver(n: number, b: TortoiseBallot): void {
    const key = `${b.layer}/${b.nodeId.join(',')}`;
    if (this.delivered[n]!.has(key)) return;
    this.nodes[n]!.onBallot(b);
    this.delivered[n]!.add(key);
  }

  /** Deliver every ballot a node missed, oldest layer first (what sync would do). */
  heal(): void {
    const layers = [...this.cast.keys()].sort((a, b) => a - b);
    for (let n = 0; n < this.nodes.length; n++)
      for (const l of layers) for (const b of this.cast.get(l)!) this.deliver(n, b);
  }

  /** Run one layer: ballots, blocks, hare outputs, weak coin, tally, updates. */
  step(plan: LayerPlan = {}): number {
    const layer = ++this.layer;
    if (layer % LAYERS_PER_EPOCH === 0) this.epochData(Math.floor(layer / LAYERS_PER_EPOCH) + 1);
    const cast: Array<{ readonly s: number; readonly b: TortoiseBallot }> = [];
    for (let s = 0; s < this.smeshers; s++)
      if (!plan.silent?.has(s)) cast.push({ s, b: this.ballotFor(s, layer) });
    this.cast.set(
      layer,
      cast.map((c) => c.b),
    );
    this.nodes.forEach((_, n) => {
      const order = plan.reverse?.(n) === true ? [...cast].reverse() : cast;
      for (const { s, b } of order)
        if (plan.deliver === undefined || plan.deliver(s, n)) this.deliver(n, b);
    });
    const nblocks = plan.blocks ?? 1;
    this.nodes.forEach((t, n) => {
      const ks = [...Array(nblocks).keys()];
      if (plan.reverse?.(n) === true) ks.reverse();
      for (const k of ks) t.onBlock({ id: blockIdOf(layer, k), layer, height: BLOCK_HEIGHT });
      const h = plan.hare === undefined ? (nblocks > 0 ? 0 : null) : plan.hare(n);
      if (h !== undefined) t.onHareOutput(layer, h === null ? null : blockIdOf(layer, h));
      if (plan.coin !== null) t.onWeakCoin(layer, plan.coin ?? true);
      t.tallyVotes(layer);
      this.updates[n]!.push(t.updates());
    });
    return layer;
  }

  /** The latest update seen by node n for a layer, or undefined. */
  lastUpdate(n: number, layer: number): LayerResult | undefined {
    let found: LayerResult | undefined;
    for (const batch of this.updates[n]!) for (const r of batch) if (r.layer === layer) found = r;
    return found;
  }
}

export function hex(b: Uint8Array): string {
  return bytesToHex(b);
}
