// Keystore: smapp's wallet-file vector, an independent node:crypto decryption of what we write,
// round trips, and every rejection reason.
import { argon2Sync, createCipheriv, createDecipheriv, createHmac, pbkdf2Sync } from 'node:crypto';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { encodeAddress } from '../../../src/lib/crypto/address.ts';
import { InvalidMnemonicError, KeystoreError } from '../../../src/lib/wallet/errors.ts';
import {
  addAccount,
  findKey,
  listAccounts,
  newWallet,
  secretKeyOf,
} from '../../../src/lib/wallet/accounts.ts';
import {
  decryptSecrets,
  encryptGcm,
  parseKeystore,
  sealKeystore,
  serializeKeystore,
  unlockKeystore,
  type GcmEncrypted,
  type KeystoreFile,
  type UnlockedWallet,
} from '../../../src/lib/wallet/keystore.ts';
import { principalOf } from '../../../src/lib/vm/tx/index.ts';

const ITER = 1000; // fast; the default is exercised by one test
const SALT = hexToBytes('00112233445566778899aabbccddeeff');
const PHRASE = 'film theme cheese broken kingdom destroy inch ready wear inspire shove pudding';
const CREATED = '2026-11-24T00:00:00.000Z';

// smapp tests/walletFiles.spec.ts: "decrypts the wallet file (GCM)", password "password".
const SMAPP_GCM: GcmEncrypted = {
  cipher: 'AES-GCM',
  cipherText:
    '5d1877a1e2c65ee3f894e7100c434770702fa29402b548438b8fbcdb37a76ca1dff4151a84984ba889a9efc564580b6278619e7bba17902405b05170a3407b63e640f1e68f97a02e60c917e806b3f761a1c8c29e66d856406f4eeacaedd50ba3f0f896011aa4d312c1636305b8175b1bb26ea827368af738',
  cipherParams: { iv: '49c842e8b787923f9b4e7dc5' },
  kdf: 'PBKDF2',
  kdfparams: {
    dklen: 256,
    hash: 'SHA-512',
    salt: '99d1b77e562446a65f0aa031d476df5b',
    iterations: 120000,
  },
};

async function reason(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof KeystoreError) return e.reason;
    if (e instanceof InvalidMnemonicError) return `mnemonic:${e.reason}`;
    throw e;
  }
  throw new Error('expected a rejection');
}

async function sampleFile(): Promise<{ wallet: UnlockedWallet; file: KeystoreFile }> {
  const wallet = await newWallet({ mnemonic: PHRASE, displayName: 'Test', created: CREATED });
  const file = await sealKeystore(wallet, 'pw', { iterations: ITER, salt: SALT });
  return { wallet, file };
}

/** A parsed file section that tests edit freely, as an attacker would. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Loose = Record<string, any>;

function withCrypto(file: KeystoreFile, patch: (c: Loose) => void): string {
  const copy = JSON.parse(serializeKeystore(file));
  patch(copy.crypto);
  return JSON.stringify(copy);
}

function flipHex(hex: string, at: number): string {
  const b = hexToBytes(hex);
  b[at < 0 ? b.length + at : at]! ^= 1;
  return bytesToHex(b);
}

describe('smapp vector', () => {
  it('decrypts smapp desktop GCM secrets', async () => {
    expect(JSON.parse(await decryptSecrets(SMAPP_GCM, 'password'))).toEqual({
      mnemonic: 'this is just a test so it does not matter what mnemonics here',
      accounts: [],
      contacts: [],
    });
  });
  it('rejects the wrong password', async () => {
    expect(await reason(decryptSecrets(SMAPP_GCM, 'wrong'))).toBe('wrong-password');
  });
  it('decrypts but refuses to unlock a wallet whose mnemonic is not BIP-39', async () => {
    const file = parseKeystore(
      JSON.stringify({ meta: { displayName: 'x', created: 'y' }, crypto: SMAPP_GCM }),
    );
    expect(file.version).toBeUndefined();
    expect(await reason(unlockKeystore(file, 'password'))).toBe('bad-secrets');
  });
});

// smapp-lite src/__tests__/aes-ctr-argon2.test.ts, password "pass@123" → "hello world". Its
// Argon2 runs 64 passes over 64 MiB: ~40 s in JavaScript (a real vector: worth the time).
const SMAPP_LITE_ARGON2 = {
  kdf: 'ARGON2',
  kdfparams: {
    salt: '4ae49fea810d755484e6d5fbddc8b6df',
    iterations: 64,
    memorySize: 65536,
    parallelism: 1,
  },
  cipher: 'AES-256-CTR',
  cipherParams: { iv: '811e60e5e564774b16806a0bdf671e2b' },
  cipherText: 'd0e97cd11c2bb1b1f7102b',
  mac: 'd0fcd7eaf6ee6404c02be79f97fc5898fe1cf7fd167d95a20b01c5a950c62778',
};

/** smapp-lite's encrypt(), redone with node:crypto (native Argon2, OpenSSL AES-CTR). */
function nodeArgon2Encrypt(plaintext: string, password: string, t = 2, m = 256) {
  const salt = Buffer.alloc(16, 7);
  const iv = Buffer.from('0000000000000000fffffffffffffffe', 'hex'); // carries past bit 64
  const key = argon2Sync('argon2id', {
    message: password,
    nonce: salt,
    parallelism: 1,
    tagLength: 32,
    memory: m,
    passes: t,
  });
  const c = createCipheriv('aes-256-ctr', key, iv);
  const cipherText = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]).toString('hex');
  const mac = createHmac('sha256', Buffer.from(key.toString('hex'), 'utf8'))
    .update(plaintext, 'utf8')
    .digest('hex');
  return {
    kdf: 'ARGON2',
    kdfparams: { salt: salt.toString('hex'), iterations: t, memorySize: m, parallelism: 1 },
    cipher: 'AES-256-CTR',
    cipherParams: { iv: iv.toString('hex') },
    cipherText,
    mac,
  };
}

describe("smapp-lite's Argon2 + AES-CTR files (read only)", () => {
  it('decrypts the smapp-lite vector', { timeout: 120_000 }, async () => {
    expect(await decryptSecrets(SMAPP_LITE_ARGON2, 'pass@123')).toBe('hello world');
  });
  it('decrypts what node:crypto encrypts the smapp-lite way, and unlocks a wallet in it', async () => {
    const { wallet } = await sampleFile();
    const long = JSON.stringify(wallet.secrets); // several AES blocks, counter carry included
    const crypto = nodeArgon2Encrypt(long, 'pw');
    expect(await decryptSecrets(crypto, 'pw')).toBe(long);
    const file = parseKeystore(JSON.stringify({ meta: wallet.meta, crypto }));
    expect((await unlockKeystore(file, 'pw')).secrets).toEqual(wallet.secrets);
  });
  it('wrong password or altered mac/ciphertext → wrong-password; bad params → bad-kdf-params', async () => {
    const good = nodeArgon2Encrypt('{"x":1}', 'pw');
    expect(await reason(decryptSecrets(good, 'pW'))).toBe('wrong-password');
    expect(await reason(decryptSecrets({ ...good, mac: flipHex(good.mac, 0) }, 'pw'))).toBe(
      'wrong-password',
    );
    expect(
      await reason(decryptSecrets({ ...good, cipherText: flipHex(good.cipherText, 2) }, 'pw')),
    ).toBe('wrong-password');
    const params = good.kdfparams;
    for (const kdfparams of [
      { ...params, iterations: 0 },
      { ...params, iterations: 1000 },
      { ...params, memorySize: 4 },
      { ...params, memorySize: 2 ** 22 },
      { ...params, parallelism: 0 },
      { ...params, salt: '0011' },
    ]) {
      expect(await reason(decryptSecrets({ ...good, kdfparams }, 'pw'))).toBe('bad-kdf-params');
    }
    expect(await reason(decryptSecrets({ ...good, cipherParams: { iv: '00' } }, 'pw'))).toBe(
      'bad-kdf-params',
    );
    expect(await reason(decryptSecrets({ ...good, mac: 'abcd' }, 'pw'))).toBe('malformed');
  });
});

describe('encryption format', () => {
  it('is what an independent node:crypto reading of the smapp format decrypts', async () => {
    const enc = await encryptGcm('{"hello":"wallet"}', 'pässword', {
      iterations: ITER,
      salt: SALT,
    });
    expect(enc.kdfparams).toEqual({
      dklen: 256,
      hash: 'SHA-512',
      iterations: ITER,
      salt: bytesToHex(SALT),
    });
    const key = pbkdf2Sync(Buffer.from('pässword', 'utf8'), SALT, ITER, 32, 'sha512');
    const iv = createHmac('sha512', key).update('{"hello":"wallet"}').digest().subarray(0, 12);
    expect(enc.cipherParams.iv).toBe(iv.toString('hex'));
    const body = Buffer.from(enc.cipherText, 'hex');
    const d = createDecipheriv('aes-256-gcm', key, iv);
    d.setAuthTag(body.subarray(-16));
    const plain = Buffer.concat([d.update(body.subarray(0, -16)), d.final()]).toString('utf8');
    expect(plain).toBe('{"hello":"wallet"}');
  });
  it('is reproducible with a fixed salt and differs with a fresh one', async () => {
    const a = await encryptGcm('x', 'pw', { iterations: ITER, salt: SALT });
    const b = await encryptGcm('x', 'pw', { iterations: ITER, salt: SALT });
    const c = await encryptGcm('x', 'pw', { iterations: ITER });
    expect(b).toEqual(a);
    expect(c.kdfparams.salt).not.toBe(a.kdfparams.salt);
    expect(await decryptSecrets(c, 'pw')).toBe('x');
  });
  it('uses the default iteration count when none is given', async () => {
    const enc = await encryptGcm('x', 'pw');
    expect(enc.kdfparams.iterations).toBe(210_000);
  });
});

describe('wallet round trip', () => {
  it('derives smcli key 0, seals, parses and unlocks to the same wallet', async () => {
    const { wallet, file } = await sampleFile();
    const key0 = wallet.secrets.keys[0]!;
    expect(key0.path).toBe("m/44'/540'/0'/0'/0'");
    expect(key0.publicKey).toBe('de30fc9b812248583da6259433626fcdd2cb5ce589b00047b81e127950b9bca6');
    expect(key0.secretKey).toBe(
      'cd85df73aa3bc31de2f0b69bb1421df7eb0cdca7cb170a457869ab337749dae1' + key0.publicKey,
    );
    expect(wallet.secrets.accounts).toEqual([
      {
        displayName: 'Main Account',
        templateAddress: '000000000000000000000000000000000000000000000001',
        spawnArguments: { PublicKey: key0.publicKey },
      },
    ]);
    const text = serializeKeystore(file);
    expect(JSON.parse(text).version).toBe(1);
    expect(await unlockKeystore(parseKeystore(text), 'pw')).toEqual(wallet);
  });
  it('adds accounts at the next HD index and lists their addresses', async () => {
    const { wallet } = await sampleFile();
    const w2 = await addAccount(wallet, { created: CREATED });
    const w3 = await addAccount(w2, { name: 'savings', created: CREATED });
    expect(w3.secrets.keys.map((k) => [k.displayName, k.path])).toEqual([
      ['Key 0', "m/44'/540'/0'/0'/0'"],
      ['Key 1', "m/44'/540'/0'/0'/1'"],
      ['savings', "m/44'/540'/0'/0'/2'"],
    ]);
    const list = listAccounts(w3, 'stest');
    const pk = hexToBytes(w3.secrets.keys[2]!.publicKey);
    expect(list[2]).toEqual({
      position: 2,
      name: 'savings',
      path: "m/44'/540'/0'/0'/2'",
      publicKey: w3.secrets.keys[2]!.publicKey,
      address: encodeAddress(principalOf('wallet', { publicKey: pk }), 'stest'),
      canSign: true,
    });
    expect(list[0]!.address).toMatch(/^stest1/);
    expect(findKey(w3, 'savings').position).toBe(2);
    expect(findKey(w3, '1').key.displayName).toBe('Key 1');
    expect(bytesToHex(secretKeyOf(findKey(w3, '0').key))).toBe(
      'cd85df73aa3bc31de2f0b69bb1421df7eb0cdca7cb170a457869ab337749dae1',
    );
    expect(await reason(addAccount(w3, { name: 'savings', created: CREATED }))).toBe(
      'duplicate-account',
    );
    expect(await reason(() => findKey(w3, 'nope'))).toBe('unknown-account');
    expect(await reason(() => findKey(w3, '7'))).toBe('unknown-account');
  });
  it('skips an index whose key is already there under another path spelling', async () => {
    const { wallet } = await sampleFile();
    const k0 = { ...wallet.secrets.keys[0]!, path: '0/0/0' };
    const odd = { ...wallet, secrets: { ...wallet.secrets, keys: [k0] } };
    const w = await addAccount(odd, { created: CREATED });
    expect(w.secrets.keys[1]!.path).toBe("m/44'/540'/0'/0'/1'");
    expect(w.secrets.keys[1]!.displayName).toBe('Key 1');
  });
  it('restores several keys at once', async () => {
    const w = await newWallet({ mnemonic: PHRASE, displayName: 'T', created: CREATED, keys: 3 });
    expect(w.secrets.keys.map((k) => k.displayName)).toEqual(['Key 0', 'Key 1', 'Key 2']);
  });
  it('migrates smapp desktop secrets (key pairs under accounts)', async () => {
    const { wallet } = await sampleFile();
    const legacy = { mnemonic: PHRASE, accounts: wallet.secrets.keys, contacts: [] };
    const crypto = await encryptGcm(JSON.stringify(legacy), 'pw', { iterations: ITER });
    const w = await unlockKeystore({ meta: wallet.meta, crypto }, 'pw');
    expect(w.secrets.keys).toEqual(wallet.secrets.keys);
    expect(w.secrets.accounts).toEqual([{ ...wallet.secrets.accounts[0]!, displayName: 'Key 0' }]);
  });
  it('refuses a bad mnemonic with its reason', async () => {
    const bad = PHRASE.replace('pudding', 'abandon');
    expect(await reason(newWallet({ mnemonic: bad, displayName: 'x', created: CREATED }))).toBe(
      'mnemonic:checksum',
    );
  });
  it('keeps a key without a secret (Ledger) listable but not usable for signing', async () => {
    const { wallet } = await sampleFile();
    const { secretKey: _, ...pub } = wallet.secrets.keys[0]!;
    const w = { ...wallet, secrets: { ...wallet.secrets, keys: [pub] } };
    const again = await unlockKeystore(await sealKeystore(w, 'pw', { iterations: ITER }), 'pw');
    expect(listAccounts(again, 'sm')[0]!.canSign).toBe(false);
    expect(await reason(() => secretKeyOf(again.secrets.keys[0]!))).toBe('no-secret-key');
  });
});

describe('rejections', () => {
  it('wrong password', async () => {
    const { file } = await sampleFile();
    expect(await reason(unlockKeystore(file, 'pW'))).toBe('wrong-password');
  });

  const tampered: [string, (c: Loose) => void, string][] = [
    ['a ciphertext byte', (c) => (c.cipherText = flipHex(c.cipherText, 0)), 'wrong-password'],
    ['a tag byte', (c) => (c.cipherText = flipHex(c.cipherText, -1)), 'wrong-password'],
    ['the iv', (c) => (c.cipherParams.iv = flipHex(c.cipherParams.iv, 3)), 'wrong-password'],
    ['the salt', (c) => (c.kdfparams.salt = flipHex(c.kdfparams.salt, 0)), 'wrong-password'],
    ['iterations within range', (c) => (c.kdfparams.iterations = ITER + 1), 'wrong-password'],
    ['iterations 0', (c) => (c.kdfparams.iterations = 0), 'bad-kdf-params'],
    ['iterations huge', (c) => (c.kdfparams.iterations = 1e9), 'bad-kdf-params'],
    ['iterations fractional', (c) => (c.kdfparams.iterations = 1.5), 'bad-kdf-params'],
    ['iterations a string', (c) => (c.kdfparams.iterations = '1000'), 'bad-kdf-params'],
    ['dklen', (c) => (c.kdfparams.dklen = 128), 'bad-kdf-params'],
    ['hash', (c) => (c.kdfparams.hash = 'SHA-256'), 'bad-kdf-params'],
    ['salt length', (c) => (c.kdfparams.salt = '0011'), 'bad-kdf-params'],
    ['iv length', (c) => (c.cipherParams.iv += '0000'), 'bad-kdf-params'],
    ['non-hex ciphertext', (c) => (c.cipherText = 'zz' + c.cipherText.slice(2)), 'malformed'],
    [
      'ciphertext shorter than a tag',
      (c) => (c.cipherText = c.cipherText.slice(0, 30)),
      'malformed',
    ],
    ['no kdfparams', (c) => delete c.kdfparams, 'malformed'],
    ['cipher and kdf mixed', (c) => (c.cipher = 'AES-256-CTR'), 'unsupported-cipher'],
    ['legacy CTR (smapp)', (c) => ((c.cipher = 'AES-128-CTR'), delete c.kdf), 'unsupported-cipher'],
  ];
  for (const [what, patch, want] of tampered) {
    it(`tampered ${what} → ${want}`, async () => {
      const { file } = await sampleFile();
      const r = await reason(async () =>
        unlockKeystore(parseKeystore(withCrypto(file, patch)), 'pw'),
      );
      expect(r).toBe(want);
    });
  }

  it('truncated or non-object files are malformed', async () => {
    const text = serializeKeystore((await sampleFile()).file);
    for (const t of [text.slice(0, text.length / 2), '', '[]', 'null', '{"meta":{},"crypto":{}}']) {
      expect(await reason(() => parseKeystore(t))).toBe('malformed');
    }
  });
  it('an unknown version is refused before anything else', async () => {
    const j = JSON.parse(serializeKeystore((await sampleFile()).file));
    for (const v of [2, 0, '1']) {
      expect(await reason(() => parseKeystore(JSON.stringify({ ...j, version: v })))).toBe(
        'unknown-version',
      );
    }
  });
  it('secrets whose secret and public key disagree are bad-secrets', async () => {
    const { wallet } = await sampleFile();
    const k = wallet.secrets.keys[0]!;
    const bad = { ...wallet.secrets, keys: [{ ...k, publicKey: flipHex(k.publicKey, 0) }] };
    const crypto = await encryptGcm(JSON.stringify(bad), 'pw', { iterations: ITER });
    expect(await reason(unlockKeystore({ meta: wallet.meta, crypto }, 'pw'))).toBe('bad-secrets');
    const notJson = await encryptGcm('{"mnemonic":', 'pw', { iterations: ITER });
    expect(await reason(unlockKeystore({ meta: wallet.meta, crypto: notJson }, 'pw'))).toBe(
      'bad-secrets',
    );
  });
});
