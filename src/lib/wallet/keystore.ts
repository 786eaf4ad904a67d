// Encrypted wallet keystore, in the wallet-file format of Spacemesh's own wallets so files move
// between them: smapp (desktop/main/walletFile.ts, desktop/aes-gcm.ts) and smapp-lite
// (src/utils/aes-gcm.ts, src/types/wallet.ts) both read
//   { meta: { displayName, created, … }, crypto: { cipher: 'AES-GCM', cipherText, cipherParams:
//     { iv }, kdf: 'PBKDF2', kdfparams: { dklen: 256, hash: 'SHA-512', iterations, salt } } }
// where the key is PBKDF2-HMAC-SHA-512(UTF-8 password, 16-byte salt) and the plaintext is the
// JSON of { mnemonic, keys, accounts, contacts }. Like theirs, the 12-byte IV is
// HMAC-SHA-512(key, plaintext)[0:12] (a synthetic IV: a fresh salt gives a fresh key each save,
// so an IV repeats only with the very same key and plaintext). We add a top-level `version`;
// files without it (written by smapp/smapp-lite) are read as version 1. smapp-lite now saves
// with Argon2id + AES-256-CTR + HMAC-SHA-256 (src/utils/aes-ctr-argon2.ts); we read that too,
// and write AES-GCM, which smapp-lite still opens. Everything goes through WebCrypto and noble,
// so this file runs in browsers and under Node alike.
import { ed25519 } from '@noble/curves/ed25519.js';
import { argon2idAsync } from '@noble/hashes/argon2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { TEMPLATES } from '../vm/tx/index.ts';
import { equalBytes } from '../bytes.ts';
import { InvalidMnemonicError, KeystoreError } from './errors.ts';
import { validateMnemonic } from './mnemonic.ts';

export const KEYSTORE_VERSION = 1;
export const CIPHER = 'AES-GCM';
export const KDF = 'PBKDF2';
export const ARGON2_CIPHER = 'AES-256-CTR';
export const ARGON2_KDF = 'ARGON2';
/** Bounds on smapp-lite's Argon2 parameters (it writes t=7, m=64 MiB, p=1). */
const ARGON2_MAX_ITERATIONS = 100;
const ARGON2_MAX_MEMORY_KIB = 2 ** 18;
const ARGON2_MAX_PARALLELISM = 16;
/** OWASP's figure for PBKDF2-HMAC-SHA-512 (smapp writes 120 000; files carry their own count). */
export const DEFAULT_KDF_ITERATIONS = 210_000;
/** Upper bound on a file's iteration count, so a hostile file cannot stall the reader. */
export const MAX_KDF_ITERATIONS = 10_000_000;
const KDF_DKLEN = 256; // bits, as smapp writes it
const SALT_LENGTH = 16;
const IV_LENGTH = 12;
const TAG_LENGTH = 16;

export interface GcmEncrypted {
  readonly cipher: typeof CIPHER;
  readonly cipherText: string;
  readonly cipherParams: { readonly iv: string };
  readonly kdf: typeof KDF;
  readonly kdfparams: {
    readonly dklen: number;
    readonly hash: 'SHA-512';
    readonly iterations: number;
    readonly salt: string;
  };
}

/** smapp-lite's current format (src/utils/aes-ctr-argon2.ts); read, never written. */
export interface Argon2CtrEncrypted {
  readonly cipher: typeof ARGON2_CIPHER;
  readonly cipherText: string;
  readonly cipherParams: { readonly iv: string };
  readonly kdf: typeof ARGON2_KDF;
  readonly kdfparams: {
    readonly salt: string;
    readonly iterations: number;
    /** KiB */
    readonly memorySize: number;
    readonly parallelism: number;
  };
  /** hex HMAC-SHA-256 of the plaintext, keyed with the ASCII hex of the Argon2 key */
  readonly mac: string;
}

export type EncryptedSecrets = GcmEncrypted | Argon2CtrEncrypted;

/** Public part of the file; smapp adds fields (type, genesisID, remoteApi) that we keep. */
export interface WalletMeta {
  readonly displayName: string;
  readonly created: string;
  readonly [field: string]: unknown;
}

export interface KeystoreFile {
  readonly version?: number;
  readonly meta: WalletMeta;
  readonly crypto: EncryptedSecrets;
}

/** smapp-lite's KeyPair: keys are hex without 0x; secretKey is seed ‖ public key (64 bytes). */
export interface KeyPair {
  readonly displayName: string;
  readonly created: string;
  readonly path?: string;
  readonly publicKey: string;
  readonly secretKey?: string;
  readonly [field: string]: unknown;
}

/** smapp-lite's Account: a template and its spawn arguments (the address follows from them). */
export interface WalletAccount {
  readonly displayName: string;
  readonly templateAddress: string;
  readonly spawnArguments: Readonly<Record<string, unknown>>;
}

export interface WalletSecrets {
  readonly mnemonic: string;
  readonly keys: readonly KeyPair[];
  readonly accounts: readonly WalletAccount[];
  readonly contacts: readonly unknown[];
  readonly [field: string]: unknown;
}

/** A decrypted wallet: what unlock returns and seal encrypts again. */
export interface UnlockedWallet {
  readonly meta: WalletMeta;
  readonly secrets: WalletSecrets;
}

export interface SealOptions {
  readonly iterations?: number;
  /** Fixed salt for reproducible files in tests; fresh random bytes otherwise. */
  readonly salt?: Uint8Array;
}

const subtle = (): SubtleCrypto => globalThis.crypto.subtle;
/** A copy backed by a plain ArrayBuffer, which is what WebCrypto's BufferSource accepts. */
const own = (b: Uint8Array): Uint8Array<ArrayBuffer> => new Uint8Array(b);
const utf8 = new TextEncoder();

function fail(reason: 'malformed' | 'bad-kdf-params' | 'bad-secrets', message: string): never {
  throw new KeystoreError(reason, message);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Hex (with or without 0x) as bytes; 'malformed' otherwise. */
export function hexField(v: unknown, what: string): Uint8Array {
  if (typeof v !== 'string' || v.length % 2 !== 0 || !/^(0x)?[0-9a-fA-F]*$/.test(v))
    fail('malformed', `${what} is not hex`);
  return hexToBytes(v.startsWith('0x') ? v.slice(2) : v);
}

function checkIterations(n: unknown): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 1 || n > MAX_KDF_ITERATIONS)
    fail('bad-kdf-params', `iterations must be an integer in 1..${MAX_KDF_ITERATIONS}`);
  return n;
}

async function deriveAesKey(password: string, salt: Uint8Array, iterations: number) {
  const material = await subtle().importKey('raw', utf8.encode(password), 'PBKDF2', false, [
    'deriveBits',
  ]);
  const bits = await subtle().deriveBits(
    { name: 'PBKDF2', hash: 'SHA-512', salt: new Uint8Array(salt), iterations },
    material,
    KDF_DKLEN,
  );
  return new Uint8Array(bits);
}

async function syntheticIv(rawKey: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  const mac = await subtle().importKey(
    'raw',
    own(rawKey),
    { name: 'HMAC', hash: 'SHA-512' },
    false,
    ['sign'],
  );
  const full = await subtle().sign('HMAC', mac, new Uint8Array(plaintext));
  return new Uint8Array(full).slice(0, IV_LENGTH);
}

async function aesKey(raw: Uint8Array, use: 'encrypt' | 'decrypt'): Promise<CryptoKey> {
  return subtle().importKey('raw', own(raw), 'AES-GCM', false, [use]);
}

/** Encrypts `plaintext` under `password` the way smapp does. */
export async function encryptGcm(
  plaintext: string,
  password: string,
  options: SealOptions = {},
): Promise<GcmEncrypted> {
  const iterations = checkIterations(options.iterations ?? DEFAULT_KDF_ITERATIONS);
  const salt = options.salt ?? globalThis.crypto.getRandomValues(new Uint8Array(SALT_LENGTH));
  if (salt.length !== SALT_LENGTH) fail('bad-kdf-params', `salt must be ${SALT_LENGTH} bytes`);
  const raw = await deriveAesKey(password, salt, iterations);
  const data = utf8.encode(plaintext);
  const iv = await syntheticIv(raw, data);
  const sealed = await subtle().encrypt(
    { name: 'AES-GCM', iv: own(iv), tagLength: TAG_LENGTH * 8 },
    await aesKey(raw, 'encrypt'),
    data,
  );
  return {
    cipher: CIPHER,
    cipherText: bytesToHex(new Uint8Array(sealed)),
    cipherParams: { iv: bytesToHex(iv) },
    kdf: KDF,
    kdfparams: { dklen: KDF_DKLEN, hash: 'SHA-512', iterations, salt: bytesToHex(salt) },
  };
}

/**
 * Checks the shape and parameters of an encrypted section. Throws 'unsupported-cipher' for
 * formats we recognise but do not read, 'bad-kdf-params' for out-of-range values.
 */
export function checkEncrypted(c: unknown): EncryptedSecrets {
  if (!isRecord(c)) fail('malformed', 'crypto is not an object');
  if (c.cipher === ARGON2_CIPHER && c.kdf === ARGON2_KDF) return checkArgon2(c);
  if (c.cipher !== CIPHER || c.kdf !== KDF) {
    throw new KeystoreError(
      'unsupported-cipher',
      `unsupported encryption ${String(c.cipher)} / ${String(c.kdf ?? 'no kdf')} (smesh reads` +
        ' AES-GCM with PBKDF2 and AES-256-CTR with Argon2; open older files in smapp first)',
    );
  }
  const params = c.kdfparams;
  const cipherParams = c.cipherParams;
  if (!isRecord(params) || !isRecord(cipherParams)) fail('malformed', 'missing kdf parameters');
  if (params.hash !== 'SHA-512') fail('bad-kdf-params', 'kdf hash must be SHA-512');
  if (params.dklen !== KDF_DKLEN) fail('bad-kdf-params', `dklen must be ${KDF_DKLEN}`);
  checkIterations(params.iterations);
  if (hexField(params.salt, 'salt').length !== SALT_LENGTH)
    fail('bad-kdf-params', `salt must be ${SALT_LENGTH} bytes`);
  if (hexField(cipherParams.iv, 'iv').length !== IV_LENGTH)
    fail('bad-kdf-params', `iv must be ${IV_LENGTH} bytes`);
  if (hexField(c.cipherText, 'cipherText').length < TAG_LENGTH)
    fail('malformed', 'cipherText is shorter than the authentication tag');
  return c as unknown as GcmEncrypted;
}

function intIn(v: unknown, min: number, max: number, what: string): void {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max)
    fail('bad-kdf-params', `${what} must be an integer in ${min}..${max}`);
}

function checkArgon2(c: Record<string, unknown>): Argon2CtrEncrypted {
  const params = c.kdfparams;
  const cipherParams = c.cipherParams;
  if (!isRecord(params) || !isRecord(cipherParams)) fail('malformed', 'missing kdf parameters');
  intIn(params.iterations, 1, ARGON2_MAX_ITERATIONS, 'argon2 iterations');
  intIn(params.parallelism, 1, ARGON2_MAX_PARALLELISM, 'argon2 parallelism');
  intIn(params.memorySize, 8 * (params.parallelism as number), ARGON2_MAX_MEMORY_KIB, 'memorySize');
  const salt = hexField(params.salt, 'salt').length;
  if (salt < 8 || salt > 64) fail('bad-kdf-params', 'argon2 salt must be 8 to 64 bytes');
  if (hexField(cipherParams.iv, 'iv').length !== 16) fail('bad-kdf-params', 'iv must be 16 bytes');
  hexField(c.cipherText, 'cipherText');
  if (hexField(c.mac, 'mac').length !== 32) fail('malformed', 'mac must be 32 bytes of hex');
  return c as unknown as Argon2CtrEncrypted;
}

async function decryptArgon2Ctr(c: Argon2CtrEncrypted, password: string): Promise<Uint8Array> {
  const p = c.kdfparams;
  const key = await argon2idAsync(utf8.encode(password), hexField(p.salt, 'salt'), {
    t: p.iterations,
    m: p.memorySize,
    p: p.parallelism,
    dkLen: 32,
  });
  const aes = await subtle().importKey('raw', own(key), 'AES-CTR', false, ['decrypt']);
  // aes-js's Counter counts through all 128 bits of the IV, hence length 128.
  const counter = own(hexField(c.cipherParams.iv, 'iv'));
  const plain = new Uint8Array(
    await subtle().decrypt(
      { name: 'AES-CTR', counter, length: 128 },
      aes,
      own(hexField(c.cipherText, 'cipherText')),
    ),
  );
  // crypto-js HmacSHA256(plaintext, hexKey): a string key is used as its UTF-8 bytes.
  const macKey = await subtle().importKey(
    'raw',
    utf8.encode(bytesToHex(key)),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await subtle().sign('HMAC', macKey, plain));
  if (!equalBytes(mac, hexField(c.mac, 'mac')))
    throw new KeystoreError('wrong-password', 'wrong password (or the file was altered)');
  return plain;
}

/** Decrypts to the plaintext string; 'wrong-password' when the tag or MAC does not verify. */
export async function decryptSecrets(encrypted: unknown, password: string): Promise<string> {
  const c = checkEncrypted(encrypted);
  const plain =
    c.cipher === CIPHER ? await decryptGcmBytes(c, password) : await decryptArgon2Ctr(c, password);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch (cause) {
    throw new KeystoreError('bad-secrets', 'decrypted secrets are not UTF-8', { cause });
  }
}

async function decryptGcmBytes(c: GcmEncrypted, password: string): Promise<ArrayBuffer> {
  const raw = await deriveAesKey(
    password,
    hexField(c.kdfparams.salt, 'salt'),
    c.kdfparams.iterations,
  );
  let plain: ArrayBuffer;
  try {
    plain = await subtle().decrypt(
      { name: 'AES-GCM', iv: own(hexField(c.cipherParams.iv, 'iv')), tagLength: TAG_LENGTH * 8 },
      await aesKey(raw, 'decrypt'),
      own(hexField(c.cipherText, 'cipherText')),
    );
  } catch (cause) {
    throw new KeystoreError('wrong-password', 'wrong password (or the file was altered)', {
      cause,
    });
  }
  return plain;
}

/** Parses a keystore file's text and checks its structure (no password needed). */
export function parseKeystore(text: string): KeystoreFile {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (cause) {
    throw new KeystoreError('malformed', 'keystore is not JSON (truncated?)', { cause });
  }
  if (!isRecord(v)) fail('malformed', 'keystore is not a JSON object');
  if (v.version !== undefined && v.version !== KEYSTORE_VERSION) {
    throw new KeystoreError(
      'unknown-version',
      `keystore version ${JSON.stringify(v.version)} is not supported (this smesh reads ${KEYSTORE_VERSION})`,
    );
  }
  const meta = v.meta;
  if (!isRecord(meta) || typeof meta.displayName !== 'string' || typeof meta.created !== 'string')
    fail('malformed', 'meta needs displayName and created strings');
  checkEncrypted(v.crypto);
  return v as unknown as KeystoreFile;
}

/** The file's text: two-space JSON with a trailing newline. */
export function serializeKeystore(file: KeystoreFile): string {
  return JSON.stringify(file, null, 2) + '\n';
}

function checkKey(k: unknown, i: number): KeyPair {
  if (!isRecord(k) || typeof k.displayName !== 'string' || typeof k.publicKey !== 'string')
    fail('bad-secrets', `key ${i} needs displayName and publicKey`);
  const pub = hexField(k.publicKey, `key ${i} publicKey`);
  if (pub.length !== 32) fail('bad-secrets', `key ${i} public key is not 32 bytes`);
  if (k.secretKey !== undefined) {
    const sk = hexField(k.secretKey, `key ${i} secretKey`);
    const seed = sk.subarray(0, 32);
    const ok =
      (sk.length === 32 || (sk.length === 64 && equalBytes(sk.subarray(32), pub))) &&
      equalBytes(ed25519.getPublicKey(seed), pub);
    if (!ok) fail('bad-secrets', `key ${i} secret key does not match its public key`);
  }
  return k as unknown as KeyPair;
}

function legacyAccount(k: unknown): WalletAccount {
  const r = isRecord(k) ? k : {};
  return {
    displayName: String(r.displayName),
    templateAddress: bytesToHex(TEMPLATES.wallet.address),
    spawnArguments: { PublicKey: r.publicKey },
  };
}

function checkSecrets(v: unknown): WalletSecrets {
  if (!isRecord(v) || typeof v.mnemonic !== 'string') fail('bad-secrets', 'no mnemonic');
  try {
    validateMnemonic(v.mnemonic);
  } catch (cause) {
    if (!(cause instanceof InvalidMnemonicError)) throw cause;
    throw new KeystoreError('bad-secrets', `stored mnemonic is invalid: ${cause.message}`, {
      cause,
    });
  }
  // smapp (desktop) secrets have no `keys`: their `accounts` are key pairs. smapp-lite
  // (utils/wallet.legacy.ts) migrates them to keys + one single-signature account each; so do we.
  const legacy = !Object.hasOwn(v, 'keys');
  const keys = legacy ? (v.accounts ?? []) : v.keys;
  const accounts = legacy && Array.isArray(keys) ? keys.map(legacyAccount) : (v.accounts ?? []);
  const contacts = v.contacts ?? [];
  if (!Array.isArray(keys) || !Array.isArray(accounts) || !Array.isArray(contacts))
    fail('bad-secrets', 'keys, accounts and contacts must be arrays');
  keys.forEach(checkKey);
  return { ...v, mnemonic: v.mnemonic, keys, accounts, contacts } as WalletSecrets;
}

/** Decrypts and checks a keystore. */
export async function unlockKeystore(
  file: KeystoreFile,
  password: string,
): Promise<UnlockedWallet> {
  const text = await decryptSecrets(file.crypto, password);
  let secrets: unknown;
  try {
    secrets = JSON.parse(text);
  } catch (cause) {
    throw new KeystoreError('bad-secrets', 'decrypted secrets are not JSON', { cause });
  }
  return { meta: file.meta, secrets: checkSecrets(secrets) };
}

/** Encrypts a wallet into a file (fresh salt unless given). */
export async function sealKeystore(
  wallet: UnlockedWallet,
  password: string,
  options: SealOptions = {},
): Promise<KeystoreFile> {
  const crypto = await encryptGcm(JSON.stringify(wallet.secrets), password, options);
  return { version: KEYSTORE_VERSION, meta: wallet.meta, crypto };
}
