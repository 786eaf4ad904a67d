// Issue #7, "done means" 2 (first half): a node started two epochs after genesis syncs to the tip
// and then agrees. A 3-node `smesh devnet` (2 s layers, 10 layers per epoch) runs; at genesis +
// 2 epochs (layer 20, when the first ballots appear) one more `smesh node`, not smeshing, starts
// with a fresh data dir and the devnet's bootstrap address and PoET. It must sync ATXs and layers
// from its peers and report the same cumulative state hash as the devnet's nodes for layers
// FIRST..LAST (a cumulative hash: it equals theirs only if every layer since genesis was executed
// the same way), within LATE_BOUND_MS of its start.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SMESH_BIN } from '../../../src/cli/node/children.ts';
import { watchDevnet } from './devnet-watch.ts';
import { serialDevnet } from '../devnet-lock.ts';

// Released after every other afterAll of this file (hooks run in reverse): processes gone first.
serialDevnet();

const NODES = 3;
const LAYER_MS = 2_000;
const LAYERS_PER_EPOCH = 10; // the devnet preset
/** Layers the late node must execute like the devnet's nodes: after it joined at layer 20. */
const FIRST = 22;
const LAST = 26;
/** From the late node's start to its agreement on LAST (LAST is ~14 s of layers after it). */
const LATE_BOUND_MS = 90_000;

const dir = mkdtempSync(join(tmpdir(), 'smesh-late-joiner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('a node that joins two epochs late', () => {
  it(`syncs to the tip and agrees on layers ${FIRST}..${LAST} within ${LATE_BOUND_MS / 1000} s`, async () => {
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
    let late: ChildProcess | null = null;
    const lateLines: string[] = [];
    try {
      const { bootstrap, poet } = await net.bootstrap();
      const genesisLine = net.stdout.find((l) => l.startsWith('genesis '))!;
      const genesisTime = /^genesis (\S+),/.exec(genesisLine)![1]!;
      const lateAt = Date.parse(genesisTime) + 2 * LAYERS_PER_EPOCH * LAYER_MS;
      await new Promise((r) => setTimeout(r, Math.max(0, lateAt - Date.now())));
      // the devnet is past genesis + 2 epochs and none of its nodes is gone
      expect(net.stdout).toContainEqual(expect.stringMatching(/^devnet up/));
      const lateStarted = performance.now();
      late = spawn(
        process.execPath,
        [
          SMESH_BIN,
          'node',
          '--data-dir',
          join(dir, 'late'),
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
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      const lateExited = net.follow('late', late, lateLines);
      const gone = lateExited.then((code) => {
        throw new Error(`late node exited (${code}):\n${lateLines.slice(-30).join('\n')}`);
      });
      await Promise.race([
        net.agreeOn(
          [...Array.from({ length: NODES }, (_, i) => `node-${i}`), 'late'],
          FIRST,
          LAST,
          LATE_BOUND_MS,
        ),
        gone,
      ]);
      expect(performance.now() - lateStarted).toBeLessThan(LATE_BOUND_MS);
      // it executed every layer from the first one with ballots (it synced the past, not just
      // followed the present)
      const lateStates = net.states.get('late')!;
      for (let l = 2 * LAYERS_PER_EPOCH; l <= LAST; l++) expect(lateStates.has(l)).toBe(true);
      late.kill('SIGINT');
      expect(await lateExited).toBe(0);
      late = null;
    } finally {
      late?.kill('SIGKILL');
      devnet.kill('SIGINT');
    }
    expect(await net.exited).toBe(0);
  }, 240_000);
});
