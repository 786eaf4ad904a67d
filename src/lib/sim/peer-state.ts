// What the simulated network keeps per peer: its links, its partition-independent state that
// survives a restart (stats, topology), and the per-incarnation state a crash wipes (handlers,
// seen cache, timers).
import type { GossipHandler, RequestHandler } from '../p2p/interface.ts';
import { emptyStats } from './interface.ts';
import type { PeerStats } from './interface.ts';
import type { Rng } from './rng.ts';
import type { SeenTable } from './seen-table.ts';
import type { TimerScope } from './timer-scope.ts';

/** A message on the simulated wire: its id is computed once, at publish. */
export interface Envelope {
  readonly topic: string;
  readonly data: Uint8Array;
  /** hex blake3(topic ‖ data) */
  readonly id: string;
}

export class PeerState {
  readonly id: string;
  up = true;
  incarnation = 0;
  scope: TimerScope;
  readonly stats: PeerStats = emptyStats();
  readonly topics = new Map<string, GossipHandler>();
  readonly protocols = new Map<string, RequestHandler>();
  /** Linked peers, sorted, so iteration order never depends on link history. */
  links: string[] = [];
  /** This peer's slot in the network's seen table (its join index). */
  readonly index: number;
  readonly #seen: SeenTable;
  /** Rejections this peer handed out, per sending peer. */
  readonly rejectsFrom = new Map<string, number>();
  readonly #linkRngs = new Map<string, Rng>();
  readonly #rng: Rng;
  #meshRng: Rng | undefined;

  constructor(id: string, scope: TimerScope, rng: Rng, seen: SeenTable) {
    this.id = id;
    this.#seen = seen;
    this.index = seen.addPeer();
    this.scope = scope;
    this.#rng = rng;
  }

  /** The random stream of the link from this peer to `to` (latency and loss draws). */
  linkRng(to: string): Rng {
    let rng = this.#linkRngs.get(to);
    if (rng === undefined) {
      rng = this.#rng.fork(`link:${this.id}>${to}`);
      this.#linkRngs.set(to, rng);
    }
    return rng;
  }

  /** The stream that picks which mesh peers relay a message. */
  meshRng(): Rng {
    this.#meshRng ??= this.#rng.fork(`mesh:${this.id}`);
    return this.#meshRng;
  }

  isLinked(peer: string): boolean {
    return this.links.includes(peer);
  }

  addLink(peer: string): void {
    if (this.isLinked(peer)) return;
    this.links = [...this.links, peer].sort();
  }

  removeLink(peer: string): void {
    this.links = this.links.filter((p) => p !== peer);
  }

  /** Has this incarnation seen message `id` (within the seen TTL)? */
  hasSeen(id: string, now: number): boolean {
    return this.#seen.has(this.index, id, now);
  }

  markSeen(id: string, expiresAt: number): void {
    this.#seen.mark(this.index, id, expiresAt);
  }

  /** Forgets what a crash makes the process forget. */
  wipe(): void {
    this.topics.clear();
    this.protocols.clear();
    this.#seen.forget(this.index);
  }
}
