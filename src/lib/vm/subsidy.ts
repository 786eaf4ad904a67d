// Block subsidy and the vesting schedule, exactly as spacemeshos/economics computes them
// (constants/constants.go, rewards/rewards.go, vesting/vesting.go at 30c2cdd), plus
// go-spacemesh's mapping from a mesh layer to an economics layer (genvm/rewards.go) and
// its vault template's vested amount (genvm/templates/vault/vault.go Vested).
//
// Upstream does its decimal work with ericlagergren/decimal in Context128: 34 significant
// digits, round half to even, and every operation rounded — ln 2, each quotient and
// product, exp. decimal.js rounds each operation to the configured precision the same way
// and its exp/ln are correctly rounded, so a clone set to 34 digits / HALF_EVEN reproduces
// every upstream value to the smidge (tests/vectors/subsidy.json, all rows). Any change
// to the order of operations below changes the last digit somewhere: keep it as upstream.
import Decimal from 'decimal.js';

/** decimal.Context128: 34 digits, ToNearestEven, exponent range of IEEE decimal128. */
export const Decimal128 = Decimal.clone({
  precision: 34,
  rounding: Decimal.ROUND_HALF_EVEN,
  minE: -6143,
  maxE: 6144,
});

export class EconomicsInputError extends RangeError {
  override readonly name = 'EconomicsInputError';
}

// economics/constants/constants.go (amounts in smidge, durations in 5-minute layers).
export const ONE_SMESH = 1_000_000_000n;
export const TOTAL_VAULTED = ONE_SMESH * 150_000_000n;
export const CLIFF_RATIO = 0n;
export const ONE_EPOCH = 4032;
export const ONE_YEAR = 105_120;
export const VEST_START = ONE_YEAR;
export const VEST_END = 4 * ONE_YEAR;
export const VEST_LAYERS = VEST_END - VEST_START;
export const VESTED_AT_CLIFF = CLIFF_RATIO * TOTAL_VAULTED;
/** Rounded down; the remainder is paid in the last vesting layer. */
export const VEST_PER_LAYER = (TOTAL_VAULTED - VESTED_AT_CLIFF) / BigInt(VEST_LAYERS);
export const TEN_YEAR_TARGET = ONE_SMESH * 600_000_000n;
export const TOTAL_ISSUANCE = ONE_SMESH * 2_400_000_000n;
export const TOTAL_SUBSIDY = TOTAL_ISSUANCE - TOTAL_VAULTED;

const UINT32 = 2 ** 32;
const UINT32_MAX = UINT32 - 1;

// economics/rewards/rewards.go package variables, evaluated in the same order.
const ONE = new Decimal128(1);
const LOG_TWO = new Decimal128(2).ln();
/** Ten years of layers plus the effective-genesis layer itself. */
const TEN_YEARS = new Decimal128(10 * ONE_YEAR + 1);
const ISSUANCE_NUM = new Decimal128((TEN_YEAR_TARGET - TOTAL_VAULTED).toString());
const ISSUANCE_DENOM = new Decimal128(TOTAL_SUBSIDY.toString());
const ISSUANCE_FRAC = ONE.minus(ISSUANCE_NUM.div(ISSUANCE_DENOM));
const HALF_LIFE = TEN_YEARS.neg().times(LOG_TWO.div(ISSUANCE_FRAC.ln()));
const LAMBDA = LOG_TWO.div(HALF_LIFE);
const NEG_LAMBDA = LAMBDA.neg();
const TOTAL_SUBSIDY_DEC = new Decimal128(TOTAL_SUBSIDY.toString());
const FINAL_ISSUANCE_FRAC = TOTAL_SUBSIDY_DEC.minus(ONE).div(TOTAL_SUBSIDY_DEC);
const FINAL_LAYER = ONE.minus(FINAL_ISSUANCE_FRAC).ln().div(NEG_LAMBDA);

/** The Context128 values of rewards.go, for inspection and tests. */
export const REWARD_DECIMALS = Object.freeze({
  logTwo: LOG_TWO,
  issuanceFrac: ISSUANCE_FRAC,
  halfLife: HALF_LIFE,
  lambda: LAMBDA,
  negLambda: NEG_LAMBDA,
  finalIssuanceFrac: FINAL_ISSUANCE_FRAC,
  /** Economics layer from which the per-layer subsidy is at most 1 smidge. */
  finalLayer: FINAL_LAYER,
});

function checkUint32(what: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0 || n > UINT32_MAX) {
    throw new EconomicsInputError(`${what} ${n} is not a uint32`);
  }
}

/**
 * TotalAccumulatedSubsidyAtLayer: smidge issued as subsidy from the first effective
 * genesis layer through economics layer `n` inclusive,
 * ⌊TotalSubsidy · (1 − e^(−λ·(n+1)))⌋.
 */
export function accumulatedSubsidyAtLayer(layersAfterEffectiveGenesis: number): bigint {
  checkUint32('layersAfterEffectiveGenesis', layersAfterEffectiveGenesis);
  // Upstream adds the 1 in uint32, so n = 2^32-1 wraps to a layer count of 0. That is
  // 40,000 years away; it is kept so that we agree with go-spacemesh even there.
  const layerCount = new Decimal128((layersAfterEffectiveGenesis + 1) % UINT32);
  const expInner = NEG_LAMBDA.times(layerCount);
  const expOuter = expInner.exp();
  const supplyMultiplier = ONE.minus(expOuter);
  const unrounded = TOTAL_SUBSIDY_DEC.times(supplyMultiplier);
  // decimal.Big.Uint64 truncates toward zero.
  return BigInt(unrounded.trunc().toFixed(0));
}

/**
 * TotalSubsidyAtLayer: the subsidy of economics layer `n`, the difference of the floored
 * accumulated amounts (so no smidge is lost to rounding over time).
 */
export function subsidyAtLayer(layersAfterEffectiveGenesis: number): bigint {
  const current = accumulatedSubsidyAtLayer(layersAfterEffectiveGenesis);
  const previous =
    layersAfterEffectiveGenesis > 0
      ? accumulatedSubsidyAtLayer(layersAfterEffectiveGenesis - 1)
      : 0n;
  // uint64 subtraction upstream; only the wrapped layer 2^32-1 can make it negative.
  return BigInt.asUintN(64, current - previous);
}

/** types.FirstEffectiveGenesis: the last layer of epoch 1, the first one with rewards. */
export function firstEffectiveGenesis(layersPerEpoch: number): number {
  if (!Number.isSafeInteger(layersPerEpoch) || layersPerEpoch < 1) {
    throw new EconomicsInputError(`layersPerEpoch ${layersPerEpoch} must be a positive integer`);
  }
  return 2 * layersPerEpoch - 1;
}

/**
 * Economics layer of mesh layer `layer` (genvm/rewards.go: layer.Difference(
 * FirstEffectiveGenesis())). Layers before it have no rewards; go-spacemesh panics there.
 */
export function layersAfterEffectiveGenesis(layer: number, layersPerEpoch: number): number {
  checkUint32('layer', layer);
  const first = firstEffectiveGenesis(layersPerEpoch);
  if (layer < first) {
    throw new EconomicsInputError(
      `layer ${layer} is before the first effective genesis layer ${first}`,
    );
  }
  return layer - first;
}

/** Subsidy paid for mesh layer `layer` of a network with `layersPerEpoch`. */
export function layerSubsidy(layer: number, layersPerEpoch: number): bigint {
  return subsidyAtLayer(layersAfterEffectiveGenesis(layer, layersPerEpoch));
}

/** economics vesting.AccumulatedVestAtLayer: the network-wide vault schedule. */
export function accumulatedVestAtLayer(layersAfterGenesis: number): bigint {
  checkUint32('layersAfterGenesis', layersAfterGenesis);
  if (layersAfterGenesis < VEST_START) return 0n;
  if (layersAfterGenesis >= VEST_END) return TOTAL_VAULTED;
  return VESTED_AT_CLIFF + VEST_PER_LAYER * BigInt(layersAfterGenesis - VEST_START);
}

/** economics vesting.VestAtLayer: amount that vests in one layer of that schedule. */
export function vestAtLayer(layersAfterGenesis: number): bigint {
  checkUint32('layersAfterGenesis', layersAfterGenesis);
  if (layersAfterGenesis < VEST_START || layersAfterGenesis > VEST_END) return 0n;
  const previous = layersAfterGenesis > 0 ? accumulatedVestAtLayer(layersAfterGenesis - 1) : 0n;
  return accumulatedVestAtLayer(layersAfterGenesis) - previous;
}

export interface VaultVesting {
  readonly vestingStart: number;
  readonly vestingEnd: number;
  /** uint64 smidge. The vault's InitialUnlockAmount plays no part (SMIP-0002). */
  readonly totalAmount: bigint;
}

/**
 * go-spacemesh vault.Vested: 0 before the start, everything from the end on, linear in
 * between, floored, computed in big integers so the product cannot overflow.
 */
export function vaultVested(vault: VaultVesting, layer: number): bigint {
  checkUint32('layer', layer);
  checkUint32('vestingStart', vault.vestingStart);
  checkUint32('vestingEnd', vault.vestingEnd);
  if (vault.totalAmount < 0n || vault.totalAmount !== BigInt.asUintN(64, vault.totalAmount)) {
    throw new EconomicsInputError(`vault total ${vault.totalAmount} is not a uint64`);
  }
  if (layer < vault.vestingStart) return 0n;
  if (layer >= vault.vestingEnd) return vault.totalAmount;
  const elapsed = BigInt(layer - vault.vestingStart);
  const span = BigInt(vault.vestingEnd - vault.vestingStart);
  return (vault.totalAmount * elapsed) / span;
}
