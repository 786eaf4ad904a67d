// `smesh wallet sign | verify`, checked against node:crypto's Ed25519 (an independent
// implementation): smapp-lite's format ("Message:" prefix, bare hex) and smapp desktop's
// (no prefix, 0x hex) both verify; anything altered does not.
import {
  createPrivateKey,
  createPublicKey,
  sign as nodeSign,
  verify as nodeVerify,
} from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWalletCommand } from '../../../src/cli/commands/wallet.ts';
import { UsageError } from '../../../src/cli/io.ts';
import type { WalletHost } from '../../../src/cli/wallet/context.ts';
import { encodeAddress } from '../../../src/lib/crypto/address.ts';
import { principalOf } from '../../../src/lib/vm/tx/index.ts';
import { captureIO } from './capture.ts';

const dir = mkdtempSync(join(tmpdir(), 'smesh-wallet-sign-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PHRASE = 'film theme cheese broken kingdom destroy inch ready wear inspire shove pudding';
const SEED0 = 'cd85df73aa3bc31de2f0b69bb1421df7eb0cdca7cb170a457869ab337749dae1';
const KEY0 = 'de30fc9b812248583da6259433626fcdd2cb5ce589b00047b81e127950b9bca6';
const KS = join(dir, 'wallet.json');
const PW = join(dir, 'pw');

const host: WalletHost = {
  env: {},
  homeDir: dir,
  stdinIsTTY: false,
  ask: () => Promise.reject(new Error('no terminal')),
  now: () => new Date('2026-11-24T00:00:00Z'),
  kdfIterations: 1000,
};

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIO();
  let code: number;
  try {
    code = await makeWalletCommand(host).run(argv, io);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    code = 2;
  }
  return { code, out: io.stdout.join('\n'), err: io.stderr.join('\n') };
}

// RFC 8410 DER wrappers around raw Ed25519 keys, so node:crypto can use them.
const pkcs8 = (seed: string) =>
  createPrivateKey({
    key: Buffer.from('302e020100300506032b657004220420' + seed, 'hex'),
    format: 'der',
    type: 'pkcs8',
  });
const spki = (pub: string) =>
  createPublicKey({
    key: Buffer.from('302a300506032b6570032100' + pub, 'hex'),
    format: 'der',
    type: 'spki',
  });

function file(name: string, content: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof content === 'string' ? content : JSON.stringify(content));
  return p;
}

describe('sign and verify', () => {
  beforeAll(async () => {
    writeFileSync(PW, 'pw\n');
    file('phrase', PHRASE);
    expect(
      (
        await run(
          'restore',
          '--keystore',
          KS,
          '--password-file',
          PW,
          '--mnemonic-file',
          join(dir, 'phrase'),
        )
      ).code,
    ).toBe(0);
    expect(
      (await run('new-account', '--keystore', KS, '--password-file', PW, '--name', 'two')).code,
    ).toBe(0);
  });
  it('signs "Message:" ‖ text with key 0, as node:crypto computes it', async () => {
    const r = await run('sign', '--keystore', KS, '--password-file', PW, 'hello', 'spacemesh ✓');
    expect([r.code, r.err]).toEqual([0, '']);
    const m = JSON.parse(r.out);
    expect(m.publicKey).toBe(KEY0);
    expect(m.text).toBe('Message:hello spacemesh ✓');
    const expected = nodeSign(null, Buffer.from(m.text, 'utf8'), pkcs8(SEED0)).toString('hex');
    expect(m.signature).toBe(expected);
    expect(
      nodeVerify(null, Buffer.from(m.text, 'utf8'), spki(KEY0), Buffer.from(m.signature, 'hex')),
    ).toBe(true);
    const v = await run('verify', file('signed.json', r.out), '--json');
    expect([v.code, JSON.parse(v.out)]).toEqual([
      0,
      {
        valid: true,
        publicKey: KEY0,
        address: encodeAddress(principalOf('wallet', { publicKey: hexToBytes(KEY0) }), 'sm'),
        message: 'hello spacemesh ✓',
      },
    ]);
  });
  it('signs a message file with a named account', async () => {
    const r = await run(
      'sign',
      '--keystore',
      KS,
      '--password-file',
      PW,
      '--account',
      'two',
      '--message-file',
      file('msg', 'line 1\nline 2'),
    );
    const m = JSON.parse(r.out);
    expect(m.publicKey).not.toBe(KEY0);
    expect(m.text).toBe('Message:line 1\nline 2');
    expect((await run('verify', file('two.json', m))).code).toBe(0);
  });
  it("verifies smapp desktop's format (0x hex, no prefix) and the flag form", async () => {
    const text = 'I own this key';
    const signature = nodeSign(null, Buffer.from(text), pkcs8(SEED0)).toString('hex');
    const smapp = { text, signature: `0x${signature}`, publicKey: `0x${KEY0}` };
    const v = await run('verify', file('smapp.json', smapp));
    expect(v.code).toBe(0);
    expect(v.out).toMatch(new RegExp(`^valid: signed by ${KEY0} \\(wallet sm1\\w+\\)$`));
    expect(
      (await run('verify', '--public-key', KEY0, '--signature', signature, '--text', text)).code,
    ).toBe(0);
  });
  it('an altered text, key or signature: exit 1, invalid', async () => {
    const text = 'Message:pay 1 SMH';
    const signature = nodeSign(null, Buffer.from(text), pkcs8(SEED0)).toString('hex');
    const good = { publicKey: KEY0, text, signature };
    const flipped = (h: string) => (h[0] === '0' ? '1' : '0') + h.slice(1);
    for (const bad of [
      { ...good, text: 'Message:pay 9 SMH' },
      { ...good, signature: flipped(signature) },
      { ...good, publicKey: flipped(KEY0) },
    ]) {
      const r = await run('verify', file('bad.json', bad), '--json');
      expect([r.code, JSON.parse(r.out).valid]).toEqual([1, false]);
    }
    const h = await run('verify', file('bad.json', { ...good, text: 'x' }));
    expect([h.code, h.err]).toEqual([1, 'smesh wallet: INVALID signature']);
  });
  it('malformed input: exit 1 with a reason', async () => {
    const cases: [unknown, string][] = [
      ['{not json', 'bad-signed-message'],
      [{ publicKey: KEY0, text: 'x' }, 'bad-signed-message'],
      [{ publicKey: 'abcd', text: 'x', signature: '00'.repeat(64) }, 'bad-hex'],
      [{ publicKey: KEY0, text: 'x', signature: 'zz'.repeat(64) }, 'bad-hex'],
    ];
    for (const [content, reason] of cases) {
      const r = await run('verify', file('m.json', content), '--json');
      expect([r.code, JSON.parse(r.err).error]).toEqual([1, reason]);
    }
    const missing = await run('verify', join(dir, 'nope.json'), '--json');
    expect([missing.code, JSON.parse(missing.err).error]).toEqual([1, 'io']);
  });
  it('usage errors: exit 2', async () => {
    for (const argv of [
      ['sign', '--keystore', KS, '--password-file', PW],
      ['sign', '--keystore', KS, '--password-file', PW, 'x', '--message-file', PW],
      ['verify'],
      ['verify', 'a.json', 'b.json'],
      ['verify', '--public-key', KEY0, '--text', 'x'],
      ['verify', 'a.json', '--public-key', KEY0, '--signature', '00', '--text', 'x'],
    ]) {
      expect((await run(...argv)).code, argv.join(' ')).toBe(2);
    }
  });
  it('an empty message file: exit 1', async () => {
    const r = await run(
      'sign',
      '--keystore',
      KS,
      '--password-file',
      PW,
      '--message-file',
      file('empty', ''),
      '--json',
    );
    expect([r.code, JSON.parse(r.err).error]).toEqual([1, 'empty-message']);
  });
});
