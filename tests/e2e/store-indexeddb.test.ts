// The store conformance suite against the IndexedDB backend in real headless Chromium. The
// cases and the backend are bundled for the browser with Vite, served from localhost, and run
// in the page one by one; each case is one test here.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.ts';
import { serveStatic, type StaticServer } from '../../src/cli/static-server.ts';
import { CASES, type CaseResult } from '../unit/store/conformance-cases.ts';
import type { StoreConformancePage } from '../unit/store/browser-entry.ts';

type PageGlobal = typeof globalThis & { storeConformance: StoreConformancePage };

let dir: string;
let server: StaticServer;
let browser: Browser;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'smesh-idb-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: resolve('.'),
    build: {
      outDir: dir,
      emptyOutDir: true, // our own fresh temp dir
      minify: false,
      target: 'es2023',
      lib: {
        entry: resolve('tests/unit/store/browser-entry.ts'),
        formats: ['es'],
        fileName: () => 'entry.js',
      },
    },
  });
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>store</title><script type="module" src="/entry.js"></script>',
  );
  server = await serveStatic(dir);
  browser = await launchChromium();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(server.url);
  await page.waitForFunction(() => 'storeConformance' in globalThis);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
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
