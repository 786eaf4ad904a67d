// The app's static server: prerendered pages by their path (/wallet → wallet.html, also when a
// wallet/ folder of sub-pages exists), the SPA fallback for other client routes, 404 for missing
// assets, no escape from the root, overrides (the /network.json) served as given.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic, type StaticServer } from '../../../src/cli/static-server.ts';

const root = mkdtempSync(join(tmpdir(), 'smesh-static-'));
let server: StaticServer;

beforeAll(async () => {
  writeFileSync(join(root, 'index.html'), 'home');
  writeFileSync(join(root, '200.html'), 'fallback');
  writeFileSync(join(root, 'wallet.html'), 'wallet');
  mkdirSync(join(root, 'wallet'));
  writeFileSync(join(root, 'wallet', 'send.html'), 'send');
  writeFileSync(join(root, 'smeshing.html'), 'smeshing');
  server = await serveStatic(root, '127.0.0.1', 0, { '/network.json': '{"preset":"devnet"}' });
});
afterAll(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

async function get(path: string): Promise<[number, string]> {
  const r = await fetch(new URL(path, server.url));
  return [r.status, await r.text()];
}

describe('static server', () => {
  it.each([
    ['/', 200, 'home'],
    ['/wallet', 200, 'wallet'],
    ['/wallet/', 200, 'wallet'],
    ['/wallet/send', 200, 'send'],
    ['/smeshing', 200, 'smeshing'],
    ['/explorer/layer', 200, 'fallback'],
    ['/network.json', 200, '{"preset":"devnet"}'],
    ['/_app/missing.js', 404, 'not found'],
  ])('%s → %i %s', async (path, status, body) => {
    expect(await get(path)).toEqual([status, body]);
  });

  it('never serves outside its root', async () => {
    const secret = join(root, '..', `${root.split('/').pop()}-secret.txt`);
    writeFileSync(secret, 'secret');
    try {
      const name = secret.split('/').pop()!;
      for (const path of [`/..%2f${name}`, `/%2e%2e/${name}`, `/..%5c${name}`]) {
        const [status, body] = await get(path);
        expect(body, path).not.toBe('secret');
        expect([200, 403, 404], path).toContain(status);
      }
    } finally {
      rmSync(secret, { force: true });
    }
  });
});
