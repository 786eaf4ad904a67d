// The browser's full node against a real devnet: `smesh devnet` (a PoET and two smeshing nodes as
// processes on 127.0.0.1) and the built app served with a /network.json naming that devnet's
// WebSocket address and PoET. The page's node worker joins over libp2p WebSockets, validates the
// smesher's ATXs (PoET proofs fetched from the PoET over HTTP), ballots and blocks, executes the
// layers on IndexedDB, and must report the same per-layer and cumulative state hashes as the
// devnet node (each through its own SmeshApi: the worker's over comlink, the node's over HTTP).
// After a reload the node resumes from IndexedDB, not from scratch.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';
import { SMESH_BIN } from '../../src/cli/node/children.ts';
import { serveStatic, type StaticServer } from '../../src/cli/static-server.ts';
import { createHttpApi } from '../../src/lib/api/http-client.ts';

const OUT = 'tests/e2e/output';
/** Layers that must match: epoch 2, the first with ballots and blocks (devnet: 10 per epoch). */
const FIRST = 20;
const LAST = 24;

const dir = mkdtempSync(join(tmpdir(), 'smesh-browser-node-'));
let devnet: ChildProcess;
let server: StaticServer;
let browser: Browser;
let page: Page;
let nodeApiUrl = '';
const pageErrors: string[] = [];

/** Reads the devnet's stdout until it is up; returns what the app needs to join it. */
async function startDevnet(): Promise<{ genesisTime: string; ws: string; poet: string }> {
  devnet = spawn(
    process.execPath,
    [SMESH_BIN, 'devnet', '--nodes', '2', '--layer-duration', '2s', '--genesis-delay', '12s'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env }, cwd: dir },
  );
  devnet.stderr!.resume();
  let genesisTime = '';
  let ws = '';
  let poet = '';
  for await (const line of createInterface({ input: devnet.stdout! })) {
    const g = /^genesis (\S+),/.exec(line);
    if (g) genesisTime = g[1]!;
    if (line.startsWith('poet ')) poet = line.slice(5);
    if (/^node-0 \/ip4\/.*\/ws\/p2p\//.test(line)) ws = line.slice('node-0 '.length);
    if (line.startsWith('node-0 api ')) nodeApiUrl = line.slice('node-0 api '.length);
    if (line.startsWith('devnet up')) break;
  }
  if (!genesisTime || !ws || !poet || !nodeApiUrl) throw new Error('devnet did not come up');
  return { genesisTime, ws, poet };
}

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
  if (!existsSync('build/index.html')) throw new Error('run `npm run build` first');
  mkdirSync(OUT, { recursive: true });
  const { genesisTime, ws, poet } = await startDevnet();
  server = await serveStatic('build', '127.0.0.1', 0, {
    '/network.json': JSON.stringify({
      preset: 'devnet',
      genesisTime,
      layerDurationMs: 2000,
      bootstrap: [ws],
      poets: [poet],
    }),
  });
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (devnet !== undefined && devnet.exitCode === null) {
    devnet.kill('SIGINT');
    await new Promise((r) => devnet.once('exit', r));
  }
  rmSync(dir, { recursive: true, force: true });
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
    const remote = hashesOf(
      await createHttpApi({ url: nodeApiUrl }).call(
        'spacemesh.v2alpha1.LayerService/List',
        layerQuery,
      ),
    );
    // Both executed every layer of the range, and the devnet node made blocks in it.
    expect(Object.keys(remote).map(Number)).toEqual([20, 21, 22, 23, 24]);
    expect(Object.values(remote).some((l) => l.block)).toBe(true);
    await expect.poll(browserLayers, { timeout: 30_000 }).toEqual(remote);
    const badge = await page.getByTestId('node-badge').textContent();
    expect(badge).toMatch(
      /Node running · devnet · (synced|syncing) · layer \d+( of \d+)? · 1 peer/,
    );
    await page.screenshot({ path: `${OUT}/browser-node-desktop.png` });
    console.log(
      `browser node: layers ${FIRST}..${LAST} matched after ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }, 200_000);

  it('resumes from IndexedDB after a reload: the executed layers are there at once', async () => {
    const before = await browserLayers();
    await page.reload();
    await expect.poll(browserLayers, { timeout: 30_000 }).toEqual(before);
    expect(pageErrors).toEqual([]);
  }, 60_000);
});
