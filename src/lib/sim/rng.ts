// The simulation's only source of randomness: xoshiro128** (Blackman & Vigna), seeded from
// blake3 of a string or bigint seed. Streams are forked by label from the seed itself, never
// from the parent's current state, so a sub-stream ("link a->b", "dial c") draws the same
// numbers however many draws other streams made: adding a node or a message on one link
// does not shift the randomness of any other.
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { blake3 } from '../crypto/hash.ts';
import { SimError } from './errors.ts';

const TWO_32 = 2 ** 32;
const TWO_53 = 2 ** 53;

function seedBytes(seed: string | bigint | Uint8Array): Uint8Array {
  if (seed instanceof Uint8Array) return blake3(utf8ToBytes('smesh-sim-rng-bytes:'), seed);
  if (typeof seed === 'bigint') return blake3(utf8ToBytes(`smesh-sim-rng-bigint:${seed}`));
  return blake3(utf8ToBytes('smesh-sim-rng-string:'), utf8ToBytes(seed));
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

export class Rng {
  /** 32 bytes every fork is derived from. */
  readonly #key: Uint8Array;
  #s0: number;
  #s1: number;
  #s2: number;
  #s3: number;

  constructor(seed: string | bigint | Uint8Array) {
    this.#key = seedBytes(seed);
    const v = new DataView(this.#key.buffer, this.#key.byteOffset, this.#key.byteLength);
    this.#s0 = v.getUint32(0, true);
    this.#s1 = v.getUint32(4, true);
    this.#s2 = v.getUint32(8, true);
    this.#s3 = v.getUint32(12, true);
    // xoshiro's one forbidden state; blake3 all-zero in 128 bits will not happen, but be total.
    if ((this.#s0 | this.#s1 | this.#s2 | this.#s3) === 0) this.#s0 = 1;
  }

  /**
   * A generator started from a raw xoshiro128** state (for checking against the reference C
   * implementation); its forks derive from the state's bytes.
   */
  static fromState(state: readonly [number, number, number, number]): Rng {
    const bytes = new Uint8Array(16);
    const v = new DataView(bytes.buffer);
    state.forEach((word, i) => v.setUint32(4 * i, word >>> 0, true));
    const rng = new Rng(bytes);
    rng.#s0 = state[0] >>> 0;
    rng.#s1 = state[1] >>> 0;
    rng.#s2 = state[2] >>> 0;
    rng.#s3 = state[3] >>> 0;
    return rng;
  }

  /** An independent stream named `label`; the same label always gives the same stream. */
  fork(label: string): Rng {
    return new Rng(blake3(this.#key, utf8ToBytes(`/${label}`)));
  }

  /** Next uint32. */
  next(): number {
    const result = (Math.imul(rotl(Math.imul(this.#s1, 5) >>> 0, 7), 9) >>> 0) >>> 0;
    const t = (this.#s1 << 9) >>> 0;
    this.#s2 = (this.#s2 ^ this.#s0) >>> 0;
    this.#s3 = (this.#s3 ^ this.#s1) >>> 0;
    this.#s1 = (this.#s1 ^ this.#s2) >>> 0;
    this.#s0 = (this.#s0 ^ this.#s3) >>> 0;
    this.#s2 = (this.#s2 ^ t) >>> 0;
    this.#s3 = rotl(this.#s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  float(): number {
    const hi = this.next() >>> 5; // 27 bits
    const lo = this.next() >>> 6; // 26 bits
    return (hi * 2 ** 26 + lo) / TWO_53;
  }

  /** Uniform integer in [lo, hi], both inclusive; unbiased (rejection sampling). */
  int(lo: number, hi: number): number {
    if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || hi < lo) {
      throw new SimError('invalid-options', `int(${lo}, ${hi}): need integers with lo <= hi`);
    }
    const span = hi - lo + 1;
    if (span > TWO_32) throw new SimError('invalid-options', `int range ${span} exceeds 2^32`);
    if (span === TWO_32) return lo + this.next();
    // Largest multiple of span below 2^32: draws at or above it would favour small values.
    const limit = TWO_32 - (TWO_32 % span);
    for (;;) {
      const x = this.next();
      if (x < limit) return lo + (x % span);
    }
  }

  /** True with probability p. */
  chance(p: number): boolean {
    if (p <= 0) return false;
    if (p >= 1) return true;
    return this.float() < p;
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = items[i]!;
      items[i] = items[j]!;
      items[j] = tmp;
    }
    return items;
  }

  /** `k` distinct items chosen uniformly (fewer if there are fewer), in chosen order. */
  sample<T>(items: readonly T[], k: number): T[] {
    const copy = [...items];
    const n = Math.min(k, copy.length);
    for (let i = 0; i < n; i++) {
      const j = this.int(i, copy.length - 1);
      const tmp = copy[i]!;
      copy[i] = copy[j]!;
      copy[j] = tmp;
    }
    return copy.slice(0, n);
  }
}
