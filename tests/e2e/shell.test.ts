// The app shell in real Chromium: the page starts the node worker, shows its answer, and after
// the server is gone a reload still shows the shell (service worker) and the worker answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.ts';
import { serveStatic, type StaticServer } from '../../src/cli/static-server.ts';
import { VERSION } from '../../src/lib/version.ts';
import { getPreset } from '../../src/lib/config/presets.ts';
import { configGenesisId, withGenesis } from '../../src/lib/config/genesis.ts';
import { bytesToHex } from '@noble/hashes/utils.js';

const OUT = 'tests/e2e/output';
const NETWORK = { preset: 'devnet', genesisTime: '2026-01-01T00:00:00Z' };
const GENESIS_ID = bytesToHex(
  configGenesisId(withGenesis(getPreset('devnet'), { time: NETWORK.genesisTime })),
);
const serve = () =>
  serveStatic('build', '127.0.0.1', 0, { '/network.json': JSON.stringify(NETWORK) });
let server: StaticServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync('build/index.html')) throw new Error('run `npm run build` first');
  mkdirSync(OUT, { recursive: true });
  server = await serve();
  browser = await launchChromium();
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(e.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('app shell', () => {
  it('starts the node worker and shows its version, preset and genesis id', async () => {
    await page.goto(server.url);
    await expect
      .poll(() => page.getByTestId('node-version').textContent(), { timeout: 30_000 })
      .toBe(VERSION);
    expect(await page.getByTestId('node-preset').textContent()).toBe('devnet');
    expect(await page.getByTestId('node-genesis').textContent()).toBe(GENESIS_ID);
    expect(await page.getByTestId('node-badge').textContent()).toContain('Node running');
    await page.screenshot({ path: `${OUT}/shell-desktop.png`, fullPage: true });
    expect(consoleErrors).toEqual([]);
  });

  it('switches theme light → dark and remembers the choice across a reload', async () => {
    const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    const toggle = page.getByRole('button', { name: /Switch theme/ });
    await toggle.click(); // system → light
    expect(await bg()).toBe('rgb(247, 248, 250)');
    await toggle.click(); // light → dark
    expect(await bg()).toBe('rgb(13, 17, 23)');
    await page.reload();
    await expect.poll(bg).toBe('rgb(13, 17, 23)');
    await page.screenshot({ path: `${OUT}/shell-desktop-dark.png`, fullPage: true });
    await page.getByRole('button', { name: /Switch theme/ }).click(); // dark → system
    await expect.poll(bg).toBe('rgb(247, 248, 250)');
  });

  it('has a manifest with installable icons and a strict CSP', async () => {
    const manifest = await page.evaluate(async () => {
      const href = document.querySelector('link[rel=manifest]')?.getAttribute('href');
      return href ? ((await (await fetch(href)).json()) as { icons: { sizes: string }[] }) : null;
    });
    expect(manifest?.icons.map((i) => i.sizes)).toEqual(
      expect.arrayContaining(['192x192', '512x512']),
    );
    const csp = await page
      .locator('meta[http-equiv="content-security-policy"]')
      .getAttribute('content');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain("'unsafe-inline' 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  it('reloads offline from the service worker and the worker still answers', async () => {
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    // wait until the page is controlled (clients.claim), so the reload goes through the worker
    await expect
      .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), {
        timeout: 30_000,
      })
      .toBe(true);
    await server.close();
    await context.setOffline(true);
    await page.reload();
    await expect
      .poll(() => page.getByTestId('node-version').textContent(), { timeout: 30_000 })
      .toBe(VERSION);
    expect(await page.getByTestId('node-genesis').textContent()).toBe(GENESIS_ID);
    await page.screenshot({ path: `${OUT}/shell-offline.png`, fullPage: true });
  });

  it('renders on a phone-sized screen in dark mode', async () => {
    const phone = await browser.newContext({
      viewport: { width: 390, height: 844 },
      colorScheme: 'dark',
      isMobile: true,
    });
    const p = await phone.newPage();
    // the server is closed: this context has no service worker yet, so serve again
    const s2 = await serve();
    try {
      await p.goto(s2.url);
      await expect
        .poll(() => p.getByTestId('node-version').textContent(), { timeout: 30_000 })
        .toBe(VERSION);
      const bg = await p.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(bg).toBe('rgb(13, 17, 23)');
      const overflow = await p.evaluate(
        () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
      );
      expect(overflow).toBe(false);
      await p.screenshot({ path: `${OUT}/shell-phone-dark.png`, fullPage: true });
    } finally {
      await phone.close();
      await s2.close();
    }
  });
});
