// The deterministic simulation at growing sizes: N real full nodes (PoST, PoET, ATXs, beacon,
// hare, tortoise, VM) through genesis and one full epoch of consensus (three epochs, 30 layers).
// Figures: simulated layers per wall-clock second, as a ratio against the protocol's own pace
// (one layer per layer duration: how much faster than real time the run is), and memory per
// node. Sizes: 20 (the consensus tests), then larger random-graph networks (8 links per node,
// gossip relayed to 6) so the growth of cost with N is visible. SIM_SIZES=20,100,1500 overrides.
import { setVerifiedMemo } from '../../src/lib/crypto/verified-memo.ts';
import { simNetworkConfig } from '../../src/lib/sim/config.ts';
import { runSimulation } from '../../src/lib/sim/simulation.ts';
import { report } from './harness.ts';

const sizes = (process.env.SIM_SIZES ?? '20,60').split(',').map(Number);

export async function run(): Promise<void> {
  // As `smesh sim` runs: the nodes share one process, so a signature or VRF proof one node
  // checked is not checked again by the others (src/lib/crypto/verified-memo.ts).
  setVerifiedMemo(true);
  const network = simNetworkConfig();
  const realTime = { perSecond: 1000 / network.layerDurationMs, unit: 'layer' };
  for (const nodes of sizes) {
    globalThis.gc?.();
    const before = process.memoryUsage();
    let peak = 0;
    const r = await runSimulation({
      nodes,
      epochs: 3,
      seed: `bench-${nodes}`,
      ...(nodes > 20 ? { topology: { kind: 'random', degree: 8 }, meshDegree: 6 } : {}),
      onLayer: () => {
        const m = process.memoryUsage();
        peak = Math.max(peak, m.heapUsed + m.external + m.arrayBuffers - before.heapUsed);
      },
    });
    const layers = 3 * network.layersPerEpoch;
    const rate = { perSecond: (layers * 1000) / r.realMs, unit: 'layer' };
    report(`simulation, ${nodes} nodes, 3 epochs`, rate, 'real time', realTime);
    console.log(
      `  ${(r.realMs / 1000).toFixed(1)} s wall, agreed ${r.agreed}, verified layer ${r.verifiedLayer}, ` +
        `memory ≈ ${(peak / nodes / 2 ** 20).toFixed(1)} MiB per node (peak heap + buffers growth / N)`,
    );
  }
  setVerifiedMemo(false);
}
