// The per-layer mesh hash (tortoise/opinionhash): blake3(prev ‖ opinion), where the opinion is
// 0x00 for abstain or id ‖ u64le(height) per supported block. Checked against the expected hashes
// of go-spacemesh tortoise/opinionhash/opinionhash_test.go (TestOpinionHasher), and against
// values built byte by byte with @noble/hashes' blake3, independently of meshhash.ts.
import { describe, expect, it } from 'vitest';
import { blake3 } from '@noble/hashes/blake3.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { meshHash, sortSupport } from '../../../src/lib/mesh/meshhash.ts';

const id = (b: number) => new Uint8Array(20).fill(b);
const le = (v: bigint) => {
  const out = new Uint8Array(8);
  for (let i = 0; i < 8; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
};

type Step = 'abstain' | 'against' | { id: number; height: bigint }[];

// TestOpinionHasher: each step is one layer chained on the previous one; BlockID{n} is n ‖ 0*19.
const UPSTREAM: [string, Step[], string][] = [
  [
    'support height 10',
    [[{ id: 1, height: 10n }]],
    '9792d675f91bda454356c00761f0ee7e4fad33f075f5c02cfd11730f0199f3ed',
  ],
  [
    'support height 100',
    [[{ id: 1, height: 100n }]],
    'fdae510822088f67d47f8229d7971212973688d310c87144a154e8b51d787b4e',
  ],
  [
    'multiple blocks',
    [
      [
        { id: 1, height: 100n },
        { id: 2, height: 100n },
      ],
    ],
    'c0d65bb2f64a870c3f067bbc6e06ded4437ec95616b7bc61ee52fd02fe9468d2',
  ],
  [
    'single against',
    ['against'],
    'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262',
  ],
  ['abstain', ['abstain'], '2d3adedff11b61f14c886e35afa036736dcd87a74d27b5c1510225d0f592e213'],
  [
    'abstain abstain',
    ['abstain', 'abstain'],
    '58716d2accccc68182ffb06de20c77010061d694056defb23d2ad881d9367e16',
  ],
  [
    'against against',
    ['against', 'against'],
    '82878ed8a480ee41775636820e05a934ca5c747223ca64306658ee5982e6c227',
  ],
  [
    'support support',
    [[{ id: 1, height: 100n }], [{ id: 2, height: 100n }]],
    '88f75279f76898e958fba3409c60cee10967e04910bb97730e286531bbe7a757',
  ],
  [
    'support against',
    [[{ id: 1, height: 100n }], 'against'],
    'ae4b107c6601034d18eb7b7817a330abe6ba8a82e58265ef503928050730cd14',
  ],
];

describe('meshHash: go-spacemesh TestOpinionHasher', () => {
  for (const [name, steps, want] of UPSTREAM)
    it(name, () => {
      let prev: Uint8Array | null = null;
      for (const step of steps) {
        const blockId = (n: number) => {
          const b = new Uint8Array(20);
          b[0] = n;
          return b;
        };
        prev = meshHash(
          prev,
          step === 'abstain'
            ? { abstain: true }
            : {
                abstain: false,
                support:
                  step === 'against'
                    ? []
                    : step.map((b) => ({ id: blockId(b.id), height: b.height })),
              },
        );
      }
      expect(bytesToHex(prev!)).toBe(want);
    });
});

describe('meshHash', () => {
  const prev = new Uint8Array(32).fill(7);

  it('abstain is the 0x00 sentinel after the previous hash', () => {
    expect(meshHash(prev, { abstain: true })).toEqual(blake3(concatBytes(prev, Uint8Array.of(0))));
  });

  it('support writes id ‖ u64le(height) per block', () => {
    const h = meshHash(prev, {
      abstain: false,
      support: [{ id: id(2), height: 0x0102030405n }],
    });
    expect(h).toEqual(blake3(concatBytes(prev, id(2), le(0x0102030405n))));
  });

  it('orders support by height, then id, whatever order it is given in', () => {
    const blocks = [
      { id: id(9), height: 5n },
      { id: id(3), height: 7n },
      { id: id(1), height: 7n },
    ];
    const want = blake3(concatBytes(prev, id(9), le(5n), id(1), le(7n), id(3), le(7n)));
    expect(meshHash(prev, { abstain: false, support: blocks })).toEqual(want);
    expect(meshHash(prev, { abstain: false, support: [...blocks].reverse() })).toEqual(want);
    expect(sortSupport(blocks).map((b) => b.id[0])).toEqual([9, 1, 3]);
  });

  it('an empty layer hashes the previous hash alone; the first layer has no previous', () => {
    expect(meshHash(prev, { abstain: false, support: [] })).toEqual(blake3(prev));
    expect(meshHash(null, { abstain: true })).toEqual(blake3(Uint8Array.of(0)));
    expect(meshHash(null, { abstain: false, support: [] })).toEqual(blake3(new Uint8Array(0)));
  });

  it('chains: each layer commits to every earlier one', () => {
    const l1 = meshHash(null, { abstain: false, support: [{ id: id(1), height: 1n }] });
    const l2a = meshHash(l1, { abstain: true });
    const other = meshHash(null, { abstain: false, support: [{ id: id(1), height: 2n }] });
    expect(meshHash(other, { abstain: true })).not.toEqual(l2a);
  });

  it('refuses malformed inputs', () => {
    expect(() => meshHash(new Uint8Array(31), { abstain: true })).toThrow(RangeError);
    expect(() =>
      meshHash(prev, { abstain: false, support: [{ id: new Uint8Array(32), height: 0n }] }),
    ).toThrow(RangeError);
    expect(() => meshHash(prev, { abstain: false, support: [{ id: id(1), height: -1n }] })).toThrow(
      RangeError,
    );
  });
});
