import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '../../../../src/lib/api/v2alpha1/shape.ts';
import type { Ballot } from '../../../../src/lib/api/v1/ballot.ts';
import type { Activation } from '../../../../src/lib/api/v2alpha1/activation.ts';
import type { Layer } from '../../../../src/lib/api/v2alpha1/layer.ts';
import type { Reward } from '../../../../src/lib/api/v2alpha1/reward.ts';
import {
  atxPosition,
  atxSize,
  BALLOT_COLUMNS,
  BALLOT_Y,
  ballotPosition,
  ballotSize,
  BLOCK_Y,
  explorerPath,
  groupDigits,
  LAYER_GAP,
  MeshScene,
  spreadStride,
} from '../../../../src/lib/ui/mesh3d/scene.ts';
import { firstLayer } from '../../../../src/lib/ui/mesh3d/feed.ts';
import { loadTestItems, parseLoadTest } from '../../../../src/lib/ui/mesh3d/load-test.ts';

const id = (n: number) => encodeBase64(new Uint8Array(32).fill(n));
const hex = (n: number) => n.toString(16).padStart(2, '0').repeat(32);

function layer(n: number, block?: number): Layer {
  return {
    number: n,
    status: 'LAYER_STATUS_VERIFIED',
    consensusHash: 'abcdef0123',
    stateHash: '',
    cumulativeStateHash: '',
    block: block === undefined ? null : { id: id(block) },
  };
}

function atx(n: number, publishEpoch: number, weight: string, smesher = n + 100): Activation {
  return {
    id: id(n),
    smesherId: id(smesher),
    publishEpoch,
    coinbase: '',
    weight,
    height: '1',
    numUnits: 4,
  };
}

function reward(layerN: number, smesher: number): Reward {
  return { layer: layerN, total: '5', layerReward: '5', coinbase: '', smesher: id(smesher) };
}

function ballot(
  n: number,
  layerN: number,
  o: { atx?: number; elig?: number; ref?: boolean; support?: number[]; against?: number[] } = {},
): Ballot {
  const id20 = (k: number) => encodeBase64(new Uint8Array(20).fill(k));
  return {
    id: id20(n),
    layer: layerN,
    smesherId: id(200 + n),
    atxId: id(o.atx ?? 250),
    eligibilities: o.elig ?? 1,
    isReference: o.ref ?? false,
    refBallot: o.ref === true ? '' : id20(99),
    opinionHash: id(251),
    votes: {
      base: id20(98),
      support: (o.support ?? []).map(id),
      against: (o.against ?? []).map(id),
      abstain: [],
    },
    malicious: false,
  };
}
const hex20 = (n: number) => n.toString(16).padStart(2, '0').repeat(20);

describe('MeshScene', () => {
  it('lays layers out along x by number and puts blocks above them', () => {
    const s = new MeshScene({ layersPerEpoch: 10 });
    s.addLayer(layer(22, 1));
    s.addLayer(layer(20, 2));
    s.addLayer(layer(21));
    expect(s.layers.map((l) => l.layer)).toEqual([20, 21, 22]);
    expect(s.layers.map((l) => l.position)).toEqual([
      [20 * LAYER_GAP, 0, 0],
      [21 * LAYER_GAP, 0, 0],
      [22 * LAYER_GAP, 0, 0],
    ]);
    expect(s.blocks.map((b) => [b.layer, b.key])).toEqual([
      [20, hex(2)],
      [22, hex(1)],
    ]);
    expect(s.blocks[0]!.position).toEqual([20 * LAYER_GAP, BLOCK_Y, 0]);
    expect(s.count).toBe(5);
    expect(s.latestLayer).toBe(22);
    expect(s.layers[1]!.lines[1]).toContain('no block');
  });

  it('is deterministic: the same items give the same positions and instance order', () => {
    const build = () => {
      const s = new MeshScene({ layersPerEpoch: 10 });
      for (let i = 0; i < 5; i++) s.addActivation(atx(i, 1, String(1000 * (i + 1))));
      for (let n = 20; n < 30; n++) s.addLayer(layer(n, n));
      return s;
    };
    const a = build();
    const b = build();
    for (const k of ['layer', 'block', 'atx'] as const)
      expect(a.objects(k).map((o) => [o.key, o.position, o.scale])).toEqual(
        b.objects(k).map((o) => [o.key, o.position, o.scale]),
      );
  });

  it('a repeated layer replaces the old one instead of adding an instance', () => {
    const s = new MeshScene({ layersPerEpoch: 10 });
    s.addLayer(layer(5, 1));
    s.addLayer(layer(5, 1));
    expect([s.layers.length, s.blocks.length]).toEqual([1, 1]);
    s.addLayer(layer(5, 2));
    expect(s.blocks.map((b) => b.key)).toEqual([hex(2)]);
    s.addLayer(layer(5));
    expect(s.blocks).toEqual([]);
  });

  it('places ATXs under the epoch they are active in, sized by weight', () => {
    const s = new MeshScene({ layersPerEpoch: 10 });
    s.addActivation(atx(1, 2, '100'));
    s.addActivation(atx(2, 2, '400'));
    s.addActivation(atx(1, 2, '100')); // a duplicate
    expect(s.atxs.map((a) => a.key)).toEqual([hex(1), hex(2)]);
    expect(s.atxs[0]!.position).toEqual(atxPosition(3, 0, 10));
    expect(s.atxs[1]!.position).toEqual(atxPosition(3, 1, 10));
    const x0 = s.atxs[0]!.position[0];
    expect(x0).toBeGreaterThanOrEqual(30 * LAYER_GAP);
    expect(x0).toBeLessThan(40 * LAYER_GAP);
    // the heavier one is larger; the lighter is resized when a heavier one arrives
    expect(s.atxs[1]!.scale[0]).toBeCloseTo(atxSize(400n, 400n));
    expect(s.atxs[0]!.scale[0]).toBeCloseTo(atxSize(100n, 400n));
    expect(s.atxs[0]!.scale[0]).toBeLessThan(s.atxs[1]!.scale[0]);
    expect(s.atxs[0]!.lines).toContain('published in epoch 2, active in 3');
  });

  it('spreads the ATXs of one epoch over distinct slots', () => {
    const xs = Array.from({ length: 10 }, (_, i) => atxPosition(1, i, 10)[0]);
    expect(new Set(xs).size).toBe(10);
    expect(atxPosition(1, 10, 10)[2]).not.toBe(atxPosition(1, 0, 10)[2]);
    expect(spreadStride(10)).toBe(7);
    expect(spreadStride(1)).toBe(1);
  });

  it('joins a block to the ATX of each smesher it rewarded, once both are known', () => {
    const s = new MeshScene({ layersPerEpoch: 10 });
    s.addReward(reward(23, 50));
    s.addReward(reward(23, 50)); // a duplicate
    s.addLayer(layer(23, 7));
    expect(s.edges()).toEqual([]);
    s.addActivation(atx(1, 1, '10', 50)); // active in epoch 2: layers 20..29
    s.addActivation(atx(2, 2, '10', 50)); // active in epoch 3: not this block's
    expect(s.edges()).toEqual([
      { from: s.blocks[0]!.position, to: s.atxs[0]!.position, role: 'edge' },
    ]);
    expect(s.blocks[0]!.lines).toContain('rewarded 1 smesher');
  });

  it('stacks ballots above their layer, sized by eligibilities, reference ballots marked', () => {
    const s = new MeshScene({ layersPerEpoch: 10 });
    for (let i = 0; i < BALLOT_COLUMNS + 1; i++)
      s.addBallot(ballot(i + 1, 24, { elig: i === 0 ? 8 : 2, ref: i === 1 }));
    s.addBallot(ballot(1, 24)); // a duplicate
    s.addBallot(ballot(40, 23, { elig: 4 }));
    expect(s.ballots.map((b) => b.layer)).toEqual([23, 24, 24, 24, 24, 24, 24]);
    expect(s.count).toBe(7);
    const first = s.ballots.find((b) => b.key === hex20(1))!;
    expect(first.position).toEqual(ballotPosition(24, 0));
    expect(first.position[1]).toBe(BALLOT_Y);
    expect(first.position[0]).toBe(24 * LAYER_GAP);
    // The sixth ballot of the layer starts a second row, above the first.
    const sixth = s.ballots.find((b) => b.key === hex20(BALLOT_COLUMNS + 1))!;
    expect(sixth.position[1]).toBeGreaterThan(BALLOT_Y);
    expect(sixth.position[2]).toBe(first.position[2]);
    expect(first.scale[0]).toBeCloseTo(ballotSize(8, 8));
    expect(s.ballots.find((b) => b.key === hex20(40))!.scale[0]).toBeCloseTo(ballotSize(4, 8));
    expect(s.ballots.find((b) => b.key === hex20(3))!.scale[0]).toBeLessThan(first.scale[0]);
    expect(s.ballots.find((b) => b.key === hex20(2))!.role).toBe('reference');
    expect(first.role).toBe('ballot');
    expect(first.lines[0]).toBe(`Ballot ${hex20(1).slice(0, 6)}…${hex20(1).slice(-4)}`);
    expect(first.lines[1]).toBe('layer 24 · epoch 2 · 8 eligibilities');
    // Clicking a ballot opens its layer in the explorer.
    expect(explorerPath(s.pick('ballot', s.ballots.indexOf(first))!.link)).toBe('/layer?n=24');
  });

  it('joins a ballot to its ATX and to the blocks it votes for and against', () => {
    const s = new MeshScene({ layersPerEpoch: 10 });
    s.addBallot(ballot(1, 25, { atx: 60, support: [7, 8], against: [9] }));
    expect(s.edges()).toEqual([]);
    s.addLayer(layer(23, 7));
    s.addLayer(layer(24, 9));
    s.addActivation(atx(60, 1, '10'));
    const b = s.ballots[0]!;
    const blockOf = (n: number) => s.blocks.find((x) => x.layer === n)!.position;
    expect(s.edges()).toEqual([
      { from: b.position, to: s.atxs[0]!.position, role: 'ballot-atx' },
      { from: b.position, to: blockOf(23), role: 'support' },
      { from: b.position, to: blockOf(24), role: 'against' },
    ]);
    expect(b.lines[3]).toBe('votes: 2 for, 1 against, 0 abstain');
    // The block of layer 24 changes: the against edge goes with the old one.
    s.addLayer(layer(24));
    expect(s.edges().map((e) => e.role)).toEqual(['ballot-atx', 'support']);
  });

  it('moves the verified frontier and colours layers not verified yet', () => {
    const s = new MeshScene({ layersPerEpoch: 10 });
    s.addLayer(layer(20));
    s.addLayer({ ...layer(21), status: 'LAYER_STATUS_UNSPECIFIED' });
    // Before any status: the frontier is the newest layer the API called verified.
    expect(s.frontierLayer).toBe(20);
    expect(s.layers.map((l) => l.role)).toEqual(['verified', 'pending']);
    const v = s.version;
    s.setFrontier({ appliedLayer: 19, processedLayer: 21, currentLayer: 22 });
    expect(s.version).toBeGreaterThan(v);
    expect(s.frontierLayer).toBe(20);
    expect(s.frontierX).toBe(20 * LAYER_GAP + LAYER_GAP / 2);
    const w = s.version;
    s.setFrontier({ appliedLayer: 19, processedLayer: 21, currentLayer: 22 });
    expect(s.version).toBe(w);
    // The node's status moves past layer 21: it is verified now.
    s.setFrontier({ appliedLayer: 21, processedLayer: 21, currentLayer: 22 });
    expect(s.layers.map((l) => l.role)).toEqual(['verified', 'verified']);
    expect(s.frontierLayer).toBe(21);
    // A streamed layer ahead of the polled status moves the frontier too.
    s.addLayer(layer(23));
    expect(s.frontierLayer).toBe(23);
    expect(s.layers.at(-1)!.role).toBe('verified');
  });

  it('maps an instance index back to its object and its explorer page', () => {
    const s = new MeshScene({ layersPerEpoch: 10 });
    s.addLayer(layer(31, 3));
    s.addLayer(layer(30));
    s.addActivation(atx(9, 2, '1'));
    expect(s.pick('layer', 0)!.layer).toBe(30);
    expect(explorerPath(s.pick('layer', 1)!.link)).toBe('/layer?n=31');
    expect(explorerPath(s.pick('block', 0)!.link)).toBe(`/block?layer=31&id=${hex(3)}`);
    expect(explorerPath(s.pick('atx', 0)!.link)).toBe(`/atx?id=${hex(9)}`);
    expect(s.pick('block', 1)).toBeUndefined();
  });

  it('keeps at most maxLayers layers, dropping the oldest with their blocks, ATXs and rewards', () => {
    const s = new MeshScene({ layersPerEpoch: 10, maxLayers: 15 });
    s.addActivation(atx(1, 0, '1', 60)); // active in epoch 1 (layers 10..19)
    s.addActivation(atx(2, 2, '1', 61)); // active in epoch 3
    for (let n = 10; n < 40; n++) s.addLayer(layer(n, n));
    s.addReward(reward(35, 61));
    expect(s.layers[0]!.layer).toBe(24);
    expect(s.layers.length).toBe(16);
    expect(s.blocks.length).toBe(16);
    expect(s.atxs.map((a) => a.key)).toEqual([hex(2)]);
    expect(s.edges().length).toBe(1);
    s.addLayer(layer(3, 3)); // far behind the window: ignored
    expect(s.layers[0]!.layer).toBe(24);
  });

  it('drops ballots with their layers and ignores ballots behind the window', () => {
    const s = new MeshScene({ layersPerEpoch: 10, maxLayers: 15 });
    s.addBallot(ballot(1, 12));
    s.addBallot(ballot(2, 30, { support: [29] }));
    for (let n = 10; n < 40; n++) s.addLayer(layer(n, n));
    expect(s.ballots.map((b) => b.key)).toEqual([hex20(2)]);
    expect(s.edges().map((e) => e.role)).toEqual(['support']);
    s.addBallot(ballot(3, 5)); // far behind the window: ignored
    expect(s.ballots.length).toBe(1);
    // A ballot of a dropped layer may come again in a later layer slot: positions restart.
    s.addBallot(ballot(4, 30));
    expect(s.ballots.find((b) => b.key === hex20(4))!.position).toEqual(ballotPosition(30, 1));
  });

  it('bounds cover every object along x', () => {
    const s = new MeshScene({ layersPerEpoch: 10 });
    expect(s.bounds()).toBeUndefined();
    expect(s.frontierX).toBeUndefined();
    s.addLayer(layer(10));
    s.addLayer(layer(12));
    expect(s.bounds()).toEqual({ minX: 10 * LAYER_GAP, maxX: 12 * LAYER_GAP });
  });

  it('rejects a bad epoch length', () => {
    expect(() => new MeshScene({ layersPerEpoch: 0 })).toThrow(/layersPerEpoch/);
  });
});

describe('helpers', () => {
  it('groups digits and sizes ATXs within bounds', () => {
    expect(groupDigits('1234567')).toBe('1 234 567');
    expect(groupDigits('12')).toBe('12');
    expect(atxSize(0n, 0n)).toBeCloseTo(0.25);
    expect(atxSize(1n, 1n)).toBeCloseTo(0.9);
    expect(atxSize(5n, 1n)).toBeCloseTo(0.9);
  });

  it('starts the feed maxLayers before the clock', () => {
    expect(firstLayer(1000, 600)).toBe(400);
    expect(firstLayer(10, 600)).toBe(0);
  });
});

describe('load test items', () => {
  it('give exactly the number of objects asked for, with edges', () => {
    for (const n of [0, 1, 7, 10_000]) {
      const items = loadTestItems(n, 10);
      const s = new MeshScene({ layersPerEpoch: 10, maxLayers: Infinity });
      for (const a of items.activations) s.addActivation(a);
      for (const l of items.layers) s.addLayer(l);
      for (const r of items.rewards) s.addReward(r);
      for (const b of items.ballots) s.addBallot(b);
      expect(s.count).toBe(n);
    }
    const items = loadTestItems(10_000, 10);
    const s = new MeshScene({ layersPerEpoch: 10, maxLayers: Infinity });
    for (const a of items.activations) s.addActivation(a);
    for (const l of items.layers) s.addLayer(l);
    for (const r of items.rewards) s.addReward(r);
    for (const b of items.ballots) s.addBallot(b);
    expect([s.layers.length, s.blocks.length, s.atxs.length, s.ballots.length]).toEqual([
      1500, 1500, 1000, 6000,
    ]);
    const roles = new Map<string, number>();
    for (const e of s.edges()) roles.set(e.role, (roles.get(e.role) ?? 0) + 1);
    expect(roles.get('edge')).toBeGreaterThan(1000);
    expect(roles.get('ballot-atx')).toBe(6000);
    expect(roles.get('support')).toBeGreaterThan(5900);
    expect(roles.get('against')).toBeGreaterThan(1000);
    expect(s.ballots.some((b) => b.role === 'reference')).toBe(true);
  });

  it('parses ?bench=', () => {
    expect(parseLoadTest('10000')).toBe(10_000);
    expect(parseLoadTest('0')).toBe(0);
    expect(parseLoadTest(null)).toBeUndefined();
    expect(parseLoadTest('1e4')).toBeUndefined();
    expect(parseLoadTest('999999999')).toBeUndefined();
  });
});
