// prove → verify round trips on real scrypt-jane labels (small N), and every way a proof or its
// context can be altered is rejected with the right reason.
import { beforeAll, describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { loadVectors } from '../vectors.ts';
import { generateProof } from '../../../src/lib/post/prove.ts';
import { PostVerificationError, verifyProof } from '../../../src/lib/post/verify.ts';
import type {
  PostVerificationReason,
  ProofMetadata,
  VerifyConfig,
  VerifyOptions,
} from '../../../src/lib/post/verify.ts';
import { TableAes, aesKey, encryptBlock, lazyAesKey, lsb56 } from '../../../src/lib/post/cipher.ts';
import {
  compressIndices,
  decompressIndexes,
  requiredBits,
} from '../../../src/lib/post/compression.ts';
import { provingDifficulty, splitDifficulty } from '../../../src/lib/post/difficulty.ts';
import { LABEL_SIZE } from '../../../src/lib/post/interface.ts';
import type { LabelReader } from '../../../src/lib/post/interface.ts';
import { LabelHasher, commitment } from '../../../src/lib/post/labels.ts';
import { k2PowFor } from '../../../src/lib/post/k2pow.ts';
import type { K2Pow } from '../../../src/lib/post/k2pow.ts';
import type { Proof } from '../../../src/lib/post/proof.ts';

const FF32 = new Uint8Array(32).fill(0xff);
const nodeId = hexToBytes('0655283aa44b67e7dcbde46be857334033f5b9af79ec269f45e8e57e7913ed21');
const commitmentAtxId = hexToBytes(
  'c146f83c2b0f670c7e34e30699536a60b6d5eb13d8f0b63adb6084872c4f3b8d',
);
const challenge = hexToBytes('0102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f20');

function reader(labels: Uint8Array): LabelReader {
  return {
    totalLabels: BigInt(labels.length / LABEL_SIZE),
    read: (s, n) =>
      Promise.resolve(labels.slice(Number(s) * LABEL_SIZE, (Number(s) + n) * LABEL_SIZE)),
  };
}

function initLabels(n: number, count: number): Uint8Array {
  return new LabelHasher(n).batch(commitment(nodeId, commitmentAtxId), 0n, count).labels;
}

async function reason(p: Promise<void>): Promise<PostVerificationReason | 'valid'> {
  try {
    await p;
    return 'valid';
  } catch (e) {
    if (e instanceof PostVerificationError) return e.reason;
    throw e;
  }
}

function passes(nonce: number, pow: bigint, label: Uint8Array, d: bigint): boolean {
  const g = Math.floor(nonce / 16);
  const out = encryptBlock(new TableAes(aesKey(challenge, g, pow)), label);
  const { msb, lsb } = splitDifficulty(d);
  const b = out[nonce % 16]!;
  if (b !== msb) return b < msb;
  return lsb56(encryptBlock(new TableAes(lazyAesKey(challenge, nonce, g, pow)), label)) < lsb;
}

describe.each([
  // scrypt N, labels per unit, units, K1, K2
  [16, 256, 2, 26, 37],
  [32, 128, 4, 20, 24],
  [64, 300, 1, 8, 6],
])('N %i, %i labels/unit × %i units, K1 %i, K2 %i', (scryptN, lpu, units, k1, k2) => {
  const numLabels = BigInt(lpu * units);
  const cfg: VerifyConfig = {
    minNumUnits: 1,
    maxNumUnits: 4,
    labelsPerUnit: BigInt(lpu),
    scryptN,
    k1,
    k2,
    powDifficulty: FF32,
  };
  const meta: ProofMetadata = { nodeId, commitmentAtxId, challenge, numUnits: units };
  const bits = requiredBits(numLabels);
  const d = provingDifficulty(k1, numLabels);
  let labels: Uint8Array;
  let proof: Proof;
  let indices: bigint[];
  const verify = (p: Proof, m = meta, c = cfg, o: VerifyOptions = {}) =>
    reason(verifyProof(p, m, c, o));

  beforeAll(async () => {
    labels = initLabels(scryptN, Number(numLabels));
    proof = await generateProof(
      reader(labels),
      challenge,
      { k1, k2, powDifficulty: FF32 },
      { nodeId, numUnits: units, labelsPerUnit: BigInt(lpu) },
      { nonces: 32 },
    );
    indices = decompressIndexes(proof.indices, bits).slice(0, k2);
  });

  it('verifies in every mode', async () => {
    expect(await verify(proof)).toBe('valid');
    expect(
      await verify(proof, meta, cfg, { mode: { kind: 'subset', k3: 1, seed: new Uint8Array(3) } }),
    ).toBe('valid');
    expect(
      await verify(proof, meta, cfg, { mode: { kind: 'subset', k3: k2, seed: new Uint8Array(0) } }),
    ).toBe('valid');
    expect(await verify(proof, meta, cfg, { mode: { kind: 'one', index: k2 - 1 } })).toBe('valid');
    expect(await verify(proof, meta, cfg, { strictIndices: false })).toBe('valid');
  });

  it('rejects numUnits outside the bounds', async () => {
    expect(await verify(proof, meta, { ...cfg, minNumUnits: units + 1 })).toBe('num-units');
    expect(await verify(proof, meta, { ...cfg, maxNumUnits: units - 1 })).toBe('num-units');
  });

  it('rejects a changed nonce, pow or indices length', async () => {
    expect(await verify({ ...proof, nonce: proof.nonce ^ 1 })).toBe('label-does-not-pass');
    expect(await verify({ ...proof, nonce: proof.nonce + 16 })).toBe('label-does-not-pass');
    expect(await verify({ ...proof, nonce: 4096 + proof.nonce })).toBe('nonce-group');
    expect(await verify({ ...proof, nonce: -1 })).toBe('nonce-group');
    expect(await verify({ ...proof, pow: 1n << 64n })).toBe('pow');
    expect(await verify({ ...proof, pow: 1n })).toBe('pow');
    // A k2pow that accepts any pow: the pow still keys the AES, so the labels fail.
    const lax: K2Pow = { ...k2PowFor('none'), verify: () => {} };
    expect(await verify({ ...proof, pow: 1n }, meta, cfg, { k2pow: lax })).toBe(
      'label-does-not-pass',
    );
    const longer = new Uint8Array(proof.indices.length + 1);
    longer.set(proof.indices);
    expect(await verify({ ...proof, indices: longer })).toBe('index-count');
    expect(await verify({ ...proof, indices: proof.indices.subarray(1) })).toBe('index-count');
  });

  it('rejects any one index replaced by a label that does not pass', async () => {
    for (let k = 0; k < k2; k++) {
      let j = (indices[k]! + 1n) % numLabels;
      const label = (i: bigint) =>
        labels.subarray(Number(i) * LABEL_SIZE, (Number(i) + 1) * LABEL_SIZE);
      while (indices.includes(j) || passes(proof.nonce, proof.pow, label(j), d))
        j = (j + 1n) % numLabels;
      const changed = indices.slice();
      changed[k] = j;
      const bad = { ...proof, indices: compressIndices(changed, bits) };
      expect(await verify(bad), `index #${k}`).toBe('label-does-not-pass');
      expect(await verify(bad, meta, cfg, { mode: { kind: 'one', index: k } })).toBe(
        'label-does-not-pass',
      );
      if (k > 0)
        expect(await verify(bad, meta, cfg, { mode: { kind: 'one', index: 0 } })).toBe('valid');
    }
  });

  it('rejects duplicate and out-of-range indices (post-rs itself would accept the duplicate)', async () => {
    const dup = indices.slice();
    dup[1] = dup[0]!;
    const dupProof = { ...proof, indices: compressIndices(dup, bits) };
    expect(await verify(dupProof)).toBe('duplicate-index');
    expect(await verify(dupProof, meta, cfg, { strictIndices: false })).toBe('valid');
    const far = indices.slice();
    far[0] = numLabels; // fits the index width, outside the data
    expect(await verify({ ...proof, indices: compressIndices(far, bits) })).toBe(
      'index-out-of-range',
    );
  });

  it('rejects another challenge, node id or commitment ATX', async () => {
    const other = (b: Uint8Array) => b.map((x, i) => (i === 5 ? x ^ 0x40 : x));
    expect(await verify(proof, { ...meta, challenge: other(challenge) })).toBe(
      'label-does-not-pass',
    );
    expect(await verify(proof, { ...meta, nodeId: other(nodeId) })).toBe('label-does-not-pass');
    expect(await verify(proof, { ...meta, commitmentAtxId: other(commitmentAtxId) })).toBe(
      'label-does-not-pass',
    );
  });

  it('rejects a proof made over data with one wrong stored label', async () => {
    // A label before the last proven one that does not pass for the proof's nonce, overwritten
    // with bytes that do: the prover then proves with it, the verifier recomputes the real one.
    const last = indices[k2 - 1]!;
    let j = 0n;
    while (indices.includes(j)) j++;
    expect(j).toBeLessThan(last);
    const forged = new Uint8Array(LABEL_SIZE);
    for (let t = 0; !passes(proof.nonce, proof.pow, forged, d); t++)
      new DataView(forged.buffer).setUint32(0, t, true);
    const corrupted = labels.slice();
    corrupted.set(forged, Number(j) * LABEL_SIZE);
    const p2 = await generateProof(
      reader(corrupted),
      challenge,
      { k1, k2, powDifficulty: FF32 },
      { nodeId, numUnits: units, labelsPerUnit: BigInt(lpu) },
      { nonces: 32 },
    );
    expect(p2.nonce).toBe(proof.nonce);
    expect(decompressIndexes(p2.indices, bits)).toContain(j);
    const err = await verifyProof(p2, meta, cfg).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostVerificationError);
    expect(err).toMatchObject({ reason: 'label-does-not-pass', index: j });
  });

  it('rejects when K1 leaves no difficulty', async () => {
    const c = { ...cfg, k1: Number(numLabels) };
    expect(await verify(proof, meta, c)).toBe('difficulty');
  });
});

describe('verifyProof MSB ties (the 56-bit tie-break)', () => {
  // 1000 labels, K1 26: difficulty msb 6 and an LSB threshold near 0.66 · 2^56, so both tie
  // outcomes are easy to find among random labels.
  const numLabels = 1000n;
  const cfg: VerifyConfig = {
    minNumUnits: 1,
    maxNumUnits: 1,
    labelsPerUnit: numLabels,
    scryptN: 16,
    k1: 26,
    k2: 1,
    powDifficulty: FF32,
  };
  const meta = { nodeId, commitmentAtxId, challenge, numUnits: 1 };
  const { msb, lsb } = splitDifficulty(provingDifficulty(26, numLabels));
  const nonce = 21;
  const group = new TableAes(aesKey(challenge, 1, 0n));
  const lazy = new TableAes(lazyAesKey(challenge, nonce, 1, 0n));

  function findLabel(tieLsbPasses: boolean): Uint8Array {
    const label = new Uint8Array(16);
    for (let t = 0; ; t++) {
      new DataView(label.buffer).setUint32(0, t, true);
      if (encryptBlock(group, label)[nonce % 16] !== msb) continue;
      if (lsb56(encryptBlock(lazy, label)) < lsb === tieLsbPasses) return label;
    }
  }

  it.each([
    [true, 'valid'],
    [false, 'label-does-not-pass'],
  ] as const)('a tie whose LSB passes = %s is %s', async (passesLsb, expected) => {
    const label = findLabel(passesLsb);
    const proof = { nonce, indices: compressIndices([77n], requiredBits(numLabels)), pow: 0n };
    const opts = { label: (_c: Uint8Array, i: bigint) => (i === 77n ? label : new Uint8Array(16)) };
    expect(await reason(verifyProof(proof, meta, cfg, opts))).toBe(expected);
  });
});

describe('verifyProof subset mode picks the K3 indices of post_notes.json', () => {
  // derived_vectors.subset: node id 0, challenge 01..20, K2 indices 7, 1007, …, 36007.
  const zeroId = new Uint8Array(32);
  const indices = Array.from({ length: 37 }, (_, i) => BigInt(7 + 1000 * i));
  const numLabels = 40000n;
  const cfg: VerifyConfig = {
    minNumUnits: 1,
    maxNumUnits: 1,
    labelsPerUnit: numLabels,
    scryptN: 16,
    k1: 26,
    k2: 37,
    powDifficulty: FF32,
  };
  const meta = { nodeId: zeroId, commitmentAtxId, challenge, numUnits: 1 };
  const nonce = 0;
  const group = new TableAes(aesKey(challenge, 0, 0n));
  const d = provingDifficulty(26, numLabels);
  const good = new Uint8Array(16);
  for (let t = 0; !passes(nonce, 0n, good, d); t++) new DataView(good.buffer).setUint32(0, t, true);
  const bad = new Uint8Array(16);
  for (let t = 0; encryptBlock(group, bad)[0]! <= splitDifficulty(d).msb; t++)
    new DataView(bad.buffer).setUint32(0, t, true);
  const proof = { nonce, indices: compressIndices(indices, requiredBits(numLabels)), pow: 0n };
  const labelsBadAt = (badIndex: bigint) => (_c: Uint8Array, i: bigint) =>
    i === badIndex ? bad : good;
  const peer = new TextEncoder().encode('12D3KooWPStnitMbLyWAGr32gHmPr538mT658Thp6zTUujZt3LRf');

  it.each([
    [new Uint8Array(0), 7007n, 4007n],
    [peer, 17007n, 7007n],
  ])('seed #%#: K3 = 1 checks exactly the selected index', async (seed, selected, other) => {
    const mode = { kind: 'subset', k3: 1, seed } as const;
    const err = await verifyProof(proof, meta, cfg, { mode, label: labelsBadAt(selected) }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ reason: 'label-does-not-pass', index: selected });
    expect(await reason(verifyProof(proof, meta, cfg, { mode, label: labelsBadAt(other) }))).toBe(
      'valid',
    );
    expect(await reason(verifyProof(proof, meta, cfg, { label: labelsBadAt(other) }))).toBe(
      'label-does-not-pass',
    );
  });
});

describe('labels the verifier recomputes (post_notes.json derived labels, N = 8192)', () => {
  interface LabelVector {
    nodeId: string;
    commitmentAtxId: string;
    commitment: string;
    index: string;
    postLabel16: string;
  }
  const notes = loadVectors<{ derived_vectors: { labels: LabelVector[] } }>('post_notes.json');

  it.each(notes.derived_vectors.labels.map((v) => [v.index, v.commitment.slice(0, 8), v] as const))(
    'label %s of commitment %s…',
    async (_i, _c, v) => {
      const c = commitment(hexToBytes(v.nodeId), hexToBytes(v.commitmentAtxId));
      expect(bytesToHex(c)).toBe(v.commitment);
      // LabelHasher.output is what verifyProof's default label function calls.
      const label = new LabelHasher(8192).output(c, BigInt(v.index)).subarray(0, 16);
      expect(bytesToHex(label)).toBe(v.postLabel16);
    },
  );
});

describe('verifyProof failures outside the proof', () => {
  it('reports a label function that throws as a label failure', async () => {
    const cfg: VerifyConfig = {
      minNumUnits: 1,
      maxNumUnits: 1,
      labelsPerUnit: 64n,
      scryptN: 16,
      k1: 2,
      k2: 2,
      powDifficulty: FF32,
    };
    const meta = { nodeId, commitmentAtxId, challenge, numUnits: 1 };
    const proof = { nonce: 0, indices: compressIndices([1n, 2n], 7), pow: 0n };
    const label = () => {
      throw new Error('no scratch memory');
    };
    await expect(verifyProof(proof, meta, cfg, { label })).rejects.toMatchObject({
      reason: 'label',
    });
    await expect(
      verifyProof(proof, meta, cfg, { label: () => new Uint8Array(8) }),
    ).rejects.toMatchObject({ reason: 'label' });
  });

  it('refuses modes that would check nothing', async () => {
    const cfg: VerifyConfig = {
      minNumUnits: 1,
      maxNumUnits: 1,
      labelsPerUnit: 64n,
      scryptN: 16,
      k1: 2,
      k2: 2,
      powDifficulty: FF32,
    };
    const meta = { nodeId, commitmentAtxId, challenge, numUnits: 1 };
    const proof = { nonce: 0, indices: compressIndices([1n, 2n], 7), pow: 0n };
    await expect(
      verifyProof(proof, meta, cfg, { mode: { kind: 'one', index: 2 } }),
    ).rejects.toThrow(RangeError);
    await expect(
      verifyProof(proof, meta, cfg, { mode: { kind: 'subset', k3: 0, seed: new Uint8Array(0) } }),
    ).rejects.toThrow(RangeError);
    await expect(
      verifyProof(proof, { ...meta, challenge: new Uint8Array(31) }, cfg),
    ).rejects.toThrow(RangeError);
  });

  it('refuses RandomX k2pow with a typed error', () => {
    expect(() => k2PowFor('randomx')).toThrow(
      expect.objectContaining({ name: 'K2PowError', code: 'unsupported' }),
    );
  });
});
