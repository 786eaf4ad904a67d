// One real `smesh devnet` for issue #7's process tests that need a devnet of that command: it
// spawns a PoET server and three smeshing `smesh node` processes on 127.0.0.1 with 2 s layers,
// 10 layers per epoch and genesis 10 s after the start (room for every node to start and
// register at PoET round 0 on a busy machine). On it, one after another:
//
// 1. The devnet itself: every node executes layers 20..23 (epoch 2, the first with ballots,
//    40 s after genesis) with the same state hashes, each published its ATX and proposals.
// 2. "A node started two epochs late syncs to the tip and then agrees": a fresh `smesh node`
//    (not smeshing) starts past layer 20 with the devnet's bootstrap address and PoET; it must
//    sync ATXs and layers from its peers, execute every layer from 20 on, and report the same
//    cumulative state hash as the devnet's nodes (equal only if every layer since genesis was
//    executed the same way) for the five layers from two after its start, within LATE_BOUND_MS.
// 3. "A node booted from a checkpoint agrees within seconds of starting": each node takes a self
//    checkpoint after an epoch's last layer executes; `smesh checkpoint export` copies node-0's
//    snapshot-29 out of its data dir while it runs, and a fresh `smesh node --checkpoint FILE`
//    (not smeshing), started once node-0 has executed layer 37, boots from it: its mesh starts
//    at the restore layer 30 and it syncs 30..37 from its peers. Its cumulative hash starts at the
//    restore layer, so agreement is shown per layer: for every layer from 30 to the devnet's tip
//    at its start, the per-layer state hash (LayerService.List stateHash) equals node-0's — within
//    BOOT_BOUND_MS of its start.
// 4. Ctrl-C (SIGINT to the devnet) stops every process with exit code 0.
// Sharing one devnet saves two devnet lifetimes (about two minutes of the serial devnet tests).
// SMESH_TEST_LOG=FILE keeps the processes' logs.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SMESH_BIN } from '../../../src/cli/node/children.ts';
import { createHttpApi } from '../../../src/lib/api/http-client.ts';
import { parseCheckpoint } from '../../../src/lib/checkpoint/parse.ts';
import { spawnDevnet, watchDevnet, type DevnetWatch } from './devnet-watch.ts';
import { serialDevnet } from '../devnet-lock.ts';

// Released after every other afterAll of this file (hooks run in reverse): processes gone first.
serialDevnet();

const NODES = 3;
const LAYERS_PER_EPOCH = 10; // the devnet preset
const DEVNET = Array.from({ length: NODES }, (_, i) => `node-${i}`);
/** Layers 20..LAST (epoch 2 on) must be executed, identically, by every node. */
const FIRST = 2 * LAYERS_PER_EPOCH;
const LAST = 23;
/** From the late node's start to its agreement on the fifth layer it must match. */
const LATE_BOUND_MS = 90_000;
const SNAPSHOT = 29;
const RESTORE = SNAPSHOT + 1;
/** node-0 has executed this layer when the booted node starts. */
const CATCH_UP_FROM = RESTORE + 7;
/** From the booted node's spawn to its agreement up to the devnet's tip at that moment. */
const BOOT_BOUND_MS = 30_000;

const dir = mkdtempSync(join(tmpdir(), 'smesh-devnet-test-'));
let devnet: ChildProcess;
let net: DevnetWatch;
let started = 0;
let genesisTime = '';
let bootstrap = '';
let poet = '';
/** Extra nodes' lines by name, for the log and for failures. */
const extra = new Map<string, string[]>();
const extraProcs: ChildProcess[] = [];

beforeAll(async () => {
  started = performance.now();
  devnet = spawnDevnet({
    nodes: NODES,
    layerDuration: '2s',
    genesisDelay: '10s',
    dataDir: join(dir, 'devnet'),
  });
  net = watchDevnet(devnet);
  ({ bootstrap, poet } = await net.bootstrap());
  genesisTime = /^genesis (\S+),/.exec(net.stdout.find((l) => l.startsWith('genesis '))!)![1]!;
}, 120_000);

afterAll(async () => {
  for (const p of extraProcs) p.kill('SIGKILL');
  if (devnet.exitCode === null) devnet.kill('SIGKILL');
  if (process.env['SMESH_TEST_LOG'] !== undefined)
    writeFileSync(
      process.env['SMESH_TEST_LOG'],
      [...[...extra.values()].flat(), ...net.stderr].join('\n'),
    );
  rmSync(dir, { recursive: true, force: true });
}, 30_000);

/** Starts one more `smesh node` (not smeshing) joined to the devnet; rejects `gone` on exit. */
function startNode(
  name: string,
  args: readonly string[],
): { child: ChildProcess; lines: string[]; exited: Promise<number | null>; gone: Promise<never> } {
  const child = spawn(
    process.execPath,
    [
      SMESH_BIN,
      'node',
      '--data-dir',
      join(dir, name),
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
      ...args,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  extraProcs.push(child);
  const lines: string[] = [];
  extra.set(name, lines);
  const exited = net.follow(name, child, lines);
  const gone = exited.then((code) => {
    throw new Error(`${name} node exited (${code}):\n${lines.slice(-30).join('\n')}`);
  });
  gone.catch(() => undefined); // raced where it matters; a clean stop is not an error
  return { child, lines, exited, gone };
}

function tip(name: string): number {
  return Math.max(-1, ...(net.states.get(name)?.keys() ?? []));
}

async function stateHashes(url: string, from: number, to: number): Promise<Map<number, string>> {
  const api = createHttpApi({ url });
  const r = await api.call('spacemesh.v2alpha1.LayerService/List', {
    startLayer: from,
    endLayer: to,
    limit: '100',
  });
  return new Map(r.layers.map((l) => [l.number, l.stateHash]));
}

describe('smesh devnet (processes on 127.0.0.1)', () => {
  it(`${NODES} nodes execute layers ${FIRST}..${LAST} to the same state, each smeshing`, async () => {
    await net.agreeOn(NODES, FIRST, LAST, 150_000);
    // what it printed: the PoET, every node's TCP multiaddr and the bootstrap address
    expect(net.stdout).toContainEqual(expect.stringMatching(/^poet http:\/\/127\.0\.0\.1:\d+$/));
    for (let i = 0; i < NODES; i++)
      expect(net.stdout).toContainEqual(
        expect.stringMatching(new RegExp(`^node-${i} /ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/\\w+$`)),
      );
    expect(net.stdout).toContainEqual(expect.stringMatching(/^bootstrap \/ip4\/127\.0\.0\.1\//));
    // each node smeshed: its own ATX and proposals; peers were connected
    for (let i = 0; i < NODES; i++) {
      const own = net.stderr.filter((l) => l.startsWith(`[node-${i}] `));
      expect(own.some((l) => / atx \w+ for epoch 2 weight \d+ \(own\)/.test(l))).toBe(true);
      expect(own.some((l) => / proposal layer \d+ ballot \w+ .*\(own\)/.test(l))).toBe(true);
      expect(own.some((l) => /peers [1-9]/.test(l))).toBe(true);
    }
    expect(performance.now() - started).toBeLessThan(150_000);
  }, 180_000);

  it('a node that joins two epochs late syncs to the tip and agrees', async () => {
    // the devnet is past genesis + 2 epochs (layer 20 on) and none of its nodes is gone
    expect(net.stdout).toContainEqual(expect.stringMatching(/^devnet up/));
    expect(tip('node-0')).toBeGreaterThanOrEqual(FIRST);
    const lateStarted = performance.now();
    const from = tip('node-0') + 2;
    const late = startNode('late', []);
    await Promise.race([
      net.agreeOn([...DEVNET, 'late'], from, from + 4, LATE_BOUND_MS),
      late.gone,
    ]);
    expect(performance.now() - lateStarted).toBeLessThan(LATE_BOUND_MS);
    // it executed every layer from the first one with ballots (it synced the past, not just
    // followed the present)
    const lateStates = net.states.get('late')!;
    for (let l = FIRST; l <= from + 4; l++) expect(lateStates.has(l), `layer ${l}`).toBe(true);
    late.child.kill('SIGINT');
    expect(await late.exited).toBe(0);
  }, 120_000);

  it(`a node booted from a checkpoint agrees from the restore layer ${RESTORE} on, within ${BOOT_BOUND_MS / 1000} s of its start`, async () => {
    const [url0] = await net.apis(1);
    // node-0 executes layer 29 and writes its checkpoint (the line comes after the file)
    await net.agreeOn(['node-0'], SNAPSHOT, SNAPSHOT, 60_000);
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
    const tipAtStart = tip('node-0');
    const bootStarted = performance.now();
    const booted = startNode('booted', ['--api', '127.0.0.1:0', '--checkpoint', file]);
    const bootUrl = await Promise.race([
      new Promise<string>((resolve) => {
        const poll = setInterval(() => {
          const m = booted.lines.map((l) => /^api (http:\/\/\S+)$/.exec(l)).find((x) => x);
          if (m) {
            clearInterval(poll);
            resolve(m[1]!);
          }
        }, 100);
      }),
      booted.gone,
    ]);
    expect(booted.lines.some((l) => l.includes(`mesh starts at layer ${RESTORE}`))).toBe(true);
    // it executes every layer from the restore layer to the devnet's tip at its start…
    await Promise.race([
      new Promise<void>((resolve, reject) => {
        const poll = setInterval(() => {
          if (net.states.get('booted')?.has(tipAtStart)) {
            clearInterval(poll);
            resolve();
          } else if (performance.now() - bootStarted > BOOT_BOUND_MS) {
            clearInterval(poll);
            reject(
              new Error(
                `booted node did not execute layer ${tipAtStart} within ${BOOT_BOUND_MS} ms:\n${booted.lines.slice(-30).join('\n')}`,
              ),
            );
          }
        }, 100);
      }),
      booted.gone,
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
    booted.child.kill('SIGINT');
    expect(await booted.exited).toBe(0);
  }, 150_000);

  it('SIGINT stops the PoET and every node cleanly', async () => {
    devnet.kill('SIGINT');
    expect(await net.exited).toBe(0);
    expect(net.stdout.at(-1)).toBe('devnet stopped');
    for (let i = 0; i < NODES; i++) {
      const own = net.stderr.filter((l) => l.startsWith(`[node-${i}] `));
      expect(own).toContain(`[node-${i}] exited (0)`);
      expect(own.some((l) => / stopped$/.test(l))).toBe(true);
    }
    expect(net.stderr).toContain('[poet] exited (0)');
  }, 60_000);

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
