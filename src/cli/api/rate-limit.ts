// Per-client token buckets (by remote address): `perSecond` requests a second on average, bursts
// up to `burst`. Buckets idle long enough to be full again are dropped, so a flood of
// addresses cannot grow the table without bound.
export interface RateLimitOptions {
  readonly perSecond: number;
  readonly burst: number;
  /** Milliseconds; Date.now by default (tests pass their own). */
  readonly now?: () => number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export class RateLimiter {
  readonly #o: RateLimitOptions;
  readonly #now: () => number;
  readonly #buckets = new Map<string, Bucket>();
  #lastSweep = 0;

  constructor(o: RateLimitOptions) {
    if (!(o.perSecond > 0) || !(o.burst >= 1)) throw new RangeError('rate limit must be positive');
    this.#o = o;
    this.#now = o.now ?? Date.now;
  }

  /** Takes one token for `client`: false when its bucket is empty. */
  take(client: string): boolean {
    const now = this.#now();
    this.#sweep(now);
    const b = this.#buckets.get(client) ?? { tokens: this.#o.burst, at: now };
    b.tokens = Math.min(this.#o.burst, b.tokens + ((now - b.at) / 1000) * this.#o.perSecond);
    b.at = now;
    this.#buckets.set(client, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Seconds until `client` has a token again (for Retry-After). */
  retryAfter(client: string): number {
    const b = this.#buckets.get(client);
    if (b === undefined || b.tokens >= 1) return 0;
    return Math.ceil((1 - b.tokens) / this.#o.perSecond);
  }

  get clients(): number {
    return this.#buckets.size;
  }

  #sweep(now: number): void {
    const fullAfterMs = (this.#o.burst / this.#o.perSecond) * 1000;
    if (now - this.#lastSweep < fullAfterMs) return;
    this.#lastSweep = now;
    for (const [k, b] of this.#buckets) if (now - b.at >= fullAfterMs) this.#buckets.delete(k);
  }
}
