// The dashboard's aggregation: Gini against hand-computed values, space from units, per-epoch
// series, and folding stream items (shuffled, repeated) into a listed state equals folding
// everything at once.
import { describe, expect, it } from 'vitest';
import {
  DashboardAggregate,
  committedBytes,
  decentralisation,
  gini,
} from '../../../../src/lib/ui/dashboard/aggregate.ts';
import type { Account } from '../../../../src/lib/api/v2alpha1/account.ts';
import type { Activation } from '../../../../src/lib/api/v2alpha1/activation.ts';
import type { Reward } from '../../../../src/lib/api/v2alpha1/reward.ts';
import type { TransactionResponse } from '../../../../src/lib/api/v2alpha1/tx.ts';
import type { Layer } from '../../../../src/lib/api/v2alpha1/layer.ts';

const PARAMS = { layersPerEpoch: 10, labelsPerUnit: 1024n };

function atx(id: string, smesher: string, publishEpoch: number, weight: number, numUnits = 1) {
  return {
    id,
    smesherId: smesher,
    publishEpoch,
    coinbase: `cb-${smesher}`,
    weight: String(weight),
    height: '100',
    numUnits,
  } satisfies Activation;
}

function reward(layer: number, smesher: string, total: bigint, layerReward: bigint): Reward {
  return {
    layer,
    total: String(total),
    layerReward: String(layerReward),
    coinbase: `cb-${smesher}`,
    smesher,
  };
}

function tx(id: string, layer: number): TransactionResponse {
  return {
    tx: {
      id,
      principal: 'p',
      template: 't',
      method: 16,
      nonce: { counter: '1' },
      maxGas: '0',
      gasPrice: '1',
      maxSpend: '0',
      raw: '',
      type: 'TRANSACTION_TYPE_SINGLE_SIG_SEND',
      contents: null,
    },
    txResult:
      layer === 0
        ? null
        : {
            status: 'TRANSACTION_STATUS_SUCCESS',
            message: '',
            gasConsumed: '1',
            fee: '1',
            block: '',
            layer,
            touchedAddresses: [],
          },
  };
}

function layer(n: number): Layer {
  return {
    number: n,
    status: 'LAYER_STATUS_APPLIED',
    consensusHash: '',
    stateHash: '',
    cumulativeStateHash: '',
    block: null,
  };
}

function account(address: string, balance: bigint): Account {
  return {
    address,
    current: { counter: '0', balance: String(balance), layer: 1 },
    projected: { counter: '0', balance: String(balance), layer: 0 },
    template: '',
  };
}

describe('gini', () => {
  it('is 0 for equal shares and for nothing to share', () => {
    expect(gini([1, 1, 1, 1])).toBe(0);
    expect(gini([7])).toBe(0);
    expect(gini([])).toBe(0);
    expect(gini([0, 0])).toBe(0);
  });

  it('matches hand-computed values (mean absolute difference / twice the mean)', () => {
    // one of four holds all: Σ|xi−xj| = 6, 2·n²·mean = 8
    expect(gini([0, 0, 0, 1])).toBeCloseTo(0.75, 12);
    // 1, 2, 3: Σ|xi−xj| = 8, 2·9·2 = 36
    expect(gini([3, 1, 2])).toBeCloseTo(2 / 9, 12);
    // 3, 1: Σ|xi−xj| = 4, 2·4·2 = 16
    expect(gini([3, 1])).toBeCloseTo(0.25, 12);
    // 1, 1, 2, 4: Σ over ordered pairs = 2·(0+1+3+1+3+2) = 20, 2·16·2 = 64
    expect(gini([4, 1, 2, 1])).toBeCloseTo(20 / 64, 12);
  });

  it('refuses negative values', () => {
    expect(() => gini([1, -1])).toThrow(RangeError);
  });

  it('decentralisation is 1 − Gini, undefined without smeshers', () => {
    expect(decentralisation([])).toBeUndefined();
    expect(decentralisation([5, 5])).toBe(1);
    expect(decentralisation([3, 1])).toBeCloseTo(0.75, 12);
  });
});

describe('committed space', () => {
  it('is units × labels per unit × 16 bytes', () => {
    expect(committedBytes(3, 1024n)).toBe(3n * 1024n * 16n);
    // mainnet: 4 GiB labels × 16 B = 64 GiB per unit
    expect(committedBytes(4n, 4294967296n)).toBe(4n * 64n * 1024n ** 3n);
  });
});

describe('DashboardAggregate', () => {
  it('counts ATXs for the epoch after they were published, per smesher', () => {
    const a = new DashboardAggregate(PARAMS);
    a.addActivation(atx('a1', 's1', 1, 300, 2));
    a.addActivation(atx('a2', 's2', 1, 100, 1));
    a.addActivation(atx('a3', 's1', 2, 500, 3));
    const t2 = a.tiles(2);
    expect(t2.smeshers).toBe(2);
    expect(t2.smeshersNextEpoch).toBe(1);
    expect(t2.committedBytes).toBe(3n * 1024n * 16n);
    expect(t2.decentralisation).toBeCloseTo(0.75, 12); // weights 300, 100
    expect(a.tiles(1).smeshers).toBe(0);
    expect(a.tiles(1).decentralisation).toBeUndefined();
    expect(a.tiles(3).decentralisation).toBe(1);
    expect(a.weights(2)).toEqual(
      new Map([
        ['s1', 300n],
        ['s2', 100n],
      ]),
    );
  });

  it('builds the per-epoch series of smeshers, space, rewards and transactions', () => {
    const a = new DashboardAggregate(PARAMS);
    a.addActivation(atx('a1', 's1', 1, 300, 2));
    a.addActivation(atx('a2', 's2', 1, 100, 1));
    a.addReward(reward(20, 's1', 1_500n, 1_000n));
    a.addReward(reward(21, 's2', 700n, 700n));
    a.addReward(reward(35, 's1', 2_000n, 2_000n));
    a.addTransaction(tx('t1', 21));
    a.addTransaction(tx('t2', 29));
    a.addTransaction(tx('t3', 30));
    a.addTransaction(tx('pending', 0)); // no result: not counted
    const s = a.series();
    expect(s.map((p) => p.epoch)).toEqual([0, 1, 2, 3]);
    expect(s.map((p) => p.smeshers)).toEqual([0, 0, 2, 0]);
    expect(s.map((p) => p.committedBytes)).toEqual([0n, 0n, 3n * 1024n * 16n, 0n]);
    expect(s.map((p) => p.rewards)).toEqual([0n, 0n, 2_200n, 2_000n]);
    expect(s.map((p) => p.minted)).toEqual([0n, 0n, 1_700n, 2_000n]);
    expect(s.map((p) => p.transactions)).toEqual([0, 0, 2, 1]);
    expect(a.series(5)).toHaveLength(6);
    const t = a.tiles(3);
    expect(t.rewardsTotal).toBe(4_200n);
    expect(t.rewardsLastEpoch).toBe(2_200n);
    expect(t.minted).toBe(3_700n);
    expect(t.transactions).toBe(3);
  });

  it('reads accounts and circulation from the last account list', () => {
    const a = new DashboardAggregate(PARAMS);
    expect(a.tiles(0).accounts).toBeUndefined();
    expect(a.tiles(0).circulation).toBeUndefined();
    a.setAccounts([account('x', 10n), account('y', 32n)]);
    expect(a.tiles(0).accounts).toBe(2);
    expect(a.tiles(0).circulation).toBe(42n);
    a.setAccounts([account('x', 5n)]);
    expect(a.tiles(0).circulation).toBe(5n);
  });

  it('keeps the highest applied layer', () => {
    const a = new DashboardAggregate(PARAMS);
    expect(a.addLayer(layer(5))).toBe(true);
    expect(a.addLayer(layer(4))).toBe(false);
    expect(a.addLayer(layer(5))).toBe(false);
    expect(a.addLayer(layer(6))).toBe(true);
    expect(a.lastAppliedLayer).toBe(6);
  });

  it('folding stream items into a listed state equals folding everything from scratch', () => {
    // A small deterministic network history.
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const atxs: Activation[] = [];
    const rewards: Reward[] = [];
    const txs: TransactionResponse[] = [];
    for (let e = 1; e <= 6; e++)
      for (let s = 0; s < 5; s++)
        if (rand() < 0.8)
          atxs.push(atx(`a${e}-${s}`, `s${s}`, e, 1 + Math.floor(rand() * 1000), 1 + s));
    for (let l = 10; l < 70; l++) {
      for (let s = 0; s < 5; s++)
        if (rand() < 0.5) rewards.push(reward(l, `s${s}`, BigInt(l * 100 + s), BigInt(l * 90)));
      if (rand() < 0.3) txs.push(tx(`t${l}`, l));
    }
    const layers = Array.from({ length: 70 }, (_, i) => layer(i));

    const fresh = new DashboardAggregate(PARAMS);
    for (const x of layers) fresh.addLayer(x);
    for (const x of atxs) fresh.addActivation(x);
    for (const x of rewards) fresh.addReward(x);
    for (const x of txs) fresh.addTransaction(x);

    // The page: lists up to layer 40 / publish epoch 3, then streams that start at the last
    // listed layer / epoch (overlapping), arriving interleaved and with repeats.
    const live = new DashboardAggregate(PARAMS);
    for (const x of layers.filter((l) => l.number <= 40)) live.addLayer(x);
    for (const x of atxs.filter((a) => a.publishEpoch <= 3)) live.addActivation(x);
    for (const x of rewards.filter((r) => r.layer <= 40)) live.addReward(x);
    for (const x of txs.filter((t) => t.txResult!.layer <= 40)) live.addTransaction(x);
    const stream: (() => boolean)[] = [
      ...layers.filter((l) => l.number >= 40).map((x) => () => live.addLayer(x)),
      ...atxs.filter((a) => a.publishEpoch >= 3).map((x) => () => live.addActivation(x)),
      ...rewards.filter((r) => r.layer >= 40).map((x) => () => live.addReward(x)),
      ...txs.filter((t) => t.txResult!.layer >= 40).map((x) => () => live.addTransaction(x)),
    ];
    const shuffled = [...stream, ...stream.slice(0, 20)].sort(() => rand() - 0.5);
    for (const f of shuffled) f();

    expect(live.series()).toEqual(fresh.series());
    for (const e of [0, 3, 6, 7]) expect(live.tiles(e)).toEqual(fresh.tiles(e));
    expect(fresh.tiles(6).transactions).toBe(txs.length);
    expect(fresh.lastAppliedLayer).toBe(69);
  });
});
