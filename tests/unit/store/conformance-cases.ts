// The store conformance cases: what every backend must do, written as plain async functions so
// the same code runs under Vitest (memory, LevelDB) and inside headless Chromium (IndexedDB),
// where vitest is not available. Each case gets a harness that opens a fresh store.
import type { CaseResult, ConformanceCase, StoreHarness } from './conformance-helpers.ts';
import { KV_CASES } from './conformance-kv-cases.ts';
import { LAYERED_CASES } from './conformance-layered-cases.ts';
import { SNAPSHOT_CASES } from './conformance-snapshot-cases.ts';

export type { CaseResult, ConformanceCase, StoreHarness };

export const CASES: readonly ConformanceCase[] = [...KV_CASES, ...SNAPSHOT_CASES, ...LAYERED_CASES];

/** Runs the cases (or the named ones) and reports each, never throwing: for the browser page. */
export async function runCases(h: StoreHarness, only?: readonly string[]): Promise<CaseResult[]> {
  const out: CaseResult[] = [];
  for (const c of CASES) {
    if (only && !only.includes(c.name)) continue;
    const t0 = performance.now();
    try {
      await c.run(h);
      out.push({ name: c.name, ok: true, ms: performance.now() - t0 });
    } catch (e) {
      const error = e instanceof Error ? `${e.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
      out.push({ name: c.name, ok: false, error, ms: performance.now() - t0 });
    }
  }
  return out;
}
