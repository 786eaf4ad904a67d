// A bounded memo of successful verifications. Gossip hands a node the same signed message more
// than once (duplicates from several peers, a ballot re-checked by the proposal it rides in, a
// hare message and the malfeasance proof that quotes it), and the deterministic simulation runs
// many nodes in one process, each checking every message. The answer of a verification depends
// only on its inputs, so a success is remembered under its inputs' bytes (bytes-table.ts: a fast
// hash finds the entry, the bytes are compared, so only equal inputs ever match). Failures are
// not remembered: they are cheap to repeat and an attacker could otherwise fill the memo.
//
// Two generations of CAPACITY keys each: when the young one is full it becomes the old one and
// the previous old one is dropped. A single set cleared when full would forget, all at once,
// the proofs every node of a large simulation is still busy checking (1,500 nodes produce tens
// of thousands of signatures and VRF proofs per epoch), and they would all pay for them again.
import { BytesTable, hashBytes } from '../bytes-table.ts';

const CAPACITY = 1 << 16;
/** Inputs longer than this are not remembered (the table holds every key's bytes). */
const MAX_KEY_BYTES = 64 * 1024;

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
  #young = new BytesTable<true>();
  #old = new BytesTable<true>();
  /** What the memo remembers (each memo has its own tables). */
  readonly name: string;
  readonly #capacity: number;
  #hits = 0;
  #misses = 0;

  /** `capacity`: keys per generation (tests use a small one). */
  constructor(name: string, capacity = CAPACITY) {
    this.name = name;
    this.#capacity = capacity;
  }

  get stats(): MemoStats {
    return { hits: this.#hits, misses: this.#misses };
  }

  /** `check()` once per distinct input; later calls with the same input return true at once. */
  verify(parts: readonly Uint8Array[], check: () => boolean): boolean {
    if (!enabled) return check();
    const h = hashBytes(parts);
    if (this.#known(parts, h)) return true;
    if (!check()) return false;
    this.#remember(parts, h);
    return true;
  }

  /**
   * As verify, for a check that throws on failure (its error reaches the caller unchanged, and
   * nothing is remembered); a known input returns without running it.
   */
  async check(parts: readonly Uint8Array[], check: () => Promise<void> | void): Promise<void> {
    if (!enabled) return check();
    const h = hashBytes(parts);
    if (this.#known(parts, h)) return;
    await check();
    this.#remember(parts, h);
  }

  /** Synchronous form of {@link check}. */
  checkSync(parts: readonly Uint8Array[], check: () => void): void {
    if (!enabled) return check();
    const h = hashBytes(parts);
    if (this.#known(parts, h)) return;
    check();
    this.#remember(parts, h);
  }

  #known(parts: readonly Uint8Array[], h: number): boolean {
    if (this.#young.has(parts, h) || this.#old.has(parts, h)) {
      this.#hits++;
      return true;
    }
    this.#misses++;
    return false;
  }

  #remember(parts: readonly Uint8Array[], h: number): void {
    let n = 0;
    for (const p of parts) n += p.length;
    // The table keeps each key's bytes: a rare huge input is checked every time instead.
    if (n > MAX_KEY_BYTES) return;
    if (this.#young.size >= this.#capacity) {
      this.#old = this.#young;
      this.#young = new BytesTable();
    }
    this.#young.set(parts, true, h);
  }
}

const utf8 = new TextEncoder();

/** A number as a memo key part: its decimal text (exact for any number or bigint, never throws). */
export function numPart(n: bigint | number): Uint8Array {
  return utf8.encode(String(n));
}
