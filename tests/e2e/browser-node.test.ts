// The browser's full node against a real devnet: the suite's `smesh devnet` (a PoET and two
// smeshing nodes as processes on 127.0.0.1, tests/e2e/support) and the built app served with a
// /network.json naming that devnet's WebSocket addresses and PoET. The page's node worker joins over libp2p WebSockets, validates the
// smesher's ATXs (PoET proofs fetched from the PoET over HTTP), ballots and blocks, executes the
// layers on IndexedDB, and must report the same per-layer and cumulative state hashes as the
// devnet node (each through its own SmeshApi: the worker's over comlink, the node's over HTTP).
// After a reload the node resumes from IndexedDB, not from scratch.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';

import { createHttpApi } from '../../src/lib/api/http-client.ts';
import { OUT, openApp, serveApp, type AppServer } from './support/app.ts';

/** Layers that must match: epoch 2, the first with ballots and blocks (devnet: 10 per epoch). */
const FIRST = 20;
const LAST = 24;

let server: AppServer;
let browser: Browser;
let page: Page;
let nodeApiUrl = '';
let pageErrors: string[] = [];

type Hashes = Record<number, { state: string; cumulative: string; block: boolean }>;

function hashesOf(list: { layers: readonly Record<string, unknown>[] }): Hashes {
  const out: Hashes = {};
  for (const l of list.layers)
    out[l.number as number] = {
      state: l.stateHash as string,
      cumulative: l.cumulativeStateHash as string,
      block: l.block !== null && l.block !== undefined,
    };
  return out;
}

const layerQuery = { startLayer: FIRST, endLayer: LAST, limit: '100', offset: '0' };

async function browserLayers(): Promise<Hashes> {
  const list = await page.evaluate(async (q) => {
    const api = (
      globalThis as unknown as {
        smesh: { node: { api?: { call: (m: string, q: unknown) => Promise<unknown> } } };
      }
    ).smesh.node.api;
    if (api === undefined) return { layers: [] };
    return api.call('spacemesh.v2alpha1.LayerService/List', q);
  }, layerQuery);
  return hashesOf(list as { layers: Record<string, unknown>[] });
}

beforeAll(async () => {
  nodeApiUrl = inject('devnet').apis[0]!;
  server = await serveApp();
  browser = await launchChromium();
  ({ page, errors: pageErrors } = await openApp(browser, { mode: 'browser' }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('browser full node', () => {
  it(`joins the devnet over WebSockets and executes layers ${FIRST}..${LAST} to the devnet node's state`, async () => {
    const started = performance.now();
    await page.goto(server.url);
    await expect
      .poll(() => page.getByTestId('node-badge').getAttribute('data-processed'), {
        timeout: 150_000,
        interval: 1_000,
      })
      .toSatisfy((v) => v !== null && v !== '' && Number(v) > LAST);
    // The devnet node may be a layer behind the browser on a loaded machine: wait for its range.
    const remoteApi = createHttpApi({ url: nodeApiUrl });
    const remoteLayers = async (): Promise<Hashes> =>
      hashesOf(await remoteApi.call('spacemesh.v2alpha1.LayerService/List', layerQuery));
    await expect
      .poll(async () => Object.keys(await remoteLayers()).map(Number), { timeout: 60_000 })
      .toEqual([20, 21, 22, 23, 24]);
    const remote = await remoteLayers();
    // Both executed every layer of the range, and the devnet node made blocks in it.
    expect(Object.values(remote).some((l) => l.block)).toBe(true);
    await expect.poll(browserLayers, { timeout: 30_000 }).toEqual(remote);
    const badge = await page.getByTestId('node-badge').textContent();
    expect(badge).toMatch(
      /Node running · devnet · (synced|syncing) · layer \d+( of \d+)? · [12] peers?/,
    );
    await page.screenshot({ path: `${OUT}/browser-node-desktop.png` });
    console.log(
      `browser node: layers ${FIRST}..${LAST} matched after ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 260_000);

  it('resumes from IndexedDB after a reload: the executed layers are there at once', async () => {
    await expect
      .poll(async () => Object.keys(await browserLayers()).map(Number), { timeout: 30_000 })
      .toEqual([20, 21, 22, 23, 24]);
    const before = await browserLayers();
    await page.reload();
    await expect.poll(browserLayers, { timeout: 30_000 }).toEqual(before);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
