// A bounded memo of successful verifications. Gossip hands a node the same signed message more
// than once (duplicates from several peers, a ballot re-checked by the proposal it rides in, a
// hare message and the malfeasance proof that quotes it), and the deterministic simulation runs
// many nodes in one process, each checking every message. The answer of a verification depends
// only on its inputs, so a success is remembered under blake3 of them — a collision would need a
// blake3 collision. Failures are not remembered: they are cheap to repeat and an attacker could
// otherwise fill the memo.
import { blake3 } from '@noble/hashes/blake3.js';
import { bytesToHex } from '@noble/hashes/utils.js';

const CAPACITY = 1 << 15;

let enabled = true;

/**
 * Turns the memo off (or on again) for the whole process. Benchmarks turn it off: they verify
 * the same inputs over and over, and must measure the verification, not the lookup.
 */
export function setVerifiedMemo(on: boolean): void {
  enabled = on;
}

export class VerifiedMemo {
  readonly #seen = new Set<string>();
  readonly #tag: Uint8Array;

  constructor(tag: string) {
    this.#tag = new TextEncoder().encode(tag);
  }

  /** `check()` once per distinct input; later calls with the same input return true at once. */
  verify(parts: readonly Uint8Array[], check: () => boolean): boolean {
    if (!enabled) return check();
    const h = blake3.create();
    h.update(this.#tag);
    const len = new Uint8Array(4);
    const view = new DataView(len.buffer);
    for (const p of parts) {
      view.setUint32(0, p.length, true);
      h.update(len);
      h.update(p);
    }
    const key = bytesToHex(h.digest());
    if (this.#seen.has(key)) return true;
    if (!check()) return false;
    if (this.#seen.size >= CAPACITY) this.#seen.clear();
    this.#seen.add(key);
    return true;
  }
}
