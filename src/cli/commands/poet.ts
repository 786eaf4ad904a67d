// `smesh poet`: a PoET server (spacemeshos/poet's HTTP API) for one network.
import { resolve } from 'node:path';
import { withGenesis } from '../../lib/config/genesis.ts';
import { getPreset, PRESET_NAMES } from '../../lib/config/presets.ts';
import type { NetworkConfig } from '../../lib/config/types.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO, type Command } from '../io.ts';
import { startPoetServer } from '../poet/server.ts';

export const DEFAULT_POW_DIFFICULTY = 12;

const usage = `Usage: smesh poet --listen HOST:PORT --data-dir DIR --preset NAME [options]

Runs a PoET server: nodes register challenges (POST /v1/submit, signed with the
POET domain and paid for with poet's registration proof of work), each round proves
sequential work over the membership tree of its challenges, and proofs are served
at GET /v1/proofs/{round}. GET /v1/info and /v1/pow_params describe the server.
Registrations and the prover's progress live in --data-dir: a restarted server keeps
every acknowledged registration and resumes the running round from its checkpoint.

Options:
  --listen HOST:PORT       address to serve on (port 0 picks a free one)
  --data-dir DIR           state directory (created if missing)
  --preset NAME            network: ${PRESET_NAMES.join(', ')}
  --genesis-time RFC3339   genesis time (required when the preset leaves it open)
  --epoch-duration D       override the epoch length (e.g. 100s, 4s, 1500ms)
  --phase-shift D          override the round's offset from the epoch start
  --cycle-gap D            override the gap between rounds
  --pow-difficulty N       leading zero bits of the registration PoW (default ${DEFAULT_POW_DIFFICULTY})`;

const spec = {
  listen: { type: 'string', required: true },
  'data-dir': { type: 'string', required: true },
  preset: { type: 'string', required: true },
  'genesis-time': { type: 'string' },
  'epoch-duration': { type: 'string' },
  'phase-shift': { type: 'string' },
  'cycle-gap': { type: 'string' },
  'pow-difficulty': { type: 'string' },
} as const;

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** A Go-style duration ("1h30m", "4s", "250ms") in milliseconds. */
export function parseDuration(text: string, option: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/y;
  let ms = 0;
  let at = 0;
  while (at < text.length) {
    re.lastIndex = at;
    const m = re.exec(text);
    if (!m) throw new UsageError(`--${option}: "${text}" is not a duration like 4s or 1500ms`);
    ms += Number(m[1]) * UNIT_MS[m[2]!]!;
    at = re.lastIndex;
  }
  if (text.length === 0) throw new UsageError(`--${option} is empty`);
  return Math.round(ms);
}

export function parseListen(text: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(text);
  const port = m ? Number(m[2]) : NaN;
  if (!m || port > 65535) throw new UsageError(`--listen: "${text}" is not HOST:PORT`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

/** The network the server runs for: preset, genesis and timing overrides. */
export function networkFromOptions(o: Record<string, string | boolean | undefined>): NetworkConfig {
  let network: NetworkConfig;
  try {
    network = getPreset(String(o['preset']));
    const time = o['genesis-time'];
    if (typeof time === 'string') network = withGenesis(network, { time });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (network.genesis.time === null)
    throw new UsageError(`preset ${network.name} has no genesis time: pass --genesis-time`);
  const poet = { ...network.poet };
  if (typeof o['phase-shift'] === 'string')
    poet.phaseShiftMs = parseDuration(o['phase-shift'], 'phase-shift');
  if (typeof o['cycle-gap'] === 'string')
    poet.cycleGapMs = parseDuration(o['cycle-gap'], 'cycle-gap');
  network = { ...network, poet };
  if (typeof o['epoch-duration'] === 'string') {
    // The epoch is layers × layer duration; keep the layer count and stretch the layers.
    const epochMs = parseDuration(o['epoch-duration'], 'epoch-duration');
    if (epochMs % network.layersPerEpoch !== 0)
      throw new UsageError(`--epoch-duration must be a multiple of ${network.layersPerEpoch} ms`);
    network = { ...network, layerDurationMs: epochMs / network.layersPerEpoch };
  }
  const epochMs = network.layerDurationMs * network.layersPerEpoch;
  if (network.poet.cycleGapMs >= epochMs)
    throw new UsageError('the cycle gap must be shorter than the epoch');
  return network;
}

export const poetCommand: Command = {
  name: 'poet',
  summary: 'run a PoET server (proof of elapsed time)',
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const { options, positionals } = parseArgs(args, spec);
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${positionals[0]}`);
    const { host, port } = parseListen(String(options['listen']));
    const network = networkFromOptions(options);
    const difficultyText = options['pow-difficulty'];
    const powDifficulty =
      typeof difficultyText === 'string' ? Number(difficultyText) : DEFAULT_POW_DIFFICULTY;
    if (!Number.isInteger(powDifficulty) || powDifficulty < 0 || powDifficulty > 64)
      throw new UsageError('--pow-difficulty must be an integer from 0 to 64');
    const server = await startPoetServer({
      network,
      dataDir: resolve(String(options['data-dir'])),
      host,
      port,
      powDifficulty,
      log: (line) => io.err(`poet: ${line}`),
    });
    io.out(`poet listening on ${server.url}`);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    io.err('poet: shutting down');
    await server.close();
    return 0;
  },
};
