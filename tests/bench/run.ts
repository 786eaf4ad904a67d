// `npm run bench`: runs every tests/bench/*.bench.ts in turn (or those named on the command line).
// The simulation bench at 1,500 nodes needs a larger heap than Node's default (about 4 GiB) and
// gc() for its memory figures: when the limit is lower, this process restarts itself with
// --max-old-space-size=SMESH_BENCH_HEAP_MB (default 16384) and --expose-gc, and a young
// generation of 64 MiB semi-spaces: with gigabytes of old space every scavenge scans its
// old-to-new references, so fewer, larger scavenges cost less in all.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getHeapStatistics } from 'node:v8';

const heapMb = Number(process.env.SMESH_BENCH_HEAP_MB ?? 16384);
if (
  getHeapStatistics().heap_size_limit < heapMb * 2 ** 20 * 0.9 &&
  !process.env.SMESH_BENCH_CHILD
) {
  const child = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${heapMb}`,
      '--expose-gc',
      '--max-semi-space-size=64',
      ...process.execArgv,
      fileURLToPath(import.meta.url),
      ...process.argv.slice(2),
    ],
    { stdio: 'inherit', env: { ...process.env, SMESH_BENCH_CHILD: '1' } },
  );
  process.exit(child.status ?? 1);
}

const dir = fileURLToPath(new URL('.', import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

for (const f of files) {
  console.log(`\n== ${f.replace(/\.bench\.ts$/, '')}`);
  const mod = (await import(`./${f}`)) as { run: () => Promise<void> };
  await mod.run();
}
