// `smesh devnet`: a local network on 127.0.0.1 — one PoET server and N smeshing full nodes, each
// its own process (`smesh poet`, `smesh node`), sharing a genesis time picked a little in the
// future. Prints every node's multiaddrs, forwards their logs, and on Ctrl-C stops the nodes,
// then the PoET, and exits 0 when all of them stopped cleanly.
import { mkdir, mkdtemp } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO, type Command } from '../io.ts';
import { SmeshChild } from '../node/children.ts';
import { poetTimingArgs, resolveNetworkFlags } from '../node/network.ts';
import { parseDuration } from './poet.ts';
import { decodeAddress, encodeAddress } from '../../lib/crypto/address.ts';
import { devnetFaucetSeed, faucetAddress } from '../../lib/wallet/faucet-key.ts';
import { FAUCET_KEY_FILE, writeFaucetKey } from '../wallet/faucet-key.ts';

const usage = `Usage: smesh devnet [--nodes N] [--data-dir DIR] [--layer-duration D] [options]

Starts a PoET server and N smeshing full nodes on 127.0.0.1, each as its own process
('smesh poet', 'smesh node --smesh'), with a genesis time a little in the future.
Prints the PoET URL and every node's multiaddrs ('node-I <multiaddr>'; the first
node's are the bootstrap addresses, also printed as 'bootstrap <addrs>') and HTTP JSON
API ('node-I api http://127.0.0.1:PORT', spacemeshos/api v2alpha1 paths), then the
processes' logs prefixed with their names. Node-0 runs a faucet for the devnet
('faucet http://127.0.0.1:PORT', used by 'smesh wallet faucet --node URL'): its key is
derived from the preset's genesis extraData (public: devnet coins are worthless), saved
as DIR/faucet.key, and node-0's rewards go to its account. Ctrl-C (SIGINT) or SIGTERM stops the nodes,
then the PoET, and exits 0 when all of them stopped cleanly.

The first ballots come in epoch 2, two epochs after genesis: 200 s at the devnet
preset's 10 s layers. --layer-duration 2s makes that 40 s (hare, beacon and PoET
timings are scaled with the layer; see 'smesh node --help').

Options:
  --nodes N              smeshing nodes (default 3)
  --data-dir DIR         where the PoET and nodes keep their state (default: a new
                         directory under the system's temp dir); an existing devnet
                         directory is reused (keys, PoST data, mesh)
  --layer-duration D     layer length, e.g. 2s (default: the preset's)
  --genesis-delay D      genesis this long after the start, in whole seconds (default 20s)
  --genesis-time RFC3339 a fixed genesis instead (to restart a devnet in DIR)
  --num-units U          PoST units per node (default 1)
  --base-port P          node I listens on TCP P+I (default: any free port)
  --coinbase ADDR        reward address of nodes 1..N-1 (default: each node's own key's
                         wallet address); node-0's rewards always fund the faucet
  --pow-difficulty N     the PoET's registration PoW (default 8)`;

const spec = {
  nodes: { type: 'string' },
  'data-dir': { type: 'string' },
  'layer-duration': { type: 'string' },
  'genesis-delay': { type: 'string' },
  'genesis-time': { type: 'string' },
  'num-units': { type: 'string' },
  'base-port': { type: 'string' },
  'pow-difficulty': { type: 'string' },
  coinbase: { type: 'string' },
} as const;

const PRESET = 'devnet';
/** How long a child may take to print its address (PoST init happens before it). */
const START_TIMEOUT_MS = 120_000;

function int(
  v: string | boolean | undefined,
  name: string,
  dflt: number,
  min: number,
  max: number,
) {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (typeof v !== 'string' || !/^\d+$/.test(v) || n < min || n > max)
    throw new UsageError(`--${name} must be an integer in [${min}, ${max}]`);
  return n;
}

/** now + delay, rounded up to a whole second, as RFC 3339 (genesis ids hash whole seconds). */
export function genesisAfter(nowMs: number, delayMs: number): string {
  const t = Math.ceil((nowMs + delayMs) / 1000) * 1000;
  return new Date(t).toISOString().replace(/\.000Z$/, 'Z');
}

export const devnetCommand: Command = {
  name: 'devnet',
  summary: 'a local devnet: a PoET and N smeshing nodes as processes (devnet --nodes N)',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { options: o, positionals } = parseArgs(args, spec);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const nodes = int(o['nodes'], 'nodes', 3, 1, 64);
    const numUnits = int(o['num-units'], 'num-units', 1, 1, 64);
    const basePort = int(o['base-port'], 'base-port', 0, 1, 65535 - nodes);
    const pow = int(o['pow-difficulty'], 'pow-difficulty', 8, 0, 64);
    if (o['genesis-time'] !== undefined && o['genesis-delay'] !== undefined)
      throw new UsageError('give --genesis-time or --genesis-delay, not both');
    const genesisTime =
      typeof o['genesis-time'] === 'string'
        ? o['genesis-time']
        : genesisAfter(
            Date.now(),
            typeof o['genesis-delay'] === 'string'
              ? parseDuration(o['genesis-delay'], 'genesis-delay')
              : 20_000,
          );
    const layerDuration = typeof o['layer-duration'] === 'string' ? o['layer-duration'] : null;
    const coinbase = typeof o['coinbase'] === 'string' ? o['coinbase'] : null;
    // Validates the whole network config (and the flags) before anything starts.
    const network = resolveNetworkFlags({
      preset: PRESET,
      genesisTime,
      ...(layerDuration === null ? {} : { layerDuration }),
    });
    if (coinbase !== null) {
      try {
        decodeAddress(coinbase, network.hrp);
      } catch (e) {
        throw new UsageError(
          `--coinbase: not a ${network.hrp} address: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    const dir =
      typeof o['data-dir'] === 'string'
        ? resolve(o['data-dir'])
        : await mkdtemp(join(tmpdir(), 'smesh-devnet-'));
    await mkdir(dir, { recursive: true });
    const netArgs = [
      '--preset',
      PRESET,
      '--genesis-time',
      genesisTime,
      ...(layerDuration === null ? [] : ['--layer-duration', layerDuration]),
    ];
    const threads = Math.max(1, Math.floor(availableParallelism() / nodes));
    // The faucet: node-0's coinbase, so its rewards fund it (the preset has no genesis accounts).
    const faucetSeed = devnetFaucetSeed(network.genesis.extraData);
    const faucetKeyPath = join(dir, FAUCET_KEY_FILE);
    await writeFaucetKey(faucetKeyPath, faucetSeed);
    const faucetAccount = encodeAddress(faucetAddress(faucetSeed), network.hrp);

    const children: SmeshChild[] = [];
    // A node prints 'listening <multiaddr>' lines on stdout, then 'ready'.
    const listeningOf = new Map<string, string[]>();
    // …and 'api <url>' when serving the HTTP API.
    const apiOf = new Map<string, string>();
    const forward = (name: string, line: string, stream: 'out' | 'err') => {
      if (stream === 'out' && line.startsWith('api ')) apiOf.set(name, line.slice('api '.length));
      if (stream === 'out' && line.startsWith('listening ')) {
        const list = listeningOf.get(name) ?? [];
        list.push(line.slice('listening '.length));
        listeningOf.set(name, list);
      }
      io.err(`[${name}] ${line}`);
    };
    let stopping = false;
    let wake = () => {};
    const onSignal = () => {
      stopping = true;
      wake();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    // If this process dies some other way, its children must not outlive it.
    const killAll = () => {
      for (const c of children) if (c.running) c.process.kill('SIGKILL');
    };
    process.on('exit', killAll);
    const start = (name: string, args: string[]) => {
      const c = new SmeshChild({ name, args, onLine: forward });
      children.push(c);
      void c.exited.then((code) => {
        io.err(`[${name}] exited (${code})`);
        if (!stopping) {
          io.err(`smesh devnet: ${name} stopped unexpectedly; stopping the devnet`);
          onSignal();
        }
      });
      return c;
    };
    const ready = (c: SmeshChild) => c.waitFor((l) => l === 'ready', 'ready', START_TIMEOUT_MS);
    const tcpAddress = (lines: string[]) =>
      lines.find((a) => /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//.test(a)) ?? lines[0]!;

    let failed = false;
    try {
      io.out(`devnet ${dir}`);
      io.out(`genesis ${genesisTime}, layers of ${network.layerDurationMs} ms`);
      const poet = start('poet', [
        'poet',
        '--listen',
        '127.0.0.1:0',
        '--data-dir',
        join(dir, 'poet'),
        '--pow-difficulty',
        String(pow),
        '--preset',
        PRESET,
        '--genesis-time',
        genesisTime,
        ...poetTimingArgs(network),
      ]);
      const poetLine = await poet.waitFor(
        (l) => l.startsWith('poet listening on '),
        'its URL',
        START_TIMEOUT_MS,
      );
      const poetUrl = poetLine.slice('poet listening on '.length).trim();
      io.out(`poet ${poetUrl}`);

      const addresses: string[][] = [];
      const launch = (i: number, bootstrap: string[]) => {
        const c = start(`node-${i}`, [
          'node',
          '--data-dir',
          join(dir, `node-${i}`),
          ...netArgs,
          '--listen',
          `127.0.0.1:${basePort === 0 ? 0 : basePort + i}`,
          '--poet',
          poetUrl,
          '--smesh',
          '--num-units',
          String(numUnits),
          '--post-threads',
          String(threads),
          '--api',
          '127.0.0.1:0',
          ...(bootstrap.length === 0 ? [] : ['--bootstrap', bootstrap.join(',')]),
          ...(i === 0
            ? ['--faucet', faucetKeyPath, '--coinbase', faucetAccount]
            : coinbase === null
              ? []
              : ['--coinbase', coinbase]),
        ]);
        return ready(c).then(() => {
          const listening = listeningOf.get(c.name) ?? [];
          addresses[i] = listening;
          for (const a of listening) io.out(`node-${i} ${a}`);
          const api = apiOf.get(c.name);
          if (api !== undefined) io.out(`node-${i} api ${api}`);
          if (i === 0 && api !== undefined) {
            io.out(`faucet ${api}`);
            io.out(`faucet-account ${faucetAccount}`);
          }
        });
      };
      // The first node is everyone's bootstrap peer; the others start together.
      await launch(0, []);
      const bootstrap = [tcpAddress(addresses[0]!)];
      io.out(`bootstrap ${bootstrap.join(',')}`);
      await Promise.all(Array.from({ length: nodes - 1 }, (_, i) => launch(i + 1, bootstrap)));
      io.out(`devnet up: ${nodes} nodes; Ctrl-C stops it`);
      if (!stopping) await new Promise<void>((r) => (wake = r));
    } catch (e) {
      failed = true;
      io.err(`smesh devnet: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      stopping = true;
      io.err('smesh devnet: stopping');
      const nodeCodes = await Promise.all(children.slice(1).map((c) => c.stop('SIGINT')));
      const poetCode = children.length > 0 ? await children[0]!.stop('SIGINT') : 0;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('exit', killAll);
      if ([poetCode, ...nodeCodes].some((c) => c !== 0)) failed = true;
    }
    io.out(failed ? 'devnet stopped with errors' : 'devnet stopped');
    return failed ? 1 : 0;
  },
};
