// The simulation's in-memory network (the libp2p host's stand-in). Gossip floods: a node hands
// each message id to its handler once, and forwards to its other links only what the handler
// accepted, so messages reach nodes that are not linked directly (libp2p pubsub as
// go-spacemesh p2p/pubsub uses it, without gossipsub's mesh management). A node does not send
// a message to a link that has already seen it (gossipsub v1.2's IDONTWANT), which keeps a
// full mesh from carrying n² copies. Latency and loss are drawn per link from the seeded RNG,
// from a stream of that link alone. Faults: partitions, crashes and restarts, and a peer
// whose messages a node rejects `rejectThreshold` times loses its link to that node.
import { utf8ToBytes, bytesToHex } from '@noble/hashes/utils.js';
import { blake3 } from '../crypto/hash.ts';
import type { GossipHandler, RequestHandler, ValidationResult } from '../p2p/interface.ts';
import { SimEndpoint } from './endpoint.ts';
import type { EndpointCore } from './endpoint.ts';
import { SimError, SimRequestError } from './errors.ts';
import { QueuedEvent } from './event-queue.ts';
import type {
  DropReason,
  PeerStats,
  SimNetworkOptions,
  Topology,
  TraceEvent,
} from './interface.ts';
import { PeerState } from './peer-state.ts';
import type { Envelope } from './peer-state.ts';
import { sendRequest } from './request.ts';
import { SeenTable } from './seen-table.ts';
import type { RequestContext } from './request.ts';
import type { Rng } from './rng.ts';
import { TimerScope } from './timer-scope.ts';
import type { VirtualTime } from './virtual-time.ts';

const DEFAULT_LATENCY = { min: 5, max: 50 } as const;
const DEFAULT_REJECT_THRESHOLD = 3;
const DEFAULT_SEEN_TTL_MS = 120_000;

function checkOptions(o: SimNetworkOptions): void {
  const lat = o.latencyMs ?? DEFAULT_LATENCY;
  if (
    !Number.isSafeInteger(lat.min) ||
    !Number.isSafeInteger(lat.max) ||
    lat.min < 0 ||
    lat.max < lat.min
  ) {
    throw new SimError(
      'invalid-options',
      `latency ${lat.min}..${lat.max} ms is not a range of integers >= 0`,
    );
  }
  const loss = o.loss ?? 0;
  if (!(loss >= 0 && loss <= 1))
    throw new SimError('invalid-options', `loss ${loss} is not in [0, 1]`);
  const topo = o.topology ?? { kind: 'full' };
  if (topo.kind === 'random' && !(Number.isSafeInteger(topo.degree) && topo.degree >= 1)) {
    throw new SimError('invalid-options', `random topology degree ${topo.degree} must be >= 1`);
  }
  const d = o.meshDegree;
  if (d !== undefined && !(Number.isSafeInteger(d) && d >= 1)) {
    throw new SimError('invalid-options', `mesh degree ${d} must be an integer >= 1`);
  }
  const th = o.rejectThreshold ?? DEFAULT_REJECT_THRESHOLD;
  if (!(Number.isSafeInteger(th) && th >= 1)) {
    throw new SimError('invalid-options', `reject threshold ${th} must be an integer >= 1`);
  }
  const ttl = o.seenTtlMs ?? DEFAULT_SEEN_TTL_MS;
  if (!(ttl > 0)) throw new SimError('invalid-options', `seen TTL ${ttl} must be positive`);
}

type Arrive = (from: string, target: PeerState, msg: Envelope) => boolean;

/** One gossip copy in flight: the queued event itself (a gossip round queues millions). */
class Delivery extends QueuedEvent {
  readonly arrive: Arrive;
  readonly from: string;
  readonly target: PeerState;
  readonly msg: Envelope;

  constructor(arrive: Arrive, from: string, target: PeerState, msg: Envelope) {
    super();
    this.arrive = arrive;
    this.from = from;
    this.target = target;
    this.msg = msg;
  }

  run(): boolean {
    return this.arrive(this.from, this.target, this.msg);
  }
}

export class SimNetwork {
  readonly time: VirtualTime;
  readonly #rng: Rng;
  readonly #latency: { readonly min: number; readonly max: number };
  readonly #loss: number;
  readonly #topology: Topology;
  readonly #meshDegree: number | undefined;
  readonly #rejectThreshold: number;
  readonly #seenTtl: number;
  readonly #seen: SeenTable;
  readonly #onTrace: ((event: TraceEvent) => void) | undefined;
  /** Join order: the only order peers are iterated in. */
  readonly #peers = new Map<string, PeerState>();
  /** Partition group per peer; undefined when healed. Unnamed peers share group -1. */
  #groups: Map<string, number> | undefined;
  readonly #core: EndpointCore;
  readonly #requestContext: RequestContext;
  readonly #arriveFn: Arrive = (from, target, msg) => this.#arrive(from, target, msg);

  constructor(time: VirtualTime, rng: Rng, options: SimNetworkOptions = {}) {
    checkOptions(options);
    this.time = time;
    this.#rng = rng;
    this.#latency = options.latencyMs ?? DEFAULT_LATENCY;
    this.#loss = options.loss ?? 0;
    this.#topology = options.topology ?? { kind: 'full' };
    this.#meshDegree = options.meshDegree;
    this.#rejectThreshold = options.rejectThreshold ?? DEFAULT_REJECT_THRESHOLD;
    this.#seenTtl = options.seenTtlMs ?? DEFAULT_SEEN_TTL_MS;
    this.#seen = new SeenTable(this.#seenTtl);
    this.#onTrace = options.onTrace;
    this.#requestContext = {
      time,
      latency: this.#latency,
      reachable: (a, b) => this.reachable(a, b),
    };
    this.#core = {
      alive: (id, incarnation) => {
        const p = this.#peers.get(id);
        return p !== undefined && p.up && p.incarnation === incarnation;
      },
      publish: (id, topic, data) => this.#publish(this.#peer(id), topic, data),
      subscribe: (id, topic, handler) => this.#subscribe(this.#peer(id), topic, handler),
      peers: (id) => this.#connectedPeers(this.#peer(id)),
      request: (id, peer, protocol, data, timeoutMs) => {
        const target = this.#peers.get(peer);
        if (target === undefined) {
          const error = new SimRequestError(
            'not-connected',
            peer,
            protocol,
            `unknown peer ${peer}`,
          );
          return Promise.reject(error);
        }
        return sendRequest(this.#requestContext, this.#peer(id), target, protocol, data, timeoutMs);
      },
      handle: (id, protocol, handler) => this.#handle(this.#peer(id), protocol, handler),
      inject: (id, topic, data, to) => this.#inject(this.#peer(id), topic, data, to),
    };
  }

  /** Adds a node and links it per the topology. Its endpoint carries its Gossip, Requester and clock. */
  join(peerId: string): SimEndpoint {
    if (this.#peers.has(peerId))
      throw new SimError('duplicate-peer', `peer ${peerId} already joined`);
    const existing = [...this.#peers.keys()];
    const state = new PeerState(peerId, new TimerScope(this.time), this.#rng, this.#seen);
    this.#peers.set(peerId, state);
    const dial =
      this.#topology.kind === 'full'
        ? existing
        : this.#rng.fork(`dial:${peerId}`).sample(existing, this.#topology.degree);
    for (const other of dial) this.connect(peerId, other);
    return new SimEndpoint(this.#core, peerId, state.incarnation, state.scope);
  }

  /** Peer ids in join order. */
  peerIds(): string[] {
    return [...this.#peers.keys()];
  }

  /** Links of a peer (sorted), whatever the partitions and crashes. */
  links(peerId: string): string[] {
    return [...this.#peer(peerId).links];
  }

  connect(a: string, b: string): void {
    if (a === b) throw new SimError('invalid-options', `cannot link ${a} to itself`);
    this.#peer(a).addLink(b);
    this.#peer(b).addLink(a);
  }

  disconnect(a: string, b: string): void {
    this.#peer(a).removeLink(b);
    this.#peer(b).removeLink(a);
    this.#trace({ kind: 'disconnect', time: this.time.now(), from: a, to: b });
  }

  /**
   * Splits the network: peers talk only within their group; peers named in no group form one
   * more group. Messages already on a link between groups are dropped when they arrive.
   * Nothing sent during the partition is delivered after heal() (catching up is sync's job).
   */
  partition(groups: readonly (readonly string[])[]): void {
    const map = new Map<string, number>();
    groups.forEach((group, index) => {
      for (const id of group) {
        this.#peer(id);
        if (map.has(id))
          throw new SimError('invalid-options', `peer ${id} is in two partition groups`);
        map.set(id, index);
      }
    });
    this.#groups = map;
  }

  heal(): void {
    this.#groups = undefined;
  }

  /** Can a and b reach each other now (same partition group)? */
  reachable(a: string, b: string): boolean {
    if (this.#groups === undefined) return true;
    return (this.#groups.get(a) ?? -1) === (this.#groups.get(b) ?? -1);
  }

  /**
   * Stops a node: its timers are cancelled, its handlers and seen cache forgotten, messages to
   * it are dropped; its endpoint goes dead. Links stay, as a restarted node redials them.
   */
  crash(peerId: string): void {
    const p = this.#peer(peerId);
    if (!p.up) throw new SimError('peer-state', `peer ${peerId} is already down`);
    p.up = false;
    p.scope.close();
    p.wipe();
    p.stats.crashes++;
  }

  /** Starts a crashed node again with a fresh endpoint and clock scope (its store is the caller's). */
  restart(peerId: string): SimEndpoint {
    const p = this.#peer(peerId);
    if (p.up) throw new SimError('peer-state', `peer ${peerId} is running`);
    p.up = true;
    p.incarnation++;
    p.scope = new TimerScope(this.time);
    return new SimEndpoint(this.#core, peerId, p.incarnation, p.scope);
  }

  isUp(peerId: string): boolean {
    return this.#peer(peerId).up;
  }

  /** A copy of a node's counters. */
  stats(peerId: string): PeerStats {
    const s = this.#peer(peerId).stats;
    return { ...s, dropped: { ...s.dropped } };
  }

  #peer(id: string): PeerState {
    const p = this.#peers.get(id);
    if (p === undefined) throw new SimError('unknown-peer', `unknown peer ${id}`);
    return p;
  }

  #trace(event: TraceEvent): void {
    this.#onTrace?.(event);
  }

  #alive(p: PeerState, incarnation: number): boolean {
    return p.up && p.incarnation === incarnation;
  }

  // ---- gossip ----

  #subscribe(p: PeerState, topic: string, handler: GossipHandler): () => void {
    if (p.topics.has(topic))
      throw new SimError('already-subscribed', `${p.id} already handles topic ${topic}`);
    p.topics.set(topic, handler);
    return () => {
      if (p.topics.get(topic) === handler) p.topics.delete(topic);
    };
  }

  async #publish(p: PeerState, topic: string, data: Uint8Array): Promise<ValidationResult> {
    const msg: Envelope = {
      topic,
      data: data.slice(),
      id: bytesToHex(blake3(utf8ToBytes(topic), data)),
    };
    const now = this.time.now();
    // libp2p refuses to publish a message it has already seen.
    if (p.hasSeen(msg.id, now)) return 'ignore';
    p.markSeen(msg.id, now + this.#seenTtl);
    p.stats.published++;
    const incarnation = p.incarnation;
    const handler = p.topics.get(topic);
    const result = handler === undefined ? 'accept' : await handler(p.id, msg.data.slice());
    if (result === 'accept' && this.#alive(p, incarnation)) this.#forward(p, msg, false);
    return result;
  }

  /**
   * Sends without the sender's own handler (byzantine.ts), to the links in `to` (all when
   * absent); seen at the sender, so relayed copies come back as duplicates.
   */
  #inject(p: PeerState, topic: string, data: Uint8Array, to?: readonly string[]): boolean {
    const msg: Envelope = {
      topic,
      data: data.slice(),
      id: bytesToHex(blake3(utf8ToBytes(topic), data)),
    };
    const now = this.time.now();
    if (p.hasSeen(msg.id, now)) return false;
    p.markSeen(msg.id, now + this.#seenTtl);
    p.stats.published++;
    this.#forward(p, msg, false, to === undefined ? undefined : new Set(to));
    return true;
  }

  /** Sends `msg` from `p` over each of its links (in `only`, when given) whose far end has not seen it. */
  #forward(p: PeerState, msg: Envelope, relay: boolean, only?: ReadonlySet<string>): void {
    const now = this.time.now();
    const seen = this.#seen.lookup(msg.id, now);
    let targets = p.links.filter((to) => {
      if (only !== undefined && !only.has(to)) return false;
      const target = this.#peers.get(to)!;
      return !(target.up && seen !== undefined && seen.has(target.index, now));
    });
    // gossipsub floods a node's own messages to every peer (floodPublish) but relays to its
    // mesh of D peers only; a random D per message stands in for the mesh.
    const d = this.#meshDegree;
    if (relay && d !== undefined && targets.length > d) {
      targets = p.meshRng().sample(targets, d).sort();
    }
    for (const to of targets) {
      const target = this.#peers.get(to)!;
      const rng = p.linkRng(to);
      // Both draws always happen, so one link's stream does not depend on outcomes.
      const delay = rng.int(this.#latency.min, this.#latency.max);
      const lost = rng.chance(this.#loss);
      if (!this.reachable(p.id, to)) {
        this.#drop(p.id, target, msg, 'partitioned');
      } else if (lost) {
        this.#drop(p.id, target, msg, 'lost');
      } else {
        this.time.enqueue(now + delay, new Delivery(this.#arriveFn, p.id, target, msg));
      }
    }
  }

  #drop(from: string, target: PeerState, msg: Envelope, reason: DropReason): void {
    target.stats.dropped[reason]++;
    this.#trace({
      kind: 'drop',
      time: this.time.now(),
      from,
      to: target.id,
      topic: msg.topic,
      id: msg.id,
      reason,
    });
  }

  /** A message reaches `target`; false when no protocol code ran. */
  #arrive(from: string, target: PeerState, msg: Envelope): boolean {
    const now = this.time.now();
    if (!target.up) return (this.#drop(from, target, msg, 'crashed'), false);
    if (!target.isLinked(from)) return (this.#drop(from, target, msg, 'disconnected'), false);
    if (!this.reachable(from, target.id))
      return (this.#drop(from, target, msg, 'partitioned'), false);
    // Trace records are built only when someone listens: at 1,500 nodes this runs tens of
    // millions of times.
    const trace = this.#onTrace;
    if (target.hasSeen(msg.id, now)) {
      target.stats.duplicates++;
      trace?.({ kind: 'duplicate', time: now, from, to: target.id, topic: msg.topic, id: msg.id });
      return false;
    }
    target.markSeen(msg.id, now + this.#seenTtl);
    const handler = target.topics.get(msg.topic);
    if (handler === undefined) {
      target.stats.unsubscribed++;
      return false;
    }
    target.stats.delivered++;
    trace?.({ kind: 'deliver', time: now, from, to: target.id, topic: msg.topic, id: msg.id });
    const incarnation = target.incarnation;
    handler(from, msg.data.slice()).then(
      (result) => this.#settled(from, target, incarnation, msg, result),
      (error: unknown) => this.time.fail(error),
    );
    return true;
  }

  #settled(
    from: string,
    target: PeerState,
    incarnation: number,
    msg: Envelope,
    result: ValidationResult,
  ): void {
    if (!this.#alive(target, incarnation)) return;
    if (this.#onTrace !== undefined)
      this.#trace({
        kind: 'result',
        time: this.time.now(),
        from,
        to: target.id,
        topic: msg.topic,
        id: msg.id,
        result,
      });
    if (result === 'accept') {
      target.stats.accepted++;
      this.#forward(target, msg, true);
    } else if (result === 'ignore') {
      target.stats.ignored++;
    } else {
      target.stats.rejected++;
      const n = (target.rejectsFrom.get(from) ?? 0) + 1;
      target.rejectsFrom.set(from, n);
      if (n >= this.#rejectThreshold && target.isLinked(from)) this.disconnect(target.id, from);
    }
  }

  // ---- request / response ----

  #connectedPeers(p: PeerState): string[] {
    return p.links.filter((id) => this.#peers.get(id)!.up && this.reachable(p.id, id));
  }

  #handle(p: PeerState, protocol: string, handler: RequestHandler): () => void {
    if (p.protocols.has(protocol)) {
      throw new SimError('already-subscribed', `${p.id} already handles protocol ${protocol}`);
    }
    p.protocols.set(protocol, handler);
    return () => {
      if (p.protocols.get(protocol) === handler) p.protocols.delete(protocol);
    };
  }
}
