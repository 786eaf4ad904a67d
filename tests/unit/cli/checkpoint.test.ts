// Issue #7, "done means" 2 (second half): a node booted from a checkpoint agrees within seconds
// of starting. A 3-node `smesh devnet` runs (2 s layers, 10 layers per epoch); each node takes a
// self checkpoint after an epoch's last layer executes. `smesh checkpoint export` copies
// node-0's first one (snapshot-29) out of its data dir while it runs; a fresh `smesh node
// --checkpoint FILE` (not smeshing), started once node-0 has executed layer 37, boots from it:
// the checkpoint's ATXs and accounts are its starting point, its mesh starts at the restore
// layer 30, and it syncs layers 30..37 from its peer. Its cumulative state hash starts at
// the restore layer, so agreement is shown per layer: for every layer from 30 to the devnet's
// tip at the time it started, the per-layer state hash (LayerService.List stateHash: the hash of
// the accounts the layer changed, balances and nonces included) equals node-0's — and it gets
// there within BOOT_BOUND_MS of its start. SMESH_TEST_LOG=FILE keeps the processes' logs.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SMESH_BIN } from '../../../src/cli/node/children.ts';
import { createHttpApi } from '../../../src/lib/api/http-client.ts';
import { parseCheckpoint } from '../../../src/lib/checkpoint/parse.ts';
import { watchDevnet } from './devnet-watch.ts';
import { serialDevnet } from '../devnet-lock.ts';

// Released after every other afterAll of this file (hooks run in reverse): processes gone first.
serialDevnet();

const NODES = 3;
const SNAPSHOT = 29;
const RESTORE = SNAPSHOT + 1;
/** node-0 has executed this layer when the booted node starts. */
const CATCH_UP_FROM = RESTORE + 7;
/** From the booted node's spawn to its agreement up to the devnet's tip at that moment. */
const BOOT_BOUND_MS = 30_000;

const dir = mkdtempSync(join(tmpdir(), 'smesh-checkpoint-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function stateHashes(url: string, from: number, to: number): Promise<Map<number, string>> {
  const api = createHttpApi({ url });
  const r = await api.call('spacemesh.v2alpha1.LayerService/List', {
    startLayer: from,
    endLayer: to,
    limit: '100',
  });
  return new Map(r.layers.map((l) => [l.number, l.stateHash]));
}

describe('a node booted from a checkpoint', () => {
  it(`agrees from the restore layer ${RESTORE} on, within ${BOOT_BOUND_MS / 1000} s of its start`, async () => {
    const devnet = spawn(
      process.execPath,
      [
        SMESH_BIN,
        'devnet',
        '--nodes',
        String(NODES),
        '--layer-duration',
        '2s',
        '--genesis-delay',
        '10s',
        '--data-dir',
        join(dir, 'devnet'),
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const net = watchDevnet(devnet);
    let booted: ChildProcess | null = null;
    const bootLines: string[] = [];
    try {
      const { bootstrap, poet } = await net.bootstrap();
      const [url0] = await net.apis(1);
      const genesisLine = net.stdout.find((l) => l.startsWith('genesis '))!;
      const genesisTime = /^genesis (\S+),/.exec(genesisLine)![1]!;
      // node-0 executes layer 29 and writes its checkpoint (the line comes after the file)
      await net.agreeOn(['node-0'], SNAPSHOT, SNAPSHOT, 150_000);
      const file = join(dir, 'checkpoint.json');
      for (let i = 0; ; i++) {
        const r = spawnSync(
          process.execPath,
          [
            SMESH_BIN,
            'checkpoint',
            'export',
            '--data-dir',
            join(dir, 'devnet', 'node-0'),
            '--layer',
            String(SNAPSHOT),
            '--out',
            file,
          ],
          { encoding: 'utf8' },
        );
        if (r.status === 0) break;
        if (i === 20) throw new Error(`checkpoint export: ${r.stderr}`);
        await new Promise((res) => setTimeout(res, 500));
      }
      const cp = parseCheckpoint(readFileSync(file, 'utf8'));
      expect(cp.id).toBe(`snapshot-${SNAPSHOT}`);
      expect(cp.atxs.length).toBeGreaterThanOrEqual(NODES);
      expect(cp.accounts.length).toBeGreaterThanOrEqual(NODES);
      const show = spawnSync(process.execPath, [SMESH_BIN, 'checkpoint', 'show', file], {
        encoding: 'utf8',
      });
      expect(show.stdout).toContain(`restore layer ${RESTORE}`);

      // the booted node starts most of an epoch after the snapshot: it has layers to catch up on
      await net.agreeOn(['node-0'], CATCH_UP_FROM, CATCH_UP_FROM, 60_000);
      const tipAtStart = Math.max(...net.states.get('node-0')!.keys());
      const bootStarted = performance.now();
      booted = spawn(
        process.execPath,
        [
          SMESH_BIN,
          'node',
          '--data-dir',
          join(dir, 'booted'),
          '--preset',
          'devnet',
          '--genesis-time',
          genesisTime,
          '--layer-duration',
          '2s',
          '--listen',
          '127.0.0.1:0',
          '--ws-port',
          'none',
          '--bootstrap',
          bootstrap,
          '--poet',
          poet,
          '--api',
          '127.0.0.1:0',
          '--checkpoint',
          file,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const bootExited = net.follow('booted', booted, bootLines);
      const gone = bootExited.then((code) => {
        throw new Error(`booted node exited (${code}):\n${bootLines.slice(-30).join('\n')}`);
      });
      const bootUrl = await Promise.race([
        new Promise<string>((resolve) => {
          const poll = setInterval(() => {
            const m = bootLines.map((l) => /^api (http:\/\/\S+)$/.exec(l)).find((x) => x !== null);
            if (m) {
              clearInterval(poll);
              resolve(m[1]!);
            }
          }, 100);
        }),
        gone,
      ]);
      expect(bootLines.some((l) => new RegExp(`mesh starts at layer ${RESTORE}`).test(l))).toBe(
        true,
      );
      // it executes every layer from the restore layer to the devnet's tip at its start…
      await Promise.race([
        new Promise<void>((resolve, reject) => {
          const poll = setInterval(() => {
            const mine = net.states.get('booted');
            if (mine !== undefined && mine.has(tipAtStart)) {
              clearInterval(poll);
              resolve();
            } else if (performance.now() - bootStarted > BOOT_BOUND_MS) {
              clearInterval(poll);
              reject(
                new Error(
                  `booted node did not execute layer ${tipAtStart} within ${BOOT_BOUND_MS} ms:\n${bootLines.slice(-30).join('\n')}`,
                ),
              );
            }
          }, 100);
        }),
        gone,
      ]);
      const tookMs = performance.now() - bootStarted;
      // …never a layer before it…
      expect(Math.min(...net.states.get('booted')!.keys())).toBe(RESTORE);
      // …each to the same state as node-0
      const theirs = await stateHashes(url0!, RESTORE, tipAtStart);
      const mine = await stateHashes(bootUrl, RESTORE, tipAtStart);
      expect(mine.size).toBe(tipAtStart - RESTORE + 1);
      for (let l = RESTORE; l <= tipAtStart; l++)
        expect(mine.get(l), `layer ${l}`).toBe(theirs.get(l));
      expect(tookMs).toBeLessThan(BOOT_BOUND_MS);
      booted.kill('SIGINT');
      expect(await bootExited).toBe(0);
      booted = null;
    } finally {
      booted?.kill('SIGKILL');
      devnet.kill('SIGINT');
      if (process.env['SMESH_TEST_LOG'] !== undefined)
        writeFileSync(process.env['SMESH_TEST_LOG'], [...bootLines, ...net.stderr].join('\n'));
    }
    expect(await net.exited).toBe(0);
  }, 240_000);
});
