// A preset with a shorter layer (devnets, tests): every timing derived from the layer scales by
// the same factor. `smesh devnet` / `smesh node --layer-duration` and the browser node (its
// /network.json names the devnet's layer) must derive the same config from the same duration:
// hare, beacon and PoET timings are wall-clock deadlines every node checks against the others.
import type { NetworkConfig } from './types.ts';

const scale = (ms: number, f: number) => Math.max(1, Math.round(ms * f));

/**
 * The preset with layers of `layerMs` and every timing derived from the layer scaled by the same
 * factor: hare's preround delay and rounds, the beacon's phases, the PoET phase shift, cycle gap
 * and grace period. Relations the validator checks (hare ends within zdist layers, the PoET gap
 * inside an epoch) hold after scaling because both sides scale. One change on top: the beacon's
 * grace period becomes at most half a voting round, as the simulation does (sim/config.ts): the
 * devnet preset's 20 s grace is longer than its 4 s rounds, which a shortened devnet cannot
 * afford.
 */
export function withLayerDuration(network: NetworkConfig, layerMs: number): NetworkConfig {
  const f = layerMs / network.layerDurationMs;
  const b = network.beacon;
  const votingRoundDurationMs = scale(b.votingRoundDurationMs, f);
  return {
    ...network,
    layerDurationMs: layerMs,
    hare: {
      ...network.hare,
      preroundDelayMs: scale(network.hare.preroundDelayMs, f),
      roundDurationMs: scale(network.hare.roundDurationMs, f),
    },
    beacon: {
      ...b,
      gracePeriodMs: Math.min(scale(b.gracePeriodMs, f), Math.floor(votingRoundDurationMs / 2)),
      proposalDurationMs: scale(b.proposalDurationMs, f),
      firstVotingRoundDurationMs: scale(b.firstVotingRoundDurationMs, f),
      votingRoundDurationMs,
      weakCoinRoundDurationMs: scale(b.weakCoinRoundDurationMs, f),
    },
    poet: {
      ...network.poet,
      phaseShiftMs: scale(network.poet.phaseShiftMs, f),
      cycleGapMs: scale(network.poet.cycleGapMs, f),
      gracePeriodMs: scale(network.poet.gracePeriodMs, f),
    },
    deviations: [
      ...network.deviations,
      `layers of ${layerMs} ms; hare, beacon and PoET timings scaled by ${f}`,
    ],
  };
}
