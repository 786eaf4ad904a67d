// 3D mesh explorer frames per second with 10,000 objects (layers, blocks, ATXs, ballots, plus
// their reward, ballot → ATX and vote edges) in headless Chromium (WebGL on SwiftShader where there is no GPU), against the same
// page's empty scene measured in the same run. The objects are the page's load test
// (`/mesh?bench=N`: synthetic, well-formed API items, labelled as such on the page); the app's
// node is pointed at a closed port so it does no work meanwhile. Needs the built app (build/).
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { launchChromium } from '../../scripts/chromium.ts';
import { serveStatic } from '../../src/cli/static-server.ts';
import { report, type Rate } from './harness.ts';

const OBJECTS = 10_000;
const WARM_MS = 1_500;
const MEASURE_MS = 5_000;

interface Hook {
  counts(): { layers: number; blocks: number; atxs: number; ballots: number; edges: number };
  measureFps(ms: number): Promise<{ fps: number; frames: number }>;
}

/** A local port nothing listens on (one the OS just handed out and we closed again). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export async function run(): Promise<void> {
  if (!existsSync('build/index.html')) throw new Error('mesh3d bench: run `npm run build` first');
  const server = await serveStatic('build', '127.0.0.1', 0);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    // Wallet-only mode against a closed port: the node handle fails at once, no worker runs.
    const closed = await closedPort();
    await context.addInitScript(
      (url) => localStorage.setItem('smesh.node-mode', JSON.stringify({ kind: 'remote', url })),
      `http://127.0.0.1:${closed}`,
    );
    const page = await context.newPage();
    const gpu = await page.evaluate(() => {
      const gl = document.createElement('canvas').getContext('webgl2');
      const d = gl?.getExtension('WEBGL_debug_renderer_info');
      return gl && d ? String(gl.getParameter(d.UNMASKED_RENDERER_WEBGL)) : 'no WebGL 2';
    });
    const fpsWith = async (n: number): Promise<{ rate: Rate; counts: string }> => {
      await page.goto(new URL(`/mesh?bench=${n}`, server.url).href);
      await page.waitForFunction(
        (want) => {
          const h = (globalThis as unknown as { smeshMesh3d?: Hook }).smeshMesh3d;
          if (h === undefined) return false;
          const c = h.counts();
          return c.layers + c.blocks + c.atxs + c.ballots === want;
        },
        n,
        { timeout: 60_000 },
      );
      const measure = (ms: number) =>
        page.evaluate(
          (t) => (globalThis as unknown as { smeshMesh3d: Hook }).smeshMesh3d.measureFps(t),
          ms,
        );
      await measure(WARM_MS);
      const { fps } = await measure(MEASURE_MS);
      const c = await page.evaluate(() =>
        (globalThis as unknown as { smeshMesh3d: Hook }).smeshMesh3d.counts(),
      );
      return {
        rate: { perSecond: fps, unit: 'frames' },
        counts: `${c.layers} layers, ${c.blocks} blocks, ${c.atxs} ATXs, ${c.ballots} ballots, ${c.edges} edges`,
      };
    };
    const empty = await fpsWith(0);
    const full = await fpsWith(OBJECTS);
    report(
      `3D mesh ${OBJECTS} objects (${full.counts}) 1280x800 [${gpu}]`,
      full.rate,
      'empty scene',
      empty.rate,
    );
  } finally {
    await browser.close();
    await server.close();
  }
}
