// Layer rewards against go-spacemesh genvm/rewards_test.go TestRewards: per-layer subsidy
// amounts, floors of each share, and fees joining the subsidy before the split. Shares are
// the exact binary fractions Go's big.Rat.SetFloat64 makes of 0.5, 0.9 and 0.1.
import { describe, expect, it } from 'vitest';
import { computeRewards, type RewardWeight } from '../../../src/lib/vm/rewards.ts';
import { VmError } from '../../../src/lib/vm/core/errors.ts';
import {
  Chain,
  FIRST_LAYER,
  LAYERS_PER_EPOCH,
  key,
  sink,
  walletAddress,
  walletSpawn,
} from './templates/harness.ts';

const EXPECTED = [477618397593n, 477618296206n, 477618194821n, 477618093434n, 477617992047n];
const SPAWN_FEE = 100_432n;

/** The exact rational value of a float64, as big.Rat.SetFloat64 gives it. */
function ratOf(x: number): RewardWeight {
  let den = 1n;
  while (!Number.isInteger(x)) {
    x *= 2;
    den *= 2n;
  }
  return { num: BigInt(x), den };
}

const share = (address: Uint8Array, s: number) => ({ coinbase: address, weight: ratOf(s) });

describe('rewards (rewards_test.go)', () => {
  it('0.9 and 0.1 are not exactly 9/10 and 1/10 as floats', () => {
    expect(ratOf(0.9)).toEqual({ num: 8106479329266893n, den: 1n << 53n });
    expect(ratOf(0.1)).toEqual({ num: 3602879701896397n, den: 1n << 55n });
  });

  it('sanity: one coinbase takes the whole subsidy of each layer', () => {
    const chain = new Chain([]);
    for (let i = 0; i < 3; i++) {
      const r = chain.apply([], [share(sink(i + 1), 1)]);
      expect(r.subsidy).toBe(EXPECTED[i]);
      expect(r.rewards).toMatchObject([
        { layer: FIRST_LAYER + i, totalReward: EXPECTED[i], layerReward: EXPECTED[i] },
      ]);
      expect(r.burnt).toBe(0n);
      expect(chain.balance(sink(i + 1))).toBe(EXPECTED[i]);
    }
  });

  it('empty layers still count: the subsidy follows the layer, not the number of blocks', () => {
    const chain = new Chain([]);
    chain.apply([], [share(sink(1), 1)]);
    chain.apply([]);
    chain.apply([], [share(sink(3), 1)]);
    chain.apply([]);
    chain.apply([], [share(sink(5), 1)]);
    expect([1, 3, 5].map((i) => chain.balance(sink(i)))).toEqual([
      EXPECTED[0],
      EXPECTED[2],
      EXPECTED[4],
    ]);
  });

  it('subsidy rounded down, the remainder burnt', () => {
    const chain = new Chain([]);
    let r = chain.apply([], [share(sink(1), 0.5), share(sink(2), 0.5)]);
    expect(r.rewards.map((x) => x.totalReward)).toEqual([
      (EXPECTED[0]! - 1n) / 2n,
      (EXPECTED[0]! - 1n) / 2n,
    ]);
    expect(r.burnt).toBe(1n);
    r = chain.apply([], [share(sink(1), 0.9), share(sink(2), 0.1)]);
    expect(r.rewards.map((x) => x.totalReward)).toEqual([
      (EXPECTED[1]! * 9n) / 10n,
      EXPECTED[1]! / 10n,
    ]);
    expect(r.burnt).toBe(EXPECTED[1]! - (EXPECTED[1]! * 9n) / 10n - EXPECTED[1]! / 10n);
  });

  it('fees and subsidy rounded down together', () => {
    const k8 = key(8);
    const k9 = key(9);
    const chain = new Chain([
      { address: walletAddress(k8), balance: 10n ** 9n },
      { address: walletAddress(k9), balance: 10n ** 9n },
    ]);
    let r = chain.apply([walletSpawn(k8)], [share(sink(1), 0.5), share(sink(2), 0.5)]);
    expect(r.fees).toBe(SPAWN_FEE);
    const half = (EXPECTED[0]! - 1n + SPAWN_FEE) / 2n;
    expect(r.rewards).toMatchObject([
      { totalReward: half, layerReward: (EXPECTED[0]! - 1n) / 2n },
      { totalReward: half, layerReward: (EXPECTED[0]! - 1n) / 2n },
    ]);
    r = chain.apply([walletSpawn(k9)], [share(sink(1), 0.9), share(sink(2), 0.1)]);
    expect(r.rewards.map((x) => x.totalReward)).toEqual([
      ((EXPECTED[1]! + SPAWN_FEE) * 9n) / 10n,
      (EXPECTED[1]! + SPAWN_FEE) / 10n,
    ]);
    expect(chain.balance(sink(1))).toBe(half + ((EXPECTED[1]! + SPAWN_FEE) * 9n) / 10n);
  });

  it('ineffective transactions pay no fee into rewards', () => {
    const chain = new Chain([]);
    const r = chain.apply([walletSpawn(key(7))], [share(sink(1), 1)]);
    expect(r.ineffective).toHaveLength(1);
    expect(r.fees).toBe(0n);
    expect(chain.balance(sink(1))).toBe(EXPECTED[0]);
  });

  it('weights need not be normalised; thirds floor and burn', () => {
    const entries = [1n, 1n, 1n].map((n, i) => ({
      coinbase: sink(i),
      weight: { num: n * 7n, den: 3n },
    }));
    const r = computeRewards(FIRST_LAYER, LAYERS_PER_EPOCH, 2n, entries);
    const each = (EXPECTED[0]! + 2n) / 3n;
    expect(r.rewards.map((x) => x.totalReward)).toEqual([each, each, each]);
    expect(r.burnt).toBe(EXPECTED[0]! + 2n - 3n * each);
    expect(() =>
      computeRewards(FIRST_LAYER, LAYERS_PER_EPOCH, 0n, [
        { coinbase: sink(1), weight: { num: 0n, den: 1n } },
      ]),
    ).toThrow(VmError);
  });

  it('the same coinbase twice is credited twice', () => {
    const chain = new Chain([]);
    const r = chain.apply([], [share(sink(1), 0.5), share(sink(1), 0.5)]);
    expect(r.changed).toHaveLength(1);
    expect(chain.balance(sink(1))).toBe(EXPECTED[0]! - 1n);
  });
});
