// PoST labels on the CPU at mainnet N = 8192: one core against node:crypto's RFC scrypt with
// the same N, r = 1, p = 1 (same memory and mixing cost, OpenSSL's C), and all cores against
// the per-core rate times the core count (how well the worker pool scales).
import { scryptSync } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { commitment, LabelHasher } from '../../src/lib/post/labels.ts';
import { createNodeCpuProvider } from '../../src/cli/post/worker-pool.ts';
import { measure, report } from './harness.ts';

const N = 8192;

/** Units per second of this process's CPU time, over at least 2 s of it. */
function cpuRate(fn: () => number | void, unit: string) {
  const start = process.cpuUsage();
  let calls = 0;
  let us = 0;
  while (us < 2e6) {
    calls += fn() ?? 1;
    const d = process.cpuUsage(start);
    us = d.user + d.system;
  }
  return { perSecond: (calls * 1e6) / us, unit };
}

export async function run(): Promise<void> {
  const c = commitment(new Uint8Array(32).fill(1), new Uint8Array(32).fill(2));
  const hasher = new LabelHasher(N);
  let i = 0n;
  // Batches of four: the WebAssembly SIMD ROMix runs four labels per pass.
  const four = () => {
    hasher.batch(c, i, 4);
    i += 4n;
    return 4;
  };
  console.log(`ROMix: ${hasher.simd ? 'WebAssembly SIMD, 4 lanes' : 'JS (no WebAssembly SIMD)'}`);
  const ours = await measure(four, 'labels', 3000);
  const password = new Uint8Array(72);
  const ref = await measure(
    () => void scryptSync(password, new Uint8Array(0), 32, { N, r: 1, p: 1, maxmem: 64 << 20 }),
    'hashes',
    3000,
  );
  report(`CPU labels per core, N=${N}`, ours, 'node:crypto scryptSync N=8192 r=1 p=1', ref);
  // The same in process CPU time, which other load on the machine disturbs less than wall time.
  const oursCpu = cpuRate(four, 'labels');
  const refCpu = cpuRate(
    () => void scryptSync(password, new Uint8Array(0), 32, { N, r: 1, p: 1, maxmem: 64 << 20 }),
    'hashes',
  );
  report(`  (per CPU-second)`, oursCpu, 'scryptSync', refCpu);

  const js = new LabelHasher(N, { simd: false });
  const jsRate = cpuRate(() => void js.output(c, i++), 'labels');
  report(`  JS ROMix (per CPU-second)`, jsRate, 'scryptSync', refCpu);

  const cores = availableParallelism();
  const provider = createNodeCpuProvider(cores);
  const batch = cores * 32;
  let start = 0n;
  try {
    const all = await measure(
      async () => {
        await provider.compute(c, start, batch, N);
        start += BigInt(batch);
        return batch;
      },
      'labels',
      6000,
    );
    const ideal = { perSecond: ours.perSecond * cores, unit: 'labels' };
    report(`CPU labels all ${cores} cores, N=${N}`, all, `per-core × ${cores}`, ideal);
    // process.cpuUsage counts the worker threads too: this shows the pool's own overhead
    // apart from whatever else the machine is running.
    const cpu0 = process.cpuUsage();
    await provider.compute(c, start, batch * 2, N);
    const d = process.cpuUsage(cpu0);
    const pooled = { perSecond: (batch * 2 * 1e6) / (d.user + d.system), unit: 'labels' };
    report(`  (per CPU-second, pool)`, pooled, 'one thread', oursCpu);
    const bytes = { perSecond: all.perSecond * 16, unit: 'B' };
    console.log(`  = ${(bytes.perSecond / 1024).toFixed(1)} KiB/s of PoST data`);
  } finally {
    await provider.close();
  }
}
