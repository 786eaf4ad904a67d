// WebGPU labels/s at N = 8192 on the adapter present (SwiftShader where there is no GPU),
// against single-core CPU labels/s measured in the same run, for a few lookup gaps.
import { openNodeGpu } from '../../src/cli/gpu.ts';
import { LabelHasher } from '../../src/lib/post/labels.ts';
import { createWebGpuProvider } from '../../src/lib/post/webgpu/provider.ts';
import { measure, report, type Rate } from './harness.ts';

const N = 8192;
const GAPS = [1, 2, 4];
const MIN_BATCH = 128;
const PROBE = 16;
const commitment = new Uint8Array(32).fill(7);

export async function run(): Promise<void> {
  const hasher = new LabelHasher(N);
  let next = 0n;
  const cpu = await measure(
    () => {
      hasher.batch(commitment, next, 4);
      next += 4n;
      return 4;
    },
    'labels',
    2000,
  );

  const { gpu, swiftShader } = await openNodeGpu();
  let best: { gap: number; rate: Rate } | undefined;
  for (const lookupGap of GAPS) {
    const provider = await createWebGpuProvider(gpu, { lookupGap });
    try {
      // The first call compiles the pipelines; a small probe sizes batches to about a second,
      // at least two workgroups so a CPU-emulated adapter keeps two cores busy.
      await provider.compute(commitment, 0n, 1, N);
      const t0 = performance.now();
      await provider.compute(commitment, 0n, PROBE, N);
      const probe = (PROBE * 1000) / (performance.now() - t0);
      const count = Math.min(1 << 16, Math.max(1, Math.round(probe / MIN_BATCH))) * MIN_BATCH;
      const rate = await measure(
        async () => {
          await provider.compute(commitment, next, count, N);
          next += BigInt(count);
          return count;
        },
        'labels',
        1000,
      );
      const where = `${provider.adapter}${swiftShader ? ', SwiftShader fallback' : ''}`;
      report(`webgpu N=${N} gap ${lookupGap} batch ${count} [${where}]`, rate, 'cpu 1 core', cpu);
      if (best === undefined || rate.perSecond > best.rate.perSecond)
        best = { gap: lookupGap, rate };
    } finally {
      await provider.close();
    }
  }
  if (best !== undefined) {
    console.log(
      `webgpu best lookup gap: ${best.gap} (${best.rate.perSecond.toFixed(1)} labels/s = ${((best.rate.perSecond * 16) / 1e3).toFixed(2)} kB/s of labels)`,
    );
  }
}
