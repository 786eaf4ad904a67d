// The network dashboard in real Chromium, wallet-only against devnet node 0 (mode 'remote'):
// every tile agrees with the same numbers read from the node's API in the test, the layer and
// transaction tiles move without a reload (the page's streams), the smeshers tile shows both
// devnet smeshers once their epoch-1 ATXs are active, and the charts draw the epochs.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';

import { createHttpApi } from '../../src/lib/api/http-client.ts';
import { requestDrip } from '../../src/lib/api/faucet.ts';
import { encodeAddress } from '../../src/lib/crypto/address.ts';
import type { SmeshApi } from '../../src/lib/api/interface.ts';
import { decentralisation } from '../../src/lib/ui/dashboard/aggregate.ts';
import { listAll } from '../../src/lib/ui/dashboard/paginate.ts';
import { OUT, openApp, serveApp, type AppServer } from './support/app.ts';

let server: AppServer;
let browser: Browser;
let page: Page;
let errors: string[] = [];
let api: SmeshApi;

const pg = (o: number, l: number) => ({ offset: String(o), limit: String(l) });

/** The numbers the dashboard shows, read straight from the node. */
const fromApi = {
  async atxs() {
    return listAll(
      async (o, l) =>
        (await api.call('spacemesh.v2alpha1.ActivationService/List', pg(o, l))).activations,
    );
  },
  async rewardsTotal() {
    const rewards = await listAll(
      async (o, l) => (await api.call('spacemesh.v2alpha1.RewardService/List', pg(o, l))).rewards,
    );
    return rewards.reduce((s, r) => s + BigInt(r.total), 0n);
  },
  async accounts() {
    return listAll(
      async (o, l) => (await api.call('spacemesh.v2alpha1.AccountService/List', pg(o, l))).accounts,
    );
  },
  async transactions() {
    const txs = await listAll(
      async (o, l) =>
        (
          await api.call('spacemesh.v2alpha1.TransactionService/List', {
            ...pg(o, l),
            includeResult: true,
          })
        ).transactions,
    );
    return txs.filter((t) => (t.txResult?.layer ?? 0) > 0).length;
  },
};

async function tileValue(testid: string): Promise<string | null> {
  return page.getByTestId(`${testid}-value`).getAttribute('data-value');
}

async function tileBig(testid: string): Promise<bigint> {
  const v = await tileValue(testid);
  return v === null ? -1n : BigInt(v);
}

/**
 * A count that only grows: the tile (a little behind the node, over its streams) must reach
 * what the API said before and not pass what it says after.
 */
async function expectMonotonicTile(testid: string, read: () => Promise<bigint>): Promise<void> {
  const before = await read();
  await expect.poll(() => tileBig(testid), { timeout: 30_000 }).toBeGreaterThanOrEqual(before);
  const shown = await tileBig(testid);
  const after = await read();
  expect(shown).toBeLessThanOrEqual(after);
}

beforeAll(async () => {
  const d = inject('devnet');
  api = createHttpApi({ url: d.apis[0]! });
  server = await serveApp();
  browser = await launchChromium();
  ({ page, errors } = await openApp(browser, { mode: 'remote' }));
  await page.goto(new URL('dashboard', server.url).href);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('dashboard (wallet-only against devnet node 0)', () => {
  it('shows the tiles, live from the node', async () => {
    await page.getByTestId('dashboard-tiles').waitFor({ timeout: 90_000 });
    await expect
      .poll(() => page.getByTestId('dashboard-live').textContent(), { timeout: 30_000 })
      .toContain('Live');
    for (const t of [
      'layer',
      'smeshers',
      'space',
      'decentralisation',
      'accounts',
      'transactions',
      'rewards',
      'circulation',
      'peers',
      'sync',
    ])
      expect((await page.getByTestId(`tile-${t}-value`).textContent())?.trim()).not.toBe('');
  });

  it('advances the applied layer without a reload (layer stream)', async () => {
    const applied = async () =>
      Number((await page.getByTestId('tile-layer-applied').getAttribute('data-value')) ?? -1);
    await expect.poll(applied, { timeout: 60_000 }).toBeGreaterThan(0);
    const first = await applied();
    await expect.poll(applied, { timeout: 30_000 }).toBeGreaterThan(first);
    // The clock layer agrees with the node's (its status is read every 2 s: one layer apart at most).
    const status = await api.call('spacemesh.v2alpha1.NodeService/Status', {});
    const shown = Number(await tileValue('tile-layer'));
    expect(Math.abs(shown - status.currentLayer)).toBeLessThanOrEqual(2);
  });

  it('shows both smeshers once the epoch-1 ATXs are active, with their space and weight', async () => {
    await expect
      .poll(() => tileValue('tile-smeshers'), { timeout: 120_000, interval: 1_000 })
      .toBe('2');
    const epoch = Number(await page.getByTestId('tile-epoch').getAttribute('data-value'));
    const active = (await fromApi.atxs()).filter((a) => a.publishEpoch === epoch - 1);
    expect(new Set(active.map((a) => a.smesherId)).size).toBe(2);
    const info = await api.call('spacemesh.v2alpha1.NetworkService/Info', {});
    const units = active.reduce((s, a) => s + BigInt(a.numUnits), 0n);
    expect(await tileBig('tile-space')).toBe(units * BigInt(info.labelsPerUnit) * 16n);
    const weights = new Map<string, number>();
    for (const a of active)
      weights.set(a.smesherId, (weights.get(a.smesherId) ?? 0) + Number(a.weight));
    const expected = decentralisation([...weights.values()])!;
    expect(Number(await tileValue('tile-decentralisation'))).toBeCloseTo(expected, 9);
  });

  it('agrees with the API on rewards, accounts, circulation, peers and sync', async () => {
    await expect.poll(() => tileBig('tile-rewards'), { timeout: 60_000 }).toBeGreaterThan(0n);
    await expectMonotonicTile('tile-rewards', () => fromApi.rewardsTotal());
    await expectMonotonicTile('tile-accounts', async () =>
      BigInt((await fromApi.accounts()).length),
    );
    await expectMonotonicTile('tile-circulation', async () =>
      (await fromApi.accounts()).reduce((s, a) => s + BigInt(a.current?.balance ?? '0'), 0n),
    );
    // The circulation tile says what it sums.
    expect(await page.getByTestId('tile-circulation').locator('details p').textContent()).toMatch(
      /balance/,
    );
    await expect
      .poll(
        async () =>
          (await tileValue('tile-peers')) ===
          (await api.call('spacemesh.v2alpha1.NodeService/Status', {})).connectedPeers,
        { timeout: 20_000 },
      )
      .toBe(true);
    const status = await api.call('spacemesh.v2alpha1.NodeService/Status', {});
    if (status.status === 'SYNC_STATUS_SYNCED')
      await expect
        .poll(() => page.getByTestId('tile-sync-value').textContent())
        .toContain('Synced');
  });

  it('counts a new transaction as it executes (transaction stream)', async () => {
    const d = inject('devnet');
    const hrp = (await api.info()).hrp;
    const to = encodeAddress(new Uint8Array(24).fill(7, 4), hrp);
    const before = await tileBig('tile-transactions');
    let txId = '';
    await expect
      .poll(
        async () => {
          try {
            txId = (await requestDrip(d.faucet, to)).txId;
            return true;
          } catch {
            return false;
          }
        },
        { timeout: 120_000, interval: 2_000 },
      )
      .toBe(true);
    expect(txId).not.toBe('');
    await expect
      .poll(() => tileBig('tile-transactions'), { timeout: 60_000 })
      .toBeGreaterThan(before);
    await expectMonotonicTile('tile-transactions', async () =>
      BigInt(await fromApi.transactions()),
    );
  });

  it('draws the charts over epochs, each with a table', async () => {
    for (const c of ['smeshers', 'space', 'rewards', 'transactions']) {
      const chart = page.getByTestId(`chart-${c}`);
      expect(await chart.getByTestId(`chart-${c}-bar`).count()).toBeGreaterThanOrEqual(1);
      expect(await chart.locator('svg[role=img]').getAttribute('aria-labelledby')).toBeTruthy();
      expect(await chart.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    }
    // The smeshers chart's current epoch has both smeshers.
    const rows = page.getByTestId('chart-smeshers').locator('tbody tr');
    expect(await rows.last().locator('td').textContent()).toBe('2 smeshers');
    // The transactions chart counts the executed transactions of every epoch.
    const txCells = await page
      .getByTestId('chart-transactions')
      .locator('tbody td')
      .allTextContents();
    const sum = txCells.reduce((s, t) => s + Number(t.split(' ')[0]!.replace(/,/g, '')), 0);
    expect(sum).toBe(Number(await tileValue('tile-transactions')));
  });

  it('takes desktop and phone (dark) screenshots without page errors', async () => {
    await page.getByTestId('chart-rewards').locator('summary').click();
    await page.getByTestId('tile-circulation').locator('summary').click();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${OUT}/dashboard-desktop.png`, fullPage: true });
    const phone = await openApp(browser, { mode: 'remote', viewport: { width: 390, height: 844 } });
    await phone.page.emulateMedia({ colorScheme: 'dark' });
    await phone.page.goto(new URL('dashboard', server.url).href);
    await phone.page.getByTestId('dashboard-charts').waitFor({ timeout: 60_000 });
    await expect
      .poll(() => phone.page.getByTestId('tile-smeshers-value').getAttribute('data-value'))
      .toBe('2');
    await phone.page.getByTestId('tile-space').locator('summary').click();
    await phone.page.evaluate(() => window.scrollTo(0, 0));
    await phone.page.screenshot({ path: `${OUT}/dashboard-phone-dark.png`, fullPage: true });
    // No horizontal overflow at phone width.
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
    );
    expect(overflow).toBeLessThanOrEqual(0);
    expect(phone.errors).toEqual([]);
    await phone.context.close();
    expect(errors).toEqual([]);
  });
});

describe('dashboard on the node in this browser (mode browser)', () => {
  it('fills the tiles from the worker node’s streams as it syncs the devnet', async () => {
    const b = await openApp(browser, { mode: 'browser' });
    try {
      await b.page.goto(new URL('dashboard', server.url).href);
      await b.page.getByTestId('dashboard-tiles').waitFor({ timeout: 120_000 });
      const applied = async () =>
        Number((await b.page.getByTestId('tile-layer-applied').getAttribute('data-value')) ?? -1);
      await expect.poll(applied, { timeout: 180_000, interval: 2_000 }).toBeGreaterThan(20);
      const first = await applied();
      await expect.poll(applied, { timeout: 60_000 }).toBeGreaterThan(first);
      await expect
        .poll(() => b.page.getByTestId('tile-smeshers-value').getAttribute('data-value'), {
          timeout: 60_000,
        })
        .toBe('2');
      await expect
        .poll(async () =>
          BigInt(
            (await b.page.getByTestId('tile-rewards-value').getAttribute('data-value')) ?? '0',
          ),
        )
        .toBeGreaterThan(0n);
      expect(await b.page.getByTestId('dashboard-live').textContent()).toContain('Live');
      expect(b.errors).toEqual([]);
    } finally {
      await b.context.close();
    }
  }, 360_000);
});
