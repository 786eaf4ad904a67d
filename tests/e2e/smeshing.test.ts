// Smeshing in the browser against the suite's devnet: the page's node worker joins, the wizard
// measures WebGPU and the CPU, StartSmeshing writes PoST data into OPFS (progress shown), then
// the node registers in the devnet's PoET, proves, and publishes an ATX that the devnet's own
// node accepts (seen through its HTTP API). Pause / resume and a reload keep the setup.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';

import { createHttpApi } from '../../src/lib/api/http-client.ts';
import { OUT, openApp, serveApp, type AppServer } from './support/app.ts';

let server: AppServer;
let browser: Browser;
let page: Page;
let errors: string[] = [];

beforeAll(async () => {
  server = await serveApp();
  browser = await launchChromium();
  ({ page, errors } = await openApp(browser, { mode: 'browser' }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const kinds = () =>
  page.$$eval('[data-testid="timeline"] li', (lis) => lis.map((li) => li.dataset.kind ?? ''));

describe('smeshing in the browser', () => {
  it('sets up PoST with the wizard and publishes an ATX the devnet accepts', async () => {
    const devnet = inject('devnet');
    await page.goto(new URL('/smeshing', server.url).href);
    await page.getByTestId('smeshing-wizard').waitFor({ timeout: 60_000 });
    // The benchmark measures both providers (WebGPU is SwiftShader here, still real).
    await page.getByTestId('bench').click();
    await page.getByTestId('bench-cpu').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('bench-cpu').textContent()).toMatch(/[\d,]+ labels\/s/);
    expect(await page.getByTestId('bench-webgpu').textContent()).toMatch(/labels\/s|unavailable/);
    // A wrong address is refused with a clear message, nothing starts.
    await page.getByTestId('coinbase').fill('sm1notanaddress');
    await page.getByTestId('start-smeshing').click();
    await expect.poll(() => page.getByTestId('wizard-error').textContent()).toMatch(/address/);
    await page.getByTestId('units').fill('1');
    await page.getByTestId('coinbase').fill(devnet.faucetAccount);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: `${OUT}/smeshing-wizard.png`, fullPage: true });
    await page.getByTestId('start-smeshing').click();
    await page.getByTestId('smeshing-status').waitFor({ timeout: 30_000 });
    await expect
      .poll(() => page.getByTestId('post-state').getAttribute('data-state'), { timeout: 120_000 })
      .toBe('STATE_COMPLETE');
    expect(await page.getByTestId('coinbase-shown').textContent()).toBe(devnet.faucetAccount);
    // The cycle: init, smeshing started, PoET registration, ... ATX published.
    await expect
      .poll(kinds, { timeout: 150_000, interval: 2_000 })
      .toEqual(
        expect.arrayContaining(['initStart', 'initComplete', 'registeredInPoet', 'atxPublished']),
      );
    await page.screenshot({ path: `${OUT}/smeshing-status.png`, fullPage: true });
    // The devnet's node has the browser smesher's ATX.
    const smesherId = (await page.getByTestId('smesher-id').textContent())!.trim();
    const remote = createHttpApi({ url: devnet.apis[0]! });
    await expect
      .poll(
        async () =>
          (
            await remote.call('spacemesh.v2alpha1.ActivationService/List', {
              smesherId: [smesherId],
              limit: '10',
              offset: '0',
            })
          ).activations.length,
        { timeout: 60_000, interval: 2_000 },
      )
      .toBeGreaterThan(0);
    expect(errors).toEqual([]);
  }, 420_000);

  it('pauses and resumes smeshing, and a reload keeps the setup', async () => {
    await page.getByTestId('pause').click();
    await page.getByTestId('resume').waitFor({ timeout: 30_000 });
    expect(await kinds()).toContain('postServiceStopped');
    await page.getByTestId('resume').click();
    await page.getByTestId('pause').waitFor({ timeout: 30_000 });
    await page.reload();
    // Smeshing resumes from the saved setup: no wizard, the data is complete, smeshing again.
    await page.getByTestId('smeshing-status').waitFor({ timeout: 60_000 });
    await expect
      .poll(() => page.getByTestId('post-state').getAttribute('data-state'), { timeout: 60_000 })
      .toBe('STATE_COMPLETE');
    await page.getByTestId('pause').waitFor({ timeout: 60_000 });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: `${OUT}/smeshing-phone-dark.png`, fullPage: true });
    expect(errors).toEqual([]);
  }, 180_000);
});
