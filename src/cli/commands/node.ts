// `smesh node`: a full node (optionally smeshing) over libp2p, with its state in LevelDB and its
// PoST data in files, until SIGINT or SIGTERM.
import { resolve } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { PRESET_NAMES } from '../../lib/config/presets.ts';
import { InitAbortedError } from '../../lib/post/init.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO, type Command } from '../io.ts';
import { DEFAULT_LISTEN, formatAddress, parseNodeFlags } from '../node/options.ts';
import { runNode } from '../node/run-node.ts';
import { parseListen } from './poet.ts';
import { faucetAllowed, startFaucet } from '../api/faucet.ts';
import { readFaucetKey } from '../wallet/faucet-key.ts';

const usage = `Usage: smesh node --data-dir DIR --preset NAME [options]

Runs a full node: libp2p gossip and sync over TCP and WebSockets (with a circuit relay
server for browser nodes), beacon, hare, tortoise and the VM, its mesh in LevelDB under
DIR/state. With --smesh it also smeshes: PoST data in DIR/post (initialized on the
first start), PoET registrations, ATXs and proposals. The node key is DIR/node.key
(created once, mode 0600); the node id is its public key and the libp2p peer id is
derived from it, so a restarted node keeps its multiaddrs.

Prints 'node id <hex>', one 'listening <multiaddr>' line per address and 'ready' on
stdout, then logs (one line per layer, per executed layer, per own ATX and proposal) on stderr.
SIGINT / SIGTERM stop it cleanly.

Options:
  --data-dir DIR           node directory (created if missing)
  --preset NAME            network: ${PRESET_NAMES.join(', ')}
  --genesis-time RFC3339   genesis time (required when the preset leaves it open: devnet)
  --layer-duration D       shorter layers for a local devnet (e.g. 2s): hare, beacon and
                           PoET timings scale with it; every node and the PoET of one
                           network must get the same value (smesh devnet passes it)
  --listen HOST:PORT       libp2p TCP listen address (default ${DEFAULT_LISTEN}; port 0: any)
  --ws-port PORT|none      WebSocket listen port on the same host (default 0: any)
  --bootstrap ADDRS        comma-separated multiaddrs ending in /p2p/<peer id>
  --poet URLS              comma-separated PoET servers; the first takes registrations,
                           all are asked for other smeshers' PoET proofs (needed to
                           validate ATXs: proofs are not fetched from peers yet)
  --smesh                  smesh (needs --poet)
  --num-units U            PoST size in units (default: the preset's minimum)
  --coinbase ADDR          reward address (default: the wallet of the node key)
  --post-threads T         CPU threads for PoST initialization (default: all cores)
  --api HOST:PORT          serve the HTTP JSON API (spacemeshos/api v2alpha1 paths, e.g.
                           POST /spacemesh.v2alpha1.NodeService/Status) there; port 0: any
                           free one. Prints 'api http://HOST:PORT' before 'ready'. Its v1
                           SmesherService StartSmeshing / StopSmeshing start and stop smeshing
                           at runtime (PoST data on the CPU in DIR/post; needs --poet); what
                           they chose is not kept across restarts: the flags are
  --faucet KEYFILE         devnet only, with --api: serve POST /smesh.v1.FaucetService/Drip
                           {address}, sending devnet coins from the wallet of the key in
                           KEYFILE (64 hex digits; smesh devnet writes one and makes this
                           node's coinbase its address). Prints 'faucet <address>'
  --checkpoint FILE|URL    boot an empty data dir from a checkpoint (go-spacemesh's JSON, as
                           'smesh checkpoint export' writes it): its ATXs and accounts are the
                           start, the mesh begins at the restore layer, then the node syncs
  --restore-layer N        the checkpoint's restore layer (default: its snapshot layer + 1)`;

const spec = {
  'data-dir': { type: 'string', required: true },
  preset: { type: 'string', required: true },
  'genesis-time': { type: 'string' },
  'layer-duration': { type: 'string' },
  listen: { type: 'string' },
  'ws-port': { type: 'string' },
  bootstrap: { type: 'string' },
  poet: { type: 'string' },
  smesh: { type: 'boolean' },
  'num-units': { type: 'string' },
  coinbase: { type: 'string' },
  'post-threads': { type: 'string' },
  api: { type: 'string' },
  faucet: { type: 'string' },
  checkpoint: { type: 'string' },
  'restore-layer': { type: 'string' },
} as const;

function clock(): string {
  return new Date().toISOString().slice(11, 23);
}

/** --checkpoint / --restore-layer (go's --recovery-uri / --recovery-layer). */
function checkpointOption(
  source: string | boolean | undefined,
  restore: string | boolean | undefined,
): { checkpoint?: { source: string; restoreLayer?: number } } {
  if (typeof restore === 'string' && typeof source !== 'string')
    throw new UsageError('--restore-layer needs --checkpoint');
  if (typeof source !== 'string') return {};
  if (typeof restore !== 'string') return { checkpoint: { source } };
  const layer = Number(restore);
  if (!/^\d+$/.test(restore) || !Number.isSafeInteger(layer))
    throw new UsageError(`--restore-layer: "${restore}" is not a layer number`);
  return { checkpoint: { source, restoreLayer: layer } };
}

export const nodeCommand: Command = {
  name: 'node',
  summary: 'run a full node over libp2p (node --data-dir D --preset P [--smesh])',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { options, positionals } = parseArgs(args, spec);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const flags = parseNodeFlags(options);
    const apiText = options['api'];
    let api: { host: string; port: number } | undefined;
    if (typeof apiText === 'string') {
      try {
        api = parseListen(apiText);
      } catch {
        throw new UsageError(`--api: "${apiText}" is not HOST:PORT`);
      }
    }
    const faucetKeyFile = typeof options['faucet'] === 'string' ? options['faucet'] : undefined;
    if (faucetKeyFile !== undefined) {
      if (api === undefined) throw new UsageError('--faucet needs --api');
      if (!faucetAllowed(flags.network))
        throw new UsageError(`--faucet: devnets only, not ${flags.network.name}`);
    }
    const faucetKey = faucetKeyFile === undefined ? undefined : await readFaucetKey(faucetKeyFile);
    const log = (line: string) => io.err(`${clock()} ${line}`);
    // Signals that arrive while the node is still starting stop it as soon as it is up.
    // (A PoST initialization in progress is aborted; it resumes on the next start.)
    const abort = new AbortController();
    let wake = () => {};
    const onSignal = () => {
      abort.abort();
      wake();
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
    const network = flags.network;
    try {
      const running = await runNode({
        dataDir: resolve(flags.dataDir),
        network,
        ip: flags.ip,
        tcpPort: flags.tcpPort,
        wsPort: flags.wsPort,
        bootstrap: flags.bootstrap,
        poets: flags.poets,
        ...(flags.smesh === null ? {} : { smesh: flags.smesh }),
        signal: abort.signal,
        ...(api === undefined ? {} : { api }),
        ...checkpointOption(options['checkpoint'], options['restore-layer']),
        log,
      });
      io.out(`node id ${bytesToHex(running.key.nodeId)}`);
      if (flags.smesh !== null) io.out(`coinbase ${formatAddress(running.coinbase!, network)}`);
      for (const a of running.addresses) io.out(`listening ${a}`);
      if (running.api !== null) io.out(`api ${running.api.url}`);
      const faucet =
        faucetKey === undefined || running.api === null
          ? null
          : await startFaucet({ server: running.api, network, secretKey: faucetKey, log });
      if (faucet !== null) io.out(`faucet ${faucet.faucet.addressText}`);
      io.out('ready');
      log(
        `${network.name} genesis ${network.genesis.time}, layers of ${network.layerDurationMs} ms, ` +
          `${network.layersPerEpoch} per epoch${flags.smesh === null ? '' : ', smeshing'}`,
      );
      if (!abort.signal.aborted) await new Promise<void>((r) => (wake = r));
      log('shutting down');
      faucet?.stop();
      await running.stop();
      log('stopped');
      return 0;
    } catch (e) {
      if (e instanceof InitAbortedError) {
        log('interrupted during PoST initialization; start again to resume');
        return 130;
      }
      throw e;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
  },
};
