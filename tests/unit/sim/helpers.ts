// Shared set-up for the simulated network's tests.
import type { ValidationResult } from '../../../src/lib/p2p/interface.ts';
import type { SimEndpoint } from '../../../src/lib/sim/endpoint.ts';
import type { SimNetworkOptions, TraceEvent } from '../../../src/lib/sim/interface.ts';
import { SimNetwork } from '../../../src/lib/sim/network.ts';
import { Rng } from '../../../src/lib/sim/rng.ts';
import { VirtualTime } from '../../../src/lib/sim/virtual-time.ts';

export const TOPIC = 'tt1';

export interface Harness {
  time: VirtualTime;
  net: SimNetwork;
  nodes: SimEndpoint[];
  trace: TraceEvent[];
  /** Messages each node's handler received, as "from:payload". */
  received: Map<string, string[]>;
}

export function peerName(i: number): string {
  return `n${String(i).padStart(2, '0')}`;
}

/** `n` nodes whose handler on TOPIC returns `verdict(node, data)` (default accept). */
export function harness(
  seed: string,
  n: number,
  options: Omit<SimNetworkOptions, 'onTrace'> = {},
  verdict: (node: string, data: Uint8Array) => ValidationResult = () => 'accept',
): Harness {
  const time = new VirtualTime({ startMs: 0 });
  const trace: TraceEvent[] = [];
  const net = new SimNetwork(time, new Rng(seed), { ...options, onTrace: (e) => trace.push(e) });
  const received = new Map<string, string[]>();
  const nodes: SimEndpoint[] = [];
  for (let i = 0; i < n; i++) {
    const node = net.join(peerName(i));
    subscribe(node, received, verdict);
    nodes.push(node);
  }
  return { time, net, nodes, trace, received };
}

export function subscribe(
  node: SimEndpoint,
  received: Map<string, string[]>,
  verdict: (node: string, data: Uint8Array) => ValidationResult = () => 'accept',
): void {
  received.set(node.peerId, []);
  node.subscribe(TOPIC, async (from, data) => {
    await Promise.resolve();
    received.get(node.peerId)!.push(`${from}:${new TextDecoder().decode(data)}`);
    return verdict(node.peerId, data);
  });
}

export function bytes(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

/** Nodes whose handler saw a payload (published locally or received). */
export function holders(h: Harness, payload: string): string[] {
  return [...h.received]
    .filter(([, msgs]) => msgs.some((m) => m.endsWith(`:${payload}`)))
    .map(([id]) => id)
    .sort();
}

export function deliveries(trace: TraceEvent[]): string[] {
  return trace
    .filter((e) => e.kind === 'deliver')
    .map((e) => (e.kind === 'deliver' ? `${e.time} ${e.from}>${e.to} ${e.topic} ${e.id}` : ''));
}
