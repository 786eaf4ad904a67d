import { describe, expect, it } from 'vitest';
import { createHash, randomBytes } from 'node:crypto';
import { Prover8_56 } from '../../../src/lib/post/prove.ts';
import { ScanWasm } from '../../../src/lib/post/scan-wasm.ts';
import { nodeAes } from '../../../src/cli/post/node-aes.ts';
import { LABEL_SIZE } from '../../../src/lib/post/interface.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Hits (label:byte, label-major) and per byte the ties (label:input), computed byte by byte. */
function reference(out: Uint8Array, input: Uint8Array, labels: number, msb: number, first: number) {
  const hits: string[] = [];
  const ties: string[][] = Array.from({ length: 16 }, () => []);
  for (let l = 0; l < labels; l++)
    for (let b = 0; b < 16; b++) {
      const v = out[l * 16 + b]!;
      if (v < msb) hits.push(`${first + l}:${b}`);
      else if (v === msb) ties[b]!.push(`${first + l}:${hex(input.subarray(l * 16, l * 16 + 16))}`);
    }
  return { hits, ties };
}

/** Scan and gather as the prover drives them: drain hits, empty full buckets, go on. */
function gathered(s: ScanWasm, labels: number, msb: number, first: number, g: number) {
  const hits: string[] = [];
  const ties: string[][] = Array.from({ length: 16 }, () => []);
  const empty = (t: number) => {
    const n = s.tieCounts[t]!;
    const bytes = s.tieBytes(t, n);
    for (let i = 0; i < n; i++)
      ties[t - 16 * g]!.push(
        `${s.tieLabels[t * s.tieCap + i]!}:${hex(bytes.subarray(i * 16, i * 16 + 16))}`,
      );
    s.tieCounts[t] = 0;
  };
  const c = s.scan(labels, msb);
  let calls = 0;
  for (let i = 0; ;) {
    i = s.gather(i, c, labels, msb, first, g);
    calls++;
    for (let k = 1; k <= s.hits[0]!; k++)
      hits.push(`${first + (s.hits[k]! >>> 4)}:${s.hits[k]! & 15}`);
    s.hits[0] = 0;
    if (i >= c) break;
    for (let t = 16 * g; t < 16 * g + 16; t++) if (s.tieCounts[t]! >= s.tieCap) empty(t);
  }
  for (let t = 16 * g; t < 16 * g + 16; t++) empty(t);
  return { hits, ties, calls };
}

describe('ScanWasm.gather (hits and tie buckets in WebAssembly)', () => {
  it.each([
    [0, 1],
    [0, 3],
    [7, 2],
    [128, 5],
    [255, 1000],
  ])('msb %i, buckets of %i: the hits and every tie with its input, in order', (msb, cap) => {
    const labels = 997; // a partial last group
    const s = ScanWasm.create(1000, 32, cap)!;
    const r = randomBytes(1000 * 16);
    // Bytes crowded around msb: ties and near misses abound, buckets fill mid-group.
    for (let i = 0; i < s.bytes.length; i++) s.bytes[i] = (msb + (r[i]! % 24) - 12) & 0xff;
    // Stale bytes past the labels must not count.
    s.bytes.fill(msb, labels * 16);
    s.input.set(randomBytes(s.input.length));
    const want = reference(s.bytes, s.input, labels, msb, 5000);
    const got = gathered(s, labels, msb, 5000, 1);
    expect(got.hits).toEqual(want.hits);
    expect(got.ties).toEqual(want.ties);
    if (cap < 1000 && msb !== 255) expect(got.calls).toBeGreaterThan(1); // it did stop and go on
  });

  it('stops for a full hit list and goes on where it stopped', () => {
    const s = ScanWasm.create(2048, 16)!;
    s.bytes.fill(0); // every byte below msb 1: 32768 hits, several hit lists' worth
    const got = gathered(s, 2048, 1, 0, 0);
    expect(got.hits.length).toBe(2048 * 16);
    expect(got.hits[4097]).toBe(`${Math.floor(4097 / 16)}:${4097 % 16}`);
    expect(got.calls).toBeGreaterThan(1);
  });

  it('refuses an empty bucket size', () => {
    expect(() => ScanWasm.create(16, 16, 0)).toThrow(RangeError);
  });
});

describe('Prover8_56: full tie buckets are settled mid-batch', () => {
  it('1024 nonces (buckets of 256 labels) over 70000 labels: SIMD equals the JS scan', () => {
    // About 273 ties per nonce at msb 0: every bucket fills and is settled before the batch ends.
    // Fixed inputs (a random LSB near 2^56 would let almost no tie pass and the count vary).
    const fixed = (tag: string, n: number) =>
      new Uint8Array(createHash('shake256', { outputLength: n }).update(tag).digest());
    const data = fixed('prove-gather data', 70000 * LABEL_SIZE);
    const challenge = fixed('prove-gather challenge', 32);
    const lsb = 1n << 55n; // half of the ties pass
    const pows = Array.from({ length: 64 }, (_, g) => BigInt(g));
    const run = (simd: boolean) => {
      const p = new Prover8_56(challenge, 0, 1024, pows, lsb, nodeAes, simd);
      const seen: string[] = [];
      p.prove(data, 7n, (n, i) => (seen.push(`${n}:${i}`), null));
      return seen;
    };
    const js = run(false);
    expect(js.length).toBeGreaterThan(1000);
    expect(run(true)).toEqual(js);
  });
});
