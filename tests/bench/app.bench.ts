// The app in headless Chromium (the project's Debian Chromium, WebGPU on SwiftShader):
//  - the gzipped JavaScript the first route loads (everything index.html references; the node
//    worker starts after first paint and is not part of it) against the 250 KB target;
//  - time to first contentful paint and to "node synced" (the page's own node worker joined a
//    local devnet and reports SYNC_STATUS_SYNCED), each against the time the same browser takes
//    to load a blank page from the same server in the same run.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';
import { launchChromium } from '../../scripts/chromium.ts';
import { SMESH_BIN } from '../../src/cli/node/children.ts';
import { serveStatic } from '../../src/cli/static-server.ts';

const TARGET_KB = 250;
/** The page opens once the devnet is past this layer (epoch 2, with ballots and blocks). */
const SYNC_FROM = 24;

function ensureBuild(): void {
  if (existsSync('build/index.html')) return;
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
    stdio: 'ignore',
  });
  if (r.status !== 0) throw new Error('vite build failed');
}

/** Every script index.html loads or preloads, gzipped (level 9, as a server would serve it). */
export function firstRouteJs(): { files: number; rawBytes: number; gzipBytes: number } {
  const html = readFileSync('build/index.html', 'utf8');
  const paths = new Set(html.match(/\/?_app\/immutable\/[^"'\s)]+\.js/g) ?? []);
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const p of paths) {
    const bytes = readFileSync(join('build', p.replace(/^\//, '')));
    rawBytes += bytes.length;
    gzipBytes += gzipSync(bytes, { level: 9 }).length;
  }
  return { files: paths.size, rawBytes, gzipBytes };
}

async function startDevnet(
  dir: string,
): Promise<{ devnet: ChildProcess; network: string; genesisMs: number }> {
  const devnet = spawn(
    process.execPath,
    [SMESH_BIN, 'devnet', '--nodes', '1', '--layer-duration', '2s', '--genesis-delay', '8s'],
    { stdio: ['ignore', 'pipe', 'ignore'], cwd: dir },
  );
  let genesisTime = '';
  let poet = '';
  const ws: string[] = [];
  for await (const line of createInterface({ input: devnet.stdout! })) {
    const g = /^genesis (\S+),/.exec(line);
    if (g) genesisTime = g[1]!;
    if (line.startsWith('poet ')) poet = line.slice(5);
    const w = /^node-\d+ (\/ip4\/\S+\/ws\/p2p\/\S+)$/.exec(line);
    if (w) ws.push(w[1]!);
    if (line.startsWith('devnet up')) break;
  }
  devnet.stdout!.resume();
  const network = JSON.stringify({
    preset: 'devnet',
    genesisTime,
    layerDurationMs: 2000,
    bootstrap: ws,
    poets: [poet],
  });
  return { devnet, network, genesisMs: Date.parse(genesisTime) };
}

export async function run(): Promise<void> {
  ensureBuild();
  const js = firstRouteJs();
  const kb = js.gzipBytes / 1024;
  console.log(
    `first route JS: ${kb.toFixed(1)} KB gzip (${(js.rawBytes / 1024).toFixed(0)} KB raw, ` +
      `${js.files} files) vs target ${TARGET_KB} KB = ratio ${(kb / TARGET_KB).toFixed(3)}` +
      ` (${kb <= TARGET_KB ? 'within' : 'OVER'} target)`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'smesh-app-bench-'));
  const { devnet, network, genesisMs } = await startDevnet(dir);
  // Let the devnet run past layer SYNC_FROM (ATXs, ballots, blocks) before the page opens.
  const wait = genesisMs + (SYNC_FROM + 1) * 2000 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  const server = await serveStatic('build', '127.0.0.1', 0, {
    '/network.json': network,
    '/blank.html': '<!doctype html><title>blank</title>',
  });
  const browser = await launchChromium();
  try {
    // Blank page: navigation start to load end, median of 5 fresh contexts.
    const blanks: number[] = [];
    for (let i = 0; i < 5; i++) {
      const ctx = await browser.newContext();
      const page = await ctx.newPage();
      await page.goto(`${server.url}/blank.html`, { waitUntil: 'load' });
      blanks.push(
        await page.evaluate(() => {
          const n = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
          return n.loadEventEnd;
        }),
      );
      await ctx.close();
    }
    blanks.sort((a, b) => a - b);
    const blank = blanks[2]!;

    const ctx = await browser.newContext();
    const page = await ctx.newPage();
    await page.goto(server.url, { waitUntil: 'load' });
    const paint = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          new PerformanceObserver((list) => {
            const fcp = list.getEntriesByName('first-contentful-paint')[0];
            if (fcp !== undefined) resolve(fcp.startTime);
          }).observe({ type: 'paint', buffered: true });
        }),
    );
    // Synced: the node worker booted, joined the devnet and executed up to the current layer
    // (the devnet is past layer SYNC_FROM by now, so that is real sync work, not an empty mesh).
    await page.waitForFunction(
      (from) => {
        const badge = document.querySelector('[data-testid="node-badge"]');
        return (
          badge?.getAttribute('data-sync') === 'SYNC_STATUS_SYNCED' &&
          Number(badge.getAttribute('data-processed') ?? 0) >= from
        );
      },
      SYNC_FROM,
      { timeout: 180_000, polling: 100 },
    );
    const synced = await page.evaluate(() => performance.now());
    console.log(
      `app first paint: ${paint.toFixed(0)} ms vs blank page load ${blank.toFixed(0)} ms = ratio ${(paint / blank).toFixed(2)}`,
    );
    console.log(
      `app node synced (worker boot, libp2p join, sync of ${SYNC_FROM}+ layers to the tip): ${(synced / 1000).toFixed(2)} s vs blank page load ${blank.toFixed(0)} ms = ratio ${(synced / blank).toFixed(1)}`,
    );
    await ctx.close();
  } finally {
    await browser.close();
    await server.close();
    devnet.kill('SIGINT');
    await new Promise((r) => devnet.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}
