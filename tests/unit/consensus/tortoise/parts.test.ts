// The tortoise's pieces on their own: thresholds, layer verification, vote decoding, opinion hashes.
import { describe, expect, it } from 'vitest';
import { blake3 } from '../../../../src/lib/crypto/hash.ts';
import { meshHash } from '../../../../src/lib/mesh/meshhash.ts';
import {
  computeExpectedWeight,
  computeExpectedWeightInWindow,
  computeGlobalThreshold,
  getMedian,
} from '../../../../src/lib/consensus/tortoise/threshold.ts';
import { verifyLayer } from '../../../../src/lib/consensus/tortoise/verify-layer.ts';
import { chainOpinion, decodeVotes } from '../../../../src/lib/consensus/tortoise/votes.ts';
import { newBlockInfo } from '../../../../src/lib/consensus/tortoise/state.ts';
import type { EpochInfo } from '../../../../src/lib/consensus/tortoise/state.ts';
import {
  Sign,
  WEIGHT_ONE,
  crossesThreshold,
  weightOf,
  weightToNumber,
} from '../../../../src/lib/consensus/tortoise/weight.ts';
import type { TortoiseBallot } from '../../../../src/lib/consensus/tortoise/index.ts';
import {
  Tortoise,
  tortoiseAtx,
  tortoiseBallot,
  tortoiseBlock,
} from '../../../../src/lib/consensus/tortoise/index.ts';
import {
  BEACON,
  BLOCK_HEIGHT,
  GENESIS,
  Sim,
  atxIdOf,
  ballotIdOf,
  blockIdOf,
  hex,
  network,
  nodeIdOf,
} from './harness.ts';

const epochs = (weights: Record<number, bigint>): Map<number, EpochInfo> =>
  new Map(
    Object.entries(weights).map(([e, w]) => [Number(e), { weight: w, height: 0n, beacon: null }]),
  );

describe('thresholds', () => {
  it('median of heights, even and odd', () => {
    expect(getMedian([])).toBe(0n);
    expect(getMedian([5n, 1n, 3n])).toBe(3n);
    expect(getMedian([4n, 1n, 3n, 10n])).toBe(3n);
  });

  it('expected weight sums the epoch share of each layer in (target, last]', () => {
    const e = epochs({ 2: 400n, 3: 800n, 4: 1200n });
    expect(computeExpectedWeight(e, 4, 8, 10)).toBe(200n); // layers 9, 10 of epoch 2
    expect(computeExpectedWeight(e, 4, 8, 8)).toBe(0n);
    // 9..11 in epoch 2 (3/4 of 400), all of epoch 3, 16..17 of epoch 4 (2/4 of 1200)
    expect(computeExpectedWeight(e, 4, 8, 17)).toBe(300n + 800n + 600n);
    // Window of 2 layers after the target, but never short of the processed layer.
    expect(computeExpectedWeightInWindow(e, 4, 2, 8, 9, 11)).toBe(200n);
    expect(computeExpectedWeightInWindow(e, 4, 2, 8, 11, 11)).toBe(300n);
    expect(computeGlobalThreshold(300n, 10n)).toBe(110n);
  });

  it('crossesThreshold is strict on both sides', () => {
    expect(crossesThreshold(11n, 10n)).toBe(Sign.SUPPORT);
    expect(crossesThreshold(10n, 10n)).toBe(Sign.ABSTAIN);
    expect(crossesThreshold(-11n, 10n)).toBe(Sign.AGAINST);
    expect(crossesThreshold(-10n, 10n)).toBe(Sign.ABSTAIN);
    expect(crossesThreshold(0n, 0n)).toBe(Sign.ABSTAIN);
    expect(weightToNumber(weightOf(3n) / 2n)).toBe(1.5);
    expect(WEIGHT_ONE).toBe(1n << 32n);
  });
});

describe('verifyLayer', () => {
  const blocks = () => [
    newBlockInfo(blockIdOf(1, 0), 1, 10n),
    newBlockInfo(blockIdOf(1, 1), 1, 20n),
    newBlockInfo(blockIdOf(1, 2), 1, 30n),
  ];

  it('an undecided block above a supported lower one is decided against', () => {
    const bs = blocks();
    const [ok, changed] = verifyLayer(bs, (b) => (b.height === 10n ? Sign.SUPPORT : Sign.ABSTAIN));
    expect([ok, changed]).toEqual([true, true]);
    expect(bs.map((b) => b.validity)).toEqual([Sign.SUPPORT, Sign.AGAINST, Sign.AGAINST]);
    expect(verifyLayer(bs, (b) => b.validity)).toEqual([true, false]);
  });

  it('an undecided lowest block leaves the layer unverified and validity untouched', () => {
    const bs = blocks();
    expect(verifyLayer(bs, (b) => (b.height === 10n ? Sign.ABSTAIN : Sign.SUPPORT))).toEqual([
      false,
      false,
    ]);
    expect(bs.every((b) => b.validity === Sign.ABSTAIN)).toBe(true);
  });
});

describe('decodeVotes', () => {
  const header = (l: number, k: number) => ({ id: blockIdOf(l, k), layerID: l, height: 5n });

  it('builds one layer vote per layer with opinion hashes chained like the mesh hash', () => {
    const base = new Uint8Array(20);
    const d = decodeVotes(10, { tail: null }, 13, {
      base,
      support: [header(10, 0)],
      against: [],
      abstain: [12],
    });
    const h10 = meshHash(null, {
      abstain: false,
      support: [{ id: blockIdOf(10, 0), height: 5n }],
    });
    const h11 = meshHash(h10, { abstain: false, support: [] });
    const h12 = meshHash(h11, { abstain: true });
    expect(hex(chainOpinion(d.chain))).toBe(hex(h12));
    expect(d.from).toBe(10);
    // A diff against that chain: against the block on 10 makes 10 empty, and the rest follows.
    const d2 = decodeVotes(13, d.chain, 14, {
      base,
      support: [],
      against: [header(10, 0)],
      abstain: [],
    });
    const e10 = meshHash(null, { abstain: false, support: [] });
    const e11 = meshHash(e10, { abstain: false, support: [] });
    const e12 = meshHash(e11, { abstain: true });
    const e13 = meshHash(e12, { abstain: false, support: [] });
    expect(hex(chainOpinion(d2.chain))).toBe(hex(e13));
    expect(d2.from).toBe(10);
    // The base chain is not modified.
    expect(hex(chainOpinion(d.chain))).toBe(hex(h12));
  });
});

describe('opinion hashes', () => {
  it('genesis hashes nothing, then each layer chains the supported block', () => {
    const sim = new Sim({ nodes: 1, smeshers: 4 });
    for (let i = 0; i < 10; i++) sim.step();
    const t = sim.nodes[0]!;
    expect(hex(t.opinionHash(GENESIS)!)).toBe(hex(blake3()));
    for (let l = GENESIS + 1; l < sim.layer; l++) {
      const expected = meshHash(t.opinionHash(l - 1)!, {
        abstain: false,
        support: [{ id: blockIdOf(l, 0), height: BLOCK_HEIGHT }],
      });
      expect(hex(t.opinionHash(l)!)).toBe(hex(expected));
    }
    // Our next ballot signs the opinion hash of the newest layer (its hare output is known).
    const op = t.encodeVotes(sim.layer + 1);
    expect(hex(op.opinionHash)).toBe(hex(t.opinionHash(sim.layer)!));
  });

  it('a layer without hare output hashes the abstain sentinel', () => {
    const sim = new Sim({ nodes: 1, smeshers: 4 });
    sim.step();
    const X = sim.step({ hare: () => undefined });
    const t = sim.nodes[0]!;
    expect(hex(t.opinionHash(X)!)).toBe(hex(meshHash(t.opinionHash(X - 1)!, { abstain: true })));
    expect(t.encodeVotes(X + 1).votes.abstain).toEqual([X]);
  });

  it('a hare output that arrives before its block still counts once the block arrives', () => {
    const t = new Tortoise({ network: network() });
    const L = GENESIS + 1;
    t.onHareOutput(L, blockIdOf(L, 0));
    t.onBlock({ id: blockIdOf(L, 0), layer: L, height: BLOCK_HEIGHT });
    t.onBlock({ id: blockIdOf(L, 1), layer: L, height: BLOCK_HEIGHT });
    t.tallyVotes(L);
    const r = t.updates().find((x) => x.layer === L)!;
    const hare = new Map(r.blocks.map((b) => [hex(b.id), b.hare]));
    expect(hare.get(hex(blockIdOf(L, 0)))).toBe(true);
    expect(hare.get(hex(blockIdOf(L, 1)))).toBe(false);
  });
});

describe('bad beacon', () => {
  it('ballots with a different beacon are not good, and count in full mode only after a delay', () => {
    const sim = new Sim({ nodes: 2, smeshers: 4 });
    sim.step();
    // Node 1 learns a different beacon for epoch 3 than the smeshers use.
    sim.nodes[1]!.onBeacon(3, Uint8Array.of(9, 9, 9, 9));
    const trace: Array<[number, number, string]> = [];
    while (sim.layer < 24) {
      const l = sim.step();
      trace.push([l, sim.nodes[1]!.latestComplete(), sim.nodes[1]!.mode()]);
    }
    const at = (l: number): [number, number, string] => trace.find(([x]) => x === l)!;
    // Node 0 verifies every layer; node 1 stops counting epoch 3's ballots as good.
    expect(sim.nodes[0]!.latestComplete()).toBe(23);
    expect(at(11)).toEqual([11, 10, 'verifying']);
    expect(at(12)[1]).toBeLessThan(11);
    // Full mode starts, but counts a bad-beacon ballot only badBeaconVoteDelayLayers (4) after
    // its layer: nothing of epoch 3 is verified before layer 16.
    expect(sim.modeChanges[1]![0]).toMatchObject({ mode: 'full', last: 13 });
    for (const l of [13, 14, 15]) expect(at(l)[1]).toBeLessThan(12);
    for (let l = 17; l <= 23; l++) expect(at(l)).toEqual([l, l - 1, 'full']);
    // Epoch 6's beacon agrees again: verifying takes over.
    expect(sim.modeChanges[1]![1]).toMatchObject({ mode: 'verifying', last: 24 });
  });
});

describe('inputs', () => {
  it('maps stored ATXs, ballots and blocks to the tortoise inputs', () => {
    const atx = tortoiseAtx({
      id: new Uint8Array(32).fill(1),
      smesher: new Uint8Array(32).fill(2),
      publishEpoch: 1,
      sequence: 0n,
      prevAtx: new Uint8Array(32),
      numUnits: 4,
      effectiveNumUnits: 3,
      baseTickHeight: 50n,
      tickCount: 7n,
      weight: 21n,
      commitmentAtx: new Uint8Array(32),
      vrfNonce: 0n,
      coinbase: new Uint8Array(24),
    });
    expect(atx).toMatchObject({ weight: 21n, baseHeight: 50n, height: 57n });
    const votes = { base: new Uint8Array(20), support: [], against: [], abstain: [] };
    const ballot = {
      layer: 9,
      atxID: new Uint8Array(32).fill(1),
      opinionHash: new Uint8Array(32).fill(3),
      refBallot: new Uint8Array(20),
      epochData: {
        activeSetHash: new Uint8Array(32),
        beacon: new Uint8Array(4),
        eligibilityCount: 2,
      },
      signature: new Uint8Array(64),
      smesherID: new Uint8Array(32).fill(2),
      votes,
      eligibilityProofs: [
        { j: 0, sig: new Uint8Array(80) },
        { j: 1, sig: new Uint8Array(80) },
      ],
      activeSet: [],
    };
    const tb = tortoiseBallot(new Uint8Array(20).fill(4), ballot);
    expect(tb).toMatchObject({ layer: 9, eligibilities: 2, refBallot: null, malicious: false });
    const ref = new Uint8Array(20).fill(5);
    expect(tortoiseBallot(ref, { ...ballot, refBallot: ref, epochData: null }, true)).toMatchObject(
      { refBallot: ref, malicious: true },
    );
    expect(tortoiseBlock(ref, { layerIndex: 9, tickHeight: 60n })).toEqual({
      id: ref,
      layer: 9,
      height: 60n,
    });
  });
});

describe('ballot weight', () => {
  // Two smeshers of ATX weight 1000, 4 eligibility slots each: 250 per eligibility, 500 expected
  // per layer. Layer 8 carries both smeshers' reference ballots with 2 eligibilities each; in
  // layer 9 only smesher 0 votes. Verifying layer 8 then needs 250·e − (500 − 250·e) to beat
  // 500 / 3 + 2000 / 3 / 4 ≈ 333: e = 1 does not, e = 2 does.
  for (const [eligibilities, verified] of [
    [1, false],
    [2, true],
  ] as const) {
    it(`ATX weight / slots × ${eligibilities} eligibilities ${verified ? 'verifies' : 'does not verify'}`, () => {
      const t = new Tortoise({ network: network() });
      for (let s = 0; s < 2; s++)
        t.onAtx(2, {
          id: atxIdOf(s, 2),
          nodeId: nodeIdOf(s),
          weight: 1000n,
          baseHeight: 0n,
          height: 200n,
        });
      t.onBeacon(2, BEACON);
      const L = GENESIS + 1;
      const ballot = (s: number, layer: number, e: number): TortoiseBallot => {
        const op = t.encodeVotes(layer);
        const ref = layer === L;
        return {
          id: ballotIdOf(s, layer),
          layer,
          atxId: atxIdOf(s, 2),
          nodeId: nodeIdOf(s),
          eligibilities: e,
          refBallot: ref ? null : ballotIdOf(s, L),
          epochData: ref
            ? { activeSetHash: new Uint8Array(32), beacon: BEACON, eligibilityCount: 4 }
            : null,
          votes: op.votes,
          opinionHash: op.opinionHash,
        };
      };
      t.onBallot(ballot(0, L, 2));
      t.onBallot(ballot(1, L, 2));
      t.onBlock({ id: blockIdOf(L, 0), layer: L, height: BLOCK_HEIGHT });
      t.onHareOutput(L, blockIdOf(L, 0));
      t.tallyVotes(L);
      t.onBallot(ballot(0, L + 1, eligibilities));
      t.tallyVotes(L + 1);
      expect(t.latestComplete()).toBe(verified ? L : GENESIS);
    });
  }
});
