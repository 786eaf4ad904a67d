// The wallet pages in wallet-only mode against the suite's devnet node 0: create a wallet (with
// the recovery-phrase check), lock and unlock, receive (address + QR), coins from the devnet
// faucet, spawn, a second account, send to it and watch balances and history follow, sign and
// verify a message, export the keystore and import it in a fresh browser profile (a wrong
// password refused first). Navigation inside one test stays in the app (clicks), since a reload
// locks the wallet, as it should.
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../../scripts/chromium.ts';

import { OUT, openApp, serveApp, type AppServer } from './support/app.ts';

const PASSWORD = 'correct horse battery 42';
const SMH = 1_000_000_000n;

let server: AppServer;
let browser: Browser;
let page: Page;
let errors: string[] = [];
let address0 = '';
let address1 = '';
let keystorePath = '';
let phrase: string[] = [];

async function tab(name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Wallet' }).getByRole('link', { name }).click();
  await expect.poll(() => page.locator('h1').first().textContent()).not.toBe('');
}

/**
 * The app's start page, then Wallet in the header. (Not page.goto('/wallet'): the e2e static
 * server answers 404 for a prerendered page whose route also has sub-routes, wallet.html next
 * to wallet/.)
 */
async function openWallet(p: Page): Promise<void> {
  await p.goto(server.url);
  await p
    .getByRole('navigation', { name: 'Sections' })
    .getByRole('link', { name: 'Wallet' })
    .click();
}

async function balance(): Promise<bigint> {
  const v = await page.getByTestId('wallet-balance').getAttribute('data-smidge', { timeout: 500 });
  return BigInt(v ?? '-1');
}

beforeAll(async () => {
  server = await serveApp();
  browser = await launchChromium();
  ({ page, errors } = await openApp(browser, { mode: 'remote' }));
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('wallet (wallet-only mode against devnet node 0)', () => {
  it('creates a wallet: 12 words shown once, three of them asked back', async () => {
    await openWallet(page);
    await page.getByTestId('wallet-go-create').click();
    await page.getByTestId('wallet-name').fill('E2E wallet');
    await page.getByTestId('wallet-words-12').check();
    await page.getByTestId('wallet-password').fill('short');
    await expect
      .poll(() => page.getByTestId('wallet-password-strength').textContent())
      .toMatch(/too short/);
    await page.getByTestId('wallet-password').fill(PASSWORD);
    await page.getByTestId('wallet-password-repeat').fill(PASSWORD);
    await page.getByTestId('wallet-create-next').click();
    const words = await page.getByTestId('wallet-mnemonic').locator('.mono').allTextContents();
    expect(words).toHaveLength(12);
    phrase = words;
    await page.screenshot({ path: `${OUT}/wallet-create-desktop.png` });
    await page.getByTestId('wallet-mnemonic-done').click();
    const inputs = page.getByTestId('wallet-confirm-word');
    await expect.poll(() => inputs.count()).toBe(3);
    // A wrong word is refused and named.
    for (let i = 0; i < 3; i++) await inputs.nth(i).fill('zoo');
    await page.getByTestId('wallet-confirm-submit').click();
    await expect.poll(() => page.getByTestId('wallet-confirm-error').textContent()).toMatch(/#\d+/);
    for (let i = 0; i < 3; i++) {
      const p = Number(await inputs.nth(i).getAttribute('data-position'));
      await inputs.nth(i).fill(words[p]!);
    }
    await page.getByTestId('wallet-confirm-submit').click();
    await page.getByTestId('wallet-address').waitFor({ timeout: 30_000 });
    address0 = (await page.getByTestId('wallet-address').textContent())!.trim();
    expect(address0).toMatch(/^stest1[02-9ac-hj-np-z]+$/);
    // A new account is unspawned and says why spawning matters.
    await expect
      .poll(() => page.getByTestId('wallet-spawn').textContent(), { timeout: 20_000 })
      .toMatch(/must be\s+spawned/);
  }, 90_000);

  it('locks, refuses a wrong password, unlocks with the right one', async () => {
    await page.getByTestId('wallet-lock').click();
    await page.getByTestId('wallet-unlock').waitFor();
    await expect(page.getByTestId('wallet-address').count()).resolves.toBe(0);
    await page.getByTestId('wallet-unlock-password').fill('not the password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect
      .poll(() => page.getByTestId('wallet-unlock-error').textContent(), { timeout: 20_000 })
      .toMatch(/Wrong password/);
    await page.getByTestId('wallet-unlock-password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByTestId('wallet-address').waitFor({ timeout: 20_000 });
    expect((await page.getByTestId('wallet-address').textContent())!.trim()).toBe(address0);
  }, 60_000);

  it('shows the address and its QR code on Receive', async () => {
    await tab('Receive');
    await page.getByTestId('wallet-qr').locator('svg').waitFor();
    expect((await page.getByTestId('wallet-receive-address').textContent())!.trim()).toBe(address0);
    const rects = await page.getByTestId('wallet-qr').locator('svg path, svg rect').count();
    expect(rects).toBeGreaterThan(0);
    await page.screenshot({ path: `${OUT}/wallet-receive-desktop.png` });
  });

  it('gets devnet coins from the faucet (once it has coins) and spawns the account', async () => {
    await tab('Overview');
    // The faucet is funded by node 0's rewards (~layer 22 on): ask until it pays.
    await expect
      .poll(
        async () => {
          await page.getByTestId('wallet-faucet').click();
          const msg = page.getByTestId('wallet-faucet-msg');
          await expect.poll(() => page.getByTestId('wallet-faucet').isEnabled()).toBe(true);
          return (await msg.getAttribute('class'))?.includes('ok')
            ? 'paid'
            : await msg.textContent();
        },
        { timeout: 200_000, interval: 4_000 },
      )
      .toBe('paid');
    await expect.poll(balance, { timeout: 60_000, interval: 1_000 }).toBeGreaterThan(0n);
    await page.screenshot({ path: `${OUT}/wallet-overview-unspawned-desktop.png` });
    await page.getByTestId('wallet-spawn-button').click();
    await expect
      .poll(() => page.getByTestId('wallet-spawn-msg').textContent(), { timeout: 20_000 })
      .toMatch(/Spawn submitted/);
    await expect.poll(() => page.getByTestId('wallet-spawn').count(), { timeout: 60_000 }).toBe(0);
  }, 320_000);

  it('adds a second account and sends to it: balances and history follow', async () => {
    await tab('Accounts');
    await page.getByTestId('wallet-new-account-name').fill('Savings');
    await page.getByTestId('wallet-add-account').click();
    await expect.poll(() => page.getByTestId('wallet-account-row').count()).toBe(2);
    await tab('Overview');
    await expect
      .poll(() => page.getByTestId('wallet-address').textContent())
      .not.toContain(address0);
    address1 = (await page.getByTestId('wallet-address').textContent())!.trim();
    await page.getByTestId('wallet-account-select').selectOption({ label: 'Main Account' });
    await expect.poll(() => page.getByTestId('wallet-address').textContent()).toContain(address0);
    await expect.poll(balance, { timeout: 20_000 }).toBeGreaterThan(0n);
    const before = await balance();

    await tab('Send');
    await page.getByTestId('wallet-send-to').fill('stest1notanaddress');
    await page.getByTestId('wallet-send-amount-input').fill('1');
    await page.getByTestId('wallet-send-review-button').click();
    await expect
      .poll(() => page.getByTestId('wallet-send-error').textContent())
      .toMatch(/not a valid address/);
    await page.getByTestId('wallet-send-to').fill(address1);
    await page.getByTestId('wallet-send-amount-input').fill('1000000');
    await page.getByTestId('wallet-send-review-button').click();
    await expect
      .poll(() => page.getByTestId('wallet-send-error').textContent())
      .toMatch(/insufficient funds/);
    await page.getByTestId('wallet-send-amount-input').fill('1.5');
    await page.getByTestId('wallet-send-review-button').click();
    await page.getByTestId('wallet-send-review').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('wallet-send-amount').textContent()).toContain('1.5 SMH');
    expect(await page.getByTestId('wallet-send-fee').textContent()).toMatch(/\d+ gas × 1\s+smidge/);
    await page.screenshot({ path: `${OUT}/wallet-send-confirm-desktop.png` });
    await page.getByTestId('wallet-send-confirm').click();
    await expect
      .poll(() => page.getByTestId('wallet-send-status').textContent(), { timeout: 60_000 })
      .toMatch(/applied in layer \d+/);

    await tab('History');
    const sent = page.locator('[data-testid="wallet-history-row"][data-kind="tx"]', {
      hasText: 'Sent',
    });
    await expect.poll(() => sent.first().getAttribute('data-status')).toBe('applied');
    expect(await sent.first().textContent()).toContain('1.5');
    await page.screenshot({ path: `${OUT}/wallet-history-desktop.png` });

    await tab('Overview');
    await expect.poll(balance, { timeout: 20_000 }).toBeLessThan(before - (3n * SMH) / 2n + 1n);
    await page.getByTestId('wallet-account-select').selectOption({ label: 'Savings' });
    await expect.poll(() => page.getByTestId('wallet-address').textContent()).toContain(address1);
    await expect.poll(balance, { timeout: 20_000 }).toBe((3n * SMH) / 2n);
    await tab('History');
    await expect
      .poll(() =>
        page
          .locator('[data-testid="wallet-history-row"]', { hasText: 'Received' })
          .first()
          .getAttribute('data-status'),
      )
      .toBe('applied');
    await tab('Overview');
    await page.getByTestId('wallet-account-select').selectOption({ label: 'Main Account' });
    await expect.poll(() => page.getByTestId('wallet-address').textContent()).toContain(address0);
  }, 150_000);

  it('signs a message (the CLI’s JSON) and verifies it; a changed text is invalid', async () => {
    await tab('Sign');
    await page.getByTestId('wallet-sign-message').fill('hello smesh');
    await page.getByTestId('wallet-sign-button').click();
    const json = await page.getByTestId('wallet-signed').inputValue();
    const m = JSON.parse(json) as { publicKey: string; text: string; signature: string };
    expect(m.text).toBe('Message:hello smesh');
    expect(m.publicKey).toMatch(/^[0-9a-f]{64}$/);
    expect(m.signature).toMatch(/^[0-9a-f]{128}$/);
    await page.getByTestId('wallet-verify-input').fill(json);
    await page.getByTestId('wallet-verify-button').click();
    await expect
      .poll(() => page.getByTestId('wallet-verify-result').textContent())
      .toContain(`Valid signature by ${address0}`);
    await page.screenshot({ path: `${OUT}/wallet-sign-desktop.png` });
    await page
      .getByTestId('wallet-verify-input')
      .fill(JSON.stringify({ ...m, text: 'Message:hello smash' }));
    await page.getByTestId('wallet-verify-button').click();
    await expect
      .poll(() => page.getByTestId('wallet-verify-result').textContent())
      .toContain('INVALID');
  });

  it('keeps contacts in the wallet and offers them as recipients', async () => {
    await tab('Contacts');
    await page.getByTestId('wallet-contact-name').fill('Bob');
    await page.getByTestId('wallet-contact-address').fill('stest1nope');
    await page.getByTestId('wallet-contact-add').click();
    await expect
      .poll(() => page.getByRole('alert').last().textContent())
      .toMatch(/not a valid address/);
    await page.getByTestId('wallet-contact-address').fill(address1);
    await page.getByTestId('wallet-contact-add').click();
    await expect.poll(() => page.getByTestId('wallet-contacts').textContent()).toContain('Bob');
    await tab('Send');
    const option = page.locator('#wallet-contacts option', { hasText: 'Bob' });
    expect(await option.getAttribute('value')).toBe(address1);
  });

  it('exports the keystore file', async () => {
    await tab('Accounts');
    const download = page.waitForEvent('download');
    await page.getByTestId('wallet-export').click();
    const d = await download;
    keystorePath = `${OUT}/wallet-export.json`;
    await d.saveAs(keystorePath);
    const file = JSON.parse(readFileSync(keystorePath, 'utf8')) as {
      meta: { displayName: string };
      crypto: { cipher: string; kdf: string };
    };
    expect(file.meta.displayName).toBe('E2E wallet');
    expect(file.crypto).toMatchObject({ cipher: 'AES-GCM', kdf: 'PBKDF2' });
    expect(readFileSync(keystorePath, 'utf8')).not.toContain('abandon');
    await page.screenshot({ path: `${OUT}/wallet-accounts-desktop.png`, fullPage: true });
  });

  it('takes phone-sized dark screenshots of the main screens', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.emulateMedia({ colorScheme: 'dark' });
    for (const [name, file] of [
      ['Overview', 'overview'],
      ['Receive', 'receive'],
      ['Send', 'send'],
      ['History', 'history'],
      ['Sign', 'sign'],
      ['Accounts', 'accounts'],
      ['Multisig', 'multisig'],
    ] as const) {
      await tab(name);
      if (name === 'Overview') await page.getByTestId('wallet-balance').waitFor();
      await page.screenshot({ path: `${OUT}/wallet-${file}-phone-dark.png` });
    }
    await page.getByTestId('wallet-lock').click();
    await page.getByTestId('wallet-unlock').waitFor();
    await page.screenshot({ path: `${OUT}/wallet-unlock-phone-dark.png` });
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.emulateMedia({ colorScheme: 'light' });
  }, 60_000);

  it('imports the file in a fresh profile: wrong password refused, then the same address', async () => {
    const fresh = await openApp(browser, { mode: 'remote' });
    const p = fresh.page;
    await openWallet(p);
    await p.getByRole('link', { name: 'Import keystore file' }).click();
    await p.getByTestId('wallet-import-file').setInputFiles(keystorePath);
    await p.getByTestId('wallet-import-password').fill('wrong password');
    await p.getByTestId('wallet-import-submit').click();
    await expect
      .poll(() => p.getByTestId('wallet-import-error').textContent(), { timeout: 20_000 })
      .toMatch(/Wrong password.*Nothing was changed/);
    // A file that is not a keystore is refused as such.
    await p.getByTestId('wallet-import-file').setInputFiles({
      name: 'notes.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{"hello": 1}'),
    });
    await p.getByTestId('wallet-import-submit').click();
    await expect
      .poll(() => p.getByTestId('wallet-import-error').textContent())
      .toMatch(/not a keystore file/);
    await p.screenshot({ path: `${OUT}/wallet-import-desktop.png` });
    await p.getByTestId('wallet-import-file').setInputFiles(keystorePath);
    await p.getByTestId('wallet-import-password').fill(PASSWORD);
    await p.getByTestId('wallet-import-submit').click();
    await p.getByTestId('wallet-address').waitFor({ timeout: 30_000 });
    expect((await p.getByTestId('wallet-address').textContent())!.trim()).toBe(address0);
    await expect
      .poll(() => p.getByTestId('wallet-account-select').locator('option').count())
      .toBe(2);
    // Contacts are inside the encrypted file, so they came along.
    await p
      .getByRole('navigation', { name: 'Wallet' })
      .getByRole('link', { name: 'Contacts' })
      .click();
    await expect.poll(() => p.getByTestId('wallet-contacts').textContent()).toContain('Bob');
    expect(fresh.errors).toEqual([]);
    await fresh.context.close();
  }, 60_000);

  it('restores from the recovery phrase in a fresh profile: the same two accounts', async () => {
    const fresh = await openApp(browser, { mode: 'remote' });
    const p = fresh.page;
    await openWallet(p);
    await p.getByRole('link', { name: 'Restore from recovery phrase' }).click();
    await p.getByTestId('wallet-restore-phrase').fill(`  ${phrase.join('  ').toUpperCase()} `);
    await p.getByTestId('wallet-restore-keys').fill('2');
    await p.getByTestId('wallet-password').fill(PASSWORD);
    await p.getByTestId('wallet-password-repeat').fill(PASSWORD);
    await p.getByTestId('wallet-restore-submit').click();
    await p.getByTestId('wallet-address').waitFor({ timeout: 30_000 });
    expect((await p.getByTestId('wallet-address').textContent())!.trim()).toBe(address0);
    await p.getByTestId('wallet-account-select').selectOption({ index: 1 });
    await expect.poll(() => p.getByTestId('wallet-address').textContent()).toContain(address1);
    // The history comes from the node, not from the old profile.
    await expect
      .poll(() => p.getByTestId('wallet-balance').getAttribute('data-smidge'), { timeout: 20_000 })
      .toBe(String((3n * SMH) / 2n));
    expect(fresh.errors).toEqual([]);
    await fresh.context.close();
    expect(errors).toEqual([]);
  }, 60_000);
});
