// merkle-tree's published vectors (merkle_test.go): leaves are u64le(i) in 32 bytes, nodes
// SHA-256(L ‖ R) — the sequential-work tree's node hash with an empty statement.
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import {
  buildLayers,
  calcPartialTree,
  proofNodesFor,
  rootOf,
  rootHeightFromWidth,
} from '../../../src/lib/poet/merkle.ts';

const hash = (l: Uint8Array, r: Uint8Array) => sha256(concatBytes(l, r));
function leaf(i: number): Uint8Array {
  const out = new Uint8Array(32);
  new DataView(out.buffer).setBigUint64(0, BigInt(i), true);
  return out;
}
const leavesOf = (n: number) => Array.from({ length: n }, (_, i) => leaf(i));
const rootHex = (n: number) => bytesToHex(rootOf(n, buildLayers(leavesOf(n), hash), hash));

describe('merkle-tree vectors', () => {
  it('roots of balanced and unbalanced trees', () => {
    expect(rootHex(8)).toBe('89a0f1577268cc19b0a39c7a69f804fd140640c699585eb635ebb03c06154cce');
    expect(rootHex(9)).toBe('cb71c80ee780788eedb819ec125a41e0cde57bd0955cdd3157ca363193ab5ff1');
    expect(rootHex(10)).toBe('59f32a43534fe4c4c0966421aef624267cdf65bd11f74998c60f27c7caccb12d');
    expect(rootHex(15)).toBe('b9746fb884ed07041c5cbb3bb5526e1383928e832a8385e08db995966889b5a8');
  });

  it('root heights', () => {
    expect([1, 2, 3, 4, 5, 8, 9, 150].map(rootHeightFromWidth)).toEqual([0, 1, 2, 2, 3, 3, 4, 8]);
  });

  const cases: [number, number[], string[]][] = [
    [
      10,
      [0, 4, 7],
      [
        '0100000000000000000000000000000000000000000000000000000000000000',
        '0094579cfc7b716038d416a311465309bea202baa922b224a7b08f01599642fb',
        '0500000000000000000000000000000000000000000000000000000000000000',
        '0600000000000000000000000000000000000000000000000000000000000000',
        'bc68417a8495de6e22d95b980fca5a1183f29eff0e2a9b7ddde91ed5bcbea952',
      ],
    ],
    [
      8,
      [4],
      [
        '0500000000000000000000000000000000000000000000000000000000000000',
        'fa670379e5c2212ed93ff09769622f81f98a91e1ec8fb114d607dd25220b9088',
        'ba94ffe7edabf26ef12736f8eb5ce74d15bedb6af61444ae2906e926b1a95084',
      ],
    ],
    [
      8,
      [1, 4],
      [
        '0000000000000000000000000000000000000000000000000000000000000000',
        '0094579cfc7b716038d416a311465309bea202baa922b224a7b08f01599642fb',
        '0500000000000000000000000000000000000000000000000000000000000000',
        'fa670379e5c2212ed93ff09769622f81f98a91e1ec8fb114d607dd25220b9088',
      ],
    ],
  ];

  it.each(cases)('proof nodes for %i leaves proving %j', (n, indices, expected) => {
    const read = buildLayers(leavesOf(n), hash);
    const nodes = proofNodesFor(n, indices, read, hash);
    expect(nodes.map(bytesToHex)).toEqual(expected);
    const { root, snapshots } = calcPartialTree(
      indices,
      indices.map(leaf),
      nodes.map((h) => h),
      hash,
    );
    expect(bytesToHex(root)).toBe(rootHex(n));
    expect(snapshots).toHaveLength(indices.length);
  });

  it('parking snapshots are the left siblings of each proven leaf', () => {
    const n = 10;
    const read = buildLayers(leavesOf(n), hash);
    const nodes = proofNodesFor(n, [0, 4, 7], read, hash);
    const { snapshots } = calcPartialTree([0, 4, 7], [leaf(0), leaf(4), leaf(7)], nodes, hash);
    const hex = (s: (Uint8Array | null)[]) => s.map((x) => (x ? bytesToHex(x) : null));
    expect(hex(snapshots[0]!)).toEqual([null, null, null, null]);
    expect(hex(snapshots[1]!)).toEqual([null, null, bytesToHex(read(2, 0)), null]);
    expect(hex(snapshots[2]!)).toEqual([
      bytesToHex(leaf(6)),
      bytesToHex(read(1, 2)),
      bytesToHex(read(2, 0)),
      null,
    ]);
  });

  it('a changed proof node gives another root', () => {
    const read = buildLayers(leavesOf(10), hash);
    const nodes = proofNodesFor(10, [0, 4, 7], read, hash);
    nodes[1] = hexToBytes('ff'.repeat(32));
    const { root } = calcPartialTree([0, 4, 7], [leaf(0), leaf(4), leaf(7)], nodes, hash);
    expect(bytesToHex(root)).not.toBe(rootHex(10));
  });
});
