// K3 subset selection: post_notes.json derived_vectors.subset (blake3 XOF of seed ‖ nodeId ‖
// challenge driving post-rs's partial Fisher–Yates shuffle).
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '@noble/hashes/utils.js';
import { randomValues } from '../../../src/lib/post/random-values.ts';
import { loadVectors } from '../vectors.ts';

interface SubsetVector {
  seedAscii: string;
  nodeId: string;
  challenge: string;
  k2IndicesInProofOrder: number[];
  k3: number;
  selected: number[];
  selectedK3eq1: number[];
}
const { subset } = loadVectors<{ derived_vectors: { subset: SubsetVector[] } }>(
  'post_notes.json',
).derived_vectors;

describe('randomValues (K3 subset)', () => {
  it.each(subset.map((v) => [JSON.stringify(v.seedAscii), v] as const))('seed %s', (_s, v) => {
    const seed = [
      new TextEncoder().encode(v.seedAscii),
      hexToBytes(v.nodeId),
      hexToBytes(v.challenge),
    ];
    const data = v.k2IndicesInProofOrder.map(BigInt);
    expect(randomValues(data, seed, v.k3)).toEqual(v.selected.map(BigInt));
    expect(randomValues(data, seed, 1)).toEqual(v.selectedK3eq1.map(BigInt));
    expect(data).toEqual(v.k2IndicesInProofOrder.map(BigInt)); // input untouched
  });

  it('returns a permutation when all items are drawn, and stops at the data length', () => {
    const data = Array.from({ length: 37 }, (_, i) => i);
    const all = randomValues(data, [Uint8Array.of(1)], 100);
    expect([...all].sort((a, b) => a - b)).toEqual(data);
    expect(randomValues(data, [Uint8Array.of(1)], 5)).toEqual(all.slice(0, 5));
    expect(randomValues(data, [Uint8Array.of(2)], 5)).not.toEqual(all.slice(0, 5));
  });
});
