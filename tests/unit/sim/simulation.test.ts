// The deterministic simulation end to end: real full nodes (PoST, PoET, ATXs, beacon, ballots,
// hare, certificates, tortoise, VM) on one virtual clock. The honest run is the issue's own
// scenario: 20 smeshers over 6 epochs.
import { describe, expect, it } from 'vitest';
import type { FullNode } from '../../../src/lib/node/full-node.ts';
import { simNetworkConfig } from '../../../src/lib/sim/config.ts';
import { runSimulation } from '../../../src/lib/sim/simulation.ts';
import { layerSubsidy } from '../../../src/lib/vm/subsidy.ts';

const network = simNetworkConfig();
const lpe = network.layersPerEpoch;
const hdist = network.tortoise.hdist;

/** Each node's verified layer at every layer tick: how far the tortoise lags. */
function lagTracker() {
  let worst = 0;
  const modes: string[] = [];
  return {
    attach(node: FullNode, i: number) {
      node.onEvent((e) => {
        if (e.type === 'layer' && e.layer > 2 * lpe + 1)
          worst = Math.max(worst, e.layer - 1 - node.parts.tortoise.latestComplete());
        if (e.type === 'mode' && i === 0) modes.push(e.change.mode);
        if (e.type === 'error')
          throw e.error instanceof Error ? e.error : new Error(String(e.error));
      });
    },
    get worst() {
      return worst;
    },
    modes,
  };
}

describe('simulation', () => {
  it('20 honest smeshers over 6 epochs: same state at every layer, verified within hdist, rewards add up', async () => {
    const lag = lagTracker();
    const r = await runSimulation({
      nodes: 20,
      epochs: 6,
      seed: 'honest',
      onNode: (n, i) => lag.attach(n, i),
    });
    const last = 6 * lpe - 1;
    expect(r.agreed).toBe(true);
    expect(r.verifiedLayer).toBeGreaterThanOrEqual(last - hdist);
    const settled = r.layers.filter((l) => l.layer <= r.verifiedLayer);
    expect(settled.length).toBe(r.verifiedLayer - 2 * lpe + 1);
    for (const l of settled) expect(l).toMatchObject({ agreed: true, applied: 20, nodes: 20 });
    expect(lag.worst).toBeLessThanOrEqual(hdist);

    // Every node executed the same blocks; most layers had one (hare agreed on proposals).
    const applied = r.nodes[0]!.applied;
    const withBlock = applied.filter((a) => a.block !== null);
    expect(withBlock.length).toBeGreaterThan(applied.length * 0.8);
    for (const n of r.nodes)
      expect(n.applied.map((a) => a.block && Buffer.from(a.block).toString('hex'))).toEqual(
        applied.map((a) => a.block && Buffer.from(a.block).toString('hex')),
      );
    // Rewards: subsidy of the layer (the economics curve) + fees, split by weight, floored; the
    // remainder burnt. Layers without a block pay nothing.
    for (const a of applied) {
      const { result } = a;
      const paid = result.rewards.reduce((s, x) => s + x.totalReward, 0n);
      if (a.block === null) {
        expect(result.rewards).toEqual([]);
        continue;
      }
      expect(result.subsidy).toBe(layerSubsidy(a.layer, lpe));
      expect(paid + result.burnt).toBe(result.subsidy + result.fees);
      expect(result.burnt).toBeLessThan(BigInt(result.rewards.length));
      expect(result.rewards.length).toBeGreaterThan(0);
    }
  }, 900_000);

  it('the same seed gives the same state hashes run after run; another seed does not', async () => {
    const run = (seed: string) =>
      runSimulation({ nodes: 4, epochs: 4, seed }).then((r) => ({
        final: r.finalStateHash,
        layers: r.layers.map((l) => `${l.layer}:${l.stateHash}`),
      }));
    const a = await run('same');
    const b = await run('same');
    const c = await run('other');
    expect(a.final).not.toBeNull();
    expect(b).toEqual(a);
    expect(c.final).not.toBe(a.final);
  }, 600_000);
});
