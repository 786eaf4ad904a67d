// The WebGPU label provider against the vectors and against the CPU path (LabelHasher), on
// Dawn + SwiftShader. These tests need a WebGPU adapter and fail when none appears.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeGpu } from '../../../src/cli/gpu.ts';
import type { LabelProvider } from '../../../src/lib/post/interface.ts';
import { LabelHasher, vrfDifficulty } from '../../../src/lib/post/labels.ts';
import { WebGpuError } from '../../../src/lib/post/webgpu/errors.ts';
import { BufferUsage, MapMode, ShaderStage } from '../../../src/lib/post/webgpu/flags.ts';
import { createWebGpuProvider } from '../../../src/lib/post/webgpu/provider.ts';
import { loadVectors } from '../vectors.ts';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'));
const label = (labels: Uint8Array, i: number): string => hex(labels.subarray(i * 16, i * 16 + 16));

interface PostLabelVector {
  commitment: string;
  n: number;
  index: number;
  output: string;
  label: string;
}
interface KnownVectors {
  gpu_post_zero_commitment: {
    commitment: string;
    n: number;
    outputs: { index: number; output: string; label: string }[];
  };
}
interface NotesVectors {
  derived_vectors: { labels: { commitment: string; index: string; scryptOut32: string }[] };
}

let gpu: GPU;
let provider: LabelProvider;

beforeAll(async () => {
  gpu = createNodeGpu({ swiftShader: true });
  provider = await createWebGpuProvider(gpu);
});
afterAll(async () => {
  await provider.close();
});

/** Asserts one label and, through a difficulty just above it, its full 32-byte output. */
async function expectOutput(
  p: LabelProvider,
  commitment: string,
  index: bigint,
  n: number,
  output: string,
) {
  const out = unhex(output);
  // difficulty = output + 1 (big-endian): the label itself is then the only candidate.
  const difficulty = out.slice();
  for (let i = 31; i >= 0; i--) {
    difficulty[i] = (difficulty[i]! + 1) & 0xff;
    if (difficulty[i] !== 0) break;
  }
  const batch = await p.compute(unhex(commitment), index, 1, n, difficulty);
  expect(label(batch.labels, 0)).toBe(output.slice(0, 32));
  expect(batch.nonce?.index).toBe(index);
  expect(hex(batch.nonce!.value)).toBe(output);
}

describe('webgpu labels: vectors', () => {
  it('post_labels.json, every N (2, 512, 8192)', async () => {
    const { vectors } = loadVectors<{ vectors: PostLabelVector[] }>('post_labels.json');
    expect(new Set(vectors.map((v) => v.n))).toEqual(new Set([2, 512, 8192]));
    for (const v of vectors)
      await expectOutput(provider, v.commitment, BigInt(v.index), v.n, v.output);
  });

  it('post_notes.json derived labels at N = 8192, indices across 2^32', async () => {
    const { derived_vectors } = loadVectors<NotesVectors>('post_notes.json');
    for (const v of derived_vectors.labels) {
      await expectOutput(provider, v.commitment, BigInt(v.index), 8192, v.scryptOut32);
    }
  });

  it('gpu-post golden outputs: consecutive labels from 0 at N = 512 in one batch', async () => {
    const g = loadVectors<KnownVectors>('scrypt_jane_known.json').gpu_post_zero_commitment;
    const count = Math.max(...g.outputs.map((o) => o.index)) + 1;
    const batch = await provider.compute(unhex(g.commitment), 0n, count, g.n);
    expect(g.outputs.length).toBeGreaterThan(2);
    for (const o of g.outputs) expect(label(batch.labels, o.index)).toBe(o.label);
  });
});

describe('webgpu labels: equal to the CPU path', () => {
  const commitment = unhex('8d67bc7836d128b108be2c965538f37bbcee3e7503e35e58fbb0446432e05206');
  const n = 32;
  // Crosses the 2^32 boundary, so the kernel's u64 carry is exercised inside one batch.
  const start = 2n ** 32n - 2000n;
  const count = 4096;
  const cpu = new LabelHasher(n).batch(commitment, start, count);
  const outputs = Array.from({ length: count }, (_, i) =>
    new LabelHasher(n).output(commitment, start + BigInt(i)),
  );
  const sorted = outputs.map((o, i) => ({ o, i })).sort((a, b) => Buffer.compare(a.o, b.o));

  it(`${count} consecutive labels, several sub-batches and lookup gaps`, async () => {
    // gap 1 with several sub-batches; gap 8 with dispatches of 7 steps (not dividing N).
    for (const [lookupGap, stepsPerDispatch, lanes] of [
      [1, 2048, 1500],
      [8, 7, 5000],
    ] as const) {
      // A small scratchpad budget forces several GPU sub-batches per call.
      const p = await createWebGpuProvider(gpu, {
        lookupGap,
        stepsPerDispatch,
        memoryBudget: lanes * (n / lookupGap) * 128,
      });
      try {
        const batch = await p.compute(commitment, start, count, n);
        expect(batch.labels.length).toBe(count * 16);
        expect(hex(batch.labels), `gap ${lookupGap}`).toBe(hex(cpu.labels));
        expect(batch.nonce).toBeUndefined();
      } finally {
        await p.close();
      }
    }
  });

  it('VRF nonce equals the CPU scan (go post difficulty and tighter ones)', async () => {
    const p = await createWebGpuProvider(gpu, { memoryBudget: 1000 * (n / 2) * 128 });
    try {
      const difficulties = [
        vrfDifficulty(BigInt(count)), // the real rule: many candidates
        sorted[3]!.o, // exactly 3 outputs lie strictly below
        sorted[0]!.o, // none lies strictly below the minimum
      ];
      for (const d of difficulties) {
        const want = new LabelHasher(n).batch(commitment, start, count, d).nonce;
        const got = (await p.compute(commitment, start, count, n, d)).nonce;
        expect(got?.index).toBe(want?.index);
        expect(got && hex(got.value)).toBe(want && hex(want.value));
      }
      expect((await p.compute(commitment, start, count, n, sorted[3]!.o)).nonce?.index).toBe(
        start + BigInt(sorted[0]!.i),
      );
      expect((await p.compute(commitment, start, count, n, sorted[0]!.o)).nonce).toBeUndefined();
    } finally {
      await p.close();
    }
  });

  it('numbers lanes right on a 2-D workgroup grid', async () => {
    // 1-invocation workgroups, at most 7 per row: 100 labels take a 7 x 15 grid.
    const p = await createWebGpuProvider(gpu, { workgroupSize: 1, maxWorkgroupsPerDimension: 7 });
    try {
      const batch = await p.compute(commitment, start, 100, n, vrfDifficulty(100n));
      const want = new LabelHasher(n).batch(commitment, start, 100, vrfDifficulty(100n));
      expect(hex(batch.labels)).toBe(hex(want.labels));
      expect(batch.nonce?.index).toBe(want.nonce?.index);
    } finally {
      await p.close();
    }
  });

  it('labels a batch at the top of the u64 range', async () => {
    const top = 2n ** 64n - 3n;
    const batch = await provider.compute(commitment, top, 3, n);
    expect(hex(batch.labels)).toBe(hex(new LabelHasher(n).batch(commitment, top, 3).labels));
  });
});

describe('webgpu provider: arguments and lifecycle', () => {
  const c = new Uint8Array(32);
  it.each([
    ['N not a power of two', () => provider.compute(c, 0n, 1, 48)],
    ['N = 1', () => provider.compute(c, 0n, 1, 1)],
    ['short commitment', () => provider.compute(c.subarray(1), 0n, 1, 16)],
    ['short difficulty', () => provider.compute(c, 0n, 1, 16, new Uint8Array(31))],
    ['negative count', () => provider.compute(c, 0n, -1, 16)],
    ['past u64', () => provider.compute(c, 2n ** 64n - 1n, 2, 16)],
  ])('rejects %s with a typed error', async (_, call) => {
    await expect(call()).rejects.toSatisfy(
      (e) => e instanceof WebGpuError && e.code === 'invalid-argument',
    );
  });

  it('returns an empty batch for count 0 and refuses work after close', async () => {
    const p = await createWebGpuProvider(gpu);
    expect(p.name).toBe('webgpu');
    expect((await p.compute(c, 0n, 0, 16)).labels.length).toBe(0);
    await p.close();
    await expect(p.compute(c, 0n, 1, 16)).rejects.toSatisfy(
      (e) => e instanceof WebGpuError && e.code === 'closed',
    );
  });

  it('uses the spec flag values that Dawn exports as globals', () => {
    for (const [k, v] of Object.entries(BufferUsage))
      expect(GPUBufferUsage[k as keyof typeof BufferUsage]).toBe(v);
    expect(GPUMapMode.READ).toBe(MapMode.READ);
    expect(GPUShaderStage.COMPUTE).toBe(ShaderStage.COMPUTE);
  });

  it('rejects an unusable lookup gap', async () => {
    await expect(createWebGpuProvider(gpu, { lookupGap: 3 })).rejects.toBeInstanceOf(WebGpuError);
  });
});
