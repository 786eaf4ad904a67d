import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { Prover8_56 } from '../../../src/lib/post/prove.ts';
import { ScanWasm } from '../../../src/lib/post/scan-wasm.ts';
import type { AesFactory } from '../../../src/lib/post/cipher.ts';
import { nodeAes } from '../../../src/cli/post/node-aes.ts';
import { LABEL_SIZE } from '../../../src/lib/post/interface.ts';

/** The groups of 4 labels with a byte ≤ msb that the SIMD scan must list, byte by byte. */
function expected(bytes: Uint8Array, labels: number, msb: number): number[] {
  const out: number[] = [];
  for (let g = 0; g * 4 < labels; g++) {
    let any = false;
    for (let p = g * 64; p < Math.min(labels, g * 4 + 4) * 16; p++) any ||= bytes[p]! <= msb;
    if (any) out.push(g);
  }
  return out;
}

const MSBS = [0, 1, 7, 126, 127, 128, 129, 200, 254, 255];

describe('ScanWasm (WebAssembly SIMD candidate scan)', () => {
  it('is available under Node', () => {
    expect(ScanWasm.create(16)).not.toBeNull();
  });

  it('lists exactly the groups of 4 labels with a byte ≤ msb, for every msb', () => {
    const s = ScanWasm.create(1000)!;
    const r = randomBytes(1000 * 16);
    // Bytes crowded around each msb tested, so that ties (byte = msb) and near misses abound.
    for (const msb of MSBS) {
      for (let i = 0; i < s.bytes.length; i++) s.bytes[i] = (msb + (r[i]! % 24) - 12) & 0xff;
      for (const labels of [1000, 999, 998, 997, 3, 0]) {
        const c = s.scan(labels, msb);
        const got = Array.from(s.cand.subarray(0, c));
        expect(got, `msb ${msb}, ${labels} labels`).toEqual(expected(s.bytes, labels, msb));
      }
    }
  });

  it('lists nothing when no byte is ≤ msb, everything when all are', () => {
    const s = ScanWasm.create(64)!;
    s.bytes.fill(0x80);
    expect(s.scan(64, 0x7f)).toBe(0);
    expect(s.scan(64, 0x80)).toBe(16);
    expect(Array.from(s.cand.subarray(0, 4))).toEqual([0, 1, 2, 3]);
  });
});

describe('Prover8_56: SIMD scan and JS scan agree', () => {
  // Random data, several slices (16384 labels each) plus a tail; 32 nonces.
  const data = new Uint8Array(randomBytes(35001 * LABEL_SIZE));
  const challenge = new Uint8Array(randomBytes(32));

  // The same labels at an odd byte offset: ties are then copied byte by byte.
  const unaligned = new Uint8Array(data.length + 1).subarray(1);
  unaligned.set(data);

  const hits = (
    difficulty: bigint,
    simd: boolean,
    aes?: AesFactory,
    split = 35001,
    from = data,
  ) => {
    const p = new Prover8_56(challenge, 16, 32, [3n, 4n], difficulty, aes, simd);
    const seen: string[] = [];
    for (let s = 0; s < 35001; s += split)
      p.prove(
        from.subarray(s * LABEL_SIZE, Math.min(35001, s + split) * LABEL_SIZE),
        BigInt(s),
        (n, i) => (seen.push(`${n}:${i}`), null),
      );
    return seen;
  };

  it.each(MSBS)('msb %i, ties broken on a random lsb', (msb) => {
    // Random, but at least 2^55 so that at msb 0 half the ties or more pass and the count holds.
    const lsb = BigInt(`0x${randomBytes(7).toString('hex')}`) | (1n << 55n);
    const d = (BigInt(msb) << 56n) | lsb;
    const js = hits(d, false);
    // Ties alone (1 byte in 256 of 35001 · 32) give hundreds of hits even at msb 0.
    expect(js.length).toBeGreaterThan(100);
    expect(hits(d, true)).toEqual(js);
    if (msb === 0 || msb === 128) {
      expect(hits(d, true, nodeAes)).toEqual(js);
      expect(hits(d, true, undefined, 1000)).toEqual(js); // 1000: a multiple of 8 labels
      expect(hits(d, true, undefined, 35001, unaligned)).toEqual(js);
      expect(hits(d, false, nodeAes, 1000, unaligned)).toEqual(js);
    }
  });
});
