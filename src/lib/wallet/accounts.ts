// The keys and accounts inside an unlocked wallet (keystore.ts reads and writes the file): new
// wallets from a mnemonic, the next HD key, listing and finding keys. Key and account records
// follow smapp-lite (src/types/wallet.ts, src/utils/wallet.ts): one single-signature wallet
// account per key, named "Main Account" for the first.
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeAddress } from '../crypto/address.ts';
import { principalOf, TEMPLATES } from '../vm/tx/index.ts';
import { KeystoreError } from './errors.ts';
import { deriveKey, spacemeshPath } from './hd.ts';
import { hexField, type KeyPair, type UnlockedWallet, type WalletAccount } from './keystore.ts';
import { mnemonicToSeed, validateMnemonic } from './mnemonic.ts';
import { HARDENED_OFFSET, parsePath } from './slip10.ts';

/** smapp-lite's default names: "Key n" for key n, "Main Account" for the first account. */
export function defaultKeyName(index: number): string {
  return `Key ${index}`;
}

/** HD index of a key at m/44'/540'/0'/0'/index', or undefined for any other path. */
export function hdIndexOf(key: KeyPair): number | undefined {
  if (key.path === undefined) return undefined;
  try {
    const index = (parsePath(key.path)[4] ?? 0) - HARDENED_OFFSET;
    return index >= 0 && key.path === spacemeshPath(0, index) ? index : undefined;
  } catch {
    return undefined;
  }
}

export interface NewWalletParams {
  readonly mnemonic: string;
  readonly displayName: string;
  /** ISO timestamp; the host passes its clock's time. */
  readonly created: string;
  /** How many keys to derive (indices 0..n-1); 1 unless restoring a wallet that had more. */
  readonly keys?: number;
}

/** A new wallet with keys m/44'/540'/0'/0'/i' and a single-signature account per key. */
export async function newWallet(params: NewWalletParams): Promise<UnlockedWallet> {
  validateMnemonic(params.mnemonic);
  const count = params.keys ?? 1;
  if (!Number.isSafeInteger(count) || count < 1 || count > 1000)
    throw new RangeError('keys must be 1..1000');
  let wallet: UnlockedWallet = {
    meta: { displayName: params.displayName, created: params.created },
    secrets: { mnemonic: params.mnemonic, keys: [], accounts: [], contacts: [] },
  };
  const seed = await mnemonicToSeed(params.mnemonic);
  for (let i = 0; i < count; i++) {
    wallet = addKeyFromSeed(wallet, seed, i, defaultKeyName(i), params.created);
  }
  return wallet;
}

function addKeyFromSeed(
  wallet: UnlockedWallet,
  seed: Uint8Array,
  index: number,
  name: string,
  created: string,
): UnlockedWallet {
  const d = deriveKey(seed, 0, index);
  const publicKey = bytesToHex(d.publicKey);
  const key: KeyPair = {
    displayName: name,
    created,
    path: d.path,
    publicKey,
    secretKey: bytesToHex(d.secretKey) + publicKey,
  };
  const account: WalletAccount = {
    displayName: wallet.secrets.accounts.length === 0 ? 'Main Account' : name,
    templateAddress: bytesToHex(TEMPLATES.wallet.address),
    spawnArguments: { PublicKey: publicKey },
  };
  const s = wallet.secrets;
  return {
    meta: wallet.meta,
    secrets: { ...s, keys: [...s.keys, key], accounts: [...s.accounts, account] },
  };
}

/** Adds the next HD key (one past the highest index in the wallet) with its wallet account. */
export async function addAccount(
  wallet: UnlockedWallet,
  params: { readonly name?: string; readonly created: string },
): Promise<UnlockedWallet> {
  const keys = wallet.secrets.keys;
  const used = keys.map(hdIndexOf).filter((i) => i !== undefined);
  let index = used.length === 0 ? 0 : Math.max(...used) + 1;
  const seed = await mnemonicToSeed(wallet.secrets.mnemonic);
  // Keys smapp recorded under other path spellings may already hold the next index's key.
  const have = new Set(keys.map((k) => k.publicKey.toLowerCase().replace(/^0x/, '')));
  while (have.has(bytesToHex(deriveKey(seed, 0, index).publicKey))) index++;
  const name = params.name ?? defaultKeyName(index);
  if (keys.some((k) => k.displayName === name))
    throw new KeystoreError('duplicate-account', `a key named "${name}" exists already`);
  return addKeyFromSeed(wallet, seed, index, name, params.created);
}

export interface AccountInfo {
  /** Position in the key list: what `--account N` selects. */
  readonly position: number;
  readonly name: string;
  readonly path: string | null;
  readonly publicKey: string;
  /** Bech32 address of the single-signature wallet account this key owns. */
  readonly address: string;
  readonly canSign: boolean;
}

export function describeKey(key: KeyPair, position: number, hrp: string): AccountInfo {
  const publicKey = hexField(key.publicKey, 'publicKey');
  return {
    position,
    name: key.displayName,
    path: key.path ?? null,
    publicKey: bytesToHex(publicKey),
    address: encodeAddress(principalOf('wallet', { publicKey }), hrp),
    canSign: key.secretKey !== undefined,
  };
}

export function listAccounts(wallet: UnlockedWallet, hrp: string): AccountInfo[] {
  return wallet.secrets.keys.map((k, i) => describeKey(k, i, hrp));
}

/** A key by exact name, or by position when `ref` is a decimal number no key is named. */
export function findKey(wallet: UnlockedWallet, ref: string): { key: KeyPair; position: number } {
  const keys = wallet.secrets.keys;
  const byName = keys.findIndex((k) => k.displayName === ref);
  const position = byName >= 0 ? byName : /^(0|[1-9]\d*)$/.test(ref) ? Number(ref) : -1;
  const key = keys[position];
  if (key === undefined) throw new KeystoreError('unknown-account', `no account "${ref}"`);
  return { key, position };
}

/** The 32-byte ed25519 seed of a key, for signing. */
export function secretKeyOf(key: KeyPair): Uint8Array {
  if (key.secretKey === undefined)
    throw new KeystoreError('no-secret-key', `key "${key.displayName}" has no secret key here`);
  return hexField(key.secretKey, 'secretKey').slice(0, 32);
}
