// `smesh wallet` keystore subcommands in-process, over a fake host (terminal, clock, home) and
// real files in a temporary directory.
import { mkdtempSync, readFileSync, statSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, describe, expect, it } from 'vitest';
import { makeWalletCommand } from '../../../src/cli/commands/wallet.ts';
import { UsageError } from '../../../src/cli/io.ts';
import type { WalletHost } from '../../../src/cli/wallet/context.ts';
import { main } from '../../../src/cli/main.ts';
import { decodeAddress, encodeAddress } from '../../../src/lib/crypto/address.ts';
import { isValidMnemonic } from '../../../src/lib/wallet/mnemonic.ts';
import { parseKeystore, unlockKeystore } from '../../../src/lib/wallet/keystore.ts';
import { principalOf } from '../../../src/lib/vm/tx/index.ts';
import { captureIO } from './capture.ts';

const root = mkdtempSync(join(tmpdir(), 'smesh-wallet-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const fresh = (): string => mkdtempSync(join(root, `${n++}-`));

const PHRASE = 'film theme cheese broken kingdom destroy inch ready wear inspire shove pudding';
const KEY0 = 'de30fc9b812248583da6259433626fcdd2cb5ce589b00047b81e127950b9bca6';
const NOW = new Date('2026-11-24T01:02:03.000Z');

interface Run {
  code: number;
  out: string;
  err: string;
}

function host(
  opts: { tty?: string[]; home?: string; env?: Record<string, string> } = {},
): WalletHost {
  const answers = [...(opts.tty ?? [])];
  return {
    env: opts.env ?? {},
    homeDir: opts.home ?? fresh(),
    stdinIsTTY: opts.tty !== undefined,
    ask: async () => {
      const a = answers.shift();
      if (a === undefined) throw new Error('unexpected prompt');
      return a;
    },
    now: () => NOW,
    kdfIterations: 1000,
  };
}

/** Runs like main() does: UsageError → 2. */
async function run(h: WalletHost, ...argv: string[]): Promise<Run> {
  const io = captureIO();
  const cmd = makeWalletCommand(h);
  let code: number;
  try {
    code = await cmd.run(argv, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err(e.message);
    code = 2;
  }
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

function setup(): { dir: string; ks: string; pw: string; bad: string } {
  const dir = fresh();
  writeFileSync(join(dir, 'pw'), 'correct horse\n');
  writeFileSync(join(dir, 'bad'), 'wrong horse\n');
  writeFileSync(join(dir, 'phrase'), `  ${PHRASE.toUpperCase()}\n`);
  return { dir, ks: join(dir, 'wallet.json'), pw: join(dir, 'pw'), bad: join(dir, 'bad') };
}

async function restored(): Promise<ReturnType<typeof setup>> {
  const s = setup();
  const r = await run(
    host(),
    'restore',
    '--keystore',
    s.ks,
    '--password-file',
    s.pw,
    '--mnemonic-file',
    join(s.dir, 'phrase'),
  );
  expect(r.code).toBe(0);
  return s;
}

const errorOf = (r: Run): string => (JSON.parse(r.err) as { error: string }).error;

describe('create', () => {
  it('writes an encrypted keystore and shows the phrase once (--json)', async () => {
    const s = setup();
    const r = await run(
      host(),
      'create',
      '--keystore',
      s.ks,
      '--password-file',
      s.pw,
      '--words',
      '12',
      '--network',
      'devnet',
      '--name',
      'Mine',
      '--json',
    );
    expect([r.code, r.err]).toEqual([0, '']);
    const out = JSON.parse(r.out);
    expect(out.mnemonic.split(' ')).toHaveLength(12);
    expect(isValidMnemonic(out.mnemonic)).toBe(true);
    expect(out.accounts[0].address).toMatch(/^stest1/);
    expect(readFileSync(s.ks, 'utf8')).not.toContain(out.mnemonic.split(' ')[0] + ' ');
    expect(statSync(s.ks).mode & 0o777).toBe(0o600);
    const file = parseKeystore(readFileSync(s.ks, 'utf8'));
    expect(file.meta).toEqual({ displayName: 'Mine', created: NOW.toISOString() });
    expect((await unlockKeystore(file, 'correct horse')).secrets.mnemonic).toBe(out.mnemonic);
    // list never shows the phrase again
    const l = await run(host(), 'list', '--keystore', s.ks, '--password-file', s.pw);
    expect(l.out).not.toContain(out.mnemonic);
  });
  it('24 words by default, human output, password typed twice on a terminal', async () => {
    const s = setup();
    const r = await run(host({ tty: ['pw1', 'pw1'] }), 'create', '--keystore', s.ks);
    expect(r.code).toBe(0);
    const phrase = /\n {2}([a-z ]+)\n/.exec(r.out)![1]!;
    expect(phrase.split(' ')).toHaveLength(24);
    expect(r.out).toMatch(/shown only this once/);
    expect(
      (await unlockKeystore(parseKeystore(readFileSync(s.ks, 'utf8')), 'pw1')).secrets.mnemonic,
    ).toBe(phrase);
  });
  it('different passwords on the terminal: exit 1, nothing written', async () => {
    const s = setup();
    const r = await run(host({ tty: ['pw1', 'pw2'] }), 'create', '--keystore', s.ks, '--json');
    expect([r.code, errorOf(r)]).toEqual([1, 'password-mismatch']);
    expect(existsSync(s.ks)).toBe(false);
  });
  it('an empty password file: exit 1', async () => {
    const s = setup();
    writeFileSync(s.pw, '\n');
    const r = await run(host(), 'create', '--keystore', s.ks, '--password-file', s.pw, '--json');
    expect([r.code, errorOf(r)]).toEqual([1, 'empty-password']);
  });
  it('refuses to replace a keystore without --force, and leaves it untouched', async () => {
    const s = await restored();
    const before = readFileSync(s.ks, 'utf8');
    const r = await run(host(), 'create', '--keystore', s.ks, '--password-file', s.pw, '--json');
    expect([r.code, errorOf(r)]).toEqual([1, 'exists']);
    expect(readFileSync(s.ks, 'utf8')).toBe(before);
    const f = await run(host(), 'create', '--keystore', s.ks, '--password-file', s.pw, '--force');
    expect(f.code).toBe(0);
    expect(readFileSync(s.ks, 'utf8')).not.toBe(before);
  });
  it('defaults to $SMESH_HOME/wallet.json, else ~/.smesh/wallet.json', async () => {
    const s = setup();
    const home = fresh();
    expect(
      (await run(host({ env: { SMESH_HOME: s.dir } }), 'create', '--password-file', s.pw)).code,
    ).toBe(0);
    expect(existsSync(join(s.dir, 'wallet.json'))).toBe(true);
    expect((await run(host({ home }), 'create', '--password-file', s.pw)).code).toBe(0);
    expect(existsSync(join(home, '.smesh', 'wallet.json'))).toBe(true);
  });
});

describe('restore', () => {
  it('restores smcli key 0 from a phrase file (whitespace and case normalized)', async () => {
    const s = await restored();
    const r = await run(host(), 'address', '--keystore', s.ks, '--password-file', s.pw, '--json');
    const addr = encodeAddress(principalOf('wallet', { publicKey: hexToBytes(KEY0) }), 'sm');
    expect(JSON.parse(r.out)).toMatchObject({ position: 0, publicKey: KEY0, address: addr });
  });
  it('asks for the phrase on a terminal and derives --accounts keys', async () => {
    const s = setup();
    const r = await run(
      host({ tty: [PHRASE, 'p', 'p'] }),
      'restore',
      '--keystore',
      s.ks,
      '--accounts',
      '3',
      '--json',
    );
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out);
    expect(out.mnemonic).toBeUndefined();
    expect(out.accounts.map((a: { path: string }) => a.path)).toEqual([
      "m/44'/540'/0'/0'/0'",
      "m/44'/540'/0'/0'/1'",
      "m/44'/540'/0'/0'/2'",
    ]);
  });
  it('a phrase with a bad checksum: exit 1, nothing written', async () => {
    const s = setup();
    writeFileSync(join(s.dir, 'phrase'), PHRASE.replace('pudding', 'abandon'));
    const r = await run(
      host(),
      'restore',
      '--keystore',
      s.ks,
      '--password-file',
      s.pw,
      '--mnemonic-file',
      join(s.dir, 'phrase'),
      '--json',
    );
    expect([r.code, errorOf(r)]).toEqual([1, 'mnemonic-checksum']);
    expect(existsSync(s.ks)).toBe(false);
    writeFileSync(join(s.dir, 'phrase'), PHRASE.replace('pudding', 'puddingz'));
    const u = await run(
      host(),
      'restore',
      '--keystore',
      s.ks,
      '--password-file',
      s.pw,
      '--mnemonic-file',
      join(s.dir, 'phrase'),
    );
    expect(u.code).toBe(1);
    expect(u.err).toMatch(/puddingz/);
  });
});

describe('opening the keystore', () => {
  it('wrong password: exit 1 with the typed reason', async () => {
    const s = await restored();
    const r = await run(host(), 'list', '--keystore', s.ks, '--password-file', s.bad, '--json');
    expect([r.code, errorOf(r)]).toEqual([1, 'wrong-password']);
    const h = await run(host(), 'list', '--keystore', s.ks, '--password-file', s.bad);
    expect(h.err).toBe('smesh wallet list: wrong password (or the file was altered)');
  });
  const damage: [string, (t: string) => string, string][] = [
    ['truncated', (t) => t.slice(0, 200), 'malformed'],
    [
      'tampered ciphertext',
      (t) =>
        t.replace(
          /"cipherText": "(.)/,
          (_, c: string) => `"cipherText": "${c === '0' ? '1' : '0'}`,
        ),
      'wrong-password',
    ],
    ['unknown version', (t) => t.replace('"version": 1', '"version": 9'), 'unknown-version'],
    [
      'tampered iterations',
      (t) => t.replace('"iterations": 1000', '"iterations": -5'),
      'bad-kdf-params',
    ],
  ];
  for (const [what, change, reason] of damage) {
    it(`${what}: exit 1 (${reason})`, async () => {
      const s = await restored();
      writeFileSync(s.ks, change(readFileSync(s.ks, 'utf8')));
      const r = await run(host(), 'list', '--keystore', s.ks, '--password-file', s.pw, '--json');
      expect([r.code, errorOf(r)]).toEqual([1, reason]);
    });
  }
  it('no keystore: exit 1 pointing at create', async () => {
    const s = setup();
    const r = await run(host(), 'list', '--keystore', s.ks, '--password-file', s.pw);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/no keystore at .*smesh wallet create/);
  });
  it('no terminal and no --password-file: usage error', async () => {
    const s = await restored();
    expect((await run(host(), 'list', '--keystore', s.ks)).code).toBe(2);
  });
});

describe('accounts', () => {
  it('new-account adds the next key; list and address find it by name or position', async () => {
    const s = await restored();
    const a = await run(
      host(),
      'new-account',
      '--keystore',
      s.ks,
      '--password-file',
      s.pw,
      '--name',
      'savings',
      '--hrp',
      'stest',
      '--json',
    );
    expect(a.code).toBe(0);
    expect(JSON.parse(a.out)).toMatchObject({
      position: 1,
      name: 'savings',
      path: "m/44'/540'/0'/0'/1'",
    });
    const l = await run(host(), 'list', '--keystore', s.ks, '--password-file', s.pw);
    expect(l.out.split('\n')).toHaveLength(3);
    expect(l.out).toMatch(/ {2}1 {2}savings {2}sm1\w+ {2}m\/44'\/540'\/0'\/0'\/1'/);
    const byName = await run(
      host(),
      'address',
      'savings',
      '--keystore',
      s.ks,
      '--password-file',
      s.pw,
    );
    const byPos = await run(
      host(),
      'address',
      '--account',
      '1',
      '--keystore',
      s.ks,
      '--password-file',
      s.pw,
    );
    const stestAddr = JSON.parse(a.out).address as string;
    expect(stestAddr).toMatch(/^stest1/);
    expect(byName.out).toBe(encodeAddress(decodeAddress(stestAddr, 'stest'), 'sm'));
    expect(byName.out).toBe(byPos.out);
    expect(byName.out).toMatch(/^sm1/);
  });
  it('a duplicate name: exit 1 and the keystore bytes are unchanged', async () => {
    const s = await restored();
    const before = readFileSync(s.ks, 'utf8');
    const r = await run(
      host(),
      'new-account',
      '--keystore',
      s.ks,
      '--password-file',
      s.pw,
      '--name',
      'Key 0',
      '--json',
    );
    expect([r.code, errorOf(r)]).toEqual([1, 'duplicate-account']);
    expect(readFileSync(s.ks, 'utf8')).toBe(before);
  });
  it('an unknown account: exit 1', async () => {
    const s = await restored();
    const r = await run(
      host(),
      'address',
      'nope',
      '--keystore',
      s.ks,
      '--password-file',
      s.pw,
      '--json',
    );
    expect([r.code, errorOf(r)]).toEqual([1, 'unknown-account']);
  });
});

describe('export and import', () => {
  it('exports the same bytes, imports them elsewhere after checking the password', async () => {
    const s = await restored();
    const out = join(s.dir, 'backup.json');
    expect((await run(host(), 'export', out, '--keystore', s.ks)).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(readFileSync(s.ks, 'utf8'));
    const stdout = await run(host(), 'export', '--keystore', s.ks);
    expect(stdout.out).toBe(readFileSync(s.ks, 'utf8'));
    expect((await run(host(), 'export', out, '--keystore', s.ks)).code).toBe(1); // exists
    const other = join(fresh(), 'w.json');
    const bad = await run(
      host(),
      'import',
      out,
      '--keystore',
      other,
      '--password-file',
      s.bad,
      '--json',
    );
    expect([bad.code, errorOf(bad)]).toEqual([1, 'wrong-password']);
    expect(existsSync(other)).toBe(false);
    const ok = await run(
      host(),
      'import',
      out,
      '--keystore',
      other,
      '--password-file',
      s.pw,
      '--json',
    );
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toEqual({ keystore: other, wallet: 'My Spacemesh Wallet', keys: 1 });
    expect(readFileSync(other, 'utf8')).toBe(readFileSync(s.ks, 'utf8'));
  });
  it('refuses a damaged file and keeps the existing keystore', async () => {
    const s = await restored();
    const before = readFileSync(s.ks, 'utf8');
    const junk = join(s.dir, 'junk.json');
    writeFileSync(junk, before.slice(0, 100));
    const r = await run(
      host(),
      'import',
      junk,
      '--keystore',
      s.ks,
      '--password-file',
      s.pw,
      '--force',
      '--json',
    );
    expect([r.code, errorOf(r)]).toEqual([1, 'malformed']);
    expect(readFileSync(s.ks, 'utf8')).toBe(before);
  });
});

describe('usage errors (exit 2) through main()', () => {
  const cases: string[][] = [
    ['wallet'],
    ['wallet', 'frobnicate'],
    ['wallet', 'create', '--words', '13'],
    ['wallet', 'create', '--bogus'],
    ['wallet', 'create', 'extra'],
    ['wallet', 'restore', '--accounts', '0'],
    ['wallet', 'list', '--hrp', 'xx'],
    ['wallet', 'list', '--hrp', 'sm', '--network', 'devnet'],
    ['wallet', 'list', '--network', 'nowhere'],
    ['wallet', 'address', 'a', 'b'],
    ['wallet', 'import'],
    ['wallet', 'export', '--json'],
    ['wallet', 'list', '--keystore'],
  ];
  for (const argv of cases) {
    it(argv.join(' '), async () => {
      const io = captureIO();
      expect(await main(argv, io)).toBe(2);
      expect(io.stderr.join('\n')).toMatch(/^smesh wallet: .*\n\nUsage: smesh wallet/);
    });
  }
  it('--help prints the usage', async () => {
    const io = captureIO();
    expect(await main(['wallet', '--help'], io)).toBe(0);
    expect(io.stdout.join('')).toMatch(/^Usage: smesh wallet <subcommand>/);
  });
});
