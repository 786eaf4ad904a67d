// `npm start`: the local network and the app in one command. Builds the app, starts
// `smesh devnet` (a PoET server and three smeshing full nodes as separate processes on
// 127.0.0.1) with a genesis a little in the future, serves the app on localhost with a
// /network.json that points it at that devnet, and prints the URL to open. Ctrl-C stops the
// devnet (nodes, then PoET) and the server.
//   --no-build      serve the existing build/
//   --no-devnet     serve the app only (it then joins the network named in /network.json)
//   NODES=N         smeshing nodes of the devnet (default 3); PORT / HOST for the app server
//   LAYER_DURATION  e.g. 2s (default: the preset's 10 s); GENESIS_DELAY seconds (default 30)
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { genesisAfter } from '../src/cli/commands/devnet.ts';
import { serveStatic } from '../src/cli/static-server.ts';

const port = Number(process.env.PORT ?? 4173);
const host = process.env.HOST ?? '127.0.0.1';
const nodes = process.env.NODES ?? '3';
const withDevnet = !process.argv.includes('--no-devnet');

if (!process.argv.includes('--no-build')) {
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) {
    console.error('smesh: building the app failed');
    process.exit(r.status ?? 1);
  }
}

// Genesis 30 s out (GENESIS_DELAY seconds): time for every node to initialise its PoST data
// before layer 0.
const genesisTime = genesisAfter(Date.now(), Number(process.env.GENESIS_DELAY ?? 30) * 1000);
// LAYER_DURATION (e.g. 2s): shorter layers than the preset's, as `smesh devnet --layer-duration`.
const layerDuration = process.env.LAYER_DURATION;
const layerDurationMs =
  layerDuration === undefined ? undefined : Number(/^(\d+)s$/.exec(layerDuration)?.[1]) * 1000;
if (layerDurationMs !== undefined && !(layerDurationMs > 0)) {
  console.error(`smesh: LAYER_DURATION must be like 2s, got ${layerDuration}`);
  process.exit(2);
}
const network = withDevnet
  ? { preset: 'devnet', genesisTime, ...(layerDurationMs === undefined ? {} : { layerDurationMs }) }
  : { preset: 'devnet' };
const overrides: Record<string, string> = { '/network.json': JSON.stringify(network) };
const devnet = withDevnet
  ? spawn(
      process.execPath,
      [
        'bin/smesh.js',
        'devnet',
        '--nodes',
        nodes,
        '--genesis-time',
        genesisTime,
        ...(layerDuration === undefined ? [] : ['--layer-duration', layerDuration]),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    )
  : null;
// What the app's browser node joins through: the devnet nodes' WebSocket addresses and the PoET,
// learnt from the devnet's output (the app page reads /network.json on every boot).
const bootstrap: string[] = [];
const poets: string[] = [];
// For the app too: the nodes' HTTP APIs (wallet-only mode) and the devnet faucet.
const nodeApis: string[] = [];
let faucet: string | undefined;
if (devnet) {
  const lines = createInterface({ input: devnet.stdout! });
  lines.on('line', (line) => {
    console.log(line);
    const ws = /^node-\d+ (\/ip4\/\S+\/ws\/p2p\/\S+)$/.exec(line);
    if (ws) bootstrap.push(ws[1]!);
    if (line.startsWith('poet ')) poets.push(line.slice('poet '.length));
    const api = /^node-\d+ api (\S+)$/.exec(line);
    if (api) nodeApis.push(api[1]!);
    if (line.startsWith('faucet ')) faucet = line.slice('faucet '.length);
    overrides['/network.json'] = JSON.stringify({
      ...network,
      bootstrap,
      poets,
      nodeApis,
      ...(faucet === undefined ? {} : { faucet }),
    });
  });
  devnet.on('exit', (code) => {
    console.log(`devnet exited (${code ?? 'signal'})`);
    void stop(code === 0 ? 0 : 1);
  });
}

const app = await serveStatic('build', host, port, overrides);
console.log(`Smesh app: ${app.url}`);
if (withDevnet) console.log(`Local devnet: genesis ${genesisTime}, ${nodes} smeshing nodes`);
console.log('Press Ctrl-C to stop.');

let stopping = false;
async function stop(code = 0): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (devnet && devnet.exitCode === null) {
    devnet.kill('SIGINT');
    await new Promise((r) => devnet.once('exit', r));
  }
  await app.close();
  process.exit(code);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
