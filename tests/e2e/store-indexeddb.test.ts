// The store conformance suite against the IndexedDB backend in real headless Chromium. The
// cases and the backend are bundled for the browser with Vite, served from localhost, and run
// in the page one by one; each case is one test here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { importFrom, openTestSite, type TestSite } from './test-site.ts';
import { CASES, type CaseResult } from '../unit/store/conformance-cases.ts';
import type { StoreConformancePage } from '../unit/store/browser-entry.ts';

type PageGlobal = typeof globalThis & { storeConformance: StoreConformancePage };

const SITE = resolve('tests/e2e/output/store-indexeddb-site');
let site: TestSite | undefined;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  site = await openTestSite(
    SITE,
    { 'main.js': importFrom(SITE, 'tests/unit/store/browser-entry.ts') },
    (p) => p.on('pageerror', (e) => pageErrors.push(e.message)),
  );
  page = site.page;
  await page.waitForFunction(() => 'storeConformance' in globalThis);
});

afterAll(async () => {
  await site?.close();
});

describe('store conformance: indexeddb (Chromium)', () => {
  it('the page offers the same cases as the Node side', async () => {
    const names = await page.evaluate(() => (globalThis as PageGlobal).storeConformance.names);
    expect(names).toEqual(CASES.map((c) => c.name));
  });

  for (const c of CASES) {
    it(c.name, async () => {
      const [r] = await page.evaluate(
        (name): Promise<CaseResult[]> => (globalThis as PageGlobal).storeConformance.run([name]),
        c.name,
      );
      expect(r?.name).toBe(c.name);
      expect(r?.error ?? '').toBe('');
      expect(r?.ok).toBe(true);
    });
  }

  it('data written before a page reload is there after it', async () => {
    const name = `reload-${Date.now()}`;
    await page.evaluate(async (n) => {
      const s = await (globalThis as PageGlobal).storeConformance.open(n);
      await s.batch([
        { type: 'put', key: Uint8Array.of(1), value: Uint8Array.of(0xaa) },
        { type: 'put', key: Uint8Array.of(2), value: Uint8Array.of(0xbb) },
      ]);
      await s.close();
    }, name);
    await page.reload();
    await page.waitForFunction(() => 'storeConformance' in globalThis);
    const got = await page.evaluate(async (n) => {
      const s = await (globalThis as PageGlobal).storeConformance.open(n);
      const out: number[][] = [];
      for await (const e of s.iterate()) out.push([...e.key, ...e.value]);
      await s.close();
      return out;
    }, name);
    expect(got).toEqual([
      [1, 0xaa],
      [2, 0xbb],
    ]);
    expect(pageErrors).toEqual([]);
  });
});
