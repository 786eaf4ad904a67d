// Where the keystore lives and how it is written: never in place. A new file is written next
// to the target, flushed, then renamed over it (or hard-linked when the target must not exist
// yet), so a crash or a failed command leaves the old file whole.
import { randomBytes } from 'node:crypto';
import { access, link, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { parseKeystore, serializeKeystore, type KeystoreFile } from '../../lib/wallet/keystore.ts';
import { str, WalletFailure, type Options, type WalletHost } from './context.ts';

export const KEYSTORE_FILE = 'wallet.json';

/** --keystore, else $SMESH_HOME/wallet.json, else ~/.smesh/wallet.json. */
export function keystorePath(options: Options, host: WalletHost): string {
  const explicit = str(options, 'keystore');
  if (explicit !== undefined) return resolve(explicit);
  const home = host.env.SMESH_HOME;
  return resolve(
    home !== undefined && home !== '' ? home : join(host.homeDir, '.smesh'),
    KEYSTORE_FILE,
  );
}

function code(e: unknown): string | undefined {
  return (e as { code?: string }).code;
}

export async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    if (code(e) === 'ENOENT')
      throw new WalletFailure(
        'no-keystore',
        what === 'keystore'
          ? `no keystore at ${path} (create one: smesh wallet create)`
          : `no ${what} at ${path}`,
      );
    throw new WalletFailure('io', `cannot read ${what} ${path}: ${(e as Error).message}`);
  }
}

/** Reads and checks the keystore at `path` (structure only; unlocking needs the password). */
export async function loadKeystore(path: string): Promise<{ file: KeystoreFile; text: string }> {
  const text = await readText(path, 'keystore');
  return { file: parseKeystore(text), text };
}

/** Fails early (before any prompt) when `path` exists; writeFileAtomic checks again for real. */
export async function refuseExisting(path: string): Promise<void> {
  const there = await access(path).then(
    () => true,
    () => false,
  );
  if (there)
    throw new WalletFailure('exists', `${path} exists already (pass --force to replace it)`);
}

/**
 * Writes `text` to `path` via a temporary file. `overwrite: false` fails with 'exists' when
 * `path` is there (checked atomically by link(2), not by a racy stat).
 */
export async function writeFileAtomic(
  path: string,
  text: string,
  opts: { overwrite: boolean },
): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fh = await open(tmp, 'wx', 0o600);
  try {
    try {
      await fh.writeFile(text, 'utf8');
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (opts.overwrite) {
      await rename(tmp, path);
      return;
    }
    try {
      await link(tmp, path);
    } catch (e) {
      if (code(e) === 'EEXIST')
        throw new WalletFailure('exists', `${path} exists already (pass --force to replace it)`);
      throw e;
    }
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

export async function saveKeystore(
  path: string,
  file: KeystoreFile,
  opts: { overwrite: boolean },
): Promise<void> {
  await writeFileAtomic(path, serializeKeystore(file), opts);
}
