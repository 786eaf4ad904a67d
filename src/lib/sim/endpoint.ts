// What one node incarnation sees of the simulated network: the Gossip and Requester seams of
// src/lib/p2p/interface.ts, plus its TimeSource/Timer scope. The node composition takes all
// three from here. After a crash the endpoint is dead: publish resolves 'ignore' and sends
// nothing, requests never settle (the process that awaited them is gone), handlers are gone.
// A restart hands out a new endpoint.
import type {
  Gossip,
  GossipHandler,
  Requester,
  RequestHandler,
  ValidationResult,
} from '../p2p/interface.ts';
import type { TimerScope } from './timer-scope.ts';

/** The network's side of an endpoint (implemented by SimNetwork). */
export interface EndpointCore {
  alive(peerId: string, incarnation: number): boolean;
  publish(peerId: string, topic: string, data: Uint8Array): Promise<ValidationResult>;
  subscribe(peerId: string, topic: string, handler: GossipHandler): () => void;
  peers(peerId: string): string[];
  request(
    peerId: string,
    peer: string,
    protocol: string,
    data: Uint8Array,
    timeoutMs: number,
  ): Promise<Uint8Array>;
  handle(peerId: string, protocol: string, handler: RequestHandler): () => void;
  inject(peerId: string, topic: string, data: Uint8Array, to?: readonly string[]): boolean;
}

export class SimEndpoint implements Gossip, Requester {
  readonly peerId: string;
  /** Restart count of this peer when this endpoint was made (0 for the first run). */
  readonly incarnation: number;
  /** This node's clock: pass it as both `time` and `timer`. */
  readonly clock: TimerScope;
  readonly #core: EndpointCore;

  constructor(core: EndpointCore, peerId: string, incarnation: number, clock: TimerScope) {
    this.#core = core;
    this.peerId = peerId;
    this.incarnation = incarnation;
    this.clock = clock;
  }

  get alive(): boolean {
    return this.#core.alive(this.peerId, this.incarnation);
  }

  publish(topic: string, data: Uint8Array): Promise<ValidationResult> {
    if (!this.alive) return Promise.resolve('ignore');
    return this.#core.publish(this.peerId, topic, data);
  }

  subscribe(topic: string, handler: GossipHandler): () => void {
    if (!this.alive) return () => {};
    return this.#core.subscribe(this.peerId, topic, handler);
  }

  peers(): string[] {
    if (!this.alive) return [];
    return this.#core.peers(this.peerId);
  }

  request(
    peer: string,
    protocol: string,
    data: Uint8Array,
    timeoutMs: number,
  ): Promise<Uint8Array> {
    if (!this.alive) return new Promise<Uint8Array>(() => {});
    return this.#core.request(this.peerId, peer, protocol, data, timeoutMs);
  }

  handle(protocol: string, handler: RequestHandler): () => void {
    if (!this.alive) return () => {};
    return this.#core.handle(this.peerId, protocol, handler);
  }

  /**
   * Sends `data` to this node's links (only those in `to`, when given) WITHOUT running its own
   * handler: not something an honest node does; the Byzantine wrappers (byzantine.ts) use it to
   * put on the wire what the node itself never validated. False when it was not sent (a dead
   * endpoint, or a message this node has already seen).
   */
  inject(topic: string, data: Uint8Array, to?: readonly string[]): boolean {
    if (!this.alive) return false;
    return this.#core.inject(this.peerId, topic, data, to);
  }
}
