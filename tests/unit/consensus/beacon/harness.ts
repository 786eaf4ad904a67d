// Test helpers for the beacon: the simulation's virtual time, an in-memory gossip bus for N
// nodes, and a network of Beacon instances with real keys and VRFs.
import { devnet } from '../../../../src/lib/config/devnet.ts';
import type { NetworkConfig } from '../../../../src/lib/config/types.ts';
import { publicKeyOf } from '../../../../src/lib/crypto/signing.ts';
import type { Gossip, GossipHandler, ValidationResult } from '../../../../src/lib/p2p/interface.ts';
import { Beacon } from '../../../../src/lib/consensus/beacon/index.ts';
import type { BeaconAtx } from '../../../../src/lib/consensus/beacon/index.ts';
import { VirtualTime } from '../../../../src/lib/sim/virtual-time.ts';

/** Full-mesh gossip: a message the sender's handler accepts reaches every other node. */
export class Bus {
  readonly clock: VirtualTime;
  readonly latencyMs: number;
  readonly #handlers = new Map<string, Map<string, GossipHandler>>();
  /** Topics a node never sends (a node withholding its votes). */
  readonly muted = new Map<string, Set<string>>();
  readonly verdicts: Array<{ to: string; topic: string; result: ValidationResult }> = [];

  constructor(clock: VirtualTime, latencyMs = 50) {
    this.clock = clock;
    this.latencyMs = latencyMs;
  }

  gossip(peerId: string): Gossip {
    const handlers = new Map<string, GossipHandler>();
    this.#handlers.set(peerId, handlers);
    return {
      peerId,
      publish: async (topic, data) => {
        const local = handlers.get(topic);
        const result = local === undefined ? 'accept' : await local(peerId, data);
        if (result === 'accept' && !this.muted.get(peerId)?.has(topic))
          this.deliver(peerId, topic, data);
        return result;
      },
      subscribe: (topic, handler) => {
        handlers.set(topic, handler);
        return () => handlers.delete(topic);
      },
    };
  }

  /** Sends `data` from `from` to every other node after the bus latency. */
  deliver(from: string, topic: string, data: Uint8Array): void {
    for (const peer of [...this.#handlers.keys()].sort()) {
      if (peer === from) continue;
      this.clock.setTimeout(() => {
        const h = this.#handlers.get(peer)?.get(topic);
        if (h === undefined) return;
        void h(from, data).then((result) => this.verdicts.push({ to: peer, topic, result }));
      }, this.latencyMs);
    }
  }
}

export const GENESIS_TIME = 1_000_000;
export const GENESIS_ID = Uint8Array.from({ length: 20 }, (_, i) => 0xa0 + i);

export function epochStartOf(network: NetworkConfig): (epoch: number) => number {
  return (epoch) => GENESIS_TIME + epoch * network.layersPerEpoch * network.layerDurationMs;
}

export function keyOf(seed: number): { secretKey: Uint8Array; nodeId: Uint8Array } {
  const secretKey = new Uint8Array(32).fill(seed & 0xff);
  secretKey[0] = (seed >> 8) & 0xff;
  return { secretKey, nodeId: publicKeyOf(secretKey) };
}

export interface SimNode {
  readonly name: string;
  readonly secretKey: Uint8Array;
  readonly nodeId: Uint8Array;
  readonly beacon: Beacon;
}

export interface SimOptions {
  readonly network?: NetworkConfig;
  /** Seeds of the smeshers running a Beacon with a signer. */
  readonly seeds: readonly number[];
  /** Weight per seed (default 100). */
  readonly weight?: (seed: number) => bigint;
  /** ATXs of smeshers that run no Beacon (e.g. a late proposer the test plays by hand). */
  readonly extraAtxs?: readonly BeaconAtx[];
  readonly malicious?: ReadonlySet<number>;
  readonly followers?: number;
}

export function atxOf(seed: number, weight: bigint, numUnits = 2): BeaconAtx {
  const { nodeId } = keyOf(seed);
  return {
    id: new Uint8Array(32).fill(seed),
    nodeId,
    weight,
    numUnits,
    vrfNonce: BigInt(seed) * 7n,
  };
}

export function simulate(o: SimOptions): {
  clock: VirtualTime;
  bus: Bus;
  nodes: SimNode[];
  network: NetworkConfig;
} {
  const network = o.network ?? devnet;
  const epochStart = epochStartOf(network);
  const clock = new VirtualTime({ startMs: epochStart(2) - 1 });
  const bus = new Bus(clock);
  const atxs: BeaconAtx[] = [
    ...o.seeds.map((s) => atxOf(s, o.weight?.(s) ?? 100n)),
    ...(o.extraAtxs ?? []),
  ];
  const maliciousIds = new Set([...(o.malicious ?? [])].map((s) => keyOf(s).nodeId.join()));
  const weights = {
    atxs: (epoch: number) => Promise.resolve(epoch === 2 ? atxs : []),
    isMalicious: (id: Uint8Array) => Promise.resolve(maliciousIds.has(id.join())),
  };
  const make = (name: string, signer: { secretKey: Uint8Array; nodeId: Uint8Array } | null) =>
    new Beacon({
      network,
      genesisId: GENESIS_ID,
      time: clock,
      timer: clock,
      gossip: bus.gossip(name),
      weights,
      signer,
      epochStart,
    });
  const nodes: SimNode[] = o.seeds.map((s) => {
    const k = keyOf(s);
    const name = `n${String(s).padStart(3, '0')}`;
    return { name, ...k, beacon: make(name, k) };
  });
  for (let i = 0; i < (o.followers ?? 0); i++) {
    const name = `f${i}`;
    nodes.push({
      name,
      secretKey: new Uint8Array(32),
      nodeId: new Uint8Array(32),
      beacon: make(name, null),
    });
  }
  return { clock, bus, nodes, network };
}

/** Every node starts epoch 2 at its first layer; runs the whole protocol. */
export async function runEpoch(
  sim: { clock: VirtualTime; nodes: SimNode[]; network: NetworkConfig },
  ms = 60_000,
): Promise<void> {
  const start = epochStartOf(sim.network)(2);
  await sim.clock.runUntil(start);
  const runs = sim.nodes.map((n) => n.beacon.startEpoch(2));
  await sim.clock.runFor(ms);
  await Promise.all(runs);
}
