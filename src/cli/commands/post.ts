// `smesh post <subcommand>`: PoST data tools modelled on postcli. Subcommands are a table of
// lazily loaded entries, so adding one (prove, verify) is one entry here.
import { UsageError, type CliIO, type Command } from '../io.ts';

interface Subcommand {
  readonly summary: string;
  readonly load: () => Promise<{
    readonly usage: string;
    readonly run: (args: string[], io: CliIO) => Promise<number>;
  }>;
}

/** name → summary and loader. */
export const postSubcommands: Record<string, Subcommand> = {
  init: {
    summary: 'initialize (or resume) PoST data in a directory',
    load: async () => {
      const m = await import('../post/init-command.ts');
      return { usage: m.initUsage, run: m.runInit };
    },
  },
  label: {
    summary: "compute one label's scrypt output (inspection aid)",
    load: async () => {
      const m = await import('../post/label-command.ts');
      return { usage: m.labelUsage, run: m.runLabel };
    },
  },
  prove: {
    summary: 'prove the data is held for a challenge (proof JSON on stdout)',
    load: async () => {
      const m = await import('../post/prove-verify.ts');
      return { usage: m.proveUsage, run: m.runProve };
    },
  },
  verify: {
    summary: 'verify a proof against the data directory metadata (exit 0 valid, 1 invalid)',
    load: async () => {
      const m = await import('../post/prove-verify.ts');
      return { usage: m.verifyUsage, run: m.runVerify };
    },
  },
};

function usage(): string {
  const all = Object.entries(postSubcommands);
  const width = Math.max(...all.map(([n]) => n.length));
  return [
    'Usage: smesh post <subcommand> [options]',
    "       smesh post help <subcommand>   (that subcommand's options)",
    '',
    'Subcommands:',
    ...all.map(([n, s]) => `  ${n.padEnd(width)}  ${s.summary}`),
  ].join('\n');
}

export const postCommand: Command = {
  name: 'post',
  summary: 'proof-of-space data: init, label',
  get usage() {
    return usage();
  },
  async run(args, io) {
    const [name, ...rest] = args;
    if (name === undefined) throw new UsageError('missing subcommand');
    if (name === 'help') {
      const which = rest[0];
      if (which === undefined) {
        io.out(usage());
        return 0;
      }
      const s = Object.hasOwn(postSubcommands, which) ? postSubcommands[which] : undefined;
      if (!s) throw new UsageError(`unknown subcommand '${which}'`);
      io.out((await s.load()).usage);
      return 0;
    }
    const sub = Object.hasOwn(postSubcommands, name) ? postSubcommands[name] : undefined;
    if (!sub) throw new UsageError(`unknown subcommand '${name}'`);
    const cmd = await sub.load();
    try {
      return await cmd.run(rest, io);
    } catch (e) {
      // Show the subcommand's own usage rather than the whole command's.
      if (e instanceof UsageError) {
        io.err(`smesh post ${name}: ${e.message}\n\n${cmd.usage}`);
        return 2;
      }
      throw e;
    }
  },
};
