// A bounded memo of successful verifications. Gossip hands a node the same signed message more
// than once (duplicates from several peers, a ballot re-checked by the proposal it rides in, a
// hare message and the malfeasance proof that quotes it), and the deterministic simulation runs
// many nodes in one process, each checking every message. The answer of a verification depends
// only on its inputs, so a success is remembered under blake3 of them — a collision would need a
// blake3 collision. Failures are not remembered: they are cheap to repeat and an attacker could
// otherwise fill the memo.
//
// Two generations of CAPACITY keys each: when the young one is full it becomes the old one and
// the previous old one is dropped. A single set cleared when full would forget, all at once,
// the proofs every node of a large simulation is still busy checking (1,500 nodes produce tens
// of thousands of signatures and VRF proofs per epoch), and they would all pay for them again.
import { blake3 } from '@noble/hashes/blake3.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const CAPACITY = 1 << 16;

let enabled = true;

/**
 * Turns the memo off (or on again) for the whole process. Benchmarks turn it off: they verify
 * the same inputs over and over, and must measure the verification, not the lookup.
 */
export function setVerifiedMemo(on: boolean): void {
  enabled = on;
}

/** Whether memos of verification results are on (other caches of pure checks follow it). */
export function verifiedMemoEnabled(): boolean {
  return enabled;
}

/** Lookups answered from the memo and checks that ran, since the memo was made. */
export interface MemoStats {
  readonly hits: number;
  readonly misses: number;
}

export class VerifiedMemo {
  #young = new Set<string>();
  #old = new Set<string>();
  readonly #tag: Uint8Array;
  readonly #capacity: number;
  #hits = 0;
  #misses = 0;

  /** `capacity`: keys per generation (tests use a small one). */
  constructor(tag: string, capacity = CAPACITY) {
    this.#tag = new TextEncoder().encode(tag);
    this.#capacity = capacity;
  }

  get stats(): MemoStats {
    return { hits: this.#hits, misses: this.#misses };
  }

  /** `check()` once per distinct input; later calls with the same input return true at once. */
  verify(parts: readonly Uint8Array[], check: () => boolean): boolean {
    if (!enabled) return check();
    const key = this.#key(parts);
    if (this.#known(key)) return true;
    if (!check()) return false;
    this.#remember(key);
    return true;
  }

  /**
   * As verify, for a check that throws on failure (its error reaches the caller unchanged, and
   * nothing is remembered); a known input returns without running it.
   */
  async check(parts: readonly Uint8Array[], check: () => Promise<void> | void): Promise<void> {
    if (!enabled) return check();
    const key = this.#key(parts);
    if (this.#known(key)) return;
    await check();
    this.#remember(key);
  }

  /** Synchronous form of {@link check}. */
  checkSync(parts: readonly Uint8Array[], check: () => void): void {
    if (!enabled) return check();
    const key = this.#key(parts);
    if (this.#known(key)) return;
    check();
    this.#remember(key);
  }

  #key(parts: readonly Uint8Array[]): string {
    const h = blake3.create();
    h.update(this.#tag);
    const len = new Uint8Array(4);
    const view = new DataView(len.buffer);
    // Each part length-prefixed, so ([ab], [c]) and ([a], [bc]) differ.
    for (const p of parts) {
      view.setUint32(0, p.length, true);
      h.update(len);
      h.update(p);
    }
    return bytesToHex(h.digest());
  }

  #known(key: string): boolean {
    if (this.#young.has(key) || this.#old.has(key)) {
      this.#hits++;
      return true;
    }
    this.#misses++;
    return false;
  }

  #remember(key: string): void {
    if (this.#young.size >= this.#capacity) {
      this.#old = this.#young;
      this.#young = new Set();
    }
    this.#young.add(key);
  }
}

const utf8 = new TextEncoder();

/** A number as a memo key part: its decimal text (exact for any number or bigint, never throws). */
export function numPart(n: bigint | number): Uint8Array {
  return utf8.encode(String(n));
}
