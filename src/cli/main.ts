// `smesh` command dispatcher. Each subcommand lives in ./commands/<name>.ts and is loaded only
// when used, so `smesh --version` starts fast.
import { VERSION } from '../lib/version.ts';
import { processIO, UsageError, type CliIO, type Command } from './io.ts';

interface Entry {
  readonly summary: string;
  readonly load: () => Promise<Command>;
}

/** name → summary and loader; keep sorted. */
const commands: Record<string, Entry> = {
  checkpoint: {
    summary: "checkpoints: export a node's, show one",
    load: async () => (await import('./commands/checkpoint.ts')).checkpointCommand,
  },
  devnet: {
    summary: 'a local devnet: a PoET and N smeshing nodes as processes (devnet --nodes N)',
    load: async () => (await import('./commands/devnet.ts')).devnetCommand,
  },
  node: {
    summary: 'run a full node over libp2p (node --data-dir D --preset P [--smesh])',
    load: async () => (await import('./commands/node.ts')).nodeCommand,
  },
  poet: {
    summary: 'run a PoET server (proof of elapsed time)',
    load: async () => (await import('./commands/poet.ts')).poetCommand,
  },
  post: {
    summary: 'proof-of-space data (post init | prove | verify | label)',
    load: async () => (await import('./commands/post.ts')).postCommand,
  },
  sim: {
    summary: 'deterministic multi-node simulation (sim --nodes N --epochs E --seed S)',
    load: async () => (await import('./commands/sim.ts')).simCommand,
  },
  tx: {
    summary: 'inspect transactions (tx parse <hex>)',
    load: async () => (await import('./commands/tx.ts')).txCommand,
  },
  wallet: {
    summary: 'encrypted keystore, accounts, addresses, message signing (wallet create | list | …)',
    load: async () => (await import('./commands/wallet.ts')).walletCommand,
  },
};

function help(): string {
  const all = Object.entries(commands);
  const width = Math.max(...all.map(([name]) => name.length));
  return [
    `smesh ${VERSION} — Spacemesh node, PoET, devnet and wallet`,
    '',
    'Usage: smesh <command> [options]',
    '',
    'Commands:',
    ...all.map(([name, e]) => `  ${name.padEnd(width)}  ${e.summary}`),
    '',
    'Options:',
    '  --help, -h     show this help (or `smesh <command> --help`)',
    '  --version, -v  print the version',
  ].join('\n');
}

export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') {
    io.out(VERSION);
    return 0;
  }
  if (first === undefined || first === '--help' || first === '-h' || first === 'help') {
    io.out(help());
    return first === undefined ? 2 : 0;
  }
  const entry = Object.hasOwn(commands, first) ? commands[first] : undefined;
  if (!entry) {
    io.err(`smesh: unknown command '${first}'\n\n${help()}`);
    return 2;
  }
  const cmd = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(cmd.usage);
    return 0;
  }
  try {
    return await cmd.run(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`smesh ${cmd.name}: ${e.message}\n\n${cmd.usage}`);
      return 2;
    }
    io.err(`smesh ${cmd.name}: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
}
