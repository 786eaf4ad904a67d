// What every `smesh wallet` subcommand shares: the host seam (environment, terminal, clock),
// the options common to all, password and network resolution, and one-line failures.
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { HRP } from '../../lib/crypto/address.ts';
import { isPresetName, presets, PRESET_NAMES } from '../../lib/config/presets.ts';
import { UsageError, type CliIO } from '../io.ts';
import { askTerminal } from './prompt.ts';

/** The host around the wallet commands; tests pass their own. */
export interface WalletHost {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly homeDir: string;
  /** Whether a person can be asked (stdin is a terminal). */
  readonly stdinIsTTY: boolean;
  /** Asks on the terminal, prompting on stderr; `hidden` echoes nothing. */
  ask(question: string, hidden: boolean): Promise<string>;
  now(): Date;
  /** PBKDF2 iterations for files this run writes; the keystore default when absent. */
  readonly kdfIterations?: number;
  /** Waits between polls of `--wait` (tests pass a fast one); setTimeout when absent. */
  sleep?(ms: number): Promise<void>;
  /** HTTP for `--node`; the global fetch when absent. */
  readonly fetch?: typeof fetch;
}

export const processHost: WalletHost = {
  env: process.env,
  homeDir: homedir(),
  stdinIsTTY: Boolean(process.stdin.isTTY),
  ask: askTerminal,
  now: () => new Date(),
};

/** A failure worth one line on stderr and exit code 1. */
export class WalletFailure extends Error {
  override readonly name = 'WalletFailure';
  readonly reason: string;
  constructor(reason: string, message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Options every subcommand that opens the keystore takes. */
export const keystoreSpec = {
  keystore: { type: 'string' },
  'password-file': { type: 'string' },
  json: { type: 'boolean' },
} as const;

export const networkSpec = {
  hrp: { type: 'string' },
  network: { type: 'string' },
} as const;

export type Options = Record<string, string | boolean | undefined>;

export function str(options: Options, name: string): string | undefined {
  const v = options[name];
  return typeof v === 'string' ? v : undefined;
}

/** Address prefix from --hrp or --network (a preset name); mainnet's "sm" by default. */
export function resolveHrp(options: Options): string {
  const hrp = str(options, 'hrp');
  const network = str(options, 'network');
  if (hrp !== undefined && network !== undefined)
    throw new UsageError('--hrp and --network exclude each other');
  if (network !== undefined) {
    if (!isPresetName(network))
      throw new UsageError(`unknown --network '${network}' (expected ${PRESET_NAMES.join(', ')})`);
    return presets[network].hrp;
  }
  if (hrp === undefined) return HRP.mainnet;
  if (!(Object.values(HRP) as string[]).includes(hrp))
    throw new UsageError(`unknown --hrp '${hrp}' (expected ${Object.values(HRP).join(', ')})`);
  return hrp;
}

async function readSecretFile(path: string, what: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new WalletFailure('io', `cannot read ${what} ${path}: ${(e as Error).message}`);
  }
  return text;
}

/** The password: first line of --password-file, else asked on the terminal. */
export async function getPassword(
  options: Options,
  host: WalletHost,
  mode: 'existing' | 'new',
): Promise<string> {
  const file = str(options, 'password-file');
  let password: string;
  if (file !== undefined) {
    password = (await readSecretFile(file, 'password file')).split(/\r?\n/)[0] ?? '';
  } else if (host.stdinIsTTY) {
    password = await host.ask(mode === 'new' ? 'New password: ' : 'Password: ', true);
    if (mode === 'new' && password !== '') {
      const again = await host.ask('Repeat password: ', true);
      if (again !== password) throw new WalletFailure('password-mismatch', 'passwords differ');
    }
  } else {
    throw new UsageError('no terminal to ask for the password: pass --password-file');
  }
  if (password === '') throw new WalletFailure('empty-password', 'the password is empty');
  return password;
}

export async function readTextFile(path: string, what: string): Promise<string> {
  return readSecretFile(path, what);
}

/** Prints `json` with --json, else the human lines. */
export function emit(io: CliIO, options: Options, json: unknown, human: () => string): void {
  io.out(options.json ? JSON.stringify(json, null, 2) : human());
}
