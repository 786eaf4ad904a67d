// The home page and settings in real Chromium against the suite's devnet. Home, wallet-only
// against devnet node 0 (mode 'remote') and with the node in the page (mode 'browser'): the node
// card's layers, peers and network agree with the node's own NodeService.Status, the section
// cards' figures agree with the node's API and link to the sections, and "Install app" follows
// the browser's install offer. Settings: a bad remote address is refused with a specific error,
// devnet node 0's address switches the app to that remote node, and back; resetting the browser
// node deletes its database (the node comes back with a new key); storage use is shown.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';

import { createHttpApi } from '../../src/lib/api/http-client.ts';
import type { SmeshApi } from '../../src/lib/api/interface.ts';
import { VERSION } from '../../src/lib/version.ts';
import { postSummary } from '../../src/lib/ui/home/logic.ts';
import { OUT, openApp, serveApp, type AppServer } from './support/app.ts';

let server: AppServer;
let browser: Browser;
let remote: SmeshApi;
const contexts: BrowserContext[] = [];

beforeAll(async () => {
  server = await serveApp();
  browser = await launchChromium();
  remote = createHttpApi({ url: inject('devnet').apis[0]! });
}, 60_000);

afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => {});
  await browser?.close();
  await server?.close();
});

async function open(o: Parameters<typeof openApp>[1]) {
  const app = await openApp(browser, o);
  contexts.push(app.context);
  return app;
}

/** What the node card shows, as numbers. */
async function shownSync(page: Page) {
  const sync = page.getByTestId('home-sync');
  return {
    processed: Number(await sync.getAttribute('data-processed')),
    current: Number(await sync.getAttribute('data-current')),
    peers: Number(await page.getByTestId('home-peers').textContent()),
  };
}

/** The page's node's own status, through the API the page uses. */
async function pageStatus(page: Page) {
  return page.evaluate(async () => {
    const api = (
      globalThis as unknown as {
        smesh: { node: { api?: { call: (m: string, q: unknown) => Promise<unknown> } } };
      }
    ).smesh.node.api;
    return (await api?.call('spacemesh.v2alpha1.NodeService/Status', {})) as
      { processedLayer: number; currentLayer: number; connectedPeers: string } | undefined;
  });
}

const SECTIONS = {
  'card-wallet': '/wallet',
  'card-smeshing': '/smeshing',
  'card-network': '/dashboard',
  'card-explorer': '/explorer',
  'card-mesh': '/mesh',
} as const;

describe('home, wallet-only against devnet node 0', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await open({ mode: 'remote' }));
    await page.goto(server.url);
  });

  it('shows the remote node, its network and layers as NodeService.Status gives them', async () => {
    const url = inject('devnet').apis[0]!;
    await expect
      .poll(() => page.getByTestId('home-state').textContent(), { timeout: 30_000 })
      .toContain(`Remote node at ${url}`);
    const info = await remote.info();
    expect(await page.getByTestId('node-preset').textContent()).toBe('devnet');
    expect(await page.getByTestId('node-genesis').textContent()).toBe(info.genesisId);
    expect(await page.getByTestId('node-version').textContent()).toBe(VERSION);
    // The page reads the status every 2 s and layers last 2 s: poll until one reading matches.
    await expect
      .poll(
        async () => {
          const s = await remote.call('spacemesh.v2alpha1.NodeService/Status', {});
          const shown = await shownSync(page);
          return (
            shown.processed === s.processedLayer &&
            shown.current === s.currentLayer &&
            shown.peers === Number(s.connectedPeers)
          );
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe(true);
    const word = await page.getByTestId('home-sync').getAttribute('data-sync');
    expect(['synced', 'syncing']).toContain(word);
    expect(await page.getByRole('progressbar', { name: 'Layers processed' }).count()).toBe(1);
  }, 60_000);

  it("shows each section's live figure as the node's API gives it", async () => {
    // Smeshing: devnet node 0 smeshes; the card says what PostSetupStatus and IsSmeshing say.
    await expect
      .poll(
        async () => {
          const [s, m] = await Promise.all([
            remote.call('spacemesh.v1.SmesherService/PostSetupStatus', {}),
            remote.call('spacemesh.v1.SmesherService/IsSmeshing', {}),
          ]);
          const shown = (await page.getByTestId('card-smeshing-figure').textContent())?.trim();
          const want = postSummary(s.status, m.isSmeshing).text;
          return shown === want ? 'match' : `shown "${shown}", API "${want}"`;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe('match');
    // Network: the current layer, and the epoch's smeshers = ATXs published the epoch before.
    await expect
      .poll(
        async () => {
          const s = await remote.call('spacemesh.v2alpha1.NodeService/Status', {});
          const epoch = Math.floor(s.currentLayer / 10);
          const count =
            epoch === 0
              ? 0
              : (
                  await remote.call('spacemesh.v2alpha1.ActivationService/ActivationsCount', {
                    epoch: epoch - 1,
                  })
                ).count;
          const layer = await page.getByTestId('card-network-layer').textContent();
          const smeshers = await page.getByTestId('card-network-smeshers').textContent();
          const shown = `layer ${layer} · ${smeshers?.replace(/\s+/g, ' ').trim()}`;
          const want = `layer ${s.currentLayer} · ${count} ${count === 1 ? 'smesher' : 'smeshers'} in epoch ${epoch}`;
          return shown === want ? 'match' : `shown "${shown}", API "${want}"`;
        },
        { timeout: 40_000, interval: 500 },
      )
      .toBe('match');
    // Wallet: a fresh profile has none.
    expect(await page.getByTestId('card-wallet-figure').textContent()).toContain(
      'Create or restore a wallet',
    );
  }, 90_000);

  it('links every card to its section, and the sections exist', async () => {
    for (const [id, path] of Object.entries(SECTIONS)) {
      const href = await page.getByTestId(id).getAttribute('href');
      expect(href).toBe(path);
      const res = await fetch(new URL(path, server.url));
      expect(res.status, path).toBe(200);
    }
    await page.screenshot({ path: `${OUT}/home-desktop.png`, fullPage: true });
    await page.getByTestId('card-network').click();
    await page.waitForURL(/\/dashboard$/);
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByTestId('home-state').waitFor();
  }, 60_000);

  it('offers "Install app" only while the browser offers installation', async () => {
    expect(await page.getByTestId('install-app').count()).toBe(0);
    await page.evaluate(() => {
      const e = new Event('beforeinstallprompt', { cancelable: true }) as Event & {
        prompt: () => Promise<void>;
        userChoice: Promise<{ outcome: string }>;
      };
      const w = globalThis as unknown as { prompted: number };
      w.prompted = 0;
      e.prompt = async () => void w.prompted++;
      e.userChoice = Promise.resolve({ outcome: 'accepted' });
      globalThis.dispatchEvent(e);
    });
    await page.getByTestId('install-app').click();
    await expect
      .poll(() => page.evaluate(() => (globalThis as unknown as { prompted: number }).prompted))
      .toBe(1);
    await expect.poll(() => page.getByTestId('install-app').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('renders on a phone in dark mode without overflowing', async () => {
    const phone = await open({ mode: 'remote', viewport: { width: 390, height: 844 } });
    await phone.page.emulateMedia({ colorScheme: 'dark' });
    await phone.page.goto(server.url);
    await expect
      .poll(() => phone.page.getByTestId('card-network-layer').textContent(), { timeout: 30_000 })
      .toMatch(/^\d+$/);
    await phone.page.getByTestId('card-smeshing-figure').waitFor();
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
    expect(overflow).toBe(false);
    await phone.page.screenshot({ path: `${OUT}/home-phone-dark.png`, fullPage: true });
    expect(phone.errors).toEqual([]);
  }, 60_000);
});

describe('home and settings with the node in the page', () => {
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    ({ page, errors } = await open({ mode: 'browser' }));
    await page.goto(server.url);
  });

  it("shows the node running in this browser, syncing to the node's own status", async () => {
    await expect
      .poll(() => page.getByTestId('home-state').textContent(), { timeout: 60_000 })
      .toContain('Running in this browser');
    await expect
      .poll(
        async () => {
          const s = await pageStatus(page);
          const shown = await shownSync(page);
          return (
            s !== undefined &&
            s.currentLayer > 0 &&
            s.processedLayer > 0 &&
            shown.processed === s.processedLayer &&
            shown.current === s.currentLayer &&
            shown.peers === Number(s.connectedPeers)
          );
        },
        { timeout: 120_000, interval: 500 },
      )
      .toBe(true);
    // The browser's node keeps the network's clock: the devnet node's current layer.
    await expect
      .poll(
        async () =>
          (await shownSync(page)).current ===
          (await remote.call('spacemesh.v2alpha1.NodeService/Status', {})).currentLayer,
        { timeout: 20_000, interval: 500 },
      )
      .toBe(true);
    expect(await page.getByTestId('node-badge').textContent()).toContain('Node running');
  }, 180_000);

  it('refuses a bad remote address with a specific error', async () => {
    await page.getByRole('link', { name: 'Settings' }).first().click();
    await page.waitForURL(/\/settings$/);
    await page.getByRole('radio', { name: /^Wallet only/ }).check();
    const url = page.getByTestId('node-url');
    const error = page.getByTestId('node-mode-error');
    const save = page.getByRole('button', { name: 'Save and restart' });
    await url.fill('ftp://127.0.0.1:9071');
    await save.click();
    await expect.poll(() => error.textContent()).toContain('must start with http:// or https://');
    await url.fill('127.0.0.1:9071');
    await save.click();
    await expect.poll(() => error.textContent()).toContain('Add the scheme: http://127.0.0.1:9071');
    // Well-formed, but no node there: checked before the app switches.
    await url.fill('http://127.0.0.1:9');
    await save.click();
    await expect
      .poll(() => error.textContent(), { timeout: 20_000 })
      .toContain('No Smesh node answered at http://127.0.0.1:9');
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByTestId('node-badge').textContent()).toContain('Node running');
  }, 60_000);

  it('shows storage use and takes screenshots of the settings', async () => {
    await expect
      .poll(() => page.getByTestId('storage-usage').textContent(), { timeout: 10_000 })
      .toMatch(/^\d+(\.\d)? (B|kB|MB|GB)$/);
    expect(await page.getByTestId('storage-quota').textContent()).toMatch(/\d/);
    expect(await page.getByTestId('storage-persisted').textContent()).toMatch(/persistent/i);
    await page.getByRole('radio', { name: /^In this browser/ }).check();
    await page.screenshot({ path: `${OUT}/settings-desktop.png`, fullPage: true });
    const phone = await open({ mode: 'remote', viewport: { width: 390, height: 844 } });
    await phone.page.emulateMedia({ colorScheme: 'dark' });
    await phone.page.goto(new URL('/settings', server.url).href);
    await phone.page.getByTestId('storage-usage').waitFor();
    await phone.page.getByRole('button', { name: 'Reset node…' }).click();
    await phone.page.evaluate(() => window.scrollTo(0, 0));
    const overflow = await phone.page.evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
    expect(overflow).toBe(false);
    await phone.page.screenshot({ path: `${OUT}/settings-phone-dark.png`, fullPage: true });
  }, 60_000);

  it('resets the browser node: its database is deleted and it starts with a new key', async () => {
    const keys = () =>
      page.evaluate(async () => {
        const api = (
          globalThis as unknown as {
            smesh: { node: { api?: { call: (m: string, q: unknown) => Promise<unknown> } } };
          }
        ).smesh.node.api;
        const r = (await api?.call('spacemesh.v1.SmesherService/SmesherIDs', {})) as
          { publicKeys: string[] } | undefined;
        return r?.publicKeys ?? [];
      });
    const before = await keys();
    expect(before).toHaveLength(1);
    await page.getByTestId('reset-node').click();
    await page.getByTestId('reset-confirm').click();
    await expect
      .poll(() => page.getByTestId('reset-done').textContent(), { timeout: 30_000 })
      .toContain('Deleted the node’s database');
    await expect.poll(async () => (await keys()).length, { timeout: 60_000 }).toBe(1);
    const after = await keys();
    expect(after[0]).not.toBe(before[0]);
    await expect
      .poll(() => page.getByTestId('node-badge').textContent(), { timeout: 60_000 })
      .toContain('Node running');
  }, 150_000);

  it('switches to devnet node 0 as a remote node, and back to this browser', async () => {
    const url = inject('devnet').apis[0]!;
    await page.getByRole('radio', { name: /^Wallet only/ }).check();
    await page.getByTestId('node-url').fill(url);
    await page.getByRole('button', { name: 'Save and restart' }).click();
    await expect
      .poll(() => page.getByTestId('node-badge').textContent(), { timeout: 30_000 })
      .toContain('Remote node');
    expect(await page.getByTestId('node-url').inputValue()).toBe(url);
    await page.getByRole('radio', { name: /^In this browser/ }).check();
    await page.getByRole('button', { name: 'Save and restart' }).click();
    await expect
      .poll(() => page.getByTestId('node-badge').textContent(), { timeout: 60_000 })
      .toContain('Node running');
    expect(errors).toEqual([]);
  }, 120_000);
});
