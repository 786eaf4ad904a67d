// The mesh explorer in real Chromium, wallet-only against devnet node 0 (mode 'remote'): the
// overview streams new layers, a layer with a block leads to its block, rewards, smesher, ATX
// and coinbase account, a faucet transfer is found by its transaction page, the search box opens
// layers / ATXs / accounts and says "not found", the layer list pages and grows while watched.
// Every expected value comes from the same node's API, read here over HTTP.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { base64, hex } from '@scure/base';
import { launchChromium } from '../../scripts/chromium.ts';

import { requestDrip } from '../../src/lib/api/faucet.ts';
import { createHttpApi } from '../../src/lib/api/http-client.ts';
import type { SmeshApi } from '../../src/lib/api/interface.ts';
import { encodeAddress } from '../../src/lib/crypto/address.ts';
import { OUT, openApp, serveApp, type AppServer } from './support/app.ts';

const b2h = (b: string) => hex.encode(base64.decode(b));
const SLOW = { timeout: 150_000, interval: 1_000 };

let server: AppServer;
let browser: Browser;
let page: Page;
let errors: string[] = [];
let consoleErrors: string[] = [];
let api: SmeshApi;
/** A fresh account the faucet pays, and that drip's tx id (hex). */
const recipient = encodeAddress(
  Uint8Array.from({ length: 24 }, (_, i) => (i < 4 ? 0 : (i * 37 + 11) & 0xff)),
  'stest',
);
let dripTx = '';

const go = (path: string) => page.goto(new URL(path, server.url).href);
const text = async (testid: string) => (await page.getByTestId(testid).first().textContent()) ?? '';

beforeAll(async () => {
  const d = inject('devnet');
  api = createHttpApi({ url: d.apis[0]! });
  server = await serveApp();
  browser = await launchChromium();
  ({ page, errors, consoleErrors } = await openApp(browser, { mode: 'remote' }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('explorer (remote node)', () => {
  it('overview shows the current layer and streams new executed layers', async () => {
    await go('/explorer');
    await expect.poll(async () => Number(await text('current-layer')), SLOW).toBeGreaterThan(0);
    await expect.poll(async () => page.getByTestId('layer-row').count(), SLOW).toBeGreaterThan(0);
    const first = Number(await page.getByTestId('layer-row').first().getAttribute('data-layer'));
    // No reload and no polling: the layer stream brings the next ones.
    await page.evaluate(() => ((globalThis as { marker?: number }).marker = 1));
    await expect
      .poll(
        async () => Number(await page.getByTestId('layer-row').first().getAttribute('data-layer')),
        SLOW,
      )
      .toBeGreaterThan(first);
    expect(await page.evaluate(() => (globalThis as { marker?: number }).marker)).toBe(1);
    expect(Number(await text('top-layer'))).toBeGreaterThan(first);
  }, 300_000);

  it('opens a layer with a block, its block, rewards, smesher, ATX and coinbase', async () => {
    // Blocks and rewards start in epoch 2 (layer ~20).
    let layer = -1;
    await expect
      .poll(async () => {
        const r = await api.call('spacemesh.v2alpha1.RewardService/List', {
          sortOrder: 'DESC',
          limit: '1',
        });
        layer = r.rewards[0]?.layer ?? -1;
        return layer;
      }, SLOW)
      .toBeGreaterThan(0);
    const [want] = (
      await api.call('spacemesh.v2alpha1.LayerService/List', {
        startLayer: layer,
        endLayer: layer,
        limit: '1',
      })
    ).layers;
    expect(want?.block).toBeTruthy();
    await go(`/explorer/layer?n=${layer}`);
    await expect.poll(() => text('layer-status'), SLOW).toBe('verified');
    expect(await text('state-hash')).toBe(b2h(want!.stateHash));
    expect(await page.getByTestId('reward-table').locator('tbody tr').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${OUT}/explorer-layer-desktop.png`, fullPage: true });

    await page.getByTestId('layer-fields').getByTestId('block-link').click();
    await expect.poll(() => text('block-id'), SLOW).toBe(b2h(want!.block!.id));
    expect(await text('block-layer')).toBe(String(layer));

    await page.getByTestId('reward-table').getByTestId('smesher-link').first().click();
    await expect.poll(() => page.url(), SLOW).toContain('/explorer/smesher?id=');
    const smesher = new URL(page.url()).searchParams.get('id')!;
    await expect.poll(() => text('smesher-id'), SLOW).toBe(smesher);
    // The page lists the smesher's ATXs as the API has them; on a young devnet the smesher may
    // publish another meanwhile, so each try reloads the page and asks the API afresh.
    const smesherAtxs = () =>
      api.call('spacemesh.v2alpha1.ActivationService/List', {
        smesherId: [base64.encode(hex.decode(smesher))],
        limit: '100',
      });
    const atxCount = async () => (await smesherAtxs()).activations.length;
    let shown = -1;
    await expect
      .poll(async () => {
        const want = await atxCount();
        await page.reload();
        await expect
          .poll(() => page.getByTestId('atx-table').locator('tbody tr').count(), SLOW)
          .toBeGreaterThan(0);
        shown = await page.getByTestId('atx-table').locator('tbody tr').count();
        return shown === want || shown === (await atxCount());
      }, SLOW)
      .toBe(true);
    expect(shown).toBeGreaterThan(0);

    await page.getByTestId('atx-table').getByTestId('atx-link').first().click();
    await expect.poll(() => page.url(), SLOW).toContain('/explorer/atx?id=');
    const atxId = new URL(page.url()).searchParams.get('id')!;
    await expect.poll(() => text('atx-id'), SLOW).toBe(atxId);
    const atx = (await smesherAtxs()).activations.find((a) => b2h(a.id) === atxId)!;
    expect(await text('atx-weight')).toBe(BigInt(atx.weight).toLocaleString('en-US'));
    await page.screenshot({ path: `${OUT}/explorer-atx-desktop.png`, fullPage: true });

    await page.getByTestId('atx-fields').getByTestId('account-link').click();
    await expect.poll(() => text('account-address'), SLOW).toBe(atx.coinbase);
    await expect.poll(() => text('account-balance'), SLOW).toMatch(/^[\d,]+(\.\d+)? SMH$/);
    await expect
      .poll(() => page.getByTestId('reward-table').locator('tbody tr').count(), SLOW)
      .toBeGreaterThan(0);
  }, 300_000);

  it('finds a faucet transfer from the account page to its transaction', async () => {
    await expect
      .poll(async () => {
        try {
          dripTx = (await requestDrip(inject('devnet').faucet, recipient)).txId;
          return dripTx;
        } catch {
          return '';
        }
      }, SLOW)
      .not.toBe('');
    await expect
      .poll(async () => {
        const r = await api.call('spacemesh.v2alpha1.TransactionService/List', {
          txid: [base64.encode(hex.decode(dripTx))],
          limit: '1',
          includeResult: true,
        });
        return r.transactions[0]?.txResult?.status ?? '';
      }, SLOW)
      .toBe('TRANSACTION_STATUS_SUCCESS');
    await go(`/explorer/account?address=${recipient}`);
    await expect.poll(() => text('account-balance'), SLOW).not.toBe('0 SMH');
    await page.getByTestId('tx-table').getByTestId('tx-link').first().click();
    await expect.poll(() => text('tx-id'), SLOW).toBe(dripTx);
    expect(await text('tx-status')).toBe('success');
    expect(await text('tx-amount')).toMatch(/ SMH$/);
    await page.screenshot({ path: `${OUT}/explorer-tx-desktop.png`, fullPage: true });
    // and back through the principal (the faucet's account)
    await page.getByTestId('tx-principal').click();
    await expect.poll(() => text('account-address'), SLOW).toBe(inject('devnet').faucetAccount);
  }, 300_000);

  it('searches by layer, ATX id and address, and says when nothing matches', async () => {
    await go('/explorer');
    // the node's API is there (the search asks it); the badge says why when it is not
    await expect
      .poll(async () => `${await text('node-badge')} | ${await text('current-layer')}`, SLOW)
      .toMatch(/synced.* \| \d+$/);
    const search = async (q: string) => {
      await page.getByTestId('search-input').fill(q);
      await page.getByTestId('search-input').press('Enter');
    };
    await search('12');
    await expect.poll(() => page.url(), SLOW).toMatch(/\/explorer\/layer\?n=12$/);

    const [a] = (await api.call('spacemesh.v2alpha1.ActivationService/List', { limit: '1' }))
      .activations;
    await search(b2h(a!.id));
    await expect.poll(() => page.url(), SLOW).toContain(`/explorer/atx?id=${b2h(a!.id)}`);
    await expect.poll(() => text('atx-id'), SLOW).toBe(b2h(a!.id));

    await search(recipient);
    await expect.poll(() => page.url(), SLOW).toContain(`/explorer/account?address=${recipient}`);

    await search('epoch 2');
    await expect.poll(() => page.url(), SLOW).toMatch(/\/explorer\/epoch\?n=2$/);
    await expect.poll(async () => Number(await text('epoch-smeshers')), SLOW).toBeGreaterThan(0);

    const before = page.url();
    await search('00'.repeat(31) + '01');
    await expect.poll(() => text('search-message'), SLOW).toMatch(/^Not found/);
    expect(page.url()).toBe(before);
  }, 300_000);

  it('pages the layer list and grows it while watching', async () => {
    await expect
      .poll(async () => {
        // more than a page of executed layers
        const r = await api.call('spacemesh.v2alpha1.LayerService/List', {
          sortOrder: 'DESC',
          offset: '26',
          limit: '1',
        });
        return r.layers.length;
      }, SLOW)
      .toBe(1);
    await go('/explorer/layers');
    await expect.poll(() => page.getByTestId('layer-row').count(), SLOW).toBe(25);
    const top = Number(await page.getByTestId('layer-row').first().getAttribute('data-layer'));
    // grows on page 1 while watched
    await expect
      .poll(
        async () => Number(await page.getByTestId('layer-row').first().getAttribute('data-layer')),
        SLOW,
      )
      .toBeGreaterThan(top);
    expect(await page.getByTestId('layer-row').count()).toBe(25);

    await page.getByTestId('page-next').click();
    await expect.poll(() => page.url(), SLOW).toMatch(/page=2$/);
    await expect.poll(() => text('page-info'), SLOW).toMatch(/^Page 2 · 26–/);
    const first2 = Number(await page.getByTestId('layer-row').first().getAttribute('data-layer'));
    const expected = await api.call('spacemesh.v2alpha1.LayerService/List', {
      sortOrder: 'DESC',
      offset: '25',
      limit: '1',
    });
    // the newest layer may have moved on by one or two between the two reads
    expect(Math.abs(first2 - expected.layers[0]!.number)).toBeLessThanOrEqual(2);
    await page.getByTestId('page-prev').click();
    await expect.poll(() => page.url(), SLOW).not.toMatch(/page=/);
    await expect.poll(() => page.getByTestId('layer-row').count(), SLOW).toBe(25);
  }, 300_000);

  it('shows epochs, smeshers, accounts, rewards and malfeasance; screenshots', async () => {
    for (const [path, testid] of [
      ['/explorer/epochs', 'epoch-table'],
      ['/explorer/smeshers', 'smesher-table'],
      ['/explorer/accounts', 'account-table'],
      ['/explorer/accounts?sort=balance', 'account-table'],
      ['/explorer/atxs', 'atx-table'],
      ['/explorer/txs', 'tx-table'],
      ['/explorer/rewards', 'reward-table'],
      ['/explorer/malfeasance', 'malfeasance-empty'],
    ] as const) {
      await go(path);
      await expect.poll(() => page.getByTestId(testid).count(), SLOW).toBeGreaterThan(0);
      const name = path.replace('/explorer/', '').replace('?sort=', '-');
      await page.screenshot({ path: `${OUT}/explorer-${name}-desktop.png`, fullPage: true });
    }
    await go('/explorer');
    await expect.poll(() => page.getByTestId('reward-table').count(), SLOW).toBeGreaterThan(0);
    await page.screenshot({ path: `${OUT}/explorer-desktop.png`, fullPage: true });

    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => page.getByTestId('layer-row').count(), SLOW).toBeGreaterThan(0);
    await page.screenshot({ path: `${OUT}/explorer-phone-dark.png`, fullPage: true });
    await go(`/explorer/tx?id=${dripTx}`);
    await expect.poll(() => text('tx-id'), SLOW).toBe(dripTx);
    await page.screenshot({ path: `${OUT}/explorer-tx-phone-dark.png`, fullPage: true });
    await go('/explorer/layers');
    await expect.poll(() => page.getByTestId('layer-row').count(), SLOW).toBe(25);
    await page.screenshot({ path: `${OUT}/explorer-layers-phone-dark.png`, fullPage: true });
    expect(errors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  }, 300_000);
});
