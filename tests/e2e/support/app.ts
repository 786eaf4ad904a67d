// The app as the suite's `npm start` serves it (tests/e2e/support/devnet-setup.ts), and Chromium
// pages on it: the app's own node worker (mode 'browser') or wallet-only against a devnet node's
// HTTP API (mode 'remote').
import { mkdirSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { inject } from 'vitest';

export const OUT = 'tests/e2e/output';

/** The app as the suite's `npm start` serves it. */
export interface AppServer {
  /** Ends with '/'; pages: new URL('/smeshing', url). */
  readonly url: string;
  /** Nothing to close: `npm start` is stopped after the suite. */
  close(): Promise<void>;
}

export async function serveApp(): Promise<AppServer> {
  mkdirSync(OUT, { recursive: true });
  return { url: inject('devnet').appUrl, close: async () => {} };
}

export interface AppPageOptions {
  /** 'remote' (default): wallet-only against devnet node `remoteNode` (default 0). */
  readonly mode?: 'browser' | 'remote';
  readonly remoteNode?: number;
  readonly viewport?: { width: number; height: number };
}

/**
 * A new browser context (its own profile: storage, node lock) with a page; uncaught page errors
 * collect in `errors`, console errors in `consoleErrors`.
 */
export async function openApp(
  browser: Browser,
  o: AppPageOptions = {},
): Promise<{ context: BrowserContext; page: Page; errors: string[]; consoleErrors: string[] }> {
  const d = inject('devnet');
  const context = await browser.newContext({
    viewport: o.viewport ?? { width: 1280, height: 800 },
  });
  if ((o.mode ?? 'remote') === 'remote') {
    const mode = JSON.stringify({ kind: 'remote', url: d.apis[o.remoteNode ?? 0] });
    await context.addInitScript((m) => localStorage.setItem('smesh.node-mode', m), mode);
  }
  const page = await context.newPage();
  const errors: string[] = [];
  const consoleErrors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  return { context, page, errors, consoleErrors };
}
