// `smesh devnet` serves the API on every node and prints each node's URL once the node is up:
// a one-node devnet as processes, its printed URL called over HTTP, then Ctrl-C.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { SMESH_BIN } from '../../../src/cli/node/children.ts';
import { createHttpApi } from '../../../src/lib/api/http-client.ts';
import { serialDevnet } from '../devnet-lock.ts';

// Released after every other afterAll of this file (hooks run in reverse): processes gone first.
serialDevnet();

const dir = mkdtempSync(join(tmpdir(), 'smesh-devnet-api-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('smesh devnet API', () => {
  it('prints node-0 api http://127.0.0.1:PORT and serves v2alpha1 there', async () => {
    const child = spawn(
      process.execPath,
      [SMESH_BIN, 'devnet', '--nodes', '1', '--layer-duration', '2s', '--data-dir', dir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const stderr: string[] = [];
    createInterface({ input: child.stderr }).on('line', (l) => stderr.push(l));
    const exited = new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).on('line', (l) => {
          const m = /^node-0 api (http:\/\/127\.0\.0\.1:\d+)$/.exec(l);
          if (m !== null) resolve(m[1]!);
        });
        void exited.then((c) =>
          reject(new Error(`devnet exited (${c}):\n${stderr.slice(-20).join('\n')}`)),
        );
      });
      const api = createHttpApi({ url });
      const info = await api.call('spacemesh.v2alpha1.NetworkService/Info');
      expect(info.layerDuration).toBe('2s');
      expect(info.hrp).toBe('stest');
      expect(await api.call('spacemesh.v1.SmesherService/IsSmeshing')).toEqual({
        isSmeshing: true,
      });
      const post = await api.call('spacemesh.v1.SmesherService/PostSetupStatus');
      expect(post.status!.state).toBe('STATE_COMPLETE');
      const cb = await api.call('spacemesh.v1.SmesherService/Coinbase');
      expect(cb.accountId!.address).toMatch(/^stest1/);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
  }, 180_000);
});
