// Shared pieces of the codec and transaction fuzz tests: a seeded PRNG (the seed is logged;
// SMESH_FUZZ_SEED replays a run), input mutators, and a loop that fails on the first exception
// that is not a DecodeError, naming the input that caused it.
import { bytesToHex } from '@noble/hashes/utils.js';
import { DecodeError } from '../../../src/lib/codec/index.ts';

/** The run's seed: SMESH_FUZZ_SEED (decimal or 0x hex) or a fresh random one, logged either way. */
export function fuzzSeed(label: string): number {
  const env = process.env.SMESH_FUZZ_SEED;
  const seed =
    env !== undefined && env !== '' ? Number(env) >>> 0 : (Math.random() * 2 ** 32) >>> 0;
  console.log(`${label}: seed ${seed} (replay with SMESH_FUZZ_SEED=${seed})`);
  return seed;
}

/** sfc32: small, fast, and good enough to drive mutations; fully determined by the seed. */
export class Rng {
  #a: number;
  #b: number;
  #c: number;
  #d: number;

  constructor(seed: number) {
    this.#a = 0x9e3779b9;
    this.#b = 0x243f6a88;
    this.#c = 0xb7e15162;
    this.#d = seed >>> 0;
    for (let i = 0; i < 12; i++) this.u32();
  }

  u32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform-ish integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : this.u32() % n;
  }

  bool(): boolean {
    return (this.u32() & 1) === 1;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i += 4) {
      const x = this.u32();
      out[i] = x;
      if (i + 1 < n) out[i + 1] = x >>> 8;
      if (i + 2 < n) out[i + 2] = x >>> 16;
      if (i + 3 < n) out[i + 3] = x >>> 24;
    }
    return out;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** An unsigned integer of a random bit length up to `bits`, so small and edge values are common. */
  uint(bits: number): bigint {
    const len = this.int(bits + 1);
    let v = 0n;
    for (let i = 0; i < len; i += 32) v = (v << 32n) | BigInt(this.u32());
    v &= (1n << BigInt(len)) - 1n;
    if (this.int(8) === 0) v = (1n << BigInt(Math.max(len, 1))) - 1n; // all ones: width edges
    return v;
  }

  /** An unsigned integer below 2^bits (bits ≤ 32) as a number. */
  uintN(bits: number): number {
    return Number(this.uint(bits));
  }
}

const BOUNDARY = [0x00, 0x01, 0x02, 0x03, 0x04, 0xfc, 0xfd, 0xfe, 0xff, 0x13, 0x17];

/** One to three edits of `input`: bit flips, truncation, extension, insertion, deletion, boundary bytes. */
export function mutate(rng: Rng, input: Uint8Array): Uint8Array {
  let b = input;
  const edits = 1 + rng.int(3);
  for (let e = 0; e < edits; e++) {
    const pos = rng.int(b.length + 1);
    switch (rng.int(6)) {
      case 0: {
        if (b.length === 0) break;
        const c = b.slice();
        const i = rng.int(c.length);
        c[i]! ^= 1 << rng.int(8);
        b = c;
        break;
      }
      case 1:
        b = b.slice(0, rng.int(b.length + 1));
        break;
      case 2: {
        const tail = rng.bytes(1 + rng.int(8));
        const c = new Uint8Array(b.length + tail.length);
        c.set(b);
        c.set(tail, b.length);
        b = c;
        break;
      }
      case 3: {
        const c = new Uint8Array(b.length + 1);
        c.set(b.subarray(0, pos));
        c[pos] = rng.bool() ? rng.pick(BOUNDARY) : rng.int(256);
        c.set(b.subarray(pos), pos + 1);
        b = c;
        break;
      }
      case 4: {
        if (b.length === 0) break;
        const at = Math.min(pos, b.length - 1);
        const c = new Uint8Array(b.length - 1);
        c.set(b.subarray(0, at));
        c.set(b.subarray(at + 1), at);
        b = c;
        break;
      }
      default: {
        if (b.length === 0) break;
        const c = b.slice();
        c[rng.int(c.length)] = rng.pick(BOUNDARY);
        b = c;
      }
    }
  }
  return b;
}

export interface FuzzStats {
  inputs: number;
  decoded: number;
  rejected: number;
}

/**
 * Feeds `count` inputs from `next` to `decode`. Every failure must be a DecodeError; the first
 * other exception fails the test with the offending input. `check` runs on each success.
 */
export function fuzzDecoder<T>(
  name: string,
  count: number,
  next: () => Uint8Array,
  decode: (b: Uint8Array) => T,
  check?: (value: T, input: Uint8Array) => void,
): FuzzStats {
  const stats: FuzzStats = { inputs: 0, decoded: 0, rejected: 0 };
  // Stack traces are most of the cost of a thrown error and say nothing here.
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    for (let i = 0; i < count; i++) {
      const input = next();
      stats.inputs++;
      let value: T;
      try {
        value = decode(input);
      } catch (e) {
        if (e instanceof DecodeError) {
          stats.rejected++;
          continue;
        }
        throw new Error(
          `${name}: input ${bytesToHex(input)} threw ${String(e)}, not a DecodeError`,
          { cause: e },
        );
      }
      stats.decoded++;
      if (check) {
        try {
          check(value, input);
        } catch (e) {
          throw new Error(
            `${name}: input ${bytesToHex(input)} decoded but failed the check: ${String(e)}`,
            { cause: e },
          );
        }
      }
    }
  } finally {
    Error.stackTraceLimit = limit;
  }
  return stats;
}

/** Structural equality for decoded values: bytes, bigints, arrays, plain objects. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    return (
      ka.length === kb.length &&
      ka.every((k) =>
        deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
      )
    );
  }
  return false;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return deepEqual(a, b);
}
