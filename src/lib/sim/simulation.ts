// The deterministic multi-node simulation: N full nodes (src/lib/node FullNode, unchanged) with
// real PoST data and keys, one PoET server, an in-memory network with seeded latency and loss,
// all on one virtual clock. Same seed, same run: keys, latencies, losses and every protocol
// decision derive from it, and nothing reads wall time.
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ServicePoetSeam } from '../activation/poet-seam.ts';
import { configGenesisId, configGoldenAtx, genesisTimeMs } from '../config/genesis.ts';
import type { NetworkConfig } from '../config/types.ts';
import { blake3 } from '../crypto/hash.ts';
import { publicKeyOf } from '../crypto/signing.ts';
import type { PoetProofProvider, PoetProofRecord } from '../mesh/atx/validation.ts';
import type { Gossip, Requester } from '../p2p/interface.ts';
import { FullNode } from '../node/full-node.ts';
import type { AppliedLayer } from '../node/full-node.ts';
import { nobleHasher } from '../poet/hash.ts';
import { membershipRoot } from '../poet/membership.ts';
import { MemoryPoetStore } from '../poet/memory-store.ts';
import { PoetService } from '../poet/service.ts';
import { CpuLabelProvider } from '../post/cpu-provider.ts';
import { initialize } from '../post/init.ts';
import { LABEL_SIZE } from '../post/interface.ts';
import type { LabelReader } from '../post/interface.ts';
import { MemoryPostStorage } from '../post/storage.ts';
import type { MemoryStore } from '../store/memory.ts';
import { ByzantineEndpoint } from './byzantine.ts';
import type { ByzantineBehaviour } from './byzantine.ts';
import { simNetworkConfig } from './config.ts';
import type { Topology, TraceEvent } from './interface.ts';
import type { SimEndpoint } from './endpoint.ts';
import { ByteInterner, InterningMemoryStore } from './interning-store.ts';
import { SimNetwork } from './network.ts';
import { SharedPoetSeam } from './poet-seam.ts';
import { Rng } from './rng.ts';
import { VirtualTime } from './virtual-time.ts';

export interface SimulationOptions {
  readonly nodes: number;
  readonly epochs: number;
  readonly seed: string;
  readonly network?: NetworkConfig;
  readonly latencyMs?: { readonly min: number; readonly max: number };
  readonly loss?: number;
  /** Who links to whom (default: everyone to everyone); large runs use a random graph. */
  readonly topology?: Topology;
  /** Gossip relays per message (gossipsub's D); default: every link. */
  readonly meshDegree?: number;
  /**
   * Splits the nodes into two halves (by index) that cannot reach each other from the start of
   * layer `from` until the start of layer `to`, when the network heals.
   */
  readonly partition?: { readonly from: number; readonly to: number };
  /**
   * Crashes ⌈fraction·honest⌉ honest nodes (every third one first) at the start of layer `at` and
   * restarts them at the start of layer `restartAt` over the store they had (their "disk"): they
   * recover from it and catch up from peers.
   */
  readonly crash?: { readonly fraction: number; readonly at: number; readonly restartAt: number };
  /**
   * The last ⌈fraction·nodes⌉ nodes run `behaviour` (byzantine.ts), fraction in (0, 1) with at
   * least one honest node left. Their PoST sizes are chosen so that they hold about `fraction` of
   * the weight (see byzantineUnits; the report gives the actual share).
   */
  readonly byzantine?: { readonly fraction: number; readonly behaviour: ByzantineBehaviour };
  /**
   * Node `node` starts with its key but without smeshing and calls FullNode.startSmeshing as
   * `layer` begins: the runtime path of the app's smeshing wizard (StartSmeshing).
   */
  readonly lateSmesher?: { readonly node: number; readonly layer: number };
  /**
   * Node `node` is not there at genesis: it joins as `layer` begins, with an empty store, and
   * smeshes — a new smesher syncing a network that has run for a while (the browser node that a
   * person opens on a live network).
   */
  readonly lateJoiner?: { readonly node: number; readonly layer: number };
  /** Called once per layer, after it ended, with what the honest nodes executed for it. */
  readonly onLayer?: (l: LayerAgreement) => void;
  /** Called as the run enters each layer, genesis ones included (progress of long runs). */
  readonly onLayerStart?: (layer: number) => void;
  readonly log?: (line: string) => void;
  /** Sees every node once it is composed, before it starts (tests, tracing). */
  readonly onNode?: (node: FullNode, index: number) => void;
  /** Every gossip delivery, drop, verdict and disconnect of the network (SimNetworkOptions). */
  readonly onTrace?: (event: TraceEvent) => void;
}

export interface LayerAgreement {
  readonly layer: number;
  /** Honest nodes that have executed the layer. */
  readonly applied: number;
  /** Honest nodes. */
  readonly nodes: number;
  /** Every honest node executed the layer, with the same state hash. */
  readonly agreed: boolean;
  /** The state hash most nodes have (null when none executed the layer yet). */
  readonly stateHash: string | null;
}

export interface SimulationReport {
  /** Each layer as reported during the run (once every honest node had executed it). */
  readonly layers: LayerAgreement[];
  /** Each layer past genesis as it stands at the end of the run. */
  readonly finalLayers: LayerAgreement[];
  readonly finalStateHash: string | null;
  /** The honest nodes agree on every layer up to verifiedLayer (Byzantine ones are not asked). */
  readonly agreed: boolean;
  /** The last layer every honest node has executed. */
  readonly verifiedLayer: number;
  /** Every node, honest or not, by index. */
  readonly nodes: readonly FullNode[];
  /** Indices of the honest nodes that were crashed and restarted (empty without `crash`). */
  readonly crashed: readonly number[];
  /** Indices of the honest nodes (all of them without the `byzantine` option). */
  readonly honest: readonly number[];
  /** The Byzantine nodes, what they did and their share of the PoST units; null when none. */
  readonly byzantine: ByzantineReport | null;
  /** The PoET server's proofs by ref: what a node outside the run needs to validate its ATXs. */
  readonly poetProofs: PoetProofProvider;
  /** The simulated network (counters per peer: what honest nodes rejected, links dropped). */
  readonly network: SimNetwork;
  readonly realMs: number;
}

export interface ByzantineReport {
  readonly behaviour: ByzantineBehaviour;
  readonly indices: readonly number[];
  /** numUnits of each node, by index. */
  readonly numUnits: readonly number[];
  /**
   * The Byzantine nodes' share of all PoST units. Every node's ATX has the same PoET ticks, so
   * this is their share of the ATX weight (of the epoch's weight while their ATXs count).
   */
  readonly weightShare: number;
  /** The wrappers of the Byzantine nodes, in `indices` order (their acts counters). */
  readonly endpoints: readonly ByzantineEndpoint[];
}

/**
 * numUnits per node: honest node i has 1 + (i mod maxNumUnits), as in the honest run; the
 * `byzantine` last ones all get the same size, chosen (within [1, maxNumUnits]) so that their
 * share of the units is the closest to `fraction`.
 */
export function byzantineUnits(
  nodes: number,
  byzantine: number,
  fraction: number,
  maxNumUnits: number,
): number[] {
  const units = Array.from({ length: nodes }, (_, i) => 1 + (i % maxNumUnits));
  if (byzantine === 0) return units;
  const honest = units.slice(0, nodes - byzantine).reduce((a, b) => a + b, 0);
  let best = 1;
  for (let u = 1; u <= maxNumUnits; u++) {
    const share = (byzantine * u) / (honest + byzantine * u);
    const bestShare = (byzantine * best) / (honest + byzantine * best);
    if (Math.abs(share - fraction) < Math.abs(bestShare - fraction)) best = u;
  }
  return units.map((u, i) => (i < nodes - byzantine ? u : best));
}

interface SimSmesher {
  readonly secretKey: Uint8Array;
  readonly coinbase: Uint8Array;
  readonly post: { metadata: Awaited<ReturnType<typeof initialize>>; reader: LabelReader };
}

async function makeSmesher(
  network: NetworkConfig,
  seed: string,
  index: number,
  numUnits: number,
): Promise<SimSmesher> {
  const secretKey = blake3(utf8ToBytes(`smesh-sim ${seed} key ${index}`));
  const storage = new MemoryPostStorage();
  const labelsPerUnit = BigInt(network.post.labelsPerUnit);
  const metadata = await initialize({
    storage,
    provider: new CpuLabelProvider(),
    nodeId: publicKeyOf(secretKey),
    commitmentAtxId: configGoldenAtx(network),
    numUnits,
    labelsPerUnit,
    scryptN: network.post.scrypt.n,
  });
  const data = storage.files.get(0)!;
  const reader: LabelReader = {
    totalLabels: labelsPerUnit * BigInt(numUnits),
    read: (s, n) =>
      Promise.resolve(data.slice(Number(s) * LABEL_SIZE, (Number(s) + n) * LABEL_SIZE)),
  };
  const coinbase = concatBytes(new Uint8Array(4), blake3(secretKey).subarray(0, 20));
  return { secretKey, coinbase, post: { metadata, reader } };
}

/** PoET proofs by ref, read from the PoET server's store (what a node's PoET client fetches). */
function poetProofsOf(store: MemoryPoetStore, rounds: () => number): PoetProofProvider {
  const byRef = new Map<string, PoetProofRecord>();
  return {
    async get(ref) {
      const key = bytesToHex(ref);
      const known = byRef.get(key);
      if (known) return known;
      for (let r = 0; r <= rounds(); r++) {
        const p = await store.loadProof(r);
        if (p === null) continue;
        const record = { statement: membershipRoot(p.members), proof: p.proof };
        byRef.set(bytesToHex(p.proof.proof.root), record);
      }
      return byRef.get(key);
    },
  };
}

/** The state hash most nodes report for `layer`, and whether all `n` report it. */
function agreement(nodes: readonly FullNode[], layer: number): LayerAgreement {
  const counts = new Map<string, number>();
  for (const node of nodes) {
    const a = node.applied.find((x: AppliedLayer) => x.layer === layer);
    if (a) {
      const h = bytesToHex(a.stateHash);
      counts.set(h, (counts.get(h) ?? 0) + 1);
    }
  }
  let best: string | null = null;
  let bestCount = 0;
  let applied = 0;
  for (const [h, c] of [...counts].sort()) {
    applied += c;
    if (c > bestCount) [best, bestCount] = [h, c];
  }
  return {
    layer,
    applied,
    nodes: nodes.length,
    agreed: bestCount === nodes.length,
    stateHash: best,
  };
}

export async function runSimulation(o: SimulationOptions): Promise<SimulationReport> {
  const started = performance.now();
  if (!Number.isInteger(o.nodes) || o.nodes < 1) throw new RangeError('nodes must be ≥ 1');
  if (!Number.isInteger(o.epochs) || o.epochs < 3)
    throw new RangeError('epochs must be ≥ 3 (the first two are genesis)');
  if (o.partition && !(o.partition.from >= 0 && o.partition.to > o.partition.from))
    throw new RangeError('partition must end after it starts');
  const byzCount = o.byzantine === undefined ? 0 : Math.ceil(o.byzantine.fraction * o.nodes);
  if (o.byzantine && !(o.byzantine.fraction > 0 && o.byzantine.fraction < 1 && byzCount < o.nodes))
    throw new RangeError('byzantine fraction must be in (0, 1) and leave an honest node');
  if (
    o.crash &&
    !(
      o.crash.fraction > 0 &&
      o.crash.fraction < 1 &&
      o.crash.restartAt > o.crash.at &&
      o.crash.at >= 0
    )
  )
    throw new RangeError('crash fraction must be in (0, 1) and the restart after the crash');
  if (
    o.lateJoiner &&
    !(
      Number.isInteger(o.lateJoiner.node) &&
      o.lateJoiner.node >= 0 &&
      o.lateJoiner.node < o.nodes &&
      Number.isInteger(o.lateJoiner.layer) &&
      o.lateJoiner.layer >= 1
    )
  )
    throw new RangeError('lateJoiner needs one of the nodes and a layer ≥ 1');
  const network = o.network ?? simNetworkConfig();
  const genesis = genesisTimeMs(network);
  const time = new VirtualTime({ startMs: genesis - 1_000 });
  const rng = new Rng(o.seed);
  const net = new SimNetwork(time, rng.fork('network'), {
    latencyMs: o.latencyMs ?? { min: 20, max: 200 },
    loss: o.loss ?? 0,
    ...(o.topology === undefined ? {} : { topology: o.topology }),
    ...(o.meshDegree === undefined ? {} : { meshDegree: o.meshDegree }),
    ...(o.onTrace === undefined ? {} : { onTrace: o.onTrace }),
  });
  const poetStore = new MemoryPoetStore();
  const poet = await PoetService.open({
    network,
    store: poetStore,
    hasher: nobleHasher,
    servicePublicKey: blake3(utf8ToBytes(`smesh-sim ${o.seed} poet`)),
    powDifficulty: 2,
    now: () => time.now(),
    sleep: (ms) => new Promise((resolve) => time.setTimeout(resolve, ms)),
    random: (n) => {
      const r = rng.fork('poet-random');
      return Uint8Array.from({ length: n }, () => r.next() & 0xff);
    },
    // Five ticks per round: the round lasts an epoch minus the cycle gap.
    leavesPerSecond:
      (5 * network.poet.tickSize * 1000) /
      (network.layersPerEpoch * network.layerDurationMs - network.poet.cycleGapMs),
  });
  void poet.run();
  const poetProofs = poetProofsOf(poetStore, () => poet.openRound);
  // One verified answer per finished round for all nodes (poet-seam.ts).
  const seam = new SharedPoetSeam(new ServicePoetSeam(poet));

  const firstByzantine = o.nodes - byzCount;
  const units = byzantineUnits(
    o.nodes,
    byzCount,
    o.byzantine?.fraction ?? 0,
    network.post.maxNumUnits,
  );
  const genesisId = configGenesisId(network);
  const wrappers: ByzantineEndpoint[] = [];
  const nodes: FullNode[] = [];
  const stores: MemoryStore[] = [];
  const smeshers: SimSmesher[] = [];
  // Equal stored bytes (every node's copy of every ATX, proposal, block) kept once (interning-store.ts).
  const interner = new ByteInterner();
  const compose = (i: number, clock: SimEndpoint['clock'], endpoint: Gossip & Requester) =>
    new FullNode({
      network,
      store: stores[i]!,
      time: clock,
      timer: clock,
      gossip: endpoint,
      requester: endpoint,
      poetProofs,
      ...(o.lateSmesher?.node === i && !lateStarted
        ? { identity: smeshers[i]!.secretKey }
        : { smesher: { ...smeshers[i]!, poet: seam } }),
      log: o.log,
    });
  let lateStarted = false;
  for (let i = 0; i < o.nodes; i++) {
    const smesher = await makeSmesher(network, o.seed, i, units[i]!);
    smeshers.push(smesher);
    stores.push(new InterningMemoryStore(interner));
    const ep = net.join(`node-${i}`);
    let endpoint: Gossip & Requester = ep;
    if (o.byzantine !== undefined && i >= firstByzantine) {
      const w = new ByzantineEndpoint({
        behaviour: o.byzantine.behaviour,
        secretKey: smesher.secretKey,
        genesisId,
        layersPerEpoch: network.layersPerEpoch,
        hareTopic: network.hare.protocolName,
        transport: ep,
      });
      wrappers.push(w);
      endpoint = w;
    }
    const node = compose(i, ep.clock, endpoint);
    nodes.push(node);
    o.onNode?.(node, i);
  }
  const joiner = o.lateJoiner?.node;
  // The late joiner's peer is down until it joins: messages to it are dropped, as to a host that
  // is not there yet.
  if (joiner !== undefined) net.crash(`node-${joiner}`);
  for (const [i, n] of nodes.entries()) if (i !== joiner) await n.start();

  const honestIdx = nodes.map((_, i) => i).filter((i) => i < firstByzantine);
  // Read afresh each time: a restarted node replaces its crashed predecessor.
  const honestNodes = () => honestIdx.map((i) => nodes[i]!);
  const crashed =
    o.crash === undefined
      ? []
      : [...honestIdx.filter((_, k) => k % 3 === 1), ...honestIdx.filter((_, k) => k % 3 !== 1)]
          .slice(0, Math.ceil(o.crash.fraction * honestIdx.length))
          .sort((a, b) => a - b);
  const layerMs = network.layerDurationMs;
  const lastLayer = o.epochs * network.layersPerEpoch - 1;
  const layers: LayerAgreement[] = [];
  // Layers are reported once every node has executed them (a layer or two after they end, more
  // when the tortoise needs full mode), and the rest at the end of the run.
  let next = network.layersPerEpoch * 2;
  const report = (upTo: number) => {
    for (; next <= upTo; next++) {
      const a = agreement(honestNodes(), next);
      layers.push(a);
      o.onLayer?.(a);
    }
  };
  /** Starts a node whose peer is down (crashed, or not joined yet) over stores[i]. */
  const bringUp = async (i: number) => {
    const ep = net.restart(`node-${i}`);
    const node = compose(i, ep.clock, ep);
    nodes[i] = node;
    o.onNode?.(node, i);
    await node.start();
  };
  const ids = nodes.map((_, i) => `node-${i}`);
  const half = Math.ceil(ids.length / 2);
  for (let layer = 0; layer <= lastLayer; layer++) {
    o.onLayerStart?.(layer);
    if (o.lateSmesher?.layer === layer) {
      const i = o.lateSmesher.node;
      nodes[i]!.startSmeshing({
        coinbase: smeshers[i]!.coinbase,
        post: smeshers[i]!.post,
        poet: seam,
      });
      lateStarted = true;
    }
    if (o.lateJoiner?.layer === layer) {
      stores[o.lateJoiner.node] = new InterningMemoryStore(interner);
      await bringUp(o.lateJoiner.node);
    }
    if (o.partition?.from === layer) net.partition([ids.slice(0, half), ids.slice(half)]);
    if (o.partition?.to === layer) net.heal();
    if (o.crash?.at === layer)
      for (const i of crashed) {
        net.crash(`node-${i}`); // its timers and links die with it
        void nodes[i]!.stop().catch(() => undefined);
      }
    if (o.crash?.restartAt === layer) for (const i of crashed) await bringUp(i);
    await time.runUntil(genesis + (layer + 1) * layerMs);
    report(Math.min(...honestNodes().map((n) => n.lastApplied)));
  }
  report(lastLayer);
  for (const n of nodes) await n.stop();
  void poet.stop(); // its loop sleeps on virtual time, which no longer moves
  const verifiedLayer = Math.min(...honestNodes().map((n) => n.lastApplied));
  const final = agreement(honestNodes(), verifiedLayer);
  // Layers as they stand at the end: a layer reported while the run went can have been executed
  // again since (a reorg once more votes arrived).
  const finalLayers: LayerAgreement[] = [];
  for (let l = network.layersPerEpoch * 2; l <= lastLayer; l++)
    finalLayers.push(agreement(honestNodes(), l));
  const totalUnits = units.reduce((a, b) => a + b, 0);
  return {
    layers,
    finalLayers,
    finalStateHash: final.stateHash,
    // The state hash chains every executed layer: equal at verifiedLayer means equal before it.
    agreed: final.agreed,
    verifiedLayer,
    nodes,
    honest: honestIdx,
    crashed,
    byzantine:
      o.byzantine === undefined
        ? null
        : {
            behaviour: o.byzantine.behaviour,
            indices: nodes.map((_, i) => i).filter((i) => i >= firstByzantine),
            numUnits: units,
            weightShare: units.slice(firstByzantine).reduce((a, b) => a + b, 0) / totalUnits,
            endpoints: wrappers,
          },
    network: net,
    poetProofs,
    realMs: performance.now() - started,
  };
}
