// The unit run's file order. The multi-process devnet tests (files that call serialDevnet(),
// tests/unit/devnet-lock.ts) run one at a time under a lock; vitest's default order (longest or
// largest first) hands them to both workers at once, and one worker then idles on the lock for
// minutes. Spreading them evenly through the in-process files keeps both workers busy: while one
// runs a devnet test, the other goes through the files in between.
import { readFileSync } from 'node:fs';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

function holdsDevnetLock(spec: TestSpecification): boolean {
  try {
    return /^serialDevnet\(\);$/m.test(readFileSync(spec.moduleId, 'utf8'));
  } catch {
    return false;
  }
}

export class DevnetSpreadSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const locked = sorted.filter(holdsDevnetLock);
    if (locked.length === 0) return sorted;
    const rest = sorted.filter((f) => !locked.includes(f));
    const gap = Math.ceil(rest.length / locked.length);
    return locked.flatMap((l, i) => [l, ...rest.slice(i * gap, (i + 1) * gap)]);
  }
}
