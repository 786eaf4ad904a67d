// Fuzzing every SCALE decoder: 100,000 random and 100,000 mutated inputs each (mutations of
// valid encodings: bit flips, truncation, extension, insertion, deletion, boundary bytes).
// Properties: a decoder throws nothing but DecodeError; whatever it accepts re-encodes to the
// same bytes (or shorter: go-scale accepts non-minimal big-integer compacts); and
// decode(encode(x)) = x for random valid values.
import { describe, expect, it } from 'vitest';
import {
  bool,
  byteSlice,
  compact16,
  compact32,
  compact64,
  compact64Number,
  compact8,
  decode,
  encode,
  fixedBytes,
  option,
  slice,
  string,
  struct,
  u16,
  u32,
  u64,
  type Codec,
} from '../../../src/lib/codec/index.ts';
import { deepEqual, fuzzDecoder, fuzzSeed, mutate, Rng, sameBytes } from '../codec/fuzz-kit.ts';

const RANDOM = 100_000;
const MUTATED = 100_000;
const ROUND_TRIPS = 20_000;

const seed = fuzzSeed('codec fuzz');

interface Target<T> {
  readonly name: string;
  readonly codec: Codec<T>;
  readonly gen: (rng: Rng) => T;
  /** Longest random input tried. */
  readonly maxRandom: number;
}

const CHARS = ['a', 'Z', '0', ' ', 'é', 'ß', '€', '中', '😀', '\u0000'];
function randomString(rng: Rng, maxBytes: number): string {
  let s = '';
  for (;;) {
    const next = s + rng.pick(CHARS);
    if (new TextEncoder().encode(next).length > maxBytes || rng.int(6) === 0) return s;
    s = next;
  }
}

const Item = struct({ a: compact16, b: fixedBytes(3), c: option(bool), d: string(8) });
type Item = ReturnType<typeof Item.decode>;
const genItem = (rng: Rng): Item => ({
  a: rng.uintN(16),
  b: rng.bytes(3),
  c: rng.int(3) === 0 ? null : rng.bool(),
  d: randomString(rng, 8),
});
const Nested = struct({ x: option(struct({ y: compact32, z: slice(compact64, 3) })), w: u32 });

const targets: Target<unknown>[] = [
  { name: 'compact8', codec: compact8, gen: (r) => r.uintN(8), maxRandom: 4 },
  { name: 'compact16', codec: compact16, gen: (r) => r.uintN(16), maxRandom: 6 },
  { name: 'compact32', codec: compact32, gen: (r) => r.uintN(32), maxRandom: 8 },
  { name: 'compact64', codec: compact64, gen: (r) => r.uint(64), maxRandom: 12 },
  {
    name: 'compact64Number',
    codec: compact64Number,
    gen: (r) => Number(r.uint(53)),
    maxRandom: 12,
  },
  { name: 'u16', codec: u16, gen: (r) => r.uintN(16), maxRandom: 4 },
  { name: 'u32', codec: u32, gen: (r) => r.uintN(32), maxRandom: 6 },
  { name: 'u64', codec: u64, gen: (r) => r.uint(64), maxRandom: 10 },
  { name: 'bool', codec: bool, gen: (r) => r.bool(), maxRandom: 2 },
  {
    name: 'option(compact64)',
    codec: option(compact64),
    gen: (r) => (r.bool() ? null : r.uint(64)),
    maxRandom: 12,
  },
  { name: 'byteSlice(32)', codec: byteSlice(32), gen: (r) => r.bytes(r.int(33)), maxRandom: 40 },
  { name: 'string(32)', codec: string(32), gen: (r) => randomString(r, 32), maxRandom: 40 },
  {
    name: 'slice(struct, 4)',
    codec: slice(Item, 4),
    gen: (r) => Array.from({ length: r.int(5) }, () => genItem(r)),
    maxRandom: 64,
  },
  {
    name: 'nested struct/option/slice',
    codec: Nested,
    gen: (r) => ({
      x: r.bool()
        ? null
        : { y: r.uintN(32), z: Array.from({ length: r.int(4) }, () => r.uint(64)) },
      w: r.uintN(32),
    }),
    maxRandom: 48,
  },
] as Target<unknown>[];

/** Accepted input: its value re-encodes to the same bytes, or shorter (non-minimal big-int). */
function reencodes(codec: Codec<unknown>) {
  return (value: unknown, input: Uint8Array): void => {
    const again = encode(codec, value);
    if (!sameBytes(again, input) && again.length >= input.length)
      throw new Error('re-encodes differently');
    if (!deepEqual(decode(codec, again), value))
      throw new Error('re-encoding decodes to another value');
  };
}

describe(`SCALE decoders fuzz (seed ${seed})`, () => {
  targets.forEach((t, i) => {
    it(`${t.name}: ${RANDOM} random + ${MUTATED} mutated inputs, ${ROUND_TRIPS} round trips`, () => {
      const rng = new Rng(seed + i * 0x9e3779b9);
      const check = reencodes(t.codec);
      const dec = (b: Uint8Array) => decode(t.codec, b);
      const random = fuzzDecoder(
        `${t.name} random`,
        RANDOM,
        () => rng.bytes(rng.int(t.maxRandom + 1)),
        dec,
        check,
      );
      const mutated = fuzzDecoder(
        `${t.name} mutated`,
        MUTATED,
        () => mutate(rng, encode(t.codec, t.gen(rng))),
        dec,
        check,
      );
      expect(random.inputs + mutated.inputs).toBe(RANDOM + MUTATED);
      // Mutations must exercise both outcomes, or the generator is broken.
      expect(mutated.rejected).toBeGreaterThan(0);
      expect(mutated.decoded).toBeGreaterThan(0);

      for (let n = 0; n < ROUND_TRIPS; n++) {
        const v = t.gen(rng);
        const back = decode(t.codec, encode(t.codec, v));
        if (!deepEqual(back, v)) expect(back).toEqual(v);
      }
    });
  });
});
