// The whole app as a person uses it, in one browser profile, against `npm start`'s devnet, with
// the node in the page's worker (WebGPU on SwiftShader available to the PoST worker): create a
// wallet, start smeshing with it as the coinbase, see the PoST finish, the ATX published and
// rewards arrive, spawn, send coins to a second account, find that transaction in the explorer,
// the dashboard's tiles and the 3D view, then reload and find it all still there.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';
import { OUT, openApp, serveApp, type AppServer } from './support/app.ts';

const PASSWORD = 'journey through the mesh 7';

let server: AppServer;
let browser: Browser;
let page: Page;
let errors: string[] = [];
let address0 = '';
let address1 = '';
let txId = '';
let txLayer = 0;

const at = (path: string) => new URL(path, server.url).href;

async function balance(): Promise<bigint> {
  const v = await page
    .getByTestId('wallet-balance')
    .getAttribute('data-smidge', { timeout: 1_000 });
  return BigInt(v ?? '-1');
}

async function walletTab(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name }).click();
}

async function unlockIfLocked(): Promise<void> {
  const unlock = page.getByTestId('wallet-unlock-password');
  await Promise.race([
    unlock.waitFor({ timeout: 30_000 }),
    page.getByTestId('wallet-address').waitFor({ timeout: 30_000 }),
  ]);
  if (await unlock.isVisible()) {
    await unlock.fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('wallet-address').waitFor({ timeout: 30_000 });
  }
}

beforeAll(async () => {
  server = await serveApp();
  browser = await launchChromium();
  ({ page, errors } = await openApp(browser, { mode: 'browser' }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('a person’s first session with Smesh', () => {
  it('creates a wallet', async () => {
    await page.goto(at('/wallet'));
    await page.getByTestId('wallet-go-create').click();
    await page.getByTestId('wallet-name').fill('Journey');
    await page.getByTestId('wallet-words-12').check();
    await page.getByTestId('wallet-password').fill(PASSWORD);
    await page.getByTestId('wallet-password-repeat').fill(PASSWORD);
    await page.getByTestId('wallet-create-next').click();
    const words = await page.getByTestId('wallet-mnemonic').locator('.mono').allTextContents();
    await page.getByTestId('wallet-mnemonic-done').click();
    const inputs = page.getByTestId('wallet-confirm-word');
    await expect.poll(() => inputs.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      const p = Number(await inputs.nth(i).getAttribute('data-position'));
      await inputs.nth(i).fill(words[p]!);
    }
    await page.getByTestId('wallet-confirm-submit').click();
    await page.getByTestId('wallet-address').waitFor({ timeout: 30_000 });
    address0 = (await page.getByTestId('wallet-address').textContent())!.trim();
    expect(address0).toMatch(/^stest1/);
  }, 90_000);

  it('smeshes in the browser with the wallet as coinbase: PoST, ATX, then rewards', async () => {
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Smeshing' })
      .click();
    await page.getByTestId('smeshing-wizard').waitFor({ timeout: 60_000 });
    await page.getByTestId('units').fill('1');
    await page.getByTestId('coinbase').fill(address0);
    await page.getByTestId('start-smeshing').click();
    await expect
      .poll(() => page.getByTestId('post-state').getAttribute('data-state'), { timeout: 120_000 })
      .toBe('STATE_COMPLETE');
    await expect
      .poll(
        () =>
          page.$$eval('[data-testid="timeline"] li', (l) => l.map((li) => li.dataset.kind ?? '')),
        { timeout: 180_000, interval: 2_000 },
      )
      .toContain('atxPublished');
    // Rewards: the coinbase's balance grows (no spawn needed to receive).
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Wallet' })
      .click();
    await unlockIfLocked();
    await expect.poll(balance, { timeout: 240_000, interval: 2_000 }).toBeGreaterThan(0n);
    await walletTab('History');
    await page
      .locator('[data-testid="wallet-history-row"][data-kind="reward"]')
      .first()
      .waitFor({ timeout: 60_000 });
    await page.screenshot({ path: `${OUT}/journey-rewards.png`, fullPage: true });
  }, 600_000);

  it('spawns and sends coins to a second account', async () => {
    await walletTab('Overview');
    await page.getByTestId('wallet-spawn-button').click();
    await expect.poll(() => page.getByTestId('wallet-spawn').count(), { timeout: 90_000 }).toBe(0);
    await walletTab('Accounts');
    await page.getByTestId('wallet-new-account-name').fill('Savings');
    await page.getByTestId('wallet-add-account').click();
    await expect.poll(() => page.getByTestId('wallet-account-row').count()).toBe(2);
    // The new account is selected: its address is on the overview.
    await walletTab('Overview');
    await expect
      .poll(() => page.getByTestId('wallet-address').textContent())
      .not.toContain(address0);
    address1 = (await page.getByTestId('wallet-address').textContent())!.trim();
    await page.getByTestId('wallet-account-select').selectOption({ label: 'Main Account' });
    await expect.poll(() => page.getByTestId('wallet-address').textContent()).toContain(address0);
    await walletTab('Send');
    await page.getByTestId('wallet-send-to').fill(address1);
    await page.getByTestId('wallet-send-amount-input').fill('0.001');
    await page.getByTestId('wallet-send-review-button').click();
    await page.getByTestId('wallet-send-review').waitFor({ timeout: 20_000 });
    await page.getByTestId('wallet-send-confirm').click();
    await expect
      .poll(() => page.getByTestId('wallet-send-status').textContent(), { timeout: 90_000 })
      .toMatch(/applied in layer \d+/);
    txId = (await page.getByTestId('wallet-send-sent').locator('.mono').textContent())!.trim();
    txLayer = Number(
      /layer (\d+)/.exec((await page.getByTestId('wallet-send-status').textContent())!)![1],
    );
    expect(txId).toMatch(/^[0-9a-f]{64}$/);
  }, 240_000);

  it('finds the transaction in the explorer, the dashboard and the 3D view', async () => {
    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Explorer' })
      .click();
    await page.getByTestId('search-input').fill(txId);
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.url(), { timeout: 30_000 }).toContain('/explorer/tx');
    await expect
      .poll(() => page.getByTestId('tx-id').textContent(), { timeout: 30_000 })
      .toContain(txId);
    expect(await page.getByTestId('tx-status').textContent()).toMatch(/applied|succeeded|success/i);
    await page.screenshot({ path: `${OUT}/journey-explorer-tx.png`, fullPage: true });

    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: 'Dashboard' })
      .click();
    // The spawn and the send are executed transactions.
    await expect
      .poll(
        async () =>
          Number(await page.getByTestId('tile-transactions-value').getAttribute('data-value')),
        {
          timeout: 60_000,
        },
      )
      .toBeGreaterThanOrEqual(2);

    await page
      .getByRole('navigation', { name: 'Sections' })
      .getByRole('link', { name: '3D mesh' })
      .click();
    // The transaction's layer and its block are in the scene.
    await expect
      .poll(
        () =>
          page.evaluate(
            (layer) =>
              (
                globalThis as unknown as {
                  smeshMesh3d?: { objects(k: string): { layer: number }[] };
                }
              ).smeshMesh3d
                ?.objects('block')
                .some((o) => o.layer === layer) ?? false,
            txLayer,
          ),
        { timeout: 60_000 },
      )
      .toBe(true);
    await page.screenshot({ path: `${OUT}/journey-mesh3d.png` });
  }, 240_000);

  it('after a reload, the wallet, its history, smeshing and the explorer are all still there', async () => {
    await page.goto(at('/wallet'));
    await page.reload();
    await unlockIfLocked();
    await walletTab('History');
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid="wallet-history-row"][data-kind="tx"]', { hasText: 'Sent' })
            .count(),
        { timeout: 60_000 },
      )
      .toBeGreaterThan(0);
    await page.goto(at('/smeshing'));
    await expect
      .poll(() => page.getByTestId('post-state').getAttribute('data-state'), { timeout: 60_000 })
      .toBe('STATE_COMPLETE');
    // The smeshing timeline shows the rewards it earned.
    await expect
      .poll(
        () =>
          page.$$eval('[data-testid="timeline"] li', (l) => l.map((li) => li.dataset.kind ?? '')),
        { timeout: 60_000 },
      )
      .toContain('reward');
    await page.screenshot({ path: `${OUT}/journey-smeshing.png`, fullPage: true });
    await page.goto(at(`/explorer/tx?id=${txId}`));
    await expect
      .poll(() => page.getByTestId('tx-id').textContent(), { timeout: 60_000 })
      .toContain(txId);
    expect(errors).toEqual([]);
  }, 240_000);
});
