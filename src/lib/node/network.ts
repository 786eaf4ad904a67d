// Which network a node joins: a preset name plus the launch-time facts a preset leaves open
// (the genesis time). The app reads this from /network.json, which the host serving it writes
// (`npm start` points it at the local devnet); the CLI takes it from flags.
import { getPreset } from '../config/presets.ts';
import { withGenesis } from '../config/genesis.ts';
import type { NetworkConfig } from '../config/types.ts';

export interface NetworkChoice {
  readonly preset: string;
  /** RFC 3339; required when the preset has no fixed genesis time. */
  readonly genesisTime?: string;
}

export class NetworkChoiceError extends Error {
  override name = 'NetworkChoiceError';
}

/** Validates an untrusted network description (e.g. parsed JSON) and resolves it. */
export function resolveNetwork(raw: unknown): NetworkConfig {
  if (typeof raw !== 'object' || raw === null)
    throw new NetworkChoiceError('network: not an object');
  const { preset, genesisTime } = raw as Record<string, unknown>;
  if (typeof preset !== 'string')
    throw new NetworkChoiceError('network: "preset" must be a string');
  if (genesisTime !== undefined && typeof genesisTime !== 'string') {
    throw new NetworkChoiceError('network: "genesisTime" must be an RFC 3339 string');
  }
  const base = getPreset(preset);
  return genesisTime === undefined ? base : withGenesis(base, { time: genesisTime });
}
