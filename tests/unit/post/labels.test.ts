import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { keccak_512 } from '@noble/hashes/sha3.js';
import { loadVectors } from '../vectors.ts';
import {
  commitment,
  compareBytes,
  labelOutput,
  LabelHasher,
  labelPassword,
  vrfDifficulty,
} from '../../../src/lib/post/labels.ts';
import { scryptJane, ScryptParamsError } from '../../../src/lib/post/scrypt/scrypt-jane.ts';
import { blockMix } from '../../../src/lib/post/scrypt/romix.ts';
import { Romix4 } from '../../../src/lib/post/scrypt/romix4-wasm.ts';
import { RomixEngine } from '../../../src/lib/post/scrypt/scrypt-jane.ts';
import {
  CpuLabelProvider,
  joinBatches,
  LabelWorkerError,
  type LabelWorker,
} from '../../../src/lib/post/cpu-provider.ts';
import { createNodeCpuProvider } from '../../../src/cli/post/worker-pool.ts';
import { LABEL_SIZE } from '../../../src/lib/post/interface.ts';

interface LabelVector {
  node_id: string;
  commitment_atx_id: string;
  commitment: string;
  n: number;
  index: number;
  scrypt_password: string;
  output: string;
  label: string;
}
interface KnownVectors {
  scrypt_jane_post_vectors: {
    password: string;
    salt: string;
    nfactor: number;
    rfactor: number;
    pfactor: number;
    dklen: number;
    output: string;
  }[];
  gpu_post_zero_commitment: {
    commitment: string;
    n: number;
    outputs: { index: number; output: string; label: string }[];
  };
}
interface Notes {
  upstream_unit_vectors: {
    scrypt_jane_keccak512_selftest: { expected: string };
    scrypt_jane_chacha_mix_selftest: { expected: string };
    gpu_post_cpu_golden_first64bytes: { hex: string };
  };
  derived_vectors: {
    labels: {
      nodeId: string;
      commitmentAtxId: string;
      commitment: string;
      index: string;
      scryptOut32: string;
      postLabel16: string;
    }[];
  };
}

const labels = loadVectors<{ vectors: LabelVector[] }>('post_labels.json').vectors;
const known = loadVectors<KnownVectors>('scrypt_jane_known.json');
const notes = loadVectors<Notes>('post_notes.json');
const enc = new TextEncoder();

describe('scrypt-jane (Keccak-512 + ChaCha20/8)', () => {
  it("reproduces scrypt-jane's own test vectors (any N, r, p, dkLen)", () => {
    for (const v of known.scrypt_jane_post_vectors) {
      const params = { n: 1 << (v.nfactor + 1), r: 1 << v.rfactor, p: 1 << v.pfactor };
      const out = scryptJane(enc.encode(v.password), enc.encode(v.salt), params, v.dklen);
      expect(bytesToHex(out)).toBe(v.output);
    }
  });

  it("Keccak-512 is the original Keccak (scrypt-jane's hash self-test)", () => {
    const parts: Uint8Array[] = [];
    const msg = Uint8Array.from({ length: 257 }, (_, i) => i & 0xff);
    for (let i = 0; i <= 257; i++) parts.push(keccak_512(msg.subarray(0, i)));
    const all = new Uint8Array(parts.length * 64);
    parts.forEach((p, i) => all.set(p, i * 64));
    expect(bytesToHex(keccak_512(all))).toBe(
      notes.upstream_unit_vectors.scrypt_jane_keccak512_selftest.expected,
    );
  });

  it("BlockMix with r = 2 matches scrypt-jane's ChaCha ChunkMix self-test", () => {
    const src = new Int32Array(64);
    for (let i = 0; i < 64; i++) src[i] = (i * 0x01010101) | 0;
    const dst = new Int32Array(64);
    blockMix(src, 0, dst, 0, 2);
    // The chunk's last 16 bytes (words 60..63), little-endian.
    const le = Uint8Array.from(
      { length: 16 },
      (_, k) => (dst[60 + (k >> 2)]! >>> ((k & 3) * 8)) & 0xff,
    );
    expect(bytesToHex(le)).toBe(
      notes.upstream_unit_vectors.scrypt_jane_chacha_mix_selftest.expected,
    );
  });

  it('the 4-lane WebAssembly SIMD ROMix equals the JS ROMix, lane by lane', () => {
    for (const n of [2, 4, 16, 1024, 8192]) {
      const four = Romix4.create(n);
      expect(four, 'Node 24 has WebAssembly SIMD').not.toBeNull();
      const js = new RomixEngine(n, 1);
      const chunks = [0, 1, 2, 3].map((k) =>
        Uint8Array.from({ length: 128 }, (_, i) => (i * 7 + k * 31 + n) & 0xff),
      ) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
      const want = chunks.map((c) => {
        const d = c.slice();
        js.mix(d);
        return bytesToHex(d);
      });
      four!.mix(chunks);
      expect(chunks.map(bytesToHex)).toEqual(want);
    }
  });

  it('rejects bad parameters', () => {
    for (const n of [0, 1, 3, 12, 2 ** 31]) {
      expect(() => scryptJane(new Uint8Array(), new Uint8Array(), { n, r: 1, p: 1 }, 32)).toThrow(
        ScryptParamsError,
      );
    }
    expect(() => new LabelHasher(6)).toThrow(ScryptParamsError);
  });
});

describe('PoST labels', () => {
  it('every post_labels.json vector (N = 2, 512, 8192): password, output, label', () => {
    const hashers = new Map<number, LabelHasher>();
    for (const v of labels) {
      const c = commitment(hexToBytes(v.node_id), hexToBytes(v.commitment_atx_id));
      expect(bytesToHex(c)).toBe(v.commitment);
      expect(bytesToHex(labelPassword(c, BigInt(v.index)))).toBe(v.scrypt_password);
      if (!hashers.has(v.n)) hashers.set(v.n, new LabelHasher(v.n));
      const out = hashers.get(v.n)!.output(c, BigInt(v.index));
      expect(bytesToHex(out)).toBe(v.output);
      expect(bytesToHex(out.subarray(0, LABEL_SIZE))).toBe(v.label);
    }
    expect(new Set(labels.map((v) => v.n))).toEqual(new Set([2, 512, 8192]));
  });

  it("gpu-post's zero-commitment outputs at N = 512 and its 1-bit golden stream", () => {
    const g = known.gpu_post_zero_commitment;
    const h = new LabelHasher(g.n);
    const c = hexToBytes(g.commitment);
    for (const v of g.outputs) {
      const out = h.output(c, BigInt(v.index));
      expect(bytesToHex(out)).toBe(v.output);
      expect(bytesToHex(out.subarray(0, 16))).toBe(v.label);
    }
    // labels 0..511, bit = output[0] & 1, packed LSB-first.
    const bits = new Uint8Array(64);
    const batch = h.batch(c, 0n, 512);
    for (let i = 0; i < 512; i++) bits[i >> 3]! |= (batch.labels[i * 16]! & 1) << (i & 7);
    expect(bytesToHex(bits)).toBe(notes.upstream_unit_vectors.gpu_post_cpu_golden_first64bytes.hex);
  });

  it('post_notes derived N = 8192 labels (64-bit indices included)', () => {
    const h = new LabelHasher(8192);
    for (const v of notes.derived_vectors.labels) {
      const c = commitment(hexToBytes(v.nodeId), hexToBytes(v.commitmentAtxId));
      expect(bytesToHex(c)).toBe(v.commitment);
      expect(bytesToHex(h.output(c, BigInt(v.index)))).toBe(v.scryptOut32);
    }
    expect(
      bytesToHex(
        labelOutput(hexToBytes(notes.derived_vectors.labels[0]!.commitment), 0n, 8192).subarray(
          0,
          16,
        ),
      ),
    ).toBe(notes.derived_vectors.labels[0]!.postLabel16);
  });

  it('vrfDifficulty = (2^256 / numLabels) << 3, saturating below 9 labels', () => {
    const big = (b: Uint8Array) => BigInt('0x' + bytesToHex(b));
    for (const n of [9n, 1000n, 17179869184n, (1n << 64n) - 1n])
      expect(big(vrfDifficulty(n))).toBe(((1n << 256n) / n) << 3n);
    expect(bytesToHex(vrfDifficulty(8n))).toBe('ff'.repeat(32));
    expect(bytesToHex(vrfDifficulty(1n))).toBe('ff'.repeat(32));
    expect(() => vrfDifficulty(0n)).toThrow(RangeError);
  });
});

/** Brute force: every output, the lowest below `difficulty`, first on ties. */
function scanNonce(c: Uint8Array, count: number, n: number, difficulty: Uint8Array) {
  const h = new LabelHasher(n);
  let best: { index: bigint; value: Uint8Array } | undefined;
  for (let i = 0; i < count; i++) {
    const out = h.output(c, BigInt(i));
    if (compareBytes(out, difficulty) < 0 && (!best || compareBytes(out, best.value) < 0))
      best = { index: BigInt(i), value: out };
  }
  return best;
}

describe('CPU LabelProvider', () => {
  const c = commitment(new Uint8Array(32).fill(7), new Uint8Array(32).fill(9));

  it('worker threads give the same labels and VRF nonce as a one-by-one scan', async () => {
    const count = 777;
    const difficulty = vrfDifficulty(BigInt(count));
    const provider = createNodeCpuProvider(3);
    try {
      const b = await provider.compute(c, 0n, count, 16, difficulty);
      const h = new LabelHasher(16);
      for (let i = 0; i < count; i++)
        expect(bytesToHex(b.labels.subarray(i * 16, i * 16 + 16))).toBe(
          bytesToHex(h.output(c, BigInt(i)).subarray(0, 16)),
        );
      const want = scanNonce(c, count, 16, difficulty);
      expect(want).toBeDefined();
      expect(b.nonce?.index).toBe(want!.index);
      expect(bytesToHex(b.nonce!.value)).toBe(bytesToHex(want!.value));
      // A difficulty nothing beats: no nonce.
      expect((await provider.compute(c, 0n, 50, 16, new Uint8Array(32))).nonce).toBeUndefined();
      // N = 8192 through the workers matches the vector.
      const v = labels.find((x) => x.n === 8192)!;
      const vc = hexToBytes(v.commitment);
      const b2 = await provider.compute(vc, BigInt(v.index), 1, 8192);
      expect(bytesToHex(b2.labels)).toBe(v.label);
    } finally {
      await provider.close();
    }
    await expect(provider.compute(c, 0n, 1, 16)).rejects.toThrow(/closed/);
  });

  it('LabelHasher.batch: SIMD groups of four, the JS path and single outputs agree', () => {
    const simd = new LabelHasher(16);
    const js = new LabelHasher(16, { simd: false });
    expect(simd.simd).toBe(true);
    expect(js.simd).toBe(false);
    for (const count of [1, 2, 5, 11]) {
      const d = vrfDifficulty(BigInt(count));
      const a = simd.batch(c, 1000n, count, d);
      const b = js.batch(c, 1000n, count, d);
      expect(bytesToHex(a.labels)).toBe(bytesToHex(b.labels));
      expect(a.nonce?.index).toBe(b.nonce?.index);
      for (let i = 0; i < count; i++)
        expect(bytesToHex(a.labels.subarray(i * 16, i * 16 + 16))).toBe(
          bytesToHex(simd.output(c, 1000n + BigInt(i)).subarray(0, 16)),
        );
    }
  });

  it('inline provider: the same batch, split or not', async () => {
    const p = new CpuLabelProvider();
    const d = vrfDifficulty(300n);
    const whole = await p.compute(c, 100n, 300, 32, d);
    const parts = [];
    for (const [s, n] of [
      [100n, 7],
      [107n, 193],
      [300n, 100],
    ] as const)
      parts.push(await p.compute(c, s, n, 32, d));
    const joined = joinBatches(parts);
    expect(bytesToHex(joined.labels)).toBe(bytesToHex(whole.labels));
    expect(joined.nonce?.index).toBe(whole.nonce?.index);
    await p.close();
  });

  it('a worker that dies fails the batch in flight and every later one', async () => {
    let fail: ((e: Error) => void) | undefined;
    const dying: LabelWorker = {
      post: () => setTimeout(() => fail?.(new Error('out of memory')), 5),
      listen: (_onResponse, onFailure) => void (fail = onFailure),
      terminate: () => undefined,
    };
    const p = new CpuLabelProvider({ spawn: () => dying, threads: 2 });
    await expect(p.compute(c, 0n, 8, 16)).rejects.toThrow(LabelWorkerError);
    await expect(p.compute(c, 0n, 8, 16)).rejects.toThrow(/a label worker failed: out of memory/);
    await p.close();
  });

  it('joinBatches keeps the earliest of equal values', () => {
    const v = new Uint8Array(32).fill(1);
    const j = joinBatches([
      { labels: new Uint8Array(16), nonce: { index: 3n, value: v } },
      { labels: new Uint8Array(16), nonce: { index: 9n, value: v.slice() } },
    ]);
    expect(j.nonce?.index).toBe(3n);
    expect(j.labels.length).toBe(32);
  });
});
