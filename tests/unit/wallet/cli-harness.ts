// Running `smesh wallet` in-process for the online tests: a host with a password file, fast
// key derivation and the real clock, and a runner that maps UsageError to exit code 2 as main()
// does. Keystores are restored from fixed phrases so addresses are the same every run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeWalletCommand } from '../../../src/cli/commands/wallet.ts';
import { UsageError } from '../../../src/cli/io.ts';
import type { WalletHost } from '../../../src/cli/wallet/context.ts';
import { captureIO } from '../cli/capture.ts';

export const PHRASE_A =
  'film theme cheese broken kingdom destroy inch ready wear inspire shove pudding';
export const PHRASE_B =
  'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

export interface Run {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

export function testHost(extra: Partial<WalletHost> = {}): WalletHost {
  return {
    env: {},
    homeDir: '/nonexistent',
    stdinIsTTY: false,
    ask: () => Promise.reject(new Error('unexpected prompt')),
    now: () => new Date(),
    kdfIterations: 1000,
    ...extra,
  };
}

export async function runWallet(h: WalletHost, ...argv: string[]): Promise<Run> {
  const io = captureIO();
  let code: number;
  try {
    code = await makeWalletCommand(h).run(argv, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(e.message);
    code = 2;
  }
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

export interface TestWallet {
  /** --keystore K --password-file P */
  readonly flags: readonly string[];
  readonly dir: string;
}

/** A keystore restored from `phrase` (with `accounts` keys) in a new directory under `root`. */
export async function restoreWallet(
  h: WalletHost,
  root: string,
  phrase: string,
  accounts = 1,
): Promise<TestWallet> {
  const dir = mkdtempSync(join(root, 'w-'));
  writeFileSync(join(dir, 'pw'), 'pw\n');
  writeFileSync(join(dir, 'phrase'), phrase + '\n');
  const flags = ['--keystore', join(dir, 'wallet.json'), '--password-file', join(dir, 'pw')];
  const r = await runWallet(
    h,
    'restore',
    ...flags,
    '--mnemonic-file',
    join(dir, 'phrase'),
    '--accounts',
    String(accounts),
    '--json',
  );
  if (r.code !== 0) throw new Error(`restore failed: ${r.err}`);
  return { flags, dir };
}

export function json<T = Record<string, unknown>>(r: Run): T {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.err}\n${r.out}`);
  return JSON.parse(r.out) as T;
}
