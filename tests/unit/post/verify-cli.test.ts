// `smesh post prove` / `smesh post verify` in-process over a real data directory (postdata files
// written from scrypt-jane labels at a small N, split over two files), including a tampered
// label on disk and the node:crypto AES the CLI plugs in.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { bytesToHex } from '@noble/hashes/utils.js';
import { runProve, runVerify } from '../../../src/cli/post/prove-verify.ts';
import { nodeAes } from '../../../src/cli/post/node-aes.ts';
import { TableAes, aesKey } from '../../../src/lib/post/cipher.ts';
import { provingDifficulty } from '../../../src/lib/post/difficulty.ts';
import { decompressIndexes } from '../../../src/lib/post/compression.ts';
import { LabelHasher, commitment } from '../../../src/lib/post/labels.ts';
import { encodeMetadata, METADATA_FILE_NAME } from '../../../src/lib/post/metadata.ts';
import { proofFromJson } from '../../../src/lib/post/proof.ts';
import { captureIO } from '../cli/capture.ts';

const nodeId = new Uint8Array(32).fill(0x11);
const atx = new Uint8Array(32).fill(0x22);
const challenge = bytesToHex(new Uint8Array(32).fill(0x33));
const N = 16;
const LPU = 512n;
const UNITS = 2;
let dir: string;
let labels: Uint8Array;

function writeData(data: Uint8Array): void {
  // Two files of 640 labels and one of the rest: reads cross file boundaries.
  const per = 640 * 16;
  for (let k = 0; k * per < data.length; k++)
    writeFileSync(join(dir, `postdata_${k}.bin`), data.subarray(k * per, (k + 1) * per));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'smesh-prove-'));
  labels = new LabelHasher(N).batch(commitment(nodeId, atx), 0n, Number(LPU) * UNITS).labels;
  writeData(labels);
  const meta = {
    nodeId,
    commitmentAtxId: atx,
    labelsPerUnit: LPU,
    numUnits: UNITS,
    maxFileSize: 640n * 16n,
    nonce: null,
    lastPosition: LPU * 2n,
  };
  writeFileSync(join(dir, METADATA_FILE_NAME), encodeMetadata(meta));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base = () => ['--dir', dir, '--challenge', challenge, '--k1', '26', '--k2', '37'];

async function prove(threads = '1'): Promise<string> {
  const io = captureIO();
  expect(await runProve([...base(), '--nonces', '32', '--threads', threads], io)).toBe(0);
  expect(io.stdout).toHaveLength(1);
  return io.stdout[0]!;
}

async function verify(proofText: string, extra: string[] = []): Promise<[number, string]> {
  const file = join(dir, `proof-${Math.random()}.json`);
  writeFileSync(file, proofText);
  const io = captureIO();
  const rc = await runVerify(
    [...base(), '--proof', file, '--k3', '37', '--scrypt-n', String(N), ...extra],
    io,
  );
  return [rc, [...io.stdout, ...io.stderr].join('\n')];
}

describe('smesh post prove / verify', () => {
  it('node:crypto AES behind the seam equals the table AES', () => {
    const key = new Uint8Array(randomBytes(16));
    const data = new Uint8Array(randomBytes(16 * 300));
    const a = new Uint8Array(data.length);
    const b = new Uint8Array(data.length);
    const ecb = nodeAes(key);
    // State carries nothing across calls; the result is what encrypt returns.
    a.set(ecb.encrypt(data.subarray(0, 160), new Uint8Array(160)), 0);
    a.set(ecb.encrypt(data.subarray(160), new Uint8Array(data.length - 160)), 160);
    expect(new TableAes(key).encrypt(data, b)).toBe(b);
    expect(bytesToHex(a)).toBe(bytesToHex(b));
  });

  it('proves, and the proof verifies (all K2 and K3 = 1)', async () => {
    const text = await prove();
    const proof = proofFromJson(text);
    expect(proof.pow).toBe(0n);
    expect(await verify(text)).toEqual([0, 'valid']);
    const [rc] = await verify(text, ['--seed', 'abcd']);
    expect(rc).toBe(0);
    const io = captureIO();
    const file = join(dir, 'k3.json');
    writeFileSync(file, text);
    expect(
      await runVerify([...base(), '--proof', file, '--k3', '1', '--scrypt-n', String(N)], io),
    ).toBe(0);
  });

  it('proves the same on worker threads as on the main thread', async () => {
    const one = await prove('1');
    expect(await prove('3')).toBe(one);
  });

  it('exits 1 with the reason for a wrong challenge, scrypt N, pow or units bound', async () => {
    const text = await prove();
    const other = ['--challenge', bytesToHex(new Uint8Array(32).fill(0x34))];
    const file = join(dir, 'p.json');
    writeFileSync(file, text);
    const io = captureIO();
    const args = [
      '--dir',
      dir,
      ...other,
      '--k1',
      '26',
      '--k2',
      '37',
      '--proof',
      file,
      '--k3',
      '37',
      '--scrypt-n',
      String(N),
    ];
    expect(await runVerify(args, io)).toBe(1);
    expect(io.stdout.join('')).toMatch(/^invalid: label-does-not-pass/);
    expect(await verify(text, [])).toEqual([0, 'valid']);
    const [rcN, outN] = await verify(text.replace(/"pow":0/, '"pow":1'));
    expect([rcN, outN.split(':')[1]?.trim()]).toEqual([1, 'pow']);
    const [rcU, outU] = await verify(text, ['--min-num-units', '3']);
    expect([rcU, outU.split(':')[1]?.trim()]).toEqual([1, 'num-units']);
  });

  it('a label tampered on disk is proven with and caught by the verifier', async () => {
    const honest = proofFromJson(await prove());
    // Overwrite stored label 0 (which does not pass honestly) with bytes that pass for the
    // honest nonce: the prover then uses it, and the verifier recomputes the real one.
    const forged = labels.slice();
    const one = new Uint8Array(16);
    const d = provingDifficulty(26, LPU * 2n);
    const aes = new TableAes(
      aesKey(new Uint8Array(32).fill(0x33), Math.floor(honest.nonce / 16), 0n),
    );
    const out = new Uint8Array(16);
    for (let t = 0; ; t++) {
      new DataView(one.buffer).setUint32(0, t, true);
      if (aes.encrypt(one, out)[honest.nonce % 16]! < Number(d >> 56n)) break;
    }
    expect(decompressIndexes(honest.indices, 11).slice(0, 37)).not.toContain(0n);
    forged.set(one, 0); // label 0 now passes for the honest nonce
    writeData(forged);
    try {
      const text = await prove();
      expect(proofFromJson(text).nonce).toBe(honest.nonce);
      const [rc, out2] = await verify(text);
      expect(rc).toBe(1);
      expect(out2).toMatch(/^invalid: label-does-not-pass: label 0:/);
    } finally {
      writeData(labels);
    }
  });

  it('refuses to prove over data whose initialization has not finished', async () => {
    const meta = {
      nodeId,
      commitmentAtxId: atx,
      labelsPerUnit: LPU,
      numUnits: UNITS,
      maxFileSize: 640n * 16n,
      nonce: null,
    };
    try {
      writeFileSync(
        join(dir, METADATA_FILE_NAME),
        encodeMetadata({ ...meta, lastPosition: 1000n }),
      );
      const io = captureIO();
      expect(await runProve(base(), io)).toBe(1);
      expect(io.stderr.join('')).toMatch(/has not finished/);
    } finally {
      writeFileSync(
        join(dir, METADATA_FILE_NAME),
        encodeMetadata({ ...meta, lastPosition: LPU * 2n }),
      );
    }
  });

  it('refuses bad options as usage errors and randomx as unsupported', async () => {
    await expect(runProve([...base(), '--nonces', '20'], captureIO())).rejects.toThrow(
      /multiple of 16/,
    );
    await expect(
      runProve(['--dir', dir, '--challenge', 'zz', '--k1', '1', '--k2', '1'], captureIO()),
    ).rejects.toThrow(/challenge/);
    const io = captureIO();
    expect(await runProve([...base(), '--k2pow', 'randomx'], io)).toBe(1);
    expect(io.stderr.join('')).toMatch(/randomx/);
  });
});
