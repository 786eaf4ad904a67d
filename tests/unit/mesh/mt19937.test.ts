// MT19937-64 and Go's math/rand Shuffle over it, against vectors/consensus_fixtures.json:
// mt19937_64_reference (the reference mt19937-64.c init_by_array64 outputs) and block_tx_order
// (go-spacemesh blocks/utils_test.go Test_getBlockTXs_expected_order's seed and outputs).
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '@noble/hashes/utils.js';
import { GoRand, Mt19937_64, toUint64Slice } from '../../../src/lib/mesh/mt19937-64.ts';
import { loadVectors } from '../vectors.ts';

interface Fixtures {
  mt19937_64_reference: { init_by_array64: string[]; first3: string[] };
  block_tx_order: {
    blockSeedHex: string;
    blockSeedAscii: string;
    mt19937_64_first5_after_seeding_with_blockSeed: string[];
  };
}
const fx = loadVectors<Fixtures>('consensus_fixtures.json');

describe('Mt19937_64', () => {
  it('matches the reference init_by_array64({0x12345, 0x23456, 0x34567, 0x45678}) outputs', () => {
    const mt = new Mt19937_64();
    mt.seedFromSlice(fx.mt19937_64_reference.init_by_array64.map((s) => BigInt(s)));
    const got = fx.mt19937_64_reference.first3.map(() => mt.uint64().toString());
    expect(got).toEqual(fx.mt19937_64_reference.first3);
  });

  it('matches the outputs after seeding with the block seed of blocks/utils_test.go', () => {
    const seed = hexToBytes(fx.block_tx_order.blockSeedHex);
    expect(new TextDecoder().decode(seed)).toBe(fx.block_tx_order.blockSeedAscii);
    const mt = new Mt19937_64();
    mt.seedFromSlice(toUint64Slice(seed));
    const want = fx.block_tx_order.mt19937_64_first5_after_seeding_with_blockSeed;
    expect(want.map(() => mt.uint64().toString())).toEqual(want);
  });

  it('seeds with 5489 when used unseeded, as the reference genrand64_int64 does', () => {
    const a = new Mt19937_64();
    const b = new Mt19937_64();
    b.seed(5489n);
    // Reference mt19937-64.c, init_genrand64(5489): first output 14514284786278117030.
    expect(a.uint64()).toBe(14514284786278117030n);
    b.uint64();
    expect(a.uint64()).toBe(b.uint64());
  });

  it('Int63 drops the top bit', () => {
    const a = new Mt19937_64();
    const b = new Mt19937_64();
    for (let i = 0; i < 50; i++) expect(a.int63()).toBe(b.uint64() & 0x7fffffffffffffffn);
  });
});

describe('toUint64Slice', () => {
  it('reads little-endian 8-byte words', () => {
    const b = Uint8Array.of(1, 0, 0, 0, 0, 0, 0, 0x80, 0xff, 0xee, 0, 0, 0, 0, 0, 0);
    expect(toUint64Slice(b)).toEqual([0x8000000000000001n, 0xeeffn]);
  });
  it('refuses a short tail, where Go would panic', () => {
    expect(() => toUint64Slice(new Uint8Array(9))).toThrow(RangeError);
  });
});

describe('GoRand', () => {
  it('int31n stays in range and Uint32 is Int63 >> 31', () => {
    const mt = new Mt19937_64();
    const ref = new Mt19937_64();
    const r = new GoRand(mt);
    for (let i = 0; i < 20; i++) expect(r.uint32()).toBe(Number(ref.int63() >> 31n));
    for (let n = 1; n < 200; n++) {
      const v = r.int31n(n);
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThan(n);
    }
  });

  it('Shuffle permutes (every element kept) and depends on the seed', () => {
    const run = (seed: bigint) => {
      const mt = new Mt19937_64();
      mt.seed(seed);
      const a = Array.from({ length: 30 }, (_, i) => i);
      new GoRand(mt).shuffle(a.length, (i, j) => {
        [a[i], a[j]] = [a[j]!, a[i]!];
      });
      return a;
    };
    const x = run(1n);
    expect([...x].sort((p, q) => p - q)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(run(1n)).toEqual(x);
    expect(run(2n)).not.toEqual(x);
  });
});
