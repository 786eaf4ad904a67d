// The 3D mesh explorer's scene model: which objects the view shows, where, how large and in
// which colour role, built only from API items (LayerStreamService layers, ActivationService
// ATXs, RewardService rewards) and the node's status. Plain TypeScript with no three.js and no
// DOM, so it is unit-tested without WebGL; render.ts draws it.
//
// Layout: time runs along x, one slot of LAYER_GAP per layer. A layer is a flat slab at y = 0,
// its block (when the layer has one) a cube above it. ATXs sit in a grid below the epoch in
// which they are active (publish epoch + 1), sized by weight. Edges join a block to the ATXs of
// the smeshers it rewarded (the API's rewards name the smesher and the layer). The tortoise's
// verified frontier is a plane after the last applied layer. Ballots (Smesh's BallotService) stand
// in a grid above their layer's block, sized by eligibilities; edges join a ballot to its ATX and
// to the blocks it votes for (support) or against.
//
// Objects of one kind are kept in an array: the index is the instance index of the kind's
// InstancedMesh, so picking an instance is an array lookup.
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Ballot } from '../../api/v1/ballot.ts';
import type { Activation } from '../../api/v2alpha1/activation.ts';
import type { Layer } from '../../api/v2alpha1/layer.ts';
import type { Reward } from '../../api/v2alpha1/reward.ts';
import { decodeBase64 } from '../../api/v2alpha1/shape.ts';

export type ObjectKind = 'layer' | 'block' | 'atx' | 'ballot';
export const KINDS: readonly ObjectKind[] = ['layer', 'block', 'atx', 'ballot'];

/** What colours an object; render.ts maps roles to the app's CSS colours. */
export type ColorRole =
  | 'verified'
  | 'pending'
  | 'block'
  | 'atx'
  | 'ballot'
  | 'reference'
  | 'edge'
  | 'support'
  | 'against'
  | 'frontier';

/** What an edge shows: a reward, a ballot's ATX, a ballot's vote for or against a block. */
export type EdgeRole = 'edge' | 'ballot-atx' | 'support' | 'against';

export type Vec3 = readonly [number, number, number];

/** An explorer page: path under /explorer and its query string (without '?'). */
export interface ExplorerLink {
  readonly page: 'layer' | 'block' | 'atx';
  readonly query: string;
}

export interface SceneObject {
  readonly kind: ObjectKind;
  /** Layer number for layers; the id as hex for blocks and ATXs. */
  readonly key: string;
  readonly layer: number;
  readonly epoch: number;
  position: Vec3;
  /** Size along x, y, z. */
  scale: Vec3;
  role: ColorRole;
  readonly link: ExplorerLink;
  /** Tooltip text (one line per entry). */
  lines: string[];
}

export interface Edge {
  readonly from: Vec3;
  readonly to: Vec3;
  readonly role: EdgeRole;
}

export interface FrontierStatus {
  /** Last layer the node applied (executed after the tortoise verified it). */
  readonly appliedLayer: number;
  /** Last layer the tortoise processed. */
  readonly processedLayer: number;
  /** The clock's layer. */
  readonly currentLayer: number;
}

export const LAYER_GAP = 1.5;
export const LAYER_SIZE: Vec3 = [1, 0.12, 3];
export const BLOCK_SIZE = 0.7;
export const BLOCK_Y = 0.6;
export const ATX_Y = -2;
/** Rows of ATXs under an epoch before the grid goes one level down. */
const ATX_ROWS_PER_LEVEL = 4;
const ATX_ROW_GAP = 1.2;
const ATX_MIN = 0.25;
const ATX_MAX = 0.9;
/** Ballots: a grid of BALLOT_COLUMNS across the layer's depth, rows going up from BALLOT_Y. */
export const BALLOT_Y = 1.35;
export const BALLOT_COLUMNS = 5;
const BALLOT_GAP = 0.55;
const BALLOT_MIN = 0.16;
const BALLOT_MAX = 0.45;

export interface SceneOptions {
  readonly layersPerEpoch: number;
  /** Oldest layers (and what hangs off them) are dropped beyond this many. */
  readonly maxLayers?: number;
}

/** The explorer page of a link, relative to the explorer's root: '/layer?n=42'. */
export function explorerPath(link: ExplorerLink): string {
  return `/${link.page}?${link.query}`;
}

export function hexOf(b64: string): string {
  return bytesToHex(decodeBase64(b64));
}

export function short(hex: string): string {
  return hex.length > 12 ? `${hex.slice(0, 6)}…${hex.slice(-4)}` : hex;
}

/** Groups digits of a decimal string: 1234567 → 1 234 567. */
export function groupDigits(s: string): string {
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** A stride coprime with n near n·0.618, so consecutive ATXs spread over an epoch's layers. */
export function spreadStride(n: number): number {
  if (n <= 2) return 1;
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  let s = Math.max(1, Math.round(n * 0.618));
  while (gcd(s, n) !== 1) s++;
  return s;
}

export function layerX(layer: number): number {
  return layer * LAYER_GAP;
}

/** Where the i-th ATX active in `targetEpoch` sits. */
export function atxPosition(targetEpoch: number, i: number, layersPerEpoch: number): Vec3 {
  const slot = (i * spreadStride(layersPerEpoch)) % layersPerEpoch;
  const row = Math.floor(i / layersPerEpoch);
  const z = ((row % ATX_ROWS_PER_LEVEL) - (ATX_ROWS_PER_LEVEL - 1) / 2) * ATX_ROW_GAP;
  const y = ATX_Y - Math.floor(row / ATX_ROWS_PER_LEVEL) * ATX_ROW_GAP;
  return [layerX(targetEpoch * layersPerEpoch + slot), y, z];
}

/** Sphere diameter for a weight against the largest weight shown (area grows with weight). */
export function atxSize(weight: bigint, maxWeight: bigint): number {
  if (maxWeight <= 0n) return ATX_MIN;
  const f = Number((weight * 1_000_000n) / maxWeight) / 1_000_000;
  return ATX_MIN + (ATX_MAX - ATX_MIN) * Math.sqrt(Math.min(1, Math.max(0, f)));
}

/** Where the i-th ballot of a layer sits. */
export function ballotPosition(layer: number, i: number): Vec3 {
  const col = i % BALLOT_COLUMNS;
  const row = Math.floor(i / BALLOT_COLUMNS);
  return [
    layerX(layer),
    BALLOT_Y + row * BALLOT_GAP,
    (col - (BALLOT_COLUMNS - 1) / 2) * BALLOT_GAP,
  ];
}

/** Cube edge for a ballot's eligibilities against the most any ballot shown has. */
export function ballotSize(eligibilities: number, max: number): number {
  if (max <= 0) return BALLOT_MIN;
  const f = Math.min(1, Math.max(0, eligibilities / max));
  return BALLOT_MIN + (BALLOT_MAX - BALLOT_MIN) * Math.sqrt(f);
}

interface BallotEntry {
  readonly obj: SceneObject;
  readonly eligibilities: number;
  readonly atx: string;
  readonly support: readonly string[];
  readonly against: readonly string[];
}

interface AtxEntry {
  readonly obj: SceneObject;
  readonly weight: bigint;
  readonly smesher: string;
  readonly publishEpoch: number;
}

export class MeshScene {
  readonly layersPerEpoch: number;
  readonly maxLayers: number;
  readonly layers: SceneObject[] = [];
  readonly blocks: SceneObject[] = [];
  readonly atxs: SceneObject[] = [];
  readonly ballots: SceneObject[] = [];
  /** Bumped on every change; the renderer redraws when it moves. */
  version = 0;
  frontier: FrontierStatus | undefined;
  #layerByNumber = new Map<number, SceneObject>();
  #blockByLayer = new Map<number, SceneObject>();
  /** Block id hex → block, for vote edges. */
  #blockByHex = new Map<string, SceneObject>();
  #ballot = new Map<string, BallotEntry>();
  #ballotCountByLayer = new Map<number, number>();
  #maxEligibilities = 0;
  #atx = new Map<string, AtxEntry>();
  /** `${smesherHex}:${publishEpoch}` → ATX id hex. */
  #atxBySmesherEpoch = new Map<string, string>();
  #atxCountByTarget = new Map<number, number>();
  #maxWeight = 0n;
  /** Rewards: `${layer}:${smesherHex}` → layer, smesher. */
  #rewards = new Map<string, { layer: number; smesher: string }>();
  #rewardCount = new Map<number, number>();
  /** Layers whose own status says verified or applied. */
  #verified = new Set<number>();
  #edges: Edge[] | undefined;

  constructor(o: SceneOptions) {
    if (!Number.isInteger(o.layersPerEpoch) || o.layersPerEpoch < 1)
      throw new Error(`layersPerEpoch must be a positive integer, got ${o.layersPerEpoch}`);
    this.layersPerEpoch = o.layersPerEpoch;
    this.maxLayers = o.maxLayers ?? 600;
  }

  epochOf(layer: number): number {
    return Math.floor(layer / this.layersPerEpoch);
  }

  objects(kind: ObjectKind): readonly SceneObject[] {
    switch (kind) {
      case 'layer':
        return this.layers;
      case 'block':
        return this.blocks;
      case 'atx':
        return this.atxs;
      case 'ballot':
        return this.ballots;
    }
  }

  /** The object behind instance `index` of a kind's instanced mesh. */
  pick(kind: ObjectKind, index: number): SceneObject | undefined {
    return this.objects(kind)[index];
  }

  get count(): number {
    return this.layers.length + this.blocks.length + this.atxs.length + this.ballots.length;
  }

  /** Highest layer shown, or undefined before the first. */
  get latestLayer(): number | undefined {
    return this.layers.length === 0 ? undefined : this.layers[this.layers.length - 1]!.layer;
  }

  /**
   * Verified when the API says so for the layer itself (LayerService sends executed layers as
   * VERIFIED) or when the node's status puts it at or behind the applied layer.
   */
  #layerRole(n: number): ColorRole {
    if (this.#verified.has(n)) return 'verified';
    return this.frontier !== undefined && n <= this.frontier.appliedLayer ? 'verified' : 'pending';
  }

  /**
   * The verified frontier: the newest layer known verified, from the node's status or from the
   * layers themselves (the status is polled, so a streamed layer may be ahead of it).
   */
  get frontierLayer(): number | undefined {
    let f = this.frontier?.appliedLayer;
    for (let i = this.layers.length - 1; i >= 0; i--) {
      const n = this.layers[i]!.layer;
      if (this.#verified.has(n)) {
        f = Math.max(f ?? n, n);
        break;
      }
    }
    return f;
  }

  #layerLines(l: Layer, blockHex: string | undefined): string[] {
    const status =
      l.status === 'LAYER_STATUS_VERIFIED'
        ? 'verified'
        : l.status === 'LAYER_STATUS_APPLIED'
          ? 'applied'
          : 'status unknown';
    return [
      `Layer ${l.number} · epoch ${this.epochOf(l.number)}`,
      `${status}${blockHex === undefined ? ' · no block (empty layer)' : ` · block ${short(blockHex)}`}`,
      ...(l.consensusHash === '' ? [] : [`consensus hash ${l.consensusHash}`]),
    ];
  }

  /** A layer from LayerService / LayerStreamService (a repeated number replaces the old one). */
  addLayer(l: Layer): void {
    const n = l.number;
    if (l.status === 'LAYER_STATUS_UNSPECIFIED') this.#verified.delete(n);
    else this.#verified.add(n);
    const blockHex = l.block === null || l.block.id === '' ? undefined : hexOf(l.block.id);
    const existing = this.#layerByNumber.get(n);
    if (existing !== undefined) {
      existing.lines = this.#layerLines(l, blockHex);
      existing.role = this.#layerRole(n);
      const oldBlock = this.#blockByLayer.get(n);
      if (oldBlock !== undefined && oldBlock.key !== blockHex) {
        this.blocks.splice(this.blocks.indexOf(oldBlock), 1);
        this.#blockByLayer.delete(n);
        this.#blockByHex.delete(oldBlock.key);
      }
      if (blockHex !== undefined && this.#blockByLayer.get(n) === undefined)
        this.#insertBlock(n, blockHex);
      this.#changed();
      return;
    }
    const latest = this.latestLayer;
    if (latest !== undefined && n < latest - this.maxLayers) return;
    const obj: SceneObject = {
      kind: 'layer',
      key: String(n),
      layer: n,
      epoch: this.epochOf(n),
      position: [layerX(n), 0, 0],
      scale: LAYER_SIZE,
      role: this.#layerRole(n),
      link: { page: 'layer', query: `n=${n}` },
      lines: this.#layerLines(l, blockHex),
    };
    insertSorted(this.layers, obj);
    this.#layerByNumber.set(n, obj);
    if (blockHex !== undefined) this.#insertBlock(n, blockHex);
    this.#evict();
    this.#changed();
  }

  #insertBlock(n: number, hex: string): void {
    const obj: SceneObject = {
      kind: 'block',
      key: hex,
      layer: n,
      epoch: this.epochOf(n),
      position: [layerX(n), BLOCK_Y, 0],
      scale: [BLOCK_SIZE, BLOCK_SIZE, BLOCK_SIZE],
      role: 'block',
      link: { page: 'block', query: `layer=${n}&id=${hex}` },
      lines: [`Block ${short(hex)}`, `layer ${n} · epoch ${this.epochOf(n)}`],
    };
    insertSorted(this.blocks, obj);
    this.#blockByLayer.set(n, obj);
    this.#blockByHex.set(hex, obj);
    this.#refreshBlockLines(n);
  }

  #refreshBlockLines(n: number): void {
    const b = this.#blockByLayer.get(n);
    if (b === undefined) return;
    const rewarded = this.#rewardCount.get(n) ?? 0;
    b.lines = [
      `Block ${short(b.key)}`,
      `layer ${n} · epoch ${b.epoch}`,
      ...(rewarded > 0 ? [`rewarded ${rewarded} smesher${rewarded === 1 ? '' : 's'}`] : []),
    ];
  }

  /** An ATX from ActivationService / ActivationStreamService. */
  addActivation(a: Activation): void {
    const hex = hexOf(a.id);
    if (this.#atx.has(hex)) return;
    const target = a.publishEpoch + 1;
    const latest = this.latestLayer;
    if (latest !== undefined && (target + 1) * this.layersPerEpoch <= latest - this.maxLayers)
      return;
    const i = this.#atxCountByTarget.get(target) ?? 0;
    this.#atxCountByTarget.set(target, i + 1);
    const weight = BigInt(a.weight);
    const smesher = hexOf(a.smesherId);
    const obj: SceneObject = {
      kind: 'atx',
      key: hex,
      layer: target * this.layersPerEpoch,
      epoch: a.publishEpoch,
      position: atxPosition(target, i, this.layersPerEpoch),
      scale: [ATX_MIN, ATX_MIN, ATX_MIN],
      role: 'atx',
      link: { page: 'atx', query: `id=${hex}` },
      lines: [
        `ATX ${short(hex)}`,
        `published in epoch ${a.publishEpoch}, active in ${target}`,
        `weight ${groupDigits(a.weight)} · ${a.numUnits} unit${a.numUnits === 1 ? '' : 's'}`,
        `smesher ${short(smesher)}`,
      ],
    };
    this.atxs.push(obj);
    this.#atx.set(hex, { obj, weight, smesher, publishEpoch: a.publishEpoch });
    this.#atxBySmesherEpoch.set(`${smesher}:${a.publishEpoch}`, hex);
    if (weight > this.#maxWeight) {
      this.#maxWeight = weight;
      for (const e of this.#atx.values()) sizeAtx(e, this.#maxWeight);
    } else sizeAtx(this.#atx.get(hex)!, this.#maxWeight);
    this.#changed();
  }

  /** A ballot from Smesh's BallotService / BallotStreamService. */
  addBallot(b: Ballot): void {
    const hex = hexOf(b.id);
    if (this.#ballot.has(hex)) return;
    const latest = this.latestLayer;
    if (latest !== undefined && b.layer < latest - this.maxLayers) return;
    const i = this.#ballotCountByLayer.get(b.layer) ?? 0;
    this.#ballotCountByLayer.set(b.layer, i + 1);
    const votes = b.votes ?? { base: '', support: [], against: [], abstain: [] };
    const smesher = hexOf(b.smesherId);
    const obj: SceneObject = {
      kind: 'ballot',
      key: hex,
      layer: b.layer,
      epoch: this.epochOf(b.layer),
      position: ballotPosition(b.layer, i),
      scale: [BALLOT_MIN, BALLOT_MIN, BALLOT_MIN],
      role: b.malicious ? 'pending' : b.isReference ? 'reference' : 'ballot',
      link: { page: 'layer', query: `n=${b.layer}` },
      lines: [
        `Ballot ${short(hex)}${b.isReference ? ' · reference (epoch data)' : ''}`,
        `layer ${b.layer} · epoch ${this.epochOf(b.layer)} · ${b.eligibilities} eligibilit${b.eligibilities === 1 ? 'y' : 'ies'}`,
        `smesher ${short(smesher)} · ATX ${short(hexOf(b.atxId))}`,
        `votes: ${votes.support.length} for, ${votes.against.length} against, ${votes.abstain.length} abstain`,
        ...(b.malicious ? ['smesher malicious when stored'] : []),
      ],
    };
    insertSorted(this.ballots, obj);
    this.#ballot.set(hex, {
      obj,
      eligibilities: b.eligibilities,
      atx: hexOf(b.atxId),
      support: votes.support.map(hexOf),
      against: votes.against.map(hexOf),
    });
    if (b.eligibilities > this.#maxEligibilities) {
      this.#maxEligibilities = b.eligibilities;
      for (const e of this.#ballot.values()) sizeBallot(e, this.#maxEligibilities);
    } else sizeBallot(this.#ballot.get(hex)!, this.#maxEligibilities);
    this.#changed();
  }

  /** A reward from RewardService / RewardStreamService: an edge from the block to the ATX. */
  addReward(r: Reward): void {
    if (r.smesher === '') return;
    const smesher = hexOf(r.smesher);
    const key = `${r.layer}:${smesher}`;
    if (this.#rewards.has(key)) return;
    const latest = this.latestLayer;
    if (latest !== undefined && r.layer < latest - this.maxLayers) return;
    this.#rewards.set(key, { layer: r.layer, smesher });
    this.#rewardCount.set(r.layer, (this.#rewardCount.get(r.layer) ?? 0) + 1);
    this.#refreshBlockLines(r.layer);
    this.#changed();
  }

  /** The node's status: moves the verified frontier and recolours layers past it. */
  setFrontier(s: FrontierStatus): void {
    const f = this.frontier;
    if (
      f !== undefined &&
      f.appliedLayer === s.appliedLayer &&
      f.processedLayer === s.processedLayer &&
      f.currentLayer === s.currentLayer
    )
      return;
    this.frontier = {
      appliedLayer: s.appliedLayer,
      processedLayer: s.processedLayer,
      currentLayer: s.currentLayer,
    };
    for (const l of this.layers) l.role = this.#layerRole(l.layer);
    this.#changed();
  }

  /** x of the frontier plane: just after the last applied layer. */
  get frontierX(): number | undefined {
    const f = this.frontierLayer;
    return f === undefined ? undefined : layerX(f) + LAYER_GAP / 2;
  }

  /** Block → rewarded smesher's ATX (active in the block's epoch), for every known pair. */
  edges(): readonly Edge[] {
    if (this.#edges !== undefined) return this.#edges;
    const out: Edge[] = [];
    for (const r of this.#rewards.values()) {
      const block = this.#blockByLayer.get(r.layer);
      if (block === undefined) continue;
      const atxHex = this.#atxBySmesherEpoch.get(`${r.smesher}:${this.epochOf(r.layer) - 1}`);
      const atx = atxHex === undefined ? undefined : this.#atx.get(atxHex);
      if (atx === undefined) continue;
      out.push({ from: block.position, to: atx.obj.position, role: 'edge' });
    }
    for (const b of this.#ballot.values()) {
      const atx = this.#atx.get(b.atx);
      if (atx !== undefined)
        out.push({ from: b.obj.position, to: atx.obj.position, role: 'ballot-atx' });
      for (const v of b.support) {
        const block = this.#blockByHex.get(v);
        if (block !== undefined)
          out.push({ from: b.obj.position, to: block.position, role: 'support' });
      }
      for (const v of b.against) {
        const block = this.#blockByHex.get(v);
        if (block !== undefined)
          out.push({ from: b.obj.position, to: block.position, role: 'against' });
      }
    }
    this.#edges = out;
    return out;
  }

  /** Extent along x of what is shown. */
  bounds(): { minX: number; maxX: number } | undefined {
    let minX = Infinity;
    let maxX = -Infinity;
    for (const k of KINDS)
      for (const o of this.objects(k)) {
        minX = Math.min(minX, o.position[0]);
        maxX = Math.max(maxX, o.position[0]);
      }
    return minX === Infinity ? undefined : { minX, maxX };
  }

  #evict(): void {
    const latest = this.latestLayer;
    if (latest === undefined) return;
    const oldest = latest - this.maxLayers;
    if (this.layers[0]!.layer >= oldest) return;
    const keep = (o: SceneObject) => o.layer >= oldest;
    for (const o of this.layers)
      if (!keep(o)) {
        this.#layerByNumber.delete(o.layer);
        this.#verified.delete(o.layer);
      }
    for (const o of this.blocks)
      if (!keep(o)) {
        this.#blockByLayer.delete(o.layer);
        this.#blockByHex.delete(o.key);
      }
    for (const o of this.ballots)
      if (!keep(o)) {
        this.#ballot.delete(o.key);
        this.#ballotCountByLayer.delete(o.layer);
      }
    filterInPlace(this.layers, keep);
    filterInPlace(this.blocks, keep);
    filterInPlace(this.ballots, keep);
    // An ATX stays while any layer of its active epoch is shown.
    const keepAtx = (o: SceneObject) => o.layer + this.layersPerEpoch > oldest;
    for (const o of this.atxs)
      if (!keepAtx(o)) {
        const e = this.#atx.get(o.key)!;
        this.#atx.delete(o.key);
        this.#atxBySmesherEpoch.delete(`${e.smesher}:${e.publishEpoch}`);
      }
    filterInPlace(this.atxs, keepAtx);
    for (const [k, r] of this.#rewards)
      if (r.layer < oldest) {
        this.#rewards.delete(k);
        this.#rewardCount.delete(r.layer);
      }
  }

  #changed(): void {
    this.#edges = undefined;
    this.version++;
  }
}

function sizeAtx(e: AtxEntry, max: bigint): void {
  const s = atxSize(e.weight, max);
  e.obj.scale = [s, s, s];
}

function sizeBallot(e: BallotEntry, max: number): void {
  const s = ballotSize(e.eligibilities, max);
  e.obj.scale = [s, s, s];
}

function insertSorted(list: SceneObject[], obj: SceneObject): void {
  let i = list.length;
  while (i > 0 && list[i - 1]!.layer > obj.layer) i--;
  list.splice(i, 0, obj);
}

function filterInPlace<T>(list: T[], keep: (t: T) => boolean): void {
  let j = 0;
  for (const t of list) if (keep(t)) list[j++] = t;
  list.length = j;
}
