// `smesh wallet create | restore | list | new-account | address`: the keystore's keys.
import {
  generateMnemonic,
  normalizeMnemonic,
  type MnemonicLength,
} from '../../lib/wallet/mnemonic.ts';
import {
  addAccount,
  describeKey,
  findKey,
  listAccounts,
  newWallet,
  type AccountInfo,
} from '../../lib/wallet/accounts.ts';
import {
  DEFAULT_KDF_ITERATIONS,
  sealKeystore,
  unlockKeystore,
  type UnlockedWallet,
} from '../../lib/wallet/keystore.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO } from '../io.ts';
import {
  emit,
  getPassword,
  keystoreSpec,
  networkSpec,
  readTextFile,
  resolveHrp,
  str,
  type Options,
  type WalletHost,
} from './context.ts';
import { keystorePath, loadKeystore, refuseExisting, saveKeystore } from './store.ts';

const DEFAULT_WALLET_NAME = 'My Spacemesh Wallet'; // smapp-lite's default

function noPositionals(positionals: string[], sub: string): void {
  if (positionals.length > 0) throw new UsageError(`wallet ${sub} takes no arguments`);
}

function accountLine(a: AccountInfo): string {
  const path = a.path ?? '(imported key)';
  const sign = a.canSign ? '' : '  [no secret key]';
  return `${String(a.position).padStart(3)}  ${a.name}  ${a.address}  ${path}${sign}`;
}

function seal(wallet: UnlockedWallet, password: string, host: WalletHost) {
  return sealKeystore(wallet, password, {
    iterations: host.kdfIterations ?? DEFAULT_KDF_ITERATIONS,
  });
}

const createSpec = {
  ...keystoreSpec,
  ...networkSpec,
  words: { type: 'string' },
  name: { type: 'string' },
  force: { type: 'boolean' },
} as const;

async function writeNew(
  options: Options,
  host: WalletHost,
  io: CliIO,
  mnemonic: string,
  keys: number,
  shown: boolean,
): Promise<number> {
  const hrp = resolveHrp(options);
  const path = keystorePath(options, host);
  const wallet = await newWallet({
    mnemonic,
    displayName: str(options, 'name') ?? DEFAULT_WALLET_NAME,
    created: host.now().toISOString(),
    keys,
  });
  if (options.force !== true) await refuseExisting(path);
  const password = await getPassword(options, host, 'new');
  await saveKeystore(path, await seal(wallet, password, host), {
    overwrite: options.force === true,
  });
  const accounts = listAccounts(wallet, hrp);
  const json = { keystore: path, ...(shown ? { mnemonic } : {}), accounts };
  emit(io, options, json, () =>
    [
      `Wallet "${wallet.meta.displayName}" written to ${path}`,
      ...(shown
        ? [
            '',
            'Recovery phrase. It is shown only this once: write it down and keep it offline.',
            'Anyone who has it controls the funds; without it a lost password loses them.',
            '',
            `  ${mnemonic}`,
            '',
          ]
        : []),
      'Accounts:',
      ...accounts.map(accountLine),
    ].join('\n'),
  );
  return 0;
}

export async function create(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, createSpec);
  noPositionals(positionals, 'create');
  const words = str(options, 'words') ?? '24';
  if (words !== '12' && words !== '24') throw new UsageError('--words must be 12 or 24');
  resolveHrp(options); // usage errors before asking for anything
  const mnemonic = generateMnemonic(Number(words) as MnemonicLength);
  return writeNew(options, host, io, mnemonic, 1, true);
}

const restoreSpec = {
  ...createSpec,
  'mnemonic-file': { type: 'string' },
  accounts: { type: 'string' },
} as const;

export async function restore(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, restoreSpec);
  noPositionals(positionals, 'restore');
  if (options.words !== undefined) throw new UsageError('--words is for create');
  const count = str(options, 'accounts') ?? '1';
  if (!/^[1-9]\d{0,2}$/.test(count)) throw new UsageError('--accounts must be 1..999');
  resolveHrp(options);
  const file = str(options, 'mnemonic-file');
  let typed: string;
  if (file !== undefined) typed = await readTextFile(file, 'mnemonic file');
  else if (host.stdinIsTTY) typed = await host.ask('Recovery phrase: ', true);
  else throw new UsageError('no terminal to ask for the phrase: pass --mnemonic-file');
  return writeNew(options, host, io, normalizeMnemonic(typed), Number(count), false);
}

/** Reads the keystore at the resolved path and unlocks it with the password. */
export async function unlock(
  options: Options,
  host: WalletHost,
): Promise<{ wallet: UnlockedWallet; path: string }> {
  const path = keystorePath(options, host);
  const { file } = await loadKeystore(path);
  const password = await getPassword(options, host, 'existing');
  return { wallet: await unlockKeystore(file, password), path };
}

export async function list(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, { ...keystoreSpec, ...networkSpec });
  noPositionals(positionals, 'list');
  const hrp = resolveHrp(options);
  const { wallet } = await unlock(options, host);
  const accounts = listAccounts(wallet, hrp);
  emit(io, options, { wallet: wallet.meta.displayName, accounts }, () =>
    [`Wallet "${wallet.meta.displayName}"`, ...accounts.map(accountLine)].join('\n'),
  );
  return 0;
}

export async function newAccount(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, {
    ...keystoreSpec,
    ...networkSpec,
    name: { type: 'string' },
  });
  noPositionals(positionals, 'new-account');
  const hrp = resolveHrp(options);
  const path = keystorePath(options, host);
  const { file } = await loadKeystore(path);
  const password = await getPassword(options, host, 'existing');
  const before = await unlockKeystore(file, password);
  const name = str(options, 'name');
  const after = await addAccount(before, {
    created: host.now().toISOString(),
    ...(name === undefined ? {} : { name }),
  });
  await saveKeystore(path, await seal(after, password, host), { overwrite: true });
  const position = after.secrets.keys.length - 1;
  const info = describeKey(after.secrets.keys[position]!, position, hrp);
  emit(io, options, info, () => `New account:\n${accountLine(info)}`);
  return 0;
}

export async function address(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, {
    ...keystoreSpec,
    ...networkSpec,
    account: { type: 'string' },
  });
  if (positionals.length > 1) throw new UsageError('wallet address takes at most one account');
  if (positionals.length === 1 && options.account !== undefined)
    throw new UsageError('give the account as an argument or with --account, not both');
  const hrp = resolveHrp(options);
  const { wallet } = await unlock(options, host);
  const { key, position } = findKey(wallet, positionals[0] ?? str(options, 'account') ?? '0');
  const info = describeKey(key, position, hrp);
  emit(io, options, info, () => info.address);
  return 0;
}
