// Small strict argument parser: `--name value`, `--name=value`, boolean `--flag`, positionals.
// Unknown options are a UsageError, never silently ignored.
import { UsageError } from './io.ts';

export interface OptionSpec {
  /** 'string' takes a value; 'boolean' is a flag. */
  readonly type: 'string' | 'boolean';
  readonly required?: boolean;
}

export interface ParsedArgs {
  readonly options: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

export function parseArgs(argv: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const options: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq === -1 ? arg.slice(2) : arg.slice(2, eq);
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option --${name}`);
    if (name in options) throw new UsageError(`option --${name} given twice`);
    if (s.type === 'boolean') {
      if (eq !== -1) throw new UsageError(`option --${name} takes no value`);
      options[name] = true;
    } else if (eq !== -1) {
      options[name] = arg.slice(eq + 1);
    } else {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--'))
        throw new UsageError(`option --${name} needs a value`);
      options[name] = v;
    }
  }
  for (const [name, s] of Object.entries(spec)) {
    if (s.required && options[name] === undefined) throw new UsageError(`missing --${name}`);
  }
  return { options, positionals };
}
