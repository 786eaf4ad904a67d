// The network a `smesh node` (and every process of `smesh devnet`) runs: a preset, its genesis
// time, and optionally a shorter layer. All processes of one network must compute the same
// config from the same flags: hare, beacon and PoET timings are wall-clock deadlines every node
// checks against the others' messages.
import { withGenesis } from '../../lib/config/genesis.ts';
import { getPreset, PRESET_NAMES } from '../../lib/config/presets.ts';
import type { NetworkConfig } from '../../lib/config/types.ts';
import { networkConfigProblems } from '../../lib/config/validate.ts';
import { withLayerDuration } from '../../lib/config/layer-duration.ts';
import { parseDuration } from '../commands/poet.ts';
import { UsageError } from '../io.ts';

export { withLayerDuration };

export interface NetworkFlags {
  readonly preset: string;
  /** RFC 3339; required when the preset has none (devnet). */
  readonly genesisTime?: string;
  /** A Go-style duration ("2s", "1500ms"); the preset's layer when absent. */
  readonly layerDuration?: string;
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
