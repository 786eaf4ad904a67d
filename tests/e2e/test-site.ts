// A throw-away page for browser tests of src/lib and src/workers code: source files are written
// to SITE/src (main.js is the page's module script), built with Vite (module workers included),
// served on localhost and opened in Debian Chromium.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.ts';
import { serveStatic, type StaticServer } from '../../src/cli/static-server.ts';

export interface TestSite {
  readonly browser: Browser;
  readonly page: Page;
  readonly server: StaticServer;
  close(): Promise<void>;
}

/** An ES module that imports `file` (a repository path) from a test site's src folder. */
export function importFrom(site: string, file: string): string {
  return `import '${relative(join(site, 'src'), resolve(file))}';\n`;
}

/**
 * Builds `files` (name → source, `main.js` required) under `site`, serves and opens it.
 * `beforeLoad` runs on the new page before it navigates (to attach listeners).
 */
export async function openTestSite(
  site: string,
  files: Record<string, string>,
  beforeLoad?: (page: Page) => void,
): Promise<TestSite> {
  rmSync(site, { recursive: true, force: true });
  mkdirSync(join(site, 'src'), { recursive: true });
  for (const [name, source] of Object.entries(files))
    writeFileSync(join(site, 'src', name), source);
  writeFileSync(
    join(site, 'src/index.html'),
    '<!doctype html><html><body><script type="module" src="./main.js"></script></body></html>',
  );
  await build({
    configFile: false,
    root: join(site, 'src'),
    logLevel: 'warn',
    worker: { format: 'es' },
    build: { outDir: join(site, 'dist'), target: 'es2023', emptyOutDir: true },
  });
  const server = await serveStatic(join(site, 'dist'), '127.0.0.1', 0, {});
  const browser = await launchChromium();
  const page = await browser.newPage();
  beforeLoad?.(page);
  await page.goto(server.url);
  return {
    browser,
    page,
    server,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}
