// Registers the conformance cases as vitest tests for one backend.
import { describe, it } from 'vitest';
import type { Store } from '../../../src/lib/store/interface.ts';
import { CASES, type StoreHarness } from './conformance-cases.ts';

export function runStoreConformance(
  name: string,
  open: () => Promise<Store>,
  reopen?: () => Promise<Store>,
): void {
  const h: StoreHarness = reopen ? { open, reopen } : { open };
  describe(`store conformance: ${name}`, () => {
    for (const c of CASES) it(c.name, () => c.run(h));
  });
}
