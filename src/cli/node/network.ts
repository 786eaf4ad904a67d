// The network a `smesh node` (and every process of `smesh devnet`) runs: a preset, its genesis
// time, and optionally a shorter layer. All processes of one network must compute the same
// config from the same flags: hare, beacon and PoET timings are wall-clock deadlines every node
// checks against the others' messages.
import { withGenesis } from '../../lib/config/genesis.ts';
import { getPreset, PRESET_NAMES } from '../../lib/config/presets.ts';
import type { NetworkConfig } from '../../lib/config/types.ts';
import { networkConfigProblems } from '../../lib/config/validate.ts';
import { parseDuration } from '../commands/poet.ts';
import { UsageError } from '../io.ts';

export interface NetworkFlags {
  readonly preset: string;
  /** RFC 3339; required when the preset has none (devnet). */
  readonly genesisTime?: string;
  /** A Go-style duration ("2s", "1500ms"); the preset's layer when absent. */
  readonly layerDuration?: string;
}

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

/** Resolves and validates the flags; every mistake is a UsageError. */
export function resolveNetworkFlags(flags: NetworkFlags): NetworkConfig {
  if (!(PRESET_NAMES as readonly string[]).includes(flags.preset))
    throw new UsageError(`--preset must be one of ${PRESET_NAMES.join(', ')}: '${flags.preset}'`);
  let network = getPreset(flags.preset);
  if (flags.genesisTime !== undefined) {
    try {
      network = withGenesis(network, { time: flags.genesisTime });
    } catch (e) {
      throw new UsageError(`--genesis-time: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  if (network.genesis.time === null)
    throw new UsageError(`preset ${network.name} has no genesis time: pass --genesis-time`);
  if (flags.layerDuration !== undefined) {
    const ms = parseDuration(flags.layerDuration, 'layer-duration');
    if (ms < 100) throw new UsageError('--layer-duration must be at least 100ms');
    network = withLayerDuration(network, ms);
  }
  const problems = networkConfigProblems(network, { requireGenesisTime: true });
  if (problems.length > 0) throw new UsageError(`network config: ${problems.join('; ')}`);
  return network;
}

/** The `smesh poet` flags that give a PoET server the same round timing as `network`. */
export function poetTimingArgs(network: NetworkConfig): string[] {
  return [
    '--epoch-duration',
    `${network.layerDurationMs * network.layersPerEpoch}ms`,
    '--phase-shift',
    `${network.poet.phaseShiftMs}ms`,
    '--cycle-gap',
    `${network.poet.cycleGapMs}ms`,
  ];
}
