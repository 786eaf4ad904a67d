// `smesh wallet export | import`: moving the keystore file to and from smapp, smapp-lite and
// the Smesh app. The file is copied as it is (it stays encrypted); import unlocks it first, so
// a file that the password does not open never replaces a working keystore.
import { resolve } from 'node:path';
import { parseKeystore, unlockKeystore } from '../../lib/wallet/keystore.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO } from '../io.ts';
import { emit, getPassword, keystoreSpec, type WalletHost } from './context.ts';
import { keystorePath, loadKeystore, readText, refuseExisting, writeFileAtomic } from './store.ts';

export async function exportKeystore(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, {
    keystore: keystoreSpec.keystore,
    json: keystoreSpec.json,
    force: { type: 'boolean' },
  });
  if (positionals.length > 1) throw new UsageError('wallet export takes at most one path');
  const target = positionals[0];
  if (target === undefined && options.json)
    throw new UsageError('--json needs a target path (the file is JSON already)');
  const { file, text } = await loadKeystore(keystorePath(options, host));
  if (target === undefined) {
    io.out(text);
    return 0;
  }
  const path = resolve(target);
  await writeFileAtomic(path, text, { overwrite: options.force === true });
  emit(io, options, { exported: path, wallet: file.meta.displayName }, () => `Exported to ${path}`);
  return 0;
}

export async function importKeystore(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, {
    ...keystoreSpec,
    force: { type: 'boolean' },
  });
  if (positionals.length !== 1) throw new UsageError('wallet import takes exactly one file');
  const source = resolve(positionals[0]!);
  const text = await readText(source, 'wallet file');
  const file = parseKeystore(text);
  const path = keystorePath(options, host);
  if (options.force !== true) await refuseExisting(path);
  const wallet = await unlockKeystore(file, await getPassword(options, host, 'existing'));
  await writeFileAtomic(path, text, { overwrite: options.force === true });
  const keys = wallet.secrets.keys.length;
  emit(
    io,
    options,
    { keystore: path, wallet: wallet.meta.displayName, keys },
    () => `Imported "${wallet.meta.displayName}" (${keys} keys) to ${path}`,
  );
  return 0;
}
