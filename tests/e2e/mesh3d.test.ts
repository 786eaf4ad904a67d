// The 3D mesh explorer in wallet-only mode against devnet node 0: the canvas draws the node's
// layers, blocks, ATXs and ballots (Smesh's BallotService, checked against the node's own API) (WebGL on SwiftShader), the layer count grows as layers arrive, hovering
// an object shows its tooltip and clicking it opens its explorer page. Screen positions come from
// the page's scene model through its test hook (window.smeshMesh3d).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';

import { OUT, openApp, serveApp, type AppServer } from './support/app.ts';

type Kind = 'layer' | 'block' | 'atx' | 'ballot';
interface Counts {
  layers: number;
  blocks: number;
  atxs: number;
  ballots: number;
  edges: number;
  latestLayer: number | null;
  frontier: number | null;
}
interface Hook {
  counts(): Counts;
  objects(kind: Kind): { key: string; layer: number; href: string }[];
  focus(kind: Kind, key: string): { x: number; y: number; hit: boolean } | undefined;
  drawnShare(): number;
}

let server: AppServer;
let browser: Browser;

const counts = (page: Page) =>
  page.evaluate(
    () => (globalThis as unknown as { smeshMesh3d?: Hook }).smeshMesh3d?.counts() ?? null,
  );

async function openMesh(viewport?: { width: number; height: number }) {
  const app = await openApp(browser, { mode: 'remote', viewport });
  await app.page.goto(new URL('/mesh', server.url).href);
  return app;
}

/**
 * Clicks the newest object of a kind where the scene model says it is drawn — the newest one not
 * hidden behind another object from the camera (on a devnet that has run for a while, an epoch's
 * ATXs from many smeshers stand in rows and the newest can be behind an older one).
 */
async function clickNewest(page: Page, kind: Kind): Promise<string> {
  const objs = await page.evaluate(
    (k) => (globalThis as unknown as { smeshMesh3d: Hook }).smeshMesh3d.objects(k),
    kind,
  );
  let found: (typeof objs)[number] | undefined;
  let p: { x: number; y: number; hit: boolean } | undefined;
  for (const o of objs.slice(-10).reverse()) {
    p = await page.evaluate(
      ([k, key]) => (globalThis as unknown as { smeshMesh3d: Hook }).smeshMesh3d.focus(k, key),
      [kind, o.key] as const,
    );
    found = o;
    if (p?.hit === true) break;
  }
  expect(p?.hit, `one of the newest ${kind}s is in view`).toBe(true);
  const target = found!;
  await page.mouse.move(p!.x, p!.y);
  await expect
    .poll(() => page.getByTestId('mesh-tooltip').textContent())
    .toContain(
      kind === 'layer'
        ? `Layer ${target.layer}`
        : kind === 'block'
          ? 'Block'
          : kind === 'atx'
            ? 'ATX'
            : 'Ballot',
    );
  await page.mouse.click(p!.x, p!.y);
  await page.waitForURL((u) => u.pathname + u.search === target.href, { timeout: 15_000 });
  return target.href;
}

beforeAll(async () => {
  server = await serveApp();
  browser = await launchChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('3D mesh explorer', () => {
  it('draws layers, blocks and ATXs as they arrive and opens the explorer on click', async () => {
    const { page, errors, consoleErrors } = await openMesh();
    // Blocks and rewards start in epoch 2 (layer 20) of the suite's devnet.
    await expect
      .poll(() => counts(page), { timeout: 180_000, interval: 1_000 })
      .toSatisfy((c) => c !== null && c.blocks >= 2 && c.atxs >= 1 && c.edges >= 1);
    const before = (await counts(page))!;
    expect(before.layers).toBeGreaterThanOrEqual(before.blocks);
    await expect
      .poll(async () => (await counts(page))!.latestLayer ?? 0, { timeout: 30_000 })
      .toBeGreaterThan(before.latestLayer ?? 0);
    await expect
      .poll(async () => (await counts(page))!.layers, { timeout: 30_000 })
      .toBeGreaterThan(before.layers);
    // The status line shows the newest layer the scene has.
    await expect
      .poll(async () => Number(await page.getByTestId('mesh-latest').textContent()))
      .toBeGreaterThan(before.latestLayer ?? 0);
    expect((await counts(page))!.frontier).not.toBeNull();
    // The canvas is not blank: a good share of its pixels are objects, not background.
    const share = await page.evaluate(() =>
      (globalThis as unknown as { smeshMesh3d: Hook }).smeshMesh3d.drawnShare(),
    );
    expect(share).toBeGreaterThan(0.01);
    await page.getByTestId('mesh-canvas').focus();
    await page.screenshot({ path: `${OUT}/mesh3d-desktop.png` });
    expect(errors).toEqual([]);
    expect(consoleErrors).toEqual([]);

    expect(await clickNewest(page, 'block')).toMatch(
      /^\/explorer\/block\?layer=\d+&id=[0-9a-f]{40}$/,
    );
    await page.goBack();
    await expect.poll(() => counts(page), { timeout: 60_000 }).toSatisfy((c) => (c?.atxs ?? 0) > 0);
    expect(await clickNewest(page, 'atx')).toMatch(/^\/explorer\/atx\?id=[0-9a-f]{64}$/);
    await page.goBack();
    await expect
      .poll(() => counts(page), { timeout: 60_000 })
      .toSatisfy((c) => (c?.layers ?? 0) > 0);
    expect(await clickNewest(page, 'layer')).toMatch(/^\/explorer\/layer\?n=\d+$/);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it("draws the node's ballots with their vote edges and opens a ballot's layer", async () => {
    const { page, errors, consoleErrors } = await openMesh();
    // Ballots start in epoch 2 (layer 20); wait for a full layer before the newest.
    await expect
      .poll(() => counts(page), { timeout: 180_000, interval: 1_000 })
      .toSatisfy((c) => c !== null && c.ballots >= 4 && c.blocks >= 2);
    const shown = await page.evaluate(() =>
      (globalThis as unknown as { smeshMesh3d: Hook }).smeshMesh3d.objects('ballot'),
    );
    // The ballots of one layer are exactly those node 0's BallotService lists for it.
    const layerN = shown[0]!.layer;
    const res = await fetch(`${inject('devnet').apis[0]}/smesh.v1.BallotService/List`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ startLayer: layerN, endLayer: layerN, limit: 100 }),
    });
    const listed = ((await res.json()) as { ballots: { id: string }[] }).ballots.map((b) =>
      Buffer.from(b.id, 'base64').toString('hex'),
    );
    expect(listed.length).toBeGreaterThan(0);
    expect(
      shown
        .filter((b) => b.layer === layerN)
        .map((b) => b.key)
        .sort(),
    ).toEqual([...listed].sort());
    // Ballots vote for blocks shown: the legend counts those edges.
    await expect
      .poll(async () => Number(await page.getByTestId('mesh-support-count').textContent()), {
        timeout: 60_000,
      })
      .toBeGreaterThan(0);
    expect(Number(await page.getByTestId('mesh-ballots').textContent())).toBeGreaterThan(0);
    await page.screenshot({ path: `${OUT}/mesh3d-ballots.png`, fullPage: true });
    expect(errors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    // (The explorer's pages are another part of the app: only the URL is checked here.)
    expect(await clickNewest(page, 'ballot')).toMatch(/^\/explorer\/layer\?n=\d+$/);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('fits a phone in dark mode', async () => {
    const { page, errors } = await openMesh({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect
      .poll(() => counts(page), { timeout: 60_000 })
      .toSatisfy((c) => c !== null && c.blocks >= 1 && c.atxs >= 1 && c.ballots >= 1);
    const share = await page.evaluate(() =>
      (globalThis as unknown as { smeshMesh3d: Hook }).smeshMesh3d.drawnShare(),
    );
    expect(share).toBeGreaterThan(0.01);
    // Nothing wider than the screen.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    await page.screenshot({ path: `${OUT}/mesh3d-phone-dark.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);

  it('says so when WebGL is unavailable', async () => {
    const { page, errors } = await openApp(browser, { mode: 'remote' });
    await page.addInitScript(() => {
      const get = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (
        this: HTMLCanvasElement,
        type: string,
        ...rest: unknown[]
      ) {
        if (type === 'webgl2' || type === 'webgl') return null;
        return (get as (...a: unknown[]) => unknown).call(this, type, ...rest);
      } as typeof get;
    });
    await page.goto(new URL('/mesh', server.url).href);
    await expect
      .poll(() => page.getByTestId('mesh-no-webgl').textContent(), { timeout: 30_000 })
      .toContain('cannot draw the 3D view');
    // The newest layers are still listed as links.
    await expect
      .poll(() => page.getByTestId('mesh-layer-list').locator('a').count(), { timeout: 60_000 })
      .toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.context().close();
  }, 120_000);
});
