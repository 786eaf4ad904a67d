// Layer rewards, genvm/rewards.go: subsidy + fees are shared by the block's reward entries in
// proportion to their weight. Each share is floored on its own (in exact rationals, as Go's
// big.Rat), so what the floors leave over is never paid: it is burnt.
import { VmError } from './core/errors.ts';
import { UINT64_MAX, u64 } from './core/uint64.ts';
import type { StagedCache } from './state/staged-cache.ts';
import { layerSubsidy } from './subsidy.ts';

/** An exact non-negative rational weight (types.RatNum). */
export interface RewardWeight {
  readonly num: bigint;
  readonly den: bigint;
}

/** types.CoinbaseReward: one entry of a block's rewards. */
export interface CoinbaseReward {
  readonly coinbase: Uint8Array;
  /** The smesher the entry is for; carried into the Reward, not used in the split. */
  readonly smesherId?: Uint8Array;
  readonly weight: RewardWeight;
}

/** types.Reward. */
export interface Reward {
  readonly layer: number;
  readonly coinbase: Uint8Array;
  readonly smesherId?: Uint8Array;
  /** Share of subsidy + fees. */
  readonly totalReward: bigint;
  /** Share of the subsidy alone. */
  readonly layerReward: bigint;
}

export interface LayerRewards {
  readonly rewards: Reward[];
  readonly subsidy: bigint;
  readonly fees: bigint;
  /** subsidy + fees − what was paid out. */
  readonly burnt: bigint;
}

/**
 * The rewards of `layer` given the fees its transactions paid. `layersPerEpoch` places the
 * first effective genesis layer (economics layer 0).
 */
export function computeRewards(
  layer: number,
  layersPerEpoch: number,
  fees: bigint,
  entries: readonly CoinbaseReward[],
): LayerRewards {
  const subsidy = layerSubsidy(layer, layersPerEpoch);
  const total = u64(subsidy + fees);
  // Σ weights as one fraction n/d.
  let n = 0n;
  let d = 1n;
  for (const { weight } of entries) {
    if (weight.den <= 0n || weight.num < 0n) throw new VmError('reward weight must be n/d, d > 0');
    n = n * weight.den + weight.num * d;
    d = d * weight.den;
  }
  if (entries.length > 0 && n === 0n) throw new VmError('reward weights sum to zero');
  const rewards: Reward[] = [];
  let transferred = 0n;
  for (const e of entries) {
    // relative = w / Σw; floor(x · relative) does not depend on how the fraction is reduced.
    const rn = e.weight.num * d;
    const rd = e.weight.den * n;
    const totalReward = (total * rn) / rd;
    const layerReward = (subsidy * rn) / rd;
    if (totalReward > UINT64_MAX || layerReward > UINT64_MAX)
      throw new VmError(`reward for a coinbase overflows uint64`);
    rewards.push({
      layer,
      coinbase: e.coinbase,
      ...(e.smesherId !== undefined ? { smesherId: e.smesherId } : {}),
      totalReward,
      layerReward,
    });
    transferred += totalReward;
  }
  return { rewards, subsidy, fees, burnt: total - transferred };
}

/** Credits each reward to its coinbase in the layer's staged state (addRewards). */
export function creditRewards(cache: StagedCache, rewards: readonly Reward[]): void {
  for (const r of rewards) {
    const account = cache.get(r.coinbase);
    cache.update({ ...account, balance: u64(account.balance + r.totalReward) });
  }
}
