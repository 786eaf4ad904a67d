// The embeddable widget in real Chromium: a page on another site (localhost vs the app's
// 127.0.0.1) loads the app's /smesh-widget.js and shows <smesh-widget> cards (an iframe of the
// app's /embed page) with the devnet's live layer and a faucet-funded account's balance, read from
// the node's API; the app's /widget docs page offers the snippets and a live preview.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { base64, hex } from '@scure/base';
import { launchChromium } from '../../scripts/chromium.ts';
import { serveStatic, type StaticServer } from '../../src/cli/static-server.ts';
import { requestDrip } from '../../src/lib/api/faucet.ts';
import { createHttpApi } from '../../src/lib/api/http-client.ts';
import type { SmeshApi } from '../../src/lib/api/interface.ts';
import { encodeAddress } from '../../src/lib/crypto/address.ts';
import { smh } from '../../src/lib/ui/explorer/format.ts';
import { OUT, openApp, serveApp, type AppServer } from './support/app.ts';

const SLOW = { timeout: 150_000, interval: 1_000 };
const recipient = encodeAddress(
  Uint8Array.from({ length: 24 }, (_, i) => (i < 4 ? 0 : (i * 53 + 7) & 0xff)),
  'stest',
);

let app: AppServer;
let other: StaticServer;
let browser: Browser;
let page: Page;
let errors: string[] = [];
const hostErrors: string[] = [];
let api: SmeshApi;
let amount = '';

function hostPage(appUrl: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Some other site</title>
<style>body{font-family:sans-serif;margin:2rem} .purple{--smesh-accent:#7c3aed;--smesh-widget-width:22rem}</style>
<script src="${appUrl}smesh-widget.js" defer></script></head>
<body><h1>My Spacemesh fan page</h1>
<input id="search" placeholder="Search this site" autofocus>
<smesh-widget id="net" kind="network" theme="dark"></smesh-widget>
<smesh-widget id="acct" class="purple" kind="account" address="${recipient}" theme="light"></smesh-widget>
</body></html>`;
}

beforeAll(async () => {
  api = createHttpApi({ url: inject('devnet').apis[0]! });
  app = await serveApp();
  other = await serveStatic(mkdtempSync(join(tmpdir(), 'smesh-widget-host-')), '127.0.0.1', 0, {
    '/host.html': hostPage(app.url),
  });
  browser = await launchChromium();
  // The other site's visitor: a plain profile (openApp's init script would run in the frames too).
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on('pageerror', (e) => hostErrors.push(e.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await app?.close();
  await other?.close();
});

const card = (id: string): FrameLocator => page.frameLocator(`#${id} iframe`);

describe('embeddable widget', () => {
  it('shows the live network layer on a page of another site', async () => {
    // localhost vs 127.0.0.1: another site, not only another origin.
    const host = new URL('host.html', other.url.replace('127.0.0.1', 'localhost')).href;
    await page.goto(host);
    const layer = async () =>
      Number((await card('net').getByTestId('widget-layer').textContent()) ?? 'NaN');
    await expect.poll(layer, SLOW).toBeGreaterThan(0);
    const first = await layer();
    await expect.poll(layer, SLOW).toBeGreaterThan(first);
    await expect
      .poll(() => card('net').getByTestId('widget-sync').textContent(), SLOW)
      .toBe('synced');
    // The cards loaded without taking the focus from the page's own field.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('search');
    const status = await api.call('spacemesh.v2alpha1.NodeService/Status', {});
    expect(Math.abs((await layer()) - status.currentLayer)).toBeLessThanOrEqual(3);
    expect(
      await page.evaluate(
        () => document.querySelector('#net')?.shadowRoot?.querySelector('iframe')?.src,
      ),
    ).toMatch(/\/embed\?kind=network&theme=dark$/);
  }, 300_000);

  it("shows an account's balance once the faucet paid it", async () => {
    await expect
      .poll(
        async () => {
          try {
            const r = await requestDrip(inject('devnet').faucet, recipient);
            amount = r.amount;
            const id = base64.encode(hex.decode(r.txId));
            await expect
              .poll(async () => {
                const l = await api.call('spacemesh.v2alpha1.TransactionService/List', {
                  txid: [id],
                  limit: '1',
                  includeResult: true,
                });
                return l.transactions[0]?.txResult?.status ?? '';
              }, SLOW)
              .toBe('TRANSACTION_STATUS_SUCCESS');
            return amount;
          } catch {
            return '';
          }
        },
        { timeout: 240_000, interval: 2_000 },
      )
      .not.toBe('');
    const balance = (
      await api.call('spacemesh.v2alpha1.AccountService/List', {
        addresses: [recipient],
        limit: '1',
      })
    ).accounts[0]!.current!.balance;
    expect(balance).toBe(amount);
    // The card was loaded before the coins arrived: it updates from the layer stream.
    await expect
      .poll(() => card('acct').getByTestId('widget-balance').textContent(), SLOW)
      .toBe(smh(balance));
    const src = await page.evaluate(
      () => document.querySelector('#acct')?.shadowRoot?.querySelector('iframe')?.src ?? '',
    );
    expect(new URL(src).searchParams.get('accent')).toBe('#7c3aed');
    const accent = await card('acct')
      .getByTestId('widget-balance')
      .evaluate((e) => getComputedStyle(e).color);
    expect(accent).toBe('rgb(124, 58, 237)');
    await page.screenshot({ path: `${OUT}/widget-host-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${OUT}/widget-host-phone-dark.png`, fullPage: true });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
  }, 300_000);

  it('caused no error on the other site', () => {
    // Chromium refuses a service worker to a third-party frame when third-party storage is
    // blocked; SvelteKit's automatic registration then rejects. Nothing else may fail.
    expect(hostErrors.filter((e) => !/register a ServiceWorker/.test(e))).toEqual([]);
  });

  it('documents the widget with snippets and a live preview', async () => {
    ({ page, errors } = await openApp(browser, { mode: 'remote' }));
    await page.goto(new URL('widget', app.url).href);
    await expect
      .poll(() => page.getByTestId('snippet-script').textContent(), SLOW)
      .toContain(`<script src="${app.url}smesh-widget.js" defer></script>`);
    expect(await page.getByTestId('snippet-iframe').textContent()).toContain(
      `${app.url}embed?kind=network`,
    );
    const preview = page.frameLocator('[data-testid=widget-preview]');
    await expect
      .poll(
        async () => Number((await preview.getByTestId('widget-layer').textContent()) ?? 'NaN'),
        SLOW,
      )
      .toBeGreaterThan(0);
    await page.getByTestId('kind-account').check();
    // The page suggests an example address (the node's last changed account); typing wins.
    await expect
      .poll(() => page.getByTestId('widget-address').inputValue(), SLOW)
      .toMatch(/^stest1/);
    await page.getByTestId('widget-address').fill(recipient);
    expect(await page.getByTestId('widget-address').inputValue()).toBe(recipient);
    await expect
      .poll(() => page.getByTestId('snippet-script').textContent(), SLOW)
      .toContain(`<smesh-widget kind="account" address="${recipient}"></smesh-widget>`);
    await expect
      .poll(
        () =>
          page
            .frameLocator('[data-testid=widget-preview]')
            .getByTestId('widget-balance')
            .textContent(),
        SLOW,
      )
      .toBe(smh(amount));
    // The preview frame reloaded for the typed address and left the focus in the field: the
    // next keys still reach it (a frame's SvelteKit start used to take the focus).
    const focused = () =>
      page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid);
    expect(await focused()).toBe('widget-address');
    await page.keyboard.press('End');
    await page.keyboard.type('x');
    expect(await page.getByTestId('widget-address').inputValue()).toBe(`${recipient}x`);
    await expect
      .poll(() => page.getByTestId('widget-preview').getAttribute('src'), SLOW)
      .toContain(`${recipient}x`);
    await expect
      .poll(
        () => page.frameLocator('[data-testid=widget-preview]').getByTestId('widget-card').count(),
        SLOW,
      )
      .toBe(1);
    expect(await focused()).toBe('widget-address');
    await page.keyboard.press('Backspace');
    expect(await page.getByTestId('widget-address').inputValue()).toBe(recipient);
    await page.screenshot({ path: `${OUT}/widget-desktop.png`, fullPage: true });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${OUT}/widget-phone-dark.png`, fullPage: true });
    expect(errors).toEqual([]);
  }, 300_000);
});
