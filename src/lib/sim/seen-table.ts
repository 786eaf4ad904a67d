// The simulated network's seen caches (gossipsub's, one per peer): which message ids each peer
// has seen, until when. Kept per message rather than per peer: at 1,500 nodes every node sees
// every message, and the two-minute TTL holds thousands of messages, so per-peer maps would hold
// tens of millions of entries (gigabytes, and most of a run's garbage-collection work). Here a
// message costs one record with one expiry slot per peer (a Float64Array indexed by the peer's
// join index), whatever the number of peers that saw it.
//
// What each peer sees is exactly what a per-peer cache with the same TTL would show: a peer has
// seen a message while now < the expiry it recorded. Records whose every expiry has passed are
// dropped by a sweep that runs at most once per quarter TTL, which bounds memory, not behaviour.

/** The seen-cache state of one message id. */
export class SeenRecord {
  /** Expiry per peer index (virtual ms); 0: never seen (or forgotten by a crash). */
  #until: Float64Array;
  /** The latest expiry of any peer: once now reaches it, no peer has seen the message. */
  last = 0;

  constructor(peers: number) {
    this.#until = new Float64Array(peers);
  }

  has(peer: number, now: number): boolean {
    return peer < this.#until.length && this.#until[peer]! > now;
  }

  mark(peer: number, expiresAt: number): void {
    if (peer >= this.#until.length) {
      const grown = new Float64Array(Math.max(peer + 1, this.#until.length * 2));
      grown.set(this.#until);
      this.#until = grown;
    }
    this.#until[peer] = expiresAt;
    if (expiresAt > this.last) this.last = expiresAt;
  }

  forget(peer: number): void {
    if (peer < this.#until.length) this.#until[peer] = 0;
  }
}

export class SeenTable {
  readonly #records = new Map<string, SeenRecord>();
  readonly #sweepEvery: number;
  #nextSweep = Infinity;
  /** Peers joined so far: the size new records start with. */
  #peers = 0;

  constructor(ttlMs: number) {
    this.#sweepEvery = ttlMs / 4;
  }

  /** Records a new peer (index = join order); later records start with room for it. */
  addPeer(): number {
    return this.#peers++;
  }

  /** The record of `id`, if any peer saw it within the TTL (expired ones may linger). */
  lookup(id: string, now: number): SeenRecord | undefined {
    if (now >= this.#nextSweep) this.#sweep(now);
    return this.#records.get(id);
  }

  has(peer: number, id: string, now: number): boolean {
    return this.lookup(id, now)?.has(peer, now) ?? false;
  }

  mark(peer: number, id: string, expiresAt: number): void {
    let rec = this.#records.get(id);
    if (rec === undefined) {
      rec = new SeenRecord(this.#peers);
      this.#records.set(id, rec);
    }
    rec.mark(peer, expiresAt);
    if (this.#nextSweep === Infinity) this.#nextSweep = expiresAt;
  }

  /** A crash: the peer forgets every message it saw. */
  forget(peer: number): void {
    for (const rec of this.#records.values()) rec.forget(peer);
  }

  /** Records currently kept (for tests). */
  get size(): number {
    return this.#records.size;
  }

  #sweep(now: number): void {
    let next = Infinity;
    for (const [id, rec] of this.#records) {
      if (rec.last <= now) this.#records.delete(id);
      else if (rec.last < next) next = rec.last;
    }
    this.#nextSweep = next === Infinity ? Infinity : Math.max(next, now + this.#sweepEvery);
  }
}
