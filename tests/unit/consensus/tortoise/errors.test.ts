// Every refusal of the tortoise, by its typed reason.
import { describe, expect, it } from 'vitest';
import { Tortoise, TortoiseError } from '../../../../src/lib/consensus/tortoise/index.ts';
import type {
  TortoiseBallot,
  TortoiseErrorReason,
} from '../../../../src/lib/consensus/tortoise/index.ts';
import {
  BEACON,
  BLOCK_HEIGHT,
  GENESIS,
  LAYERS_PER_EPOCH,
  Sim,
  atxIdOf,
  ballotIdOf,
  blockIdOf,
  network,
  nodeIdOf,
} from './harness.ts';

function reason(f: () => unknown): TortoiseErrorReason {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TortoiseError);
    return (e as TortoiseError).reason;
  }
  throw new Error('expected a TortoiseError');
}

/** A tortoise that knows smeshers 0..3's ATXs and the beacon of epoch 2. */
function fresh(): Tortoise {
  const t = new Tortoise({ network: network() });
  for (let s = 0; s < 4; s++)
    t.onAtx(2, {
      id: atxIdOf(s, 2),
      nodeId: nodeIdOf(s),
      weight: 1000n,
      baseHeight: 0n,
      height: 200n,
    });
  t.onBeacon(2, BEACON);
  return t;
}

/** A reference ballot of smesher s in layer GENESIS + 1 with the votes tortoise t encodes. */
function refBallot(t: Tortoise, s: number, layer = GENESIS + 1): TortoiseBallot {
  const op = t.encodeVotes(layer);
  return {
    id: ballotIdOf(s, layer),
    layer,
    atxId: atxIdOf(s, 2),
    nodeId: nodeIdOf(s),
    eligibilities: 1,
    refBallot: null,
    epochData: { activeSetHash: new Uint8Array(32), beacon: BEACON, eligibilityCount: 4 },
    votes: op.votes,
    opinionHash: op.opinionHash,
  };
}

describe('tortoise errors', () => {
  it('config', () => {
    expect(reason(() => new Tortoise({ network: network({ hdist: 1, zdist: 2 }) }))).toBe('config');
    expect(reason(() => new Tortoise({ network: network({ windowSize: 0 }) }))).toBe('config');
  });

  it('ballot-exists', () => {
    const t = fresh();
    const b = refBallot(t, 0);
    t.onBallot(b);
    expect(reason(() => t.onBallot(b))).toBe('ballot-exists');
    const decoded = t.decodeBallot(refBallot(t, 1))!;
    t.storeBallot(decoded);
    expect(reason(() => t.storeBallot(decoded))).toBe('ballot-exists');
  });

  it('dangling-base', () => {
    const t = fresh();
    const b = refBallot(t, 0);
    const bad = { ...b, votes: { ...b.votes, base: new Uint8Array(20).fill(7) } };
    expect(reason(() => t.onBallot(bad))).toBe('dangling-base');
  });

  it('base-not-earlier', () => {
    const t = fresh();
    const a = refBallot(t, 0);
    t.onBallot(a);
    const b = refBallot(t, 1);
    expect(reason(() => t.onBallot({ ...b, votes: { ...b.votes, base: a.id } }))).toBe(
      'base-not-earlier',
    );
  });

  it('ref-not-in-state, not-reference-ballot, missing-epoch-data', () => {
    const t = fresh();
    const a = refBallot(t, 0);
    t.onBallot(a);
    t.tallyVotes(GENESIS + 1);
    const op = t.encodeVotes(GENESIS + 2);
    const second: TortoiseBallot = {
      ...a,
      id: ballotIdOf(0, GENESIS + 2),
      layer: GENESIS + 2,
      refBallot: a.id,
      epochData: null,
      votes: op.votes,
      opinionHash: op.opinionHash,
    };
    expect(reason(() => t.onBallot({ ...second, refBallot: new Uint8Array(20).fill(3) }))).toBe(
      'ref-not-in-state',
    );
    expect(reason(() => t.onBallot({ ...second, nodeId: nodeIdOf(1) }))).toBe(
      'not-reference-ballot',
    );
    expect(reason(() => t.onBallot({ ...second, refBallot: null }))).toBe('missing-epoch-data');
    t.onBallot(second);
  });

  it('atx-not-in-state, zero-eligibility-count', () => {
    const t = fresh();
    const b = refBallot(t, 0);
    expect(reason(() => t.onBallot({ ...b, atxId: atxIdOf(9, 2) }))).toBe('atx-not-in-state');
    expect(
      reason(() => t.onBallot({ ...b, epochData: { ...b.epochData!, eligibilityCount: 0 } })),
    ).toBe('zero-eligibility-count');
  });

  it('conflicting-votes, wrong-target, opinion-mismatch', () => {
    const sim = new Sim({ nodes: 1, smeshers: 4 });
    for (let i = 0; i < 3; i++) sim.step();
    const t = sim.nodes[0]!;
    const layer = sim.layer + 1;
    const b = sim.ballotFor(0, layer);
    const target = { id: blockIdOf(layer - 2, 0), layerID: layer - 2, height: BLOCK_HEIGHT };
    const withVotes = (v: Partial<TortoiseBallot['votes']>): TortoiseBallot => ({
      ...b,
      votes: { ...b.votes, ...v },
    });
    expect(reason(() => t.onBallot(withVotes({ support: [target], against: [target] })))).toBe(
      'conflicting-votes',
    );
    expect(reason(() => t.onBallot(withVotes({ abstain: [layer - 2], against: [target] })))).toBe(
      'conflicting-votes',
    );
    // The base supports the block at BLOCK_HEIGHT; an against vote at another height is wrong.
    expect(
      reason(() => t.onBallot(withVotes({ against: [{ ...target, height: BLOCK_HEIGHT + 1n }] }))),
    ).toBe('wrong-target');
    expect(reason(() => t.onBallot({ ...b, opinionHash: new Uint8Array(32) }))).toBe(
      'opinion-mismatch',
    );
    // A valid against vote changes the opinion, so the signed hash no longer matches.
    expect(reason(() => t.onBallot(withVotes({ against: [target] })))).toBe('opinion-mismatch');
    t.onBallot(b);
  });

  it('evicted-blocks, and ballots at or before the evicted layer are ignored', () => {
    const sim = new Sim({ nodes: 1, smeshers: 3 });
    for (let i = 0; i < 50; i++) sim.step();
    const t = sim.nodes[0]!;
    const evicted = t.evictedLayer();
    expect(evicted).toBeGreaterThan(GENESIS);
    const b = sim.ballotFor(0, sim.layer + 1);
    const old = { id: blockIdOf(evicted, 0), layerID: evicted, height: BLOCK_HEIGHT };
    expect(reason(() => t.onBallot({ ...b, votes: { ...b.votes, support: [old] } }))).toBe(
      'evicted-blocks',
    );
    t.onBallot({ ...b, id: ballotIdOf(1, evicted), layer: evicted }); // ignored, no throw
    expect(t.decodeBallot({ ...b, layer: evicted })).toBeNull();
  });

  it('ballots-not-counted until the epoch beacon arrives', () => {
    const t = new Tortoise({ network: network() });
    t.onAtx(2, {
      id: atxIdOf(0, 2),
      nodeId: nodeIdOf(0),
      weight: 100n,
      baseHeight: 0n,
      height: 200n,
    });
    t.onBallot(refBallot(t, 0));
    t.tallyVotes(GENESIS + 1);
    expect(reason(() => t.encodeVotes(GENESIS + 2))).toBe('ballots-not-counted');
    t.onBeacon(2, BEACON);
    t.tallyVotes(GENESIS + 2);
    expect(t.encodeVotes(GENESIS + 3).votes.base).toEqual(ballotIdOf(0, GENESIS + 1));
  });

  it('coinflip-missing when split votes need the weak coin and none arrived', () => {
    const side = (s: number): number => (s < 5 ? 0 : 1);
    const sim = new Sim({ nodes: 2, smeshers: 10, home: side });
    for (let i = 0; i < 4; i++) sim.step();
    const deliver = (s: number, n: number): boolean => side(s) === n;
    // With a weak coin every layer this run converges (see the partition scenario); without one,
    // the first vote on an undecided block beyond hdist cannot be cast.
    expect(
      reason(() => {
        sim.step({ hare: (n) => (n === 0 ? 0 : null), deliver, coin: null });
        for (let i = 0; i < 3; i++) sim.step({ deliver, coin: null });
        sim.heal();
        for (let i = 0; i < 10; i++) sim.step({ coin: null });
      }),
    ).toBe('coinflip-missing');
  });

  it('too-many-exceptions', () => {
    const sim = new Sim({ nodes: 1, smeshers: 2, net: network({ maxExceptions: 0 }) });
    sim.step();
    expect(reason(() => sim.step())).toBe('too-many-exceptions');
  });

  it('no-base-ballot', () => {
    const t = fresh();
    expect(reason(() => t.encodeVotes(GENESIS))).toBe('no-base-ballot');
  });

  it('ignores inputs for evicted layers', () => {
    const sim = new Sim({ nodes: 1, smeshers: 3 });
    for (let i = 0; i < 50; i++) sim.step();
    const t = sim.nodes[0]!;
    const e = t.evictedLayer();
    const before = t.results(0, sim.layer);
    t.onBlock({ id: blockIdOf(e, 5), layer: e, height: 1n });
    t.onHareOutput(e, null);
    t.onWeakCoin(e, false);
    t.onBeacon(Math.floor(e / LAYERS_PER_EPOCH) - 1, new Uint8Array(4));
    expect(t.results(0, sim.layer)).toEqual(before);
  });
});
