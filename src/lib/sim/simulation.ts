// The deterministic multi-node simulation: N full nodes (src/lib/node FullNode, unchanged) with
// real PoST data and keys, one PoET server, an in-memory network with seeded latency and loss,
// all on one virtual clock. Same seed, same run: keys, latencies, losses and every protocol
// decision derive from it, and nothing reads wall time.
import { bytesToHex, concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ServicePoetSeam } from '../activation/poet-seam.ts';
import { configGoldenAtx, genesisTimeMs } from '../config/genesis.ts';
import type { NetworkConfig } from '../config/types.ts';
import { blake3 } from '../crypto/hash.ts';
import { publicKeyOf } from '../crypto/signing.ts';
import type { PoetProofProvider, PoetProofRecord } from '../mesh/atx/validation.ts';
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
import { MemoryStore } from '../store/memory.ts';
import { simNetworkConfig } from './config.ts';
import { SimNetwork } from './network.ts';
import { Rng } from './rng.ts';
import { VirtualTime } from './virtual-time.ts';

export interface SimulationOptions {
  readonly nodes: number;
  readonly epochs: number;
  readonly seed: string;
  readonly network?: NetworkConfig;
  readonly latencyMs?: { readonly min: number; readonly max: number };
  readonly loss?: number;
  /**
   * Splits the nodes into two halves (by index) that cannot reach each other from the start of
   * layer `from` until the start of layer `to`, when the network heals.
   */
  readonly partition?: { readonly from: number; readonly to: number };
  /** Called once per layer, after it ended, with what the honest nodes executed for it. */
  readonly onLayer?: (l: LayerAgreement) => void;
  readonly log?: (line: string) => void;
  /** Sees every node once it is composed, before it starts (tests, tracing). */
  readonly onNode?: (node: FullNode, index: number) => void;
}

export interface LayerAgreement {
  readonly layer: number;
  /** Nodes that have executed the layer. */
  readonly applied: number;
  readonly nodes: number;
  /** Every node executed the layer, with the same state hash. */
  readonly agreed: boolean;
  /** The state hash most nodes have (null when none executed the layer yet). */
  readonly stateHash: string | null;
}

export interface SimulationReport {
  readonly layers: LayerAgreement[];
  readonly finalStateHash: string | null;
  readonly agreed: boolean;
  /** The last layer every node has executed. */
  readonly verifiedLayer: number;
  readonly nodes: readonly FullNode[];
  readonly realMs: number;
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
  const network = o.network ?? simNetworkConfig();
  const genesis = genesisTimeMs(network);
  const time = new VirtualTime({ startMs: genesis - 1_000 });
  const rng = new Rng(o.seed);
  const net = new SimNetwork(time, rng.fork('network'), {
    latencyMs: o.latencyMs ?? { min: 20, max: 200 },
    loss: o.loss ?? 0,
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
  const seam = new ServicePoetSeam(poet);

  const nodes: FullNode[] = [];
  for (let i = 0; i < o.nodes; i++) {
    const smesher = await makeSmesher(network, o.seed, i, 1 + (i % network.post.maxNumUnits));
    const ep = net.join(`node-${i}`);
    const node = new FullNode({
      network,
      store: new MemoryStore(),
      time: ep.clock,
      timer: ep.clock,
      gossip: ep,
      poetProofs,
      smesher: { ...smesher, poet: seam },
      log: o.log,
    });
    nodes.push(node);
    o.onNode?.(node, i);
  }
  for (const n of nodes) await n.start();

  const layerMs = network.layerDurationMs;
  const lastLayer = o.epochs * network.layersPerEpoch - 1;
  const layers: LayerAgreement[] = [];
  // Layers are reported once every node has executed them (a layer or two after they end, more
  // when the tortoise needs full mode), and the rest at the end of the run.
  let next = network.layersPerEpoch * 2;
  const report = (upTo: number) => {
    for (; next <= upTo; next++) {
      const a = agreement(nodes, next);
      layers.push(a);
      o.onLayer?.(a);
    }
  };
  const ids = nodes.map((_, i) => `node-${i}`);
  const half = Math.ceil(ids.length / 2);
  for (let layer = 0; layer <= lastLayer; layer++) {
    if (o.partition?.from === layer) net.partition([ids.slice(0, half), ids.slice(half)]);
    if (o.partition?.to === layer) net.heal();
    await time.runUntil(genesis + (layer + 1) * layerMs);
    report(Math.min(...nodes.map((n) => n.lastApplied)));
  }
  report(lastLayer);
  for (const n of nodes) await n.stop();
  void poet.stop(); // its loop sleeps on virtual time, which no longer moves
  const verifiedLayer = Math.min(...nodes.map((n) => n.lastApplied));
  const final = agreement(nodes, verifiedLayer);
  return {
    layers,
    finalStateHash: final.stateHash,
    agreed: final.agreed && layers.filter((l) => l.layer <= verifiedLayer).every((l) => l.agreed),
    verifiedLayer,
    nodes,
    realMs: performance.now() - started,
  };
}
