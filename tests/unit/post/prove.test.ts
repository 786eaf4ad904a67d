import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import {
  MAX_NONCE,
  Prover8_56,
  ProvingError,
  createScanRequestHandler,
  generateProof,
} from '../../../src/lib/post/prove.ts';
import type { Consume, ScanResponse, SpawnProveWorker } from '../../../src/lib/post/prove.ts';
import { TableAes, aesKey, encryptBlock, lazyAesKey, lsb56 } from '../../../src/lib/post/cipher.ts';
import type { AesFactory } from '../../../src/lib/post/cipher.ts';
import { nodeAes } from '../../../src/cli/post/node-aes.ts';
import { decompressIndexes, requiredBits } from '../../../src/lib/post/compression.ts';
import { provingDifficulty, splitDifficulty } from '../../../src/lib/post/difficulty.ts';
import { LABEL_SIZE } from '../../../src/lib/post/interface.ts';
import type { LabelReader } from '../../../src/lib/post/interface.ts';
import type { K2Pow } from '../../../src/lib/post/k2pow.ts';

const te = new TextEncoder();
const FF32 = new Uint8Array(32).fill(0xff);

/** post-rs's consume closure: first nonce to collect k2 indices wins. */
function collector(k2: number): Consume {
  const m = new Map<number, bigint[]>();
  return (nonce, index) => {
    const l = m.get(nonce) ?? [];
    m.set(nonce, l);
    l.push(index);
    return l.length >= k2 ? l : null;
  };
}

function memoryReader(labels: Uint8Array, reads?: [bigint, number][]): LabelReader {
  return {
    totalLabels: BigInt(labels.length / LABEL_SIZE),
    read(start, count) {
      reads?.push([start, count]);
      const s = Number(start) * LABEL_SIZE;
      return Promise.resolve(labels.slice(s, s + count * LABEL_SIZE));
    },
  };
}

/** Independent re-check of one index, straight from the rules in post_notes.json. */
function passes(challenge: Uint8Array, nonce: number, pow: bigint, label: Uint8Array, d: bigint) {
  const g = Math.floor(nonce / 16);
  const out = encryptBlock(new TableAes(aesKey(challenge, g, pow)), label);
  const { msb, lsb } = splitDifficulty(d);
  const b = out[nonce % 16]!;
  if (b !== msb) return b < msb;
  return lsb56(encryptBlock(new TableAes(lazyAesKey(challenge, nonce, g, pow)), label)) < lsb;
}

describe('Prover8_56 (post-rs prove.rs unit tests)', () => {
  it('sanity: with difficulty u64::MAX every (nonce, label) is consumed in post-rs order', () => {
    const p = new Prover8_56(
      te.encode('hello world, challenge me!!!!!!!'),
      0,
      16,
      [0n],
      (1n << 64n) - 1n,
    );
    const seen: [number, bigint][] = [];
    expect(
      p.prove(new Uint8Array(8 * LABEL_SIZE), 0n, (n, i) => (seen.push([n, i]), null)),
    ).toBeNull();
    const expected: [number, bigint][] = [];
    for (let x = 0n; x < 8n; x++) for (let n = 0; n < 16; n++) expected.push([n, x]);
    expect(seen).toEqual(expected);
  });

  it('visits hits per 8-label chunk, then group by group, then byte by byte (post-rs order)', () => {
    const p = new Prover8_56(new Uint8Array(32), 32, 32, [0n, 0n], (1n << 64n) - 1n);
    const seen: [number, bigint][] = [];
    p.prove(new Uint8Array(16 * LABEL_SIZE), 0n, (n, i) => (seen.push([n, i]), null));
    const expected: [number, bigint][] = [];
    for (let chunk = 0n; chunk < 2n; chunk++)
      for (let g = 0; g < 2; g++)
        for (let x = 0n; x < 8n; x++)
          for (let b = 0; b < 16; b++) expected.push([32 + g * 16 + b, chunk * 8n + x]);
    expect(seen).toEqual(expected);
  });

  it('proving_vector: nonce 3 with indices 0, 3, …, 93', () => {
    const challenge = te.encode('hello world, CHALLENGE me!!!!!!!');
    const data = new Uint8Array(128 * LABEL_SIZE).map((_, i) => i % 12);
    const p = new Prover8_56(challenge, 0, 16, [0n], provingDifficulty(4, 128n));
    const res = p.prove(data, 0n, collector(32));
    expect(res?.nonce).toBe(3);
    expect(res?.indices).toEqual(Array.from({ length: 32 }, (_, i) => BigInt(3 * i)));
  });

  it('refuses nonce ranges that are not whole groups', () => {
    const c = new Uint8Array(32);
    expect(() => new Prover8_56(c, 0, 0, [], 1n)).toThrow(ProvingError);
    expect(() => new Prover8_56(c, 1, 16, [0n], 1n)).toThrow(ProvingError);
    expect(() => new Prover8_56(c, 0, 17, [0n], 1n)).toThrow(ProvingError);
    expect(() => new Prover8_56(c, 16, 32, [0n], 1n)).toThrow(ProvingError);
  });

  it('gives the same hits whatever the batch split, with offsets carried over', () => {
    const challenge = new Uint8Array(randomBytes(32));
    const data = new Uint8Array(randomBytes(1000 * LABEL_SIZE));
    const d = provingDifficulty(64, 1000n);
    const all = (split: number) => {
      const p = new Prover8_56(challenge, 32, 48, [5n, 6n, 7n], d);
      const hits: string[] = [];
      for (let s = 0; s < 1000; s += split) {
        const batch = data.subarray(s * LABEL_SIZE, Math.min(1000, s + split) * LABEL_SIZE);
        p.prove(batch, BigInt(s), (n, i) => (hits.push(`${n}:${i}`), null));
      }
      return hits.sort();
    };
    const whole = all(1000);
    expect(whole.length).toBeGreaterThan(48 * 30); // ≈ K1 = 64 hits per nonce
    expect(all(8)).toEqual(whole);
    expect(all(96)).toEqual(whole);
    for (const h of whole) {
      const [n, i] = h.split(':').map(Number) as [number, number];
      const label = data.subarray(i * LABEL_SIZE, (i + 1) * LABEL_SIZE);
      expect(passes(challenge, n, BigInt(5 + Math.floor(n / 16) - 2), label, d)).toBe(true);
    }
  });

  it('keeps post-rs order across its internal 16384-label slices', () => {
    const challenge = new Uint8Array(randomBytes(32));
    const data = new Uint8Array(randomBytes(40000 * LABEL_SIZE));
    const d = provingDifficulty(200, 40000n);
    const run = (split: number) => {
      const p = new Prover8_56(challenge, 0, 32, [0n, 0n], d);
      const hits: string[] = [];
      for (let s = 0; s < 40000; s += split)
        p.prove(
          data.subarray(s * LABEL_SIZE, Math.min(40000, s + split) * LABEL_SIZE),
          BigInt(s),
          (n, i) => (hits.push(`${n}:${i}`), null),
        );
      return hits;
    };
    const whole = run(40000);
    expect(whole.length).toBeGreaterThan(32 * 150);
    expect(run(1000)).toEqual(whole); // 1000 is a multiple of 8: the visiting order is the same
  });

  it('gives the same hits with a cipher that answers in its own (aligned or unaligned) buffer', () => {
    const challenge = new Uint8Array(randomBytes(32));
    const data = new Uint8Array(randomBytes(20000 * LABEL_SIZE));
    const d = provingDifficulty(100, 20000n);
    const unaligned: AesFactory = (key) => {
      const t = new TableAes(key);
      return {
        encrypt(input) {
          const own = new Uint8Array(input.length + 1).subarray(1);
          t.encrypt(input, own);
          return own;
        },
      };
    };
    const hits = (aes?: AesFactory) => {
      const seen: string[] = [];
      new Prover8_56(challenge, 16, 32, [3n, 4n], d, aes).prove(
        data,
        0n,
        (n, i) => (seen.push(`${n}:${i}`), null),
      );
      return seen;
    };
    const table = hits();
    expect(table.length).toBeGreaterThan(32 * 60);
    expect(hits(nodeAes)).toEqual(table);
    expect(hits(unaligned)).toEqual(table);
  });

  it('hits every passing pair and nothing else (MSB ≥ 128 path, tie-breaks included)', () => {
    const challenge = new Uint8Array(randomBytes(32));
    const data = new Uint8Array(randomBytes(64 * LABEL_SIZE));
    const d = provingDifficulty(40, 64n); // msb 160: many ties on the MSB byte
    const p = new Prover8_56(challenge, 0, 32, [1n, 2n], d);
    const hits = new Set<string>();
    p.prove(data, 100n, (n, i) => (hits.add(`${n}:${i}`), null));
    for (let n = 0; n < 32; n++)
      for (let i = 0; i < 64; i++) {
        const label = data.subarray(i * LABEL_SIZE, (i + 1) * LABEL_SIZE);
        const ok = passes(challenge, n, BigInt(1 + Math.floor(n / 16)), label, d);
        expect(hits.has(`${n}:${100 + i}`), `${n}:${i}`).toBe(ok);
      }
  });
});

describe('generateProof', () => {
  const nodeId = new Uint8Array(32).fill(7);

  it.each([
    [512, 1, 26, 37, 128],
    [4096, 2, 26, 37, 16],
    [2048, 1, 8, 8, 32],
  ])('%i labels/unit × %i units, K1 %i K2 %i, %i nonces', async (lpu, units, k1, k2, nonces) => {
    const labels = new Uint8Array(randomBytes(lpu * units * LABEL_SIZE));
    const challenge = new Uint8Array(randomBytes(32));
    const reads: [bigint, number][] = [];
    const proof = await generateProof(
      memoryReader(labels, reads),
      challenge,
      { k1, k2, powDifficulty: FF32 },
      { nodeId, numUnits: units, labelsPerUnit: BigInt(lpu) },
      { nonces, batchLabels: 1000 },
    );
    const numLabels = BigInt(lpu * units);
    expect(proof.pow).toBe(0n);
    expect(proof.nonce).toBeLessThan(MAX_NONCE);
    const bits = requiredBits(numLabels);
    expect(proof.indices.length).toBe(Math.ceil((bits * k2) / 8));
    const idx = decompressIndexes(proof.indices, bits).slice(0, k2);
    expect(new Set(idx).size).toBe(k2);
    expect(idx).toEqual([...idx].sort((a, b) => (a < b ? -1 : 1)));
    const d = provingDifficulty(k1, numLabels);
    for (const i of idx) {
      expect(i).toBeLessThan(numLabels);
      const label = labels.subarray(Number(i) * LABEL_SIZE, (Number(i) + 1) * LABEL_SIZE);
      expect(passes(challenge, proof.nonce, 0n, label, d)).toBe(true);
    }
    expect(reads.every(([, n]) => n <= 1000)).toBe(true);
  });

  it('is deterministic and uses the pow the k2pow gave for the winning group', async () => {
    const labels = new Uint8Array(randomBytes(2048 * LABEL_SIZE));
    const challenge = new Uint8Array(randomBytes(32));
    const calls: number[] = [];
    const k2pow: K2Pow = {
      kind: 'none',
      prove: ({ nonceGroup, challenge8 }) => {
        calls.push(nonceGroup);
        expect(challenge8).toEqual(challenge.subarray(0, 8));
        return Promise.resolve(BigInt(1000 + nonceGroup));
      },
      verify: () => {},
    };
    const run = () =>
      generateProof(
        memoryReader(labels),
        challenge,
        { k1: 26, k2: 37, powDifficulty: FF32 },
        { nodeId, numUnits: 1, labelsPerUnit: 2048n },
        { nonces: 64, k2pow },
      );
    const a = await run();
    const b = await run();
    expect(b).toEqual(a);
    expect(a.pow).toBe(BigInt(1000 + Math.floor(a.nonce / 16)));
    expect(calls.slice(0, 4)).toEqual([0, 1, 2, 3]);
  });

  it('gives the same proof on workers (1, 3 and 4 threads) as on the calling thread', async () => {
    const labels = new Uint8Array(randomBytes(3001 * LABEL_SIZE)); // not a multiple of 8
    const challenge = new Uint8Array(randomBytes(32));
    const spawned: number[] = [];
    const spawn: SpawnProveWorker = () => {
      const handle = createScanRequestHandler();
      let onResponse: (r: ScanResponse) => void = () => {};
      spawned.push(0);
      return {
        post: (req) => setTimeout(() => onResponse(handle(req)), Math.random() * 3),
        listen: (r) => void (onResponse = r),
        terminate: () => {},
      };
    };
    const run = (workers?: { spawn: SpawnProveWorker; threads: number }) =>
      generateProof(
        memoryReader(labels),
        challenge,
        { k1: 26, k2: 37, powDifficulty: FF32 },
        { nodeId, numUnits: 1, labelsPerUnit: 3001n },
        { nonces: 32, batchLabels: 500, ...(workers ? { workers } : {}) },
      );
    const here = await run();
    for (const threads of [1, 3, 4]) expect(await run({ spawn, threads })).toEqual(here);
    expect(spawned).toHaveLength(8);
  });

  it('fails when a worker fails', async () => {
    const spawn: SpawnProveWorker = () => ({
      post: () => {},
      listen: (_r, fail) => void setTimeout(() => fail(new Error('worker died')), 1),
      terminate: () => {},
    });
    const labels = new Uint8Array(256 * LABEL_SIZE);
    await expect(
      generateProof(
        memoryReader(labels),
        new Uint8Array(32),
        { k1: 2, k2: 3, powDifficulty: FF32 },
        { nodeId, numUnits: 1, labelsPerUnit: 256n },
        { workers: { spawn, threads: 2 } },
      ),
    ).rejects.toThrow('worker died');
  });

  it('fails typed on a size mismatch, bad nonces, an abort, and when no nonce can win', async () => {
    const labels = new Uint8Array(64 * LABEL_SIZE);
    const cfg = { k1: 2, k2: 3, powDifficulty: FF32 };
    const data = { nodeId, numUnits: 1, labelsPerUnit: 64n };
    const c = new Uint8Array(32);
    await expect(
      generateProof(memoryReader(labels), c, cfg, { ...data, numUnits: 2 }),
    ).rejects.toMatchObject({ code: 'data-size' });
    await expect(
      generateProof(memoryReader(labels), c, cfg, data, { nonces: 20 }),
    ).rejects.toMatchObject({ code: 'bad-nonces' });
    const ac = new AbortController();
    ac.abort();
    await expect(
      generateProof(memoryReader(labels), c, cfg, data, { signal: ac.signal }),
    ).rejects.toMatchObject({ code: 'aborted' });
    // K2 > numLabels: no nonce can ever collect enough labels.
    await expect(
      generateProof(memoryReader(labels), c, { ...cfg, k2: 65 }, data, { nonces: 4096 }),
    ).rejects.toMatchObject({ code: 'nonces-exhausted' });
  });
});
