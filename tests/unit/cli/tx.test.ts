// `smesh tx parse`: in-process through main() with a capturing io, and once as a real process.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import type { CliIO } from '../../../src/cli/io.ts';
import { main } from '../../../src/cli/main.ts';
import { encodeAddress } from '../../../src/lib/crypto/address.ts';
import { publicKeyOf } from '../../../src/lib/crypto/signing.ts';
import { selfSpawnTx, signWalletTx, TEMPLATES } from '../../../src/lib/vm/tx/index.ts';
import { loadVectors } from '../vectors.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = {
    out: (t) => void (out += t + '\n'),
    err: (t) => void (err += t + '\n'),
    isTTY: false,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

const genvm = loadVectors<{
  blocks_tx_id_fixture: { cases: { rawTx: string; txId: string; principal: string }[] };
}>('genvm_golden.json');
const fixture = genvm.blocks_tx_id_fixture.cases[3]!;
const sm = loadVectors<{
  'derived_by_smcodec_0.8.0': { name: string; unsignedTxHex?: string; signedTxHex?: string }[];
}>('smcodec_golden.json')['derived_by_smcodec_0.8.0'];
const multisigSpend = sm.find((d) => d.name === 'multisig_2of2_spend')!;
const zondax = loadVectors<{ testcases: { name: string; blob: string }[] }>(
  'zondax_testcases.json',
).testcases;
const vaultDrain = zondax.find((t) => t.name === 'stest_Vault_1_5_drain')!;

describe('smesh tx parse (in-process)', () => {
  it('prints a signed wallet spend with its id', async () => {
    const r = await run('tx', 'parse', fixture.rawTx);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(JSON.parse(r.out)).toEqual({
      id: fixture.txId,
      size: fixture.rawTx.length / 2,
      template: 'wallet',
      templateAddress: 'sm1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqg56ypy7',
      method: 'spend',
      methodId: 16,
      principal: encodeAddress(hexToBytes(fixture.principal), 'sm'),
      nonce: '3',
      gasPrice: '1',
      args: {
        destination: encodeAddress(hexToBytes('01020304' + '00'.repeat(20)), 'sm'),
        amount: '1000',
      },
      signature: { kind: 'single', sig: fixture.rawTx.slice(-128) },
    });
    expect(r.out).toMatch(/^\{\n {2}"id"/); // two-space indent
  });

  it('takes 0x, --hrp and prints multisig parts', async () => {
    const r = await run('tx', 'parse', '0x' + multisigSpend.signedTxHex!, '--hrp', 'stest');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(j.template).toBeNull();
    expect(j.principal).toBe('stest1qqqqqqppxlj6e8cdc42604qe6950n5w9fd5c53qmj9p7z');
    expect(j.signature).toEqual({
      kind: 'multi',
      parts: [
        { ref: 0, sig: '07'.repeat(64) },
        { ref: 1, sig: '08'.repeat(64) },
      ],
    });
  });

  // expected values from the Ledger display of this case (chunks joined)
  it('--unsigned and --blob', async () => {
    const u = await run('tx', 'parse', '--unsigned', multisigSpend.unsignedTxHex!);
    expect(u.code).toBe(0);
    expect(JSON.parse(u.out)).toMatchObject({
      method: 'spend',
      principal: 'sm1qqqqqqppxlj6e8cdc42604qe6950n5w9fd5c53qx8uesm',
    });
    expect(JSON.parse(u.out)).not.toHaveProperty('id');

    const b = await run('tx', 'parse', vaultDrain.blob, '--blob', '--hrp=stest');
    expect(b.code).toBe(0);
    expect(JSON.parse(b.out)).toEqual({
      genesisId: '9eebff023abb17ccb775c602daade8ed708f0a50',
      template: 'vesting',
      templateAddress: encodeAddress(TEMPLATES.vesting.address, 'stest'),
      method: 'drain',
      methodId: 17,
      principal: 'stest1qqqqqqp0n27hkw5f7d7tx47zt8st40506kuyrwsjqawhr',
      nonce: '0',
      gasPrice: '2819',
      args: {
        vault: 'stest1qqqqqqzqqvfd87u7gjyqgwnywrx4crxk2gd4w6s7hxdar',
        destination: 'stest1qqqqqqrhxcdx9sph8ps4fnynrjl960s0apr49zschz3z3',
        amount: '147044946628799146',
      },
    });
  });

  it('checks a self-spawn signature with --genesis-id', async () => {
    const seed = new Uint8Array(32).fill(9);
    const genesis = hexToBytes('11'.repeat(20));
    const raw = bytesToHex(
      signWalletTx(
        selfSpawnTx('wallet', { publicKey: publicKeyOf(seed) }, { gasPrice: 1n }),
        seed,
        genesis,
      ),
    );
    const ok = await run('tx', 'parse', raw, '--genesis-id', '11'.repeat(20));
    expect(JSON.parse(ok.out)).toMatchObject({
      template: 'wallet',
      selfSpawn: true,
      verified: true,
    });
    const bad = await run('tx', 'parse', raw, '--genesis-id', '22'.repeat(20));
    expect(JSON.parse(bad.out)).toMatchObject({ verified: false });
    const unknown = await run('tx', 'parse', fixture.rawTx, '--genesis-id', '00'.repeat(20));
    expect(JSON.parse(unknown.out)).toMatchObject({ verified: null });
  });

  it('bad hex: one line on stderr, exit 1', async () => {
    for (const bad of ['xyz', '0x', 'abc', '0x0g']) {
      const r = await run('tx', 'parse', bad);
      expect([r.code, r.out]).toEqual([1, '']);
      expect(r.err).toBe(
        'smesh tx: the transaction is not hex (an even number of 0-9a-f digits, optional 0x)\n',
      );
    }
  });

  it('undecodable input: one line on stderr, exit 1', async () => {
    const r = await run('tx', 'parse', fixture.rawTx.slice(0, 40));
    expect([r.code, r.out]).toEqual([1, '']);
    expect(r.err).toBe(
      'smesh tx: cannot decode transaction: principal: [24]byte: needs 24 bytes, 19 left\n',
    );
  });

  it('an unsigned body given as signed: says to pass --unsigned', async () => {
    const r = await run('tx', 'parse', multisigSpend.unsignedTxHex!);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      'smesh tx: cannot decode transaction: signature: missing (unsigned transaction?) (for an unsigned body pass --unsigned)\n',
    );
  });

  it('usage errors exit 2 with the usage', async () => {
    for (const argv of [
      ['tx'],
      ['tx', 'frobnicate'],
      ['tx', 'parse'],
      ['tx', 'parse', 'aa', 'bb'],
      ['tx', 'parse', 'aa', '--nope'],
      ['tx', 'parse', 'aa', '--hrp', 'btc'],
      ['tx', 'parse', 'aa', '--unsigned', '--blob'],
      ['tx', 'parse', 'aa', '--unsigned', '--genesis-id', '00'],
    ]) {
      const r = await run(...argv);
      expect([argv, r.code, r.out]).toEqual([argv, 2, '']);
      expect(r.err).toMatch(/^smesh tx: .+\n\nUsage: smesh tx parse/);
    }
  });

  it('--help prints the usage', async () => {
    const r = await run('tx', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--unsigned/);
    expect(r.out).toMatch(/--blob/);
  });
});

describe('smesh tx parse (process)', () => {
  const smesh = (...args: string[]) =>
    spawnSync('node', ['bin/smesh.js', ...args], { cwd: repoRoot, encoding: 'utf8' });

  it('prints JSON on stdout and exits 0', () => {
    const r = smesh('tx', 'parse', fixture.rawTx);
    expect([r.status, r.stderr]).toEqual([0, '']);
    const j = JSON.parse(r.stdout) as Record<string, unknown>;
    expect([j.id, j.nonce, j.method]).toEqual([fixture.txId, '3', 'spend']);
  });

  it('bad input: stderr and exit 1; usage error: exit 2', () => {
    const bad = smesh('tx', 'parse', 'zz');
    expect([bad.status, bad.stdout]).toEqual([1, '']);
    expect(bad.stderr).toMatch(/^smesh tx: the transaction is not hex/);
    const usage = smesh('tx', 'bogus');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/unknown subcommand 'bogus'/);
  });
});
