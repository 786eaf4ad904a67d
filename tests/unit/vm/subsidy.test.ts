// Every value in tests/vectors/subsidy.json (spacemeshos/economics @30c2cdd, go-spacemesh
// genvm rewards and vault tests), exact to the smidge.
import { describe, expect, it } from 'vitest';
import { loadVectors } from '../vectors.ts';
import {
  CLIFF_RATIO,
  Decimal128,
  EconomicsInputError,
  ONE_EPOCH,
  ONE_SMESH,
  ONE_YEAR,
  REWARD_DECIMALS,
  TEN_YEAR_TARGET,
  TOTAL_ISSUANCE,
  TOTAL_SUBSIDY,
  TOTAL_VAULTED,
  VESTED_AT_CLIFF,
  VEST_END,
  VEST_LAYERS,
  VEST_PER_LAYER,
  VEST_START,
  accumulatedSubsidyAtLayer,
  accumulatedVestAtLayer,
  firstEffectiveGenesis,
  layerSubsidy,
  layersAfterEffectiveGenesis,
  subsidyAtLayer,
  vaultVested,
  vestAtLayer,
} from '../../../src/lib/vm/subsidy.ts';

interface SubsidyRow {
  layersAfterEffectiveGenesis: number;
  subsidyAtLayer: string;
  accumulatedSubsidy: string;
}
interface VestRow {
  layersAfterGenesis: number;
  vestAtLayer: string;
  accumulatedVest: string;
}
interface VaultCase {
  desc: string;
  start: number;
  end: number;
  lid: number;
  initial: number | string;
  total: number | string;
  expect: number | string;
}
interface SubsidyVectors {
  constants: Record<string, string | number>;
  decimal128_values: Record<string, string | number>;
  upstream_test_values: SubsidyRow[];
  go_spacemesh_rewards_test_first5: string[];
  upstream_assertions: string[];
  subsidy_table: SubsidyRow[];
  vesting_schedule_economics: VestRow[];
  vault_vested_go_spacemesh_TestVested: VaultCase[];
}

const v = loadVectors<SubsidyVectors>('subsidy.json');
const big = (x: string | number): bigint => BigInt(x);

describe('economics constants', () => {
  it('match constants/constants.go', () => {
    const c = v.constants;
    expect(ONE_SMESH).toBe(big(c.OneSmesh as string));
    expect(TOTAL_VAULTED).toBe(big(c.TotalVaulted as string));
    expect(CLIFF_RATIO).toBe(big(c.CliffRatio as number));
    expect(ONE_EPOCH).toBe(c.OneEpoch);
    expect(ONE_YEAR).toBe(c.OneYear);
    expect(VEST_START).toBe(c.VestStart);
    expect(VEST_END).toBe(c.VestEnd);
    expect(VEST_LAYERS).toBe(c.VestLayers);
    expect(VESTED_AT_CLIFF).toBe(big(c.VestedAtCliff as string));
    expect(VEST_PER_LAYER).toBe(big(c.VestPerLayer as string));
    expect(TEN_YEAR_TARGET).toBe(big(c.TenYearTarget as string));
    expect(TOTAL_ISSUANCE).toBe(big(c.TotalIssuance as string));
    expect(TOTAL_SUBSIDY).toBe(big(c.TotalSubsidy as string));
    expect(10 * ONE_YEAR + 1).toBe(c.TenYears_layers);
    expect(firstEffectiveGenesis(ONE_EPOCH)).toBe(c.FirstEffectiveGenesis_mainnet);
  });
});

describe('Context128 intermediates (rewards.go package variables)', () => {
  const d = v.decimal128_values;
  const same = (actual: InstanceType<typeof Decimal128>, expected: string): void => {
    // Exact decimal equality: a one-digit change in the 34th place fails.
    expect(actual.eq(new Decimal128(expected)), `${actual.toString()} vs ${expected}`).toBe(true);
  };

  it('LogTwo, IssuanceFrac, HalfLife, Lambda, NegLambda, FinalIssuanceFrac, FinalLayer', () => {
    same(REWARD_DECIMALS.logTwo, d.LogTwo as string);
    same(REWARD_DECIMALS.issuanceFrac, d.IssuanceFrac as string);
    same(REWARD_DECIMALS.halfLife, d.HalfLife as string);
    same(REWARD_DECIMALS.halfLife, d.HalfLife_upstream_expected as string);
    same(REWARD_DECIMALS.lambda, d.Lambda as string);
    same(REWARD_DECIMALS.negLambda, d.NegLambda as string);
    same(REWARD_DECIMALS.finalIssuanceFrac, d.FinalIssuanceFrac as string);
    same(REWARD_DECIMALS.finalLayer, d.FinalLayer as string);
  });

  it('every intermediate carries exactly 34 significant digits', () => {
    for (const key of [
      'logTwo',
      'halfLife',
      'lambda',
      'finalIssuanceFrac',
      'finalLayer',
    ] as const) {
      // finalLayer ends in a 0 that decimal.js drops; count with trailing zeros kept.
      expect(REWARD_DECIMALS[key].precision(true), key).toBeLessThanOrEqual(34);
    }
    expect(REWARD_DECIMALS.logTwo.precision(true)).toBe(34);
    expect(REWARD_DECIMALS.lambda.precision(true)).toBe(34);
  });

  it('upstream expectations: Lambda·1e40 and uint(FinalLayer)', () => {
    expect(REWARD_DECIMALS.lambda.times('1e40').toFixed()).toBe(
      d.Lambda_times_1e40_upstream_expected,
    );
    expect(REWARD_DECIMALS.finalLayer.trunc().toNumber()).toBe(d.FinalLayer_upstream_expected_uint);
  });
});

function checkRows(rows: SubsidyRow[]): void {
  for (const row of rows) {
    const n = row.layersAfterEffectiveGenesis;
    expect(accumulatedSubsidyAtLayer(n), `accumulated(${n})`).toBe(big(row.accumulatedSubsidy));
    expect(subsidyAtLayer(n), `subsidy(${n})`).toBe(big(row.subsidyAtLayer));
  }
}

describe('subsidy per layer', () => {
  it('upstream_test_values (economics rewards_test.go)', () => {
    expect(v.upstream_test_values).toHaveLength(11);
    checkRows(v.upstream_test_values);
  });

  it('go-spacemesh genvm rewards_test.go: first five layers after effective genesis', () => {
    expect(v.go_spacemesh_rewards_test_first5).toHaveLength(5);
    const first = firstEffectiveGenesis(ONE_EPOCH);
    v.go_spacemesh_rewards_test_first5.forEach((expected, i) => {
      expect(subsidyAtLayer(i)).toBe(big(expected));
      expect(layerSubsidy(first + i, ONE_EPOCH)).toBe(big(expected));
    });
  });

  it(`subsidy_table (${v.subsidy_table.length} rows)`, () => {
    expect(v.subsidy_table.length).toBeGreaterThan(200);
    checkRows(v.subsidy_table);
  });

  it('upstream_assertions', () => {
    expect(v.upstream_assertions).toHaveLength(3);
    // 1. Ten years after effective genesis exactly the ten-year target less the vaults.
    expect(v.upstream_assertions[0]).toContain('1051200');
    expect(accumulatedSubsidyAtLayer(10 * ONE_YEAR)).toBe(TEN_YEAR_TARGET - TOTAL_VAULTED);
    expect(TEN_YEAR_TARGET - TOTAL_VAULTED).toBe(450_000_000_000_000_000n);
    // 2. The last smidge-paying layer, and the one after it.
    expect(v.upstream_assertions[1]).toContain('199069549');
    expect(subsidyAtLayer(199_069_549)).toBe(1n);
    expect(accumulatedSubsidyAtLayer(199_069_549)).toBe(TOTAL_SUBSIDY - 1n);
    expect(subsidyAtLayer(199_069_550)).toBe(0n);
    expect(accumulatedSubsidyAtLayer(199_069_550)).toBe(TOTAL_SUBSIDY - 1n);
    // 3. (genesis vault balances sum to TotalVaulted) is tested with the genesis accounts.
    expect(v.upstream_assertions[2]).toContain('mainnet_accounts');
  });

  it('accumulated subsidy never decreases and never exceeds the total', () => {
    let prev = 0n;
    for (const n of [
      0,
      1,
      2,
      1000,
      1_000_000,
      100_000_000,
      199_069_549,
      1_000_000_000,
      2 ** 32 - 2,
    ]) {
      const acc = accumulatedSubsidyAtLayer(n);
      expect(acc).toBeGreaterThanOrEqual(prev);
      expect(acc).toBeLessThanOrEqual(TOTAL_SUBSIDY);
      prev = acc;
    }
  });

  it('keeps upstream uint32 wrap-around at layer 2^32-1', () => {
    // layerCount = uint32(n + 1) = 0, so the accumulated amount is 0 and the uint64
    // difference wraps; this is what go-spacemesh would compute there.
    expect(accumulatedSubsidyAtLayer(2 ** 32 - 1)).toBe(0n);
    const prev = accumulatedSubsidyAtLayer(2 ** 32 - 2);
    expect(subsidyAtLayer(2 ** 32 - 1)).toBe(2n ** 64n - prev);
  });

  it('rejects layers that are not uint32', () => {
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN]) {
      expect(() => accumulatedSubsidyAtLayer(bad)).toThrow(EconomicsInputError);
      expect(() => subsidyAtLayer(bad)).toThrow(EconomicsInputError);
    }
  });
});

describe('effective genesis offset (genvm/rewards.go)', () => {
  it('maps mesh layers to economics layers', () => {
    expect(firstEffectiveGenesis(4032)).toBe(8063);
    expect(firstEffectiveGenesis(288)).toBe(575);
    expect(firstEffectiveGenesis(10)).toBe(19);
    expect(layersAfterEffectiveGenesis(8063, 4032)).toBe(0);
    expect(layersAfterEffectiveGenesis(8064, 4032)).toBe(1);
    expect(layersAfterEffectiveGenesis(19 + 7, 10)).toBe(7);
    expect(layerSubsidy(8063, 4032)).toBe(477_618_397_593n);
    expect(layerSubsidy(20, 10)).toBe(477_618_296_206n);
  });

  it('refuses layers before the first effective genesis (go-spacemesh panics)', () => {
    expect(() => layersAfterEffectiveGenesis(8062, 4032)).toThrow(EconomicsInputError);
    expect(() => layerSubsidy(0, 10)).toThrow(EconomicsInputError);
    expect(() => firstEffectiveGenesis(0)).toThrow(EconomicsInputError);
  });
});

describe('vesting', () => {
  it('vesting_schedule_economics (economics vesting.go)', () => {
    expect(v.vesting_schedule_economics.length).toBeGreaterThan(5);
    for (const row of v.vesting_schedule_economics) {
      const n = row.layersAfterGenesis;
      expect(vestAtLayer(n), `vest(${n})`).toBe(big(row.vestAtLayer));
      expect(accumulatedVestAtLayer(n), `accumulated(${n})`).toBe(big(row.accumulatedVest));
    }
  });

  it('the schedule pays exactly TotalVaulted', () => {
    let sum = 0n;
    // Every layer would be 315k calls; the schedule is flat, so sum by runs.
    sum += vestAtLayer(VEST_START);
    sum += vestAtLayer(VEST_START + 1) * BigInt(VEST_END - VEST_START - 1);
    sum += vestAtLayer(VEST_END);
    expect(vestAtLayer(VEST_START + 1)).toBe(vestAtLayer(VEST_END - 1));
    expect(sum).toBe(TOTAL_VAULTED);
  });

  it('vault_vested_go_spacemesh_TestVested (genvm/templates/vault)', () => {
    expect(v.vault_vested_go_spacemesh_TestVested).toHaveLength(12);
    for (const c of v.vault_vested_go_spacemesh_TestVested) {
      const vested = vaultVested(
        { vestingStart: c.start, vestingEnd: c.end, totalAmount: big(c.total) },
        c.lid,
      );
      expect(vested, c.desc).toBe(big(c.expect));
    }
  });

  it('vault rejects amounts outside uint64', () => {
    const vault = { vestingStart: 0, vestingEnd: 10, totalAmount: 2n ** 64n };
    expect(() => vaultVested(vault, 5)).toThrow(EconomicsInputError);
  });
});
