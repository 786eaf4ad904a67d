// One real devnet: `smesh devnet` spawns a PoET server and three smeshing `smesh node`
// processes on 127.0.0.1 with 2 s layers and genesis 10 s after the start (room for every node
// to start and register at PoET round 0 on a busy machine). The nodes must each execute layers
// past genesis (the first ballots come in epoch 2, layer 20, 40 s after genesis) with the same
// state hashes, and Ctrl-C (SIGINT to the devnet) must stop every process with exit code 0.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { SMESH_BIN } from '../../../src/cli/node/children.ts';
import { parseAppliedLine } from '../../../src/cli/node/log.ts';
import { serialDevnet } from '../devnet-lock.ts';

// Released after every other afterAll of this file (hooks run in reverse): processes gone first.
serialDevnet();

const NODES = 3;
/** Layers 20..LAST (epoch 2 on) must be executed, identically, by every node. */
const FIRST = 20;
const LAST = 23;

const dir = mkdtempSync(join(tmpdir(), 'smesh-devnet-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('smesh devnet (processes on 127.0.0.1)', () => {
  it(`${NODES} nodes execute layers ${FIRST}..${LAST} to the same state; SIGINT stops all cleanly`, async () => {
    const started = performance.now();
    const child = spawn(
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
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const stdout: string[] = [];
    const stderr: string[] = [];
    /** node name → layer → state hash */
    const states = new Map<string, Map<number, string>>();
    let agreed: () => void = () => {};
    let disagreed: (e: Error) => void = () => {};
    const agreement = new Promise<void>((resolve, reject) => {
      agreed = resolve;
      disagreed = reject;
    });
    const check = () => {
      if (states.size < NODES) return;
      for (let l = FIRST; l <= LAST; l++) {
        const hashes = new Set([...states.values()].map((m) => m.get(l)));
        if (hashes.size > 1 && !hashes.has(undefined))
          disagreed(new Error(`layer ${l}: state hashes differ: ${[...hashes].join(' ')}`));
        if (hashes.size > 1 || hashes.has(undefined)) return;
      }
      agreed();
    };
    createInterface({ input: child.stdout }).on('line', (l) => stdout.push(l));
    createInterface({ input: child.stderr }).on('line', (l) => {
      stderr.push(l);
      const m = /^\[(node-\d+)\] (.*)$/.exec(l);
      const applied = m === null ? null : parseAppliedLine(m[2]!);
      if (m === null || applied === null) return;
      const byLayer = states.get(m[1]!) ?? new Map<number, string>();
      byLayer.set(applied.layer, applied.state);
      states.set(m[1]!, byLayer);
      check();
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const early = exited.then((code) => {
      throw new Error(`devnet exited (${code}) early:\n${stderr.slice(-40).join('\n')}`);
    });
    try {
      await Promise.race([agreement, early]);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    const ranMs = performance.now() - started;

    // what it printed: the PoET, every node's TCP multiaddr and the bootstrap address
    expect(stdout).toContainEqual(expect.stringMatching(/^poet http:\/\/127\.0\.0\.1:\d+$/));
    for (let i = 0; i < NODES; i++)
      expect(stdout).toContainEqual(
        expect.stringMatching(new RegExp(`^node-${i} /ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/\\w+$`)),
      );
    expect(stdout).toContainEqual(expect.stringMatching(/^bootstrap \/ip4\/127\.0\.0\.1\//));
    expect(stdout.at(-1)).toBe('devnet stopped');
    // each node smeshed: its own ATX and proposals; peers were connected
    for (let i = 0; i < NODES; i++) {
      const own = stderr.filter((l) => l.startsWith(`[node-${i}] `));
      expect(own.some((l) => / atx \w+ for epoch 2 weight \d+ \(own\)/.test(l))).toBe(true);
      expect(own.some((l) => / proposal layer \d+ ballot \w+ .*\(own\)/.test(l))).toBe(true);
      expect(own.some((l) => /peers [1-9]/.test(l))).toBe(true);
      expect(own).toContain(`[node-${i}] exited (0)`);
      expect(own.some((l) => / stopped$/.test(l))).toBe(true);
    }
    expect(stderr).toContain('[poet] exited (0)');
    expect(ranMs).toBeLessThan(150_000);
  }, 180_000);

  it('a node that cannot start stops the devnet: the PoET too, exit code 1', async () => {
    // node-0's TCP port is taken
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    try {
      const failDir = mkdtempSync(join(tmpdir(), 'smesh-devnet-fail-'));
      // (the port stays bound while spawnSync blocks this process: the kernel holds it)
      const r = spawnSync(
        process.execPath,
        [SMESH_BIN, 'devnet', '--nodes', '1', '--base-port', String(port), '--data-dir', failDir],
        { encoding: 'utf8', timeout: 60_000 },
      );
      rmSync(failDir, { recursive: true, force: true });
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/\[node-0\] .*EADDRINUSE/);
      expect(r.stderr).toContain('[node-0] exited (1)');
      expect(r.stderr).toContain('[poet] exited (0)');
      expect(r.stdout.trim().split('\n').at(-1)).toBe('devnet stopped with errors');
    } finally {
      server.close();
    }
  }, 60_000);
});
