// Every page of the app, at desktop (1280×800) and phone (390×844, dark) size, wallet-only against
// the suite's devnet node 0, with real ids from its API in the query of each detail page. Each
// page must render without page errors, fit a phone's width, and show finished text: no
// "undefined", "NaN", "[object Object]" or raw JSON. The screenshots land in tests/e2e/output
// (screens-<page>-desktop.png, screens-<page>-phone-dark.png).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';
import { createHttpApi } from '../../src/lib/api/http-client.ts';
import { OUT, openApp, serveApp, type AppServer } from './support/app.ts';

let server: AppServer;
let browser: Browser;
const pages: [name: string, path: string][] = [];

const hex = (b64: string) => Buffer.from(b64, 'base64').toString('hex');

/** Asks `ready` every `everyMs` until it holds (expect.poll is for tests, not hooks). */
async function until(ready: () => Promise<boolean>, timeoutMs: number, everyMs: number) {
  const end = Date.now() + timeoutMs;
  while (!(await ready().catch(() => false))) {
    if (Date.now() > end) throw new Error(`not ready after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

beforeAll(async () => {
  server = await serveApp();
  browser = await launchChromium();
  const d = inject('devnet');
  const api = createHttpApi({ url: d.apis[0]! });
  // Real ids for the detail pages: wait until the devnet has a layer with a block, ATXs, a
  // reward and a transaction (the faucet's spawn comes with its first drip: ask for one).
  let layer: { number: number } | undefined;
  await until(
    async () => {
      const l = await api.call('spacemesh.v2alpha1.LayerService/List', {
        startLayer: 0,
        endLayer: 0,
        limit: '50',
        offset: '0',
        sortOrder: 'DESC',
      });
      layer = l.layers.find((x) => x.block !== null);
      return layer !== undefined;
    },
    180_000,
    2_000,
  );
  const atx = (
    await api.call('spacemesh.v2alpha1.ActivationService/List', { limit: '1', offset: '0' })
  ).activations[0]!;
  await until(
    async () => {
      await fetch(new URL('/smesh.v1.FaucetService/Drip', d.faucet), {
        method: 'POST',
        body: JSON.stringify({ address: d.faucetAccount }),
      }).catch(() => undefined);
      return (
        (await api.call('spacemesh.v2alpha1.TransactionService/List', { limit: '1', offset: '0' }))
          .transactions.length > 0
      );
    },
    180_000,
    3_000,
  );
  const tx = (
    await api.call('spacemesh.v2alpha1.TransactionService/List', { limit: '1', offset: '0' })
  ).transactions[0]!;
  const n = layer!.number;
  pages.push(
    ['home', '/'],
    ['wallet', '/wallet'],
    ['wallet-create', '/wallet/create'],
    ['wallet-restore', '/wallet/restore'],
    ['wallet-import', '/wallet/import'],
    ['smeshing', '/smeshing'],
    ['dashboard', '/dashboard'],
    ['explorer', '/explorer'],
    ['explorer-layers', '/explorer/layers'],
    ['explorer-layer', `/explorer/layer?n=${n}`],
    ['explorer-block', `/explorer/block?layer=${n}`],
    ['explorer-epochs', '/explorer/epochs'],
    ['explorer-epoch', `/explorer/epoch?n=${Math.floor(n / 10)}`],
    ['explorer-txs', '/explorer/txs'],
    ['explorer-tx', `/explorer/tx?id=${hex(tx.tx!.id)}`],
    ['explorer-accounts', '/explorer/accounts'],
    ['explorer-account', `/explorer/account?address=${d.faucetAccount}`],
    ['explorer-smeshers', '/explorer/smeshers'],
    ['explorer-smesher', `/explorer/smesher?id=${hex(atx.smesherId)}`],
    ['explorer-atxs', '/explorer/atxs'],
    ['explorer-atx', `/explorer/atx?id=${hex(atx.id)}`],
    ['explorer-rewards', '/explorer/rewards'],
    ['explorer-malfeasance', '/explorer/malfeasance'],
    ['mesh', '/mesh'],
    ['widget', '/widget'],
    ['embed', '/embed?kind=network'],
    ['settings', '/settings'],
  );
}, 400_000);

afterAll(async () => {
  await browser?.close();
});

/** Waits until the main content stops changing (streams keep the network busy for good). */
async function settle(page: Page): Promise<string> {
  let last = '';
  for (let i = 0; i < 24; i++) {
    await page.waitForTimeout(500);
    const text = await page.evaluate(() => document.body.innerText);
    if (text === last && !/Loading|Reading|Waiting for the node/.test(text)) return text;
    last = text;
  }
  return last;
}

const BAD = [/\bundefined\b/, /\bNaN\b/, /\[object Object\]/, /\{"\w+":/, /\bTODO\b/, /lorem/i];

describe('every page, desktop and phone', () => {
  for (const size of ['desktop', 'phone-dark'] as const)
    it(`renders every page finished at ${size} size`, async () => {
      const phone = size === 'phone-dark';
      const { page, errors, context } = await openApp(browser, {
        mode: 'remote',
        viewport: phone ? { width: 390, height: 844 } : { width: 1280, height: 800 },
      });
      if (phone) await page.emulateMedia({ colorScheme: 'dark' });
      const problems: string[] = [];
      for (const [name, path] of pages) {
        await page.goto(new URL(path, server.url).href);
        const text = await settle(page);
        for (const bad of BAD) if (bad.test(text)) problems.push(`${name}: shows ${bad}`);
        if (phone) {
          const over = await page.evaluate(
            () => document.documentElement.scrollWidth - window.innerWidth,
          );
          if (over > 1) problems.push(`${name}: ${over}px wider than the phone`);
        }
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: `${OUT}/screens-${name}-${size}.png`, fullPage: true });
      }
      expect(problems).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    }, 400_000);
});
