// vitest globalSetup for the end-to-end suite: `npm start` itself (scripts/start.ts --no-build:
// `smesh devnet` — a PoET and two smeshing nodes as processes on 127.0.0.1, 2 s layers, each node
// serving the HTTP API, node-0 the faucet — and the built app served with a /network.json that
// points at it), started once for every browser test and stopped (Ctrl-C) after the suite. Tests
// read the app's URL and the devnet's addresses with `inject('devnet')`
// (tests/e2e/support/app.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { TestProject } from 'vitest/node';

export interface DevnetInfo {
  /** The app as `npm start` serves it (ends with '/'). */
  readonly appUrl: string;
  readonly genesisTime: string;
  readonly layerDurationMs: number;
  /** WebSocket multiaddrs of the nodes (with /p2p/), node 0 first. */
  readonly ws: readonly string[];
  /** PoET base URL. */
  readonly poet: string;
  /** HTTP API base URL of each node, node 0 first. */
  readonly apis: readonly string[];
  /** The faucet's base URL (node 0's API) and its account. */
  readonly faucet: string;
  readonly faucetAccount: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    devnet: DevnetInfo;
  }
}

export const LAYER_MS = 2_000;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync('build/index.html')) throw new Error('run `npm run build` first');
  const devnet: ChildProcess = spawn(process.execPath, ['scripts/start.ts', '--no-build'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODES: '2', PORT: '0', LAYER_DURATION: '2s', GENESIS_DELAY: '12' },
  });
  let stderr = '';
  devnet.stderr!.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  let appUrl = '';
  let up = false;
  let genesisTime = '';
  let poet = '';
  let faucet = '';
  let faucetAccount = '';
  const ws: string[] = [];
  const apis: string[] = [];
  for await (const line of createInterface({ input: devnet.stdout! })) {
    const g = /^genesis (\S+),/.exec(line);
    if (g) genesisTime = g[1]!;
    if (line.startsWith('poet ')) poet = line.slice('poet '.length);
    const w = /^node-(\d+) (\/ip4\/\S+\/ws\/p2p\/\S+)$/.exec(line);
    if (w) ws[Number(w[1])] = w[2]!;
    const a = /^node-(\d+) api (\S+)$/.exec(line);
    if (a) apis[Number(a[1])] = a[2]!;
    if (line.startsWith('faucet ')) faucet = line.slice('faucet '.length);
    if (line.startsWith('faucet-account ')) faucetAccount = line.slice('faucet-account '.length);
    if (line.startsWith('Smesh app: ')) appUrl = line.slice('Smesh app: '.length);
    if (line.startsWith('devnet up')) up = true;
    if (up && appUrl) break;
  }
  if (!appUrl || !genesisTime || ws.length !== 2 || apis.length !== 2 || !poet || !faucet)
    throw new Error(`e2e devnet did not come up:\n${stderr}`);
  devnet.stdout!.resume();
  project.provide('devnet', {
    appUrl,
    genesisTime,
    layerDurationMs: LAYER_MS,
    ws,
    poet,
    apis,
    faucet,
    faucetAccount,
  });
  return async () => {
    if (devnet.exitCode === null) {
      devnet.kill('SIGINT');
      await new Promise((r) => devnet.once('exit', r));
    }
  };
}
