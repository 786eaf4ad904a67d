// Scenario tests: a synthetic network (harness.ts) drives tortoise instances through honest
// operation, hare failure and self-healing, a partition, malicious identities, a reorg and
// reordered delivery.
import { describe, expect, it } from 'vitest';
import { GENESIS, Sim, blockIdOf, hex, nodeIdOf } from './harness.ts';

function opinions(sim: Sim, n: number, upTo: number): string[] {
  const out: string[] = [];
  for (let l = GENESIS + 1; l <= upTo; l++) out.push(hex(sim.nodes[n]!.opinionHash(l)!));
  return out;
}

describe('tortoise: honest network', () => {
  it('verifies each layer with the ballots of the next one, blocks valid, same opinions', () => {
    const sim = new Sim({ nodes: 2, smeshers: 10 });
    for (let i = 0; i < 16; i++) {
      const layer = sim.step();
      for (const t of sim.nodes) {
        expect(t.latestComplete()).toBe(layer - 1);
        expect(t.mode()).toBe('verifying');
      }
    }
    const last = sim.layer;
    expect(opinions(sim, 0, last)).toEqual(opinions(sim, 1, last));
    for (let l = GENESIS + 1; l < last; l++) {
      const r = sim.lastUpdate(0, l)!;
      expect(r.verified).toBe(true);
      expect(r.blocks).toHaveLength(1);
      expect(r.blocks[0]!).toMatchObject({ valid: true, invalid: false, hare: true, data: true });
      expect(hex(r.blocks[0]!.id)).toBe(hex(blockIdOf(l, 0)));
      expect(hex(r.opinionHash)).toBe(hex(sim.nodes[0]!.opinionHash(l)!));
    }
    expect(sim.modeChanges).toEqual([[], []]);
  });

  it('updates() reports each layer once it changes, and nothing when nothing changed', () => {
    const sim = new Sim({ nodes: 1, smeshers: 6 });
    sim.step();
    const t = sim.nodes[0]!;
    expect(t.updates()).toEqual([]);
    const layer = sim.step();
    const batch = sim.updates[0]!.at(-1)!;
    expect(batch.map((r) => r.layer)).toEqual([layer - 1, layer]);
    expect(batch[0]!.verified).toBe(true);
    expect(batch[1]!.verified).toBe(false);
  });

  it('keeps state within the window and keeps verifying after eviction', () => {
    const sim = new Sim({ nodes: 1, smeshers: 5 });
    for (let i = 0; i < 60; i++) sim.step();
    const t = sim.nodes[0]!;
    expect(t.latestComplete()).toBe(sim.layer - 1);
    // windowSize 40: everything before verified - 40 is gone.
    expect(t.evictedLayer()).toBe(sim.layer - 1 - 40 - 1);
    expect(t.opinionHash(t.evictedLayer())).toBeNull();
    expect(t.opinionHash(t.evictedLayer() + 1)).not.toBeNull();
    expect(t.results(0, sim.layer)[0]!.layer).toBe(t.evictedLayer() + 1);
  });
});

describe('tortoise: hare failure and self-healing', () => {
  it('stalls verifying, decides the layer in full mode after hdist, then returns', () => {
    const sim = new Sim({ nodes: 2, smeshers: 10 });
    for (let i = 0; i < 4; i++) sim.step();
    const X = sim.step({ blocks: 0, hare: () => undefined });
    const hdist = sim.net.tortoise.hdist;
    const seen: Array<{ layer: number; mode: string; verified: number }> = [];
    for (let i = 0; i < 12; i++) {
      const layer = sim.step();
      const t = sim.nodes[0]!;
      seen.push({ layer, mode: t.mode(), verified: t.latestComplete() });
    }
    // The ballots that abstained on X disagree with the opinion once zdist terminated X, which
    // stalls verifying below X; once the stall reaches hdist, full mode counts every vote.
    for (const changes of sim.modeChanges) {
      expect(changes.map((c) => c.mode)).toEqual(['full', 'verifying']);
      expect(changes[0]!.last).toBeGreaterThan(X);
      expect(changes[0]!.last).toBeLessThanOrEqual(X + hdist);
      expect(changes[0]!.verified).toBeLessThan(X);
      expect(changes[1]!.last).toBeGreaterThan(X + hdist);
    }
    const [toFull, toVerifying] = [sim.modeChanges[0]![0]!.last, sim.modeChanges[0]![1]!.last];
    for (const s of seen) {
      expect(s.mode).toBe(s.layer >= toFull && s.layer < toVerifying ? 'full' : 'verifying');
      if (s.layer < toFull) expect(s.verified).toBeLessThan(X);
    }
    // The layer was decided empty by the votes (zdist terminated it with no block).
    const r = sim.lastUpdate(0, X)!;
    expect(r.verified).toBe(true);
    expect(r.blocks).toEqual([]);
    for (const t of sim.nodes) expect(t.latestComplete()).toBe(sim.layer - 1);
    expect(opinions(sim, 0, sim.layer)).toEqual(opinions(sim, 1, sim.layer));
  });

  it('a layer whose hare output never arrives but whose block does is decided invalid', () => {
    const sim = new Sim({ nodes: 1, smeshers: 8 });
    for (let i = 0; i < 3; i++) sim.step();
    const X = sim.step({ hare: () => undefined });
    for (let i = 0; i < 14; i++) sim.step();
    const r = sim.lastUpdate(0, X)!;
    expect(r.verified).toBe(true);
    expect(r.blocks[0]!).toMatchObject({ hare: false, valid: false, invalid: true });
    expect(sim.nodes[0]!.mode()).toBe('verifying');
  });
});

describe('tortoise: partition and healing', () => {
  for (const coin of [false, true]) {
    it(`two halves with different hare outputs converge (weak coin ${coin})`, () => {
      const side = (s: number): number => (s < 5 ? 0 : 1);
      const sim = new Sim({ nodes: 2, smeshers: 10, home: side });
      for (let i = 0; i < 4; i++) sim.step({ coin });
      const deliver = (s: number, n: number): boolean => side(s) === n;
      // Side 0's hare outputs the block, side 1's outputs an empty layer.
      const X = sim.step({ hare: (n) => (n === 0 ? 0 : null), deliver, coin });
      for (let i = 0; i < 3; i++) sim.step({ deliver, coin });
      const during = sim.nodes.map((t) => hex(t.opinionHash(X)!));
      expect(during[0]).not.toBe(during[1]);
      sim.heal();
      for (let i = 0; i < 14; i++) sim.step({ coin });
      for (const changes of sim.modeChanges)
        expect(changes.map((c) => c.mode)).toEqual(['full', 'verifying']);
      expect(opinions(sim, 0, sim.layer)).toEqual(opinions(sim, 1, sim.layer));
      for (const [n, t] of sim.nodes.entries()) {
        expect(t.mode()).toBe('verifying');
        expect(t.latestComplete()).toBe(sim.layer - 1);
        // Votes were split evenly on the block: the weak coin decided it.
        expect(sim.lastUpdate(n, X)!.blocks[0]!).toMatchObject({ valid: coin, invalid: !coin });
      }
    });
  }
});

describe('tortoise: malicious identities', () => {
  // Smeshers 6..9 (40% of the weight) run an adversarial node whose hare output is block 1.
  const run = (mark: 'never' | 'before' | 'after'): Sim => {
    const sim = new Sim({ nodes: 2, smeshers: 10, home: (s) => (s < 6 ? 0 : 1) });
    const markAll = (): void => {
      for (let s = 6; s < 10; s++) sim.nodes[0]!.onMalfeasance(nodeIdOf(s));
    };
    if (mark === 'before') markAll();
    for (let i = 0; i < 14; i++) {
      if (mark === 'after' && i === 3) markAll();
      sim.step({ blocks: 2, hare: (n) => n });
    }
    return sim;
  };

  it('without proofs, 40% adversarial weight keeps verifying stalled (full mode lags hdist)', () => {
    const sim = run('never');
    const t = sim.nodes[0]!;
    expect(t.mode()).toBe('full');
    expect(t.latestComplete()).toBeLessThanOrEqual(sim.layer - sim.net.tortoise.hdist);
  });

  for (const when of ['before', 'after'] as const) {
    it(`their ballots stop counting once marked (${when} their ballots)`, () => {
      const sim = run(when);
      const t = sim.nodes[0]!;
      expect(t.isMalfeasant(nodeIdOf(7))).toBe(true);
      expect(t.isMalfeasant(nodeIdOf(2))).toBe(false);
      expect(t.mode()).toBe('verifying');
      expect(t.latestComplete()).toBe(sim.layer - 1);
      for (let l = GENESIS + 1; l < sim.layer; l++) {
        const r = sim.lastUpdate(0, l)!;
        const byId = new Map(r.blocks.map((b) => [hex(b.id), b]));
        expect(byId.get(hex(blockIdOf(l, 0)))).toMatchObject({ valid: true, invalid: false });
        expect(byId.get(hex(blockIdOf(l, 1)))).toMatchObject({ valid: false, invalid: true });
      }
    });
  }
});

describe('tortoise: reorg', () => {
  it('a block first valid is invalidated by later votes, and updates() reports it', () => {
    // Node 0 only observes; every smesher runs on node 1.
    const sim = new Sim({ nodes: 2, smeshers: 10, home: () => 1 });
    for (let i = 0; i < 4; i++) sim.step({ blocks: 2 });
    const X = sim.step({ blocks: 2 });
    sim.step({ blocks: 2 });
    const first = sim.lastUpdate(0, X)!;
    expect(first.verified).toBe(true);
    const valid = (r: typeof first, k: number): boolean | undefined =>
      r.blocks.find((b) => hex(b.id) === hex(blockIdOf(X, k)))?.valid;
    expect([valid(first, 0), valid(first, 1)]).toEqual([true, false]);
    const firstOpinion = hex(first.opinionHash);
    const reported = sim.updates[0]!.length;
    // A late certificate changes the smeshers' node's output for X; the observer keeps its own.
    sim.nodes[1]!.onHareOutput(X, blockIdOf(X, 1));
    for (let i = 0; i < 12; i++) sim.step({ blocks: 2 });
    const later = sim.updates[0]!.slice(reported)
      .flat()
      .filter((r) => r.layer === X);
    expect(later.length).toBeGreaterThan(0);
    const final = later.at(-1)!;
    expect(final.verified).toBe(true);
    expect([valid(final, 0), valid(final, 1)]).toEqual([false, true]);
    expect(final.blocks.every((b) => b.valid !== b.invalid)).toBe(true);
    expect(hex(final.opinionHash)).not.toBe(firstOpinion);
    expect(hex(sim.nodes[0]!.opinionHash(X)!)).toBe(hex(sim.nodes[1]!.opinionHash(X)!));
    expect(sim.nodes[0]!.latestComplete()).toBe(sim.layer - 1);
  });
});

describe('tortoise: determinism', () => {
  it('the same inputs in a different order within a layer give the same results', () => {
    // Node 2 observes the same ballots and blocks as node 0, in reverse order.
    const side = (s: number): number => (s < 5 ? 0 : 1);
    const sim = new Sim({ nodes: 3, smeshers: 10, home: side });
    const reverse = (n: number): boolean => n === 2;
    for (let i = 0; i < 3; i++) sim.step({ blocks: 3, reverse });
    sim.step({ blocks: 0, hare: () => undefined, reverse });
    for (let i = 0; i < 3; i++) sim.step({ blocks: 2, reverse, coin: i % 2 === 0 });
    for (let i = 0; i < 10; i++) sim.step({ blocks: 2, reverse });
    expect(sim.modeChanges[2]).toEqual(sim.modeChanges[0]);
    expect(sim.modeChanges[0]!.length).toBeGreaterThan(0);
    expect(sim.updates[2]).toEqual(sim.updates[0]);
    const next = sim.layer + 1;
    expect(sim.nodes[2]!.encodeVotes(next)).toEqual(sim.nodes[0]!.encodeVotes(next));
  });
});
