// Admission control for inbound requests: a per-peer token bucket that delays (never refuses) a
// peer going faster than its rate, a per-peer and a host-wide cap on requests in flight (waiting
// ones included), and strikes for what no honest requester does: more than its cap of requests at
// once, or frames the server cannot read. A peer whose strikes reach the limit is reported as
// abusive (the host bans it and hangs up).
//
// go-spacemesh p2p/server/server.go limits each protocol server with one rate limiter
// (requestsPerInterval, 100/s for most fetch protocols) in front of a bounded queue, shared by all
// peers, and never disconnects. One flooder can starve everybody there; we keep the waiting (so a
// fast honest syncer is slowed, not failed) but per peer, so honest peers keep being served, and a
// host-wide cap on requests in flight keeps memory bounded whatever the peer count.

import type { TimeSource } from '../clock/interface.ts';

/** Why a request was refused before its handler ran. */
export type RequestRefusal =
  /** the peer already has `maxInFlightPerPeer` requests being served */
  | 'peer-busy'
  /** the host already serves `maxInFlight` requests (nobody's fault: no strike) */
  | 'host-busy';

/** A request stream the server could not read: over the limit or not a frame. */
export type RequestFault = 'too-large' | 'malformed';

export type AbuseReason = 'request-flood' | 'malformed-requests';

export interface RequestGuardOptions {
  time: TimeSource;
  /** sustained requests per second per peer (go-spacemesh fetch: 100 per 1 s per server) */
  ratePerSec?: number;
  /** requests a peer may send at once above its rate (a syncing peer's batch) */
  burst?: number;
  maxInFlightPerPeer?: number;
  maxInFlight?: number;
  /** strikes at which a peer is reported; strikes decay by `strikeDecayPerSec` */
  strikeLimit?: number;
  strikeDecayPerSec?: number;
  /** called once per peer each time its strikes reach the limit */
  onAbuse?: (peer: string, reason: AbuseReason) => void;
}

export const DEFAULT_REQUEST_RATE = 500;
export const DEFAULT_REQUEST_BURST = 1000;
/** Honest syncers keep a few requests open per peer; the fetcher's batches stay far below this. */
export const DEFAULT_MAX_IN_FLIGHT_PER_PEER = 32;
export const DEFAULT_MAX_IN_FLIGHT = 256;
/** A refused request is one strike, a broken frame ten: 100 refusals in a row is no accident. */
export const DEFAULT_STRIKE_LIMIT = 100;
export const DEFAULT_STRIKE_DECAY = 5;
const FAULT_STRIKES = 10;
/** Peers with a full bucket and nothing in flight are forgotten beyond this many. */
const MAX_TRACKED_PEERS = 1024;

interface PeerState {
  tokens: number;
  strikes: number;
  /** when tokens and strikes were last brought up to date */
  at: number;
  inFlight: number;
}

export class RequestGuard {
  private readonly time: TimeSource;
  private readonly rate: number;
  private readonly burst: number;
  private readonly maxInFlightPerPeer: number;
  private readonly maxInFlight: number;
  private readonly strikeLimit: number;
  private readonly strikeDecay: number;
  private readonly onAbuse: ((peer: string, reason: AbuseReason) => void) | undefined;
  private readonly peers = new Map<string, PeerState>();
  private inFlight = 0;

  constructor(options: RequestGuardOptions) {
    this.time = options.time;
    this.rate = options.ratePerSec ?? DEFAULT_REQUEST_RATE;
    this.burst = options.burst ?? DEFAULT_REQUEST_BURST;
    this.maxInFlightPerPeer = options.maxInFlightPerPeer ?? DEFAULT_MAX_IN_FLIGHT_PER_PEER;
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    this.strikeLimit = options.strikeLimit ?? DEFAULT_STRIKE_LIMIT;
    this.strikeDecay = options.strikeDecayPerSec ?? DEFAULT_STRIKE_DECAY;
    this.onAbuse = options.onAbuse;
  }

  /** Requests being served now, host-wide. */
  get active(): number {
    return this.inFlight;
  }

  /** Peers with state kept (bounded by MAX_TRACKED_PEERS plus those with requests in flight). */
  get tracked(): number {
    return this.peers.size;
  }

  /**
   * Admits one request from `peer`: `{ waitMs }` is how long it must wait for its token before
   * being served (0 within the burst), `{ refused }` says why it is not served at all. An admitted
   * request must be paired with `release(peer)` once served.
   */
  admit(peer: string): { readonly waitMs: number } | { readonly refused: RequestRefusal } {
    const s = this.state(peer);
    if (this.inFlight >= this.maxInFlight) return { refused: 'host-busy' };
    if (s.inFlight >= this.maxInFlightPerPeer) {
      this.strike(peer, s, 1, 'request-flood');
      return { refused: 'peer-busy' };
    }
    // The token is taken now, even if it has not refilled yet: the bucket goes negative by at
    // most the in-flight cap, so no wait exceeds maxInFlightPerPeer / rate.
    s.tokens -= 1;
    s.inFlight += 1;
    this.inFlight += 1;
    return { waitMs: s.tokens >= 0 ? 0 : Math.ceil((-s.tokens / this.rate) * 1000) };
  }

  release(peer: string): void {
    const s = this.peers.get(peer);
    if (s !== undefined && s.inFlight > 0) s.inFlight -= 1;
    if (this.inFlight > 0) this.inFlight -= 1;
  }

  /** A request the server could not read; counts against the peer. */
  fault(peer: string, fault: RequestFault): void {
    void fault; // both kinds weigh the same; the name documents the call site
    this.strike(peer, this.state(peer), FAULT_STRIKES, 'malformed-requests');
  }

  /** Forgets a peer (it was banned or disconnected). */
  forget(peer: string): void {
    const s = this.peers.get(peer);
    if (s === undefined || s.inFlight > 0) return;
    this.peers.delete(peer);
  }

  private strike(peer: string, s: PeerState, n: number, reason: AbuseReason): void {
    const before = s.strikes;
    s.strikes += n;
    if (before < this.strikeLimit && s.strikes >= this.strikeLimit) this.onAbuse?.(peer, reason);
  }

  /** The peer's state, refilled and decayed up to now. */
  private state(peer: string): PeerState {
    const now = this.time.now();
    let s = this.peers.get(peer);
    if (s === undefined) {
      this.prune();
      s = { tokens: this.burst, strikes: 0, at: now, inFlight: 0 };
      this.peers.set(peer, s);
      return s;
    }
    const sec = Math.max(0, now - s.at) / 1000;
    s.tokens = Math.min(this.burst, s.tokens + sec * this.rate);
    s.strikes = Math.max(0, s.strikes - sec * this.strikeDecay);
    s.at = now;
    return s;
  }

  /** Keeps the map bounded: idle peers whose bucket has refilled carry no information. */
  private prune(): void {
    if (this.peers.size < MAX_TRACKED_PEERS) return;
    const now = this.time.now();
    for (const [peer, s] of this.peers) {
      const sec = Math.max(0, now - s.at) / 1000;
      const full = s.tokens + sec * this.rate >= this.burst;
      const calm = s.strikes - sec * this.strikeDecay <= 0;
      if (s.inFlight === 0 && full && calm) this.peers.delete(peer);
    }
    // Still full of busy or striking peers: drop the oldest idle ones (a reset bucket is the
    // only thing a flooder gains, and it needs a new peer id per entry to get there).
    for (const [peer, s] of this.peers) {
      if (this.peers.size < MAX_TRACKED_PEERS) break;
      if (s.inFlight === 0) this.peers.delete(peer);
    }
  }
}
