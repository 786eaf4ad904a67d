// Multi-process devnet tests (a PoET and several `smesh node` processes each) starve each other on
// a 2-core machine when vitest runs two of their files at once: hare rounds and PoET proofs miss
// their wall-clock deadlines and the tests fail for want of CPU, not for a bug. Each such file
// calls serialDevnet() at its top: it holds one lock from beforeAll to afterAll, so these files
// run one after another while the other worker goes on with the in-process tests.
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

/** One lock per vitest run: its workers are children of the one vitest process. */
const LOCK = join(tmpdir(), `smesh-devnet-tests-${process.ppid}.lock`);
/** A holder that died without afterAll (killed worker) frees the lock after this long. */
const STALE_MS = 15 * 60_000;

export function serialDevnet(): void {
  let held = false;
  beforeAll(async () => {
    for (;;) {
      try {
        mkdirSync(LOCK);
        held = true;
        return;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        try {
          if (Date.now() - statSync(LOCK).mtimeMs > STALE_MS) rmSync(LOCK, { recursive: true });
        } catch {
          // released meanwhile
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  }, 30 * 60_000);
  afterAll(() => {
    if (held) rmSync(LOCK, { recursive: true, force: true });
  });
}
