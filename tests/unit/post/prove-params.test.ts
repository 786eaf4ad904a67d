// Difficulty, index packing and the proof's encodings: the upstream unit vectors of post-rs
// (post_notes.json upstream_unit_vectors) and the derived mainnet difficulty vector.
import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import {
  DifficultyError,
  provingDifficulty,
  scalePowDifficulty,
  splitDifficulty,
} from '../../../src/lib/post/difficulty.ts';
import {
  compressIndices,
  decompressIndexes,
  expectedIndicesBytes,
  requiredBits,
} from '../../../src/lib/post/compression.ts';
import {
  ProofCodec,
  ProofFormatError,
  proofFromJson,
  proofToJson,
} from '../../../src/lib/post/proof.ts';
import { DecodeError, decode, encode } from '../../../src/lib/codec/index.ts';
import { loadVectors } from '../vectors.ts';

interface Notes {
  upstream_unit_vectors: {
    proving_difficulty: { k1: number; num_labels: number; difficulty?: string; error?: boolean }[];
    scale_pow_difficulty: { difficulty: string; num_units: number; result: string }[];
    compress_indices: { indexes: number[]; keep_bits: number; result: string }[];
    expected_indices_bytes: { bits: number; k2: number; bytes: number }[];
  };
  derived_vectors: {
    difficulty: {
      k1: number;
      numLabels: string;
      difficulty: string;
      difficultyMsb: number;
      difficultyLsb: string;
      requiredBitsPerIndex: number;
      k2: number;
      expectedIndicesBytes: number;
    }[];
  };
}
const notes = loadVectors<Notes>('post_notes.json');
const up = notes.upstream_unit_vectors;

describe('provingDifficulty', () => {
  it.each(up.proving_difficulty.map((v) => [v.k1, v.num_labels, v] as const))(
    'k1 %i, %i labels',
    (k1, n, v) => {
      if (v.error) expect(() => provingDifficulty(k1, BigInt(n))).toThrow(DifficultyError);
      else expect(provingDifficulty(k1, BigInt(n))).toBe(BigInt(v.difficulty!));
    },
  );

  it('splits the mainnet difficulty into MSB and 56-bit LSB (derived vector)', () => {
    for (const v of notes.derived_vectors.difficulty) {
      const d = provingDifficulty(v.k1, BigInt(v.numLabels));
      expect(d).toBe(BigInt(v.difficulty));
      expect(splitDifficulty(d)).toEqual({ msb: v.difficultyMsb, lsb: BigInt(v.difficultyLsb) });
      expect(requiredBits(BigInt(v.numLabels))).toBe(v.requiredBitsPerIndex);
      expect(expectedIndicesBytes(v.requiredBitsPerIndex, v.k2)).toBe(v.expectedIndicesBytes);
    }
  });

  it('splits a difficulty with a non-zero MSB', () => {
    expect(splitDifficulty(0xab12345678abcdefn)).toEqual({ msb: 0xab, lsb: 0x12345678abcdefn });
  });
});

describe('scalePowDifficulty', () => {
  it.each(up.scale_pow_difficulty.map((v) => [v.num_units, v] as const))('%i units', (_u, v) => {
    expect(bytesToHex(scalePowDifficulty(hexToBytes(v.difficulty), v.num_units))).toBe(v.result);
  });
});

describe('index compression', () => {
  it.each(up.compress_indices.map((v) => [v.keep_bits, v] as const))('keep %i bits', (bits, v) => {
    const packed = compressIndices(v.indexes.map(BigInt), bits);
    expect(bytesToHex(packed)).toBe(v.result);
    const mask = (1n << BigInt(bits)) - 1n;
    const back = decompressIndexes(packed, bits).slice(0, v.indexes.length);
    expect(back).toEqual(v.indexes.map((i) => BigInt(i) & mask));
  });

  it.each(up.expected_indices_bytes.map((v) => [v.bits, v.k2, v.bytes] as const))(
    'expectedIndicesBytes(%i bits, k2 %i) = %i',
    (bits, k2, bytes) => expect(expectedIndicesBytes(bits, k2)).toBe(bytes),
  );

  it('requiredBits is floor(log2)+1', () => {
    expect([0n, 1n, 2n, 3n, 4n, 255n, 256n, 1n << 34n].map(requiredBits)).toEqual([
      0, 1, 2, 2, 3, 8, 9, 35,
    ]);
  });

  it('round-trips 35-bit indices and yields extra indices only from spare bits', () => {
    const idx = Array.from(
      { length: 37 },
      (_, i) => (BigInt(i) * 0x2f0f0f0f1n) & ((1n << 35n) - 1n),
    );
    const packed = compressIndices(idx, 35);
    expect(packed.length).toBe(162);
    expect(decompressIndexes(packed, 35)).toEqual(idx); // 162·8 = 1296 bits hold exactly 37
    expect(decompressIndexes(new Uint8Array(2), 3)).toHaveLength(5);
  });
});

describe('Proof encodings', () => {
  const proof = { nonce: 5, indices: Uint8Array.of(1, 2, 3), pow: 7n };

  it('SCALE is compact32 nonce ‖ compact-length indices ‖ compact64 pow (go-spacemesh PostV1)', () => {
    const bytes = encode(ProofCodec, proof);
    expect(bytesToHex(bytes)).toBe('140c0102031c');
    expect(decode(ProofCodec, bytes)).toEqual(proof);
    const big = { nonce: 0xffffffff, indices: new Uint8Array(0), pow: 2n ** 64n - 1n };
    expect(bytesToHex(encode(ProofCodec, big))).toBe('03ffffffff00' + '13' + 'ff'.repeat(8));
    expect(decode(ProofCodec, encode(ProofCodec, big))).toEqual(big);
    expect(() => decode(ProofCodec, bytes.subarray(0, bytes.length - 1))).toThrow(DecodeError);
    const tooLong = { ...proof, indices: new Uint8Array(801) };
    expect(() => encode(ProofCodec, tooLong)).toThrow();
  });

  it('JSON is post-rs serde shape with base64 indices and an exact u64 pow', () => {
    const big = { nonce: 4095, indices: Uint8Array.of(0xff, 0, 0x10), pow: 18446744073709551615n };
    const text = proofToJson(big);
    expect(text).toBe('{"nonce":4095,"indices":"/wAQ","pow":18446744073709551615}');
    expect(proofFromJson(text)).toEqual(big);
    expect(proofFromJson('{"nonce":1,"indices":"","pow":"123"}')).toEqual({
      nonce: 1,
      indices: new Uint8Array(0),
      pow: 123n,
    });
  });

  it.each([
    'not json',
    '[]',
    '{"nonce":-1,"indices":"","pow":0}',
    '{"nonce":4294967296,"indices":"","pow":0}',
    '{"nonce":1,"indices":"","pow":18446744073709551616}',
    '{"nonce":1,"indices":"!!","pow":0}',
    '{"nonce":1,"indices":3,"pow":0}',
    '{"nonce":1.5,"indices":"","pow":0}',
  ])('rejects %s', (text) => {
    expect(() => proofFromJson(text)).toThrow(ProofFormatError);
  });
});
