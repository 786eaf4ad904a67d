// One node per browser profile, in real Chromium: two tabs of ONE browser context (one profile:
// one IndexedDB, one Web Lock) with the node in the page (mode 'browser'). The first tab runs
// the node; the second says the node runs elsewhere and starts none; "Run it in this tab" moves
// the node (the first tab then says it moved), and the moved node opens the same IndexedDB: its
// key is the first tab's, and the layers the first tab executed are listed by the second tab's
// LayerService/List with the same state hashes.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';

import { OUT, openApp, serveApp, type AppServer } from './support/app.ts';

let server: AppServer;
let browser: Browser;
let context: BrowserContext;
let first: Page;
let second: Page;
const errors: string[] = [];

type LayerRow = { number: number; cumulativeStateHash: string };

/** The layers a tab's node lists (undefined while it runs no node). */
function layers(page: Page, start: number, end: number) {
  return page.evaluate(
    async ({ start, end }) => {
      const api = (
        globalThis as unknown as {
          smesh: { node: { api?: { call: (m: string, q: unknown) => Promise<unknown> } } };
        }
      ).smesh.node.api;
      if (api === undefined) return undefined;
      const r = (await api.call('spacemesh.v2alpha1.LayerService/List', {
        startLayer: start,
        endLayer: end,
        limit: '100',
        offset: '0',
      })) as { layers: { number: number; cumulativeStateHash: string }[] };
      return r.layers.map((l) => ({
        number: l.number,
        cumulativeStateHash: l.cumulativeStateHash,
      }));
    },
    { start, end },
  );
}

/** The node's key (kept in its IndexedDB store). */
function nodeKeys(page: Page) {
  return page.evaluate(async () => {
    const api = (
      globalThis as unknown as {
        smesh: { node: { api?: { call: (m: string, q: unknown) => Promise<unknown> } } };
      }
    ).smesh.node.api;
    const r = (await api?.call('spacemesh.v1.SmesherService/SmesherIDs', {})) as
      { publicKeys: string[] } | undefined;
    return r?.publicKeys;
  });
}

const hasNode = (page: Page) =>
  page.evaluate(
    () =>
      (globalThis as unknown as { smesh: { node: { api?: unknown } } }).smesh.node.api !==
      undefined,
  );

beforeAll(async () => {
  server = await serveApp();
  browser = await launchChromium();
  const app = await openApp(browser, { mode: 'browser' });
  context = app.context;
  first = app.page;
  first.on('pageerror', (e) => errors.push(`first: ${e.message}`));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('one node per browser profile', () => {
  let executed: LayerRow[] = [];
  let key: string[] | undefined;

  it('runs the node in the first tab', async () => {
    await first.goto(server.url);
    // Executed layers (the mesh's first blocks come in epoch 2, layer 20 on).
    await expect
      .poll(async () => (await layers(first, 0, 0))?.length ?? 0, {
        timeout: 200_000,
        interval: 1_000,
      })
      .toBeGreaterThanOrEqual(3);
    executed = (await layers(first, 0, 0)) ?? [];
    key = await nodeKeys(first);
    expect(key).toHaveLength(1);
    expect(await first.getByTestId('node-elsewhere').count()).toBe(0);
  }, 230_000);

  it('shows the second tab of the profile that the node runs elsewhere, and starts none', async () => {
    second = await context.newPage();
    second.on('pageerror', (e) => errors.push(`second: ${e.message}`));
    await second.goto(server.url);
    const banner = second.getByTestId('node-elsewhere');
    await expect
      .poll(() => banner.textContent(), { timeout: 30_000 })
      .toContain('running in another tab');
    expect(await second.getByTestId('node-badge').textContent()).toContain('Node in another tab');
    expect(await hasNode(second)).toBe(false);
    // The first tab's node runs on.
    expect(await hasNode(first)).toBe(true);
    expect(await first.getByTestId('node-badge').textContent()).toContain('Node running');
    await second.screenshot({ path: `${OUT}/profile-lock-elsewhere.png` });
  }, 60_000);

  it('moves the node to the second tab with its IndexedDB data intact', async () => {
    await second.getByRole('button', { name: 'Run it in this tab' }).click();
    await expect
      .poll(() => second.getByTestId('node-badge').textContent(), { timeout: 60_000 })
      .toContain('Node running');
    await expect
      .poll(() => first.getByTestId('node-elsewhere').textContent(), { timeout: 10_000 })
      .toContain('moved to another tab');
    expect(await hasNode(first)).toBe(false);
    expect(await first.getByTestId('node-badge').textContent()).toContain('Node in another tab');
    // The moved node opened the same store: the node key kept there is the same. Its mesh data
    // is there too: the VM state lives in memory, so the node executes the stored layers again
    // (src/lib/node/recover.ts) and lists the first tab's layers with the same state hashes.
    expect(await nodeKeys(second)).toEqual(key);
    const last = executed[executed.length - 1]!.number;
    await expect.poll(() => layers(second, 0, last), { timeout: 60_000 }).toEqual(executed);
    await first.screenshot({ path: `${OUT}/profile-lock-moved.png` });
    expect(errors).toEqual([]);
  }, 120_000);

  it('a tab that closes while another opens hands the node over (as a reload does)', async () => {
    // The new page's worker asks for the node lock while the closing page's worker still holds
    // it: it waits for the release instead of saying the node runs in another tab.
    const third = await context.newPage();
    third.on('pageerror', (e) => errors.push(`third: ${e.message}`));
    await third.goto(server.url);
    // its worker's lock request waits behind the second tab's hold
    await expect
      .poll(() => third.evaluate(async () => (await navigator.locks.query()).pending?.length), {
        timeout: 30_000,
      })
      .toBe(1);
    expect(await third.getByTestId('node-badge').textContent()).toContain('Node starting');
    await second.close();
    await expect
      .poll(() => third.getByTestId('node-badge').textContent(), { timeout: 60_000 })
      .toContain('Node running');
    expect(await third.getByTestId('node-elsewhere').count()).toBe(0);
    expect(await nodeKeys(third)).toEqual(key);
    expect(errors).toEqual([]);
  }, 120_000);
});
