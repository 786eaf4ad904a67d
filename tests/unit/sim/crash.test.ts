// Crash and restart of a third of the nodes mid-epoch: their timers and links die, they come back
// over the store they had, recover the tortoise and VM from it, catch up on the layers they
// missed from peers, and agree with everyone else.
import { describe, expect, it } from 'vitest';
import { simNetworkConfig } from '../../../src/lib/sim/config.ts';
import { runSimulation } from '../../../src/lib/sim/simulation.ts';

const hdist = simNetworkConfig().tortoise.hdist;

describe('crash and restart', () => {
  it('a third of the nodes crash mid-epoch, restart, catch up and agree', async () => {
    const errors: string[] = [];
    const restarted = new Set<number>();
    const r = await runSimulation({
      nodes: 6,
      epochs: 6,
      seed: 'crash',
      crash: { fraction: 1 / 3, at: 34, restartAt: 37 },
      onNode: (n, i) => {
        if (n.parts.clock.hasStarted() && n.parts.clock.currentLayer() >= 36) restarted.add(i);
        n.onEvent((e) => {
          if (e.type === 'error') errors.push(`${i} ${e.where}: ${String(e.error)}`);
        });
      },
    });
    expect(r.crashed).toHaveLength(2);
    expect([...restarted].sort()).toEqual([...r.crashed]);
    expect(errors).toEqual([]);
    expect(r.agreed).toBe(true);
    const last = 6 * 10 - 1;
    expect(r.verifiedLayer).toBeGreaterThanOrEqual(last - hdist);
    for (const l of r.finalLayers.filter((x) => x.layer <= r.verifiedLayer))
      expect(l).toMatchObject({ agreed: true, applied: 6 });
    // The restarted nodes executed the layers they were down for, like everyone else.
    for (const i of r.crashed) expect(r.nodes[i]!.applied.map((a) => a.layer)).toContain(35);
  }, 300_000);
});
