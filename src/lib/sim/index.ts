// The deterministic simulation's substrate: seeded randomness, virtual time, an in-memory
// network with faults. The node composition runs on it unchanged. A driver wires it so:
//
//   const time = new VirtualTime({ startMs: genesisMs - 1_000 });
//   const rng = new Rng(seed);
//   const net = new SimNetwork(time, rng.fork('network'), { latencyMs, loss, topology });
//   const ep = net.join(peerId);      // SimEndpoint: Gossip & Requester, plus ep.clock
//   node = compose({ gossip: ep, requester: ep, time: ep.clock, timer: ep.clock,
//                    store: new MemoryStore(data), randomness: rng.fork(`node:${peerId}`) });
//   await time.runUntil(genesisMs + epochs * epochMs);
//   net.crash(peerId);                // timers, handlers and seen cache die with it
//   const ep2 = net.restart(peerId);  // compose a new node on ep2 and new MemoryStore(data)
//
// Every node must take time and timers from its own endpoint's clock, never from `time`
// directly, or a crash cannot stop them. A Byzantine node gets its endpoint wrapped:
// `new ByzantineEndpoint({ behaviour, secretKey, genesisId, layersPerEpoch, hareTopic,
// transport: ep })` is then its gossip and requester (runSimulation's `byzantine` option).
export { Rng } from './rng.ts';
export { VirtualTime } from './virtual-time.ts';
export type { VirtualTimeOptions } from './virtual-time.ts';
export { defaultHostYield } from './host-yield.ts';
export type { HostYield } from './host-yield.ts';
export { TimerScope } from './timer-scope.ts';
export { SimNetwork } from './network.ts';
export { SimEndpoint } from './endpoint.ts';
export { SimError, SimRequestError } from './errors.ts';
export { BYZANTINE_BEHAVIOURS, ByzantineEndpoint, isByzantineBehaviour } from './byzantine.ts';
export type {
  ByzantineActs,
  ByzantineBehaviour,
  ByzantineOptions,
  ByzantineTransport,
} from './byzantine.ts';
export type { SimErrorReason, SimRequestReason } from './errors.ts';
export { emptyStats, totalDropped } from './interface.ts';
export type {
  DropReason,
  PeerStats,
  SimNetworkOptions,
  Topology,
  TraceEvent,
} from './interface.ts';
