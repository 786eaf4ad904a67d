// A block a node knows only from other ballots' votes (no data: onBlock never called) is voted
// against in full mode whatever its margin or the weak coin (go-spacemesh tortoise.go
// getFullVote, reasonMissingData). After a partition where one half's hare produced the block and
// the other's did not, the two halves then vote opposite ways forever: the margin stays below the
// global threshold and full mode never decides the layer. The node must fetch the block (the
// layer's data from peers, as go-spacemesh's syncer does every layer) for the halves to converge.
import { describe, expect, it } from 'vitest';
import { Sim, blockIdOf, hex, BLOCK_HEIGHT } from './harness.ts';

const side = (s: number): number => (s < 5 ? 0 : 1);

/** Two halves; in layer X only side 0 has a block (its hare output), side 1's hare is empty. */
function partitioned(): { sim: Sim; X: number } {
  const sim = new Sim({ nodes: 2, smeshers: 10, home: side });
  for (let i = 0; i < 4; i++) sim.step();
  const deliver = (s: number, n: number): boolean => side(s) === n;
  const X = sim.step({ blocks: 0, hare: (n) => (n === 0 ? 0 : null), deliver });
  sim.nodes[0]!.onBlock({ id: blockIdOf(X, 0), layer: X, height: BLOCK_HEIGHT });
  for (let i = 0; i < 3; i++) sim.step({ deliver });
  sim.heal();
  return { sim, X };
}

describe('tortoise: a block known only from votes', () => {
  it('without its data one half votes against it forever and full mode never decides it', () => {
    const { sim, X } = partitioned();
    for (let i = 0; i < 14; i++) sim.step();
    const [a, b] = sim.nodes;
    // Side 1 learned the block from side 0's votes, but has no data for it.
    expect(b!.results(X, X)[0]!.blocks.map((x) => [hex(x.id), x.data])).toEqual([
      [hex(blockIdOf(X, 0)), false],
    ]);
    for (const t of [a!, b!]) {
      expect(t.mode()).toBe('full');
      expect(t.latestComplete()).toBe(X - 1);
    }
  });

  it('once the block is fetched, the halves converge and verifying mode returns', () => {
    const { sim, X } = partitioned();
    // What the node's layer sync must do: get the block from a peer that has it.
    sim.nodes[1]!.onBlock({ id: blockIdOf(X, 0), layer: X, height: BLOCK_HEIGHT });
    for (let i = 0; i < 14; i++) sim.step();
    for (const changes of sim.modeChanges)
      expect(changes.map((c) => c.mode)).toEqual(['full', 'verifying']);
    for (const t of sim.nodes) {
      expect(t.mode()).toBe('verifying');
      expect(t.latestComplete()).toBe(sim.layer - 1);
    }
    const [a, b] = sim.nodes.map((t) => t.results(X, sim.layer - 1).map((r) => hex(r.opinionHash)));
    expect(a).toEqual(b);
  });
});
