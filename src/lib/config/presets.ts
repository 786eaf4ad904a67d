// The named networks a node can join. Presets are frozen: a node that wants other values
// makes a copy (see withGenesis), so one tab's tweak can never leak into another module.
import { devnet } from './devnet.ts';
import { UnknownPresetError } from './errors.ts';
import { mainnet } from './mainnet.ts';
import { standalone } from './standalone.ts';
import { testnet } from './testnet.ts';
import type { NetworkConfig } from './types.ts';

export type PresetName = 'mainnet' | 'testnet' | 'standalone' | 'devnet';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

export const presets: Readonly<Record<PresetName, NetworkConfig>> = deepFreeze({
  mainnet,
  testnet,
  standalone,
  devnet,
});

export const PRESET_NAMES = Object.keys(presets) as readonly PresetName[];

export function isPresetName(name: string): name is PresetName {
  return Object.hasOwn(presets, name);
}

/** The preset called `name`; UnknownPresetError for anything else. */
export function getPreset(name: string): NetworkConfig {
  if (!isPresetName(name)) throw new UnknownPresetError(name, PRESET_NAMES);
  return presets[name];
}
