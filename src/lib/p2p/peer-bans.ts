// Peers this host refuses for a while: the graylisted (gossip score below the graylist threshold)
// and request flooders. Gossipsub alone only ignores a graylisted peer's RPCs and we hang up on
// it, but it could dial straight back and keep costing us a noise handshake, a yamux session and
// request handling. The connection gater consults this list, so a banned peer's dials are refused
// after the handshake names it, until the ban expires. go-spacemesh has no ban list (it relies on
// the retained score and DropPeerOnValidationReject); our hosts face browsers and tests that
// attack them on purpose, so we keep the peer out for the graylist period.

import type { TimeSource } from '../clock/interface.ts';

/** Why a peer was banned; carried to logs and the ban event. */
export type BanReason =
  /** its gossipsub score fell below the graylist threshold (invalid or oversize messages) */
  | 'graylisted'
  /** it kept sending requests after the request server refused it for its rate */
  | 'request-flood'
  /** it sent request frames over the protocol's limit or not framed at all, again and again */
  | 'malformed-requests';

/** How long a ban lasts by default: half the time invalid-delivery counters take to decay. */
export const DEFAULT_BAN_MS = 30 * 60_000;

/** At most this many bans are remembered; the oldest expiring one goes first beyond it. */
export const MAX_BANNED_PEERS = 4096;

export interface BanEntry {
  readonly peer: string;
  readonly reason: BanReason;
  /** when the ban ends, in the TimeSource's milliseconds */
  readonly until: number;
}

export interface PeerBansOptions {
  time: TimeSource;
  banMs?: number;
  maxEntries?: number;
}

export class PeerBans {
  private readonly time: TimeSource;
  private readonly banMs: number;
  private readonly maxEntries: number;
  private readonly entries = new Map<string, BanEntry>();
  private readonly listeners = new Set<(entry: BanEntry) => void>();

  constructor(options: PeerBansOptions) {
    this.time = options.time;
    this.banMs = options.banMs ?? DEFAULT_BAN_MS;
    this.maxEntries = options.maxEntries ?? MAX_BANNED_PEERS;
  }

  /** Bans `peer` from now for the ban period; a longer ban already in force is kept. */
  ban(peer: string, reason: BanReason): BanEntry {
    const until = this.time.now() + this.banMs;
    const old = this.entries.get(peer);
    if (old !== undefined && old.until >= until) return old;
    const entry: BanEntry = { peer, reason, until };
    this.entries.delete(peer);
    this.entries.set(peer, entry);
    this.prune();
    for (const l of this.listeners) l(entry);
    return entry;
  }

  /** Calls `listener` on every new or extended ban; returns the function that removes it. */
  onBan(listener: (entry: BanEntry) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The ban in force on `peer`, or undefined. */
  get(peer: string): BanEntry | undefined {
    const entry = this.entries.get(peer);
    if (entry === undefined) return undefined;
    if (entry.until > this.time.now()) return entry;
    this.entries.delete(peer);
    return undefined;
  }

  isBanned(peer: string): boolean {
    return this.get(peer) !== undefined;
  }

  /** Bans in force, sorted by peer id. */
  list(): BanEntry[] {
    const now = this.time.now();
    return [...this.entries.values()]
      .filter((e) => e.until > now)
      .sort((a, b) => (a.peer < b.peer ? -1 : a.peer > b.peer ? 1 : 0));
  }

  get size(): number {
    return this.list().length;
  }

  /** Drops expired entries, then the oldest ones beyond the cap (insertion order = ban order). */
  private prune(): void {
    const now = this.time.now();
    for (const [peer, e] of this.entries) if (e.until <= now) this.entries.delete(peer);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value as string;
      this.entries.delete(oldest);
    }
  }
}
