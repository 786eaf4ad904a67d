// The deterministic simulation at growing sizes: N real full nodes (PoST, PoET, ATXs, beacon,
// hare, tortoise, VM) through genesis and one full epoch of consensus (three epochs, 30 layers;
// epoch 2 is the first with ballots, hare and blocks).
// Figures per size: simulated layers per wall-clock second, as a ratio against the protocol's
// own pace (one layer per layer duration: how much faster than real time the run is), wall time,
// the wall time of the consensus epoch alone, and memory per node: what the run keeps once it
// is over (garbage collected, all N nodes still held) and the peak while it runs, each / N.
// Sizes: 20 (the consensus tests), 200, and 1,500 (Spacemesh's closed testnet); the larger ones
// on random-graph networks (8 links per node, gossip relayed to 6) so the growth of cost with
// N is visible. SIM_SIZES=20,100 overrides.
//
// Heap: 1,500 nodes need more than Node's default old-space limit (about 4 GiB); tests/bench/
// run.ts restarts the bench process with --max-old-space-size (SMESH_BENCH_HEAP_MB, default
// 16384), --expose-gc and 64 MiB semi-spaces when the limit is lower. Running this file some other way, pass
// NODE_OPTIONS='--max-old-space-size=16384 --expose-gc'.
import { setVerifiedMemo } from '../../src/lib/crypto/verified-memo.ts';
import { simNetworkConfig } from '../../src/lib/sim/config.ts';
import { runSimulation } from '../../src/lib/sim/simulation.ts';
import type { SimulationReport } from '../../src/lib/sim/simulation.ts';
import { report } from './harness.ts';

const sizes = (process.env.SIM_SIZES ?? '20,200,1500').split(',').map(Number);

const MiB = 2 ** 20;
const used = () => {
  const m = process.memoryUsage();
  // arrayBuffers is part of external; heap + external is what the nodes' objects and bytes take.
  return m.heapUsed + m.external;
};

export async function run(): Promise<void> {
  // As `smesh sim` runs: the nodes share one process, so a signature or VRF proof one node
  // checked is not checked again by the others (src/lib/crypto/verified-memo.ts).
  setVerifiedMemo(true);
  const network = simNetworkConfig();
  const realTime = { perSecond: 1000 / network.layerDurationMs, unit: 'layer' };
  const epochLayers = network.layersPerEpoch;
  for (const nodes of sizes) {
    globalThis.gc?.();
    const before = used();
    let peak = 0;
    let consensusStart = 0;
    const started = performance.now();
    // Block-scoped: the nodes are unreachable once the next size starts.
    const r: SimulationReport = await runSimulation({
      nodes,
      epochs: 3,
      seed: `bench-${nodes}`,
      ...(nodes > 20 ? { topology: { kind: 'random', degree: 8 }, meshDegree: 6 } : {}),
      // Large runs take long: show that they move (one line per layer entered).
      ...(nodes >= 500
        ? {
            onLayerStart: (layer: number) =>
              console.log(
                `  layer ${layer} after ${((performance.now() - started) / 1000).toFixed(0)} s`,
              ),
          }
        : {}),
      onLayer: (l) => {
        // Layers are reported from the first of epoch 2, once every node executed it.
        if (l.layer === 2 * epochLayers) consensusStart = performance.now();
        peak = Math.max(peak, used() - before);
      },
    });
    globalThis.gc?.();
    const retained = used() - before;
    const layers = 3 * epochLayers;
    const rate = { perSecond: (layers * 1000) / r.realMs, unit: 'layer' };
    report(`simulation, ${nodes} nodes, 3 epochs`, rate, 'real time', realTime);
    const consensusS = consensusStart === 0 ? NaN : (performance.now() - consensusStart) / 1000;
    console.log(
      `  ${(r.realMs / 1000).toFixed(1)} s wall (${((consensusStart - started) / 1000).toFixed(1)} s ` +
        `until every node executed layer ${2 * epochLayers}, ${consensusS.toFixed(1)} s after), ` +
        `agreed ${r.agreed}, verified layer ${r.verifiedLayer}`,
    );
    console.log(
      `  memory per node: ${(retained / nodes / MiB).toFixed(2)} MiB kept at the end (after GC), ` +
        `${(peak / nodes / MiB).toFixed(2)} MiB peak while running (heap + external growth / N)` +
        (globalThis.gc === undefined ? ' [no --expose-gc: figures include garbage]' : ''),
    );
  }
  setVerifiedMemo(false);
}
