// Which network a node joins: a preset name plus the launch-time facts a preset leaves open
// (the genesis time). The app reads this from /network.json, which the host serving it writes
// (`npm start` points it at the local devnet); the CLI takes it from flags.
import { getPreset } from '../config/presets.ts';
import { withGenesis } from '../config/genesis.ts';
import type { NetworkConfig } from '../config/types.ts';
import { withLayerDuration } from '../config/layer-duration.ts';

export interface NetworkChoice {
  readonly preset: string;
  /** RFC 3339; required when the preset has no fixed genesis time. */
  readonly genesisTime?: string;
  /** A shorter layer than the preset's (a devnet started with --layer-duration), in ms. */
  readonly layerDurationMs?: number;
  /** libp2p multiaddrs (ws / wss, with /p2p/<id>) a browser node joins through. */
  readonly bootstrap?: readonly string[];
  /** PoET servers' base URLs (http / https). */
  readonly poets?: readonly string[];
}

/** Everything a browser node needs to join: the network and where its peers are. */
export interface JoinChoice {
  readonly network: NetworkConfig;
  readonly bootstrap: readonly string[];
  readonly poets: readonly string[];
}

export class NetworkChoiceError extends Error {
  override name = 'NetworkChoiceError';
}

/** Validates an untrusted network description (e.g. parsed JSON) and resolves it. */
export function resolveNetwork(raw: unknown): NetworkConfig {
  if (typeof raw !== 'object' || raw === null)
    throw new NetworkChoiceError('network: not an object');
  const { preset, genesisTime, layerDurationMs } = raw as Record<string, unknown>;
  if (typeof preset !== 'string')
    throw new NetworkChoiceError('network: "preset" must be a string');
  if (genesisTime !== undefined && typeof genesisTime !== 'string') {
    throw new NetworkChoiceError('network: "genesisTime" must be an RFC 3339 string');
  }
  if (
    layerDurationMs !== undefined &&
    !(
      typeof layerDurationMs === 'number' &&
      Number.isInteger(layerDurationMs) &&
      layerDurationMs >= 100
    )
  )
    throw new NetworkChoiceError('network: "layerDurationMs" must be an integer of 100 or more');
  const base = getPreset(preset);
  const timed = genesisTime === undefined ? base : withGenesis(base, { time: genesisTime });
  return layerDurationMs === undefined ? timed : withLayerDuration(timed, layerDurationMs);
}

function stringList(
  raw: unknown,
  field: string,
  ok: (s: string) => boolean,
  what: string,
): string[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new NetworkChoiceError(`network: "${field}" must be a list`);
  return raw.map((v: unknown, i) => {
    if (typeof v !== 'string' || !ok(v))
      throw new NetworkChoiceError(`network: ${field}[${i}] is not ${what}`);
    return v;
  });
}

/** Validates an untrusted join description (the app's /network.json) and resolves it. */
export function resolveJoin(raw: unknown): JoinChoice {
  const network = resolveNetwork(raw);
  const { bootstrap, poets } = raw as Record<string, unknown>;
  return {
    network,
    bootstrap: stringList(
      bootstrap,
      'bootstrap',
      (s) => /^\/(ip4|ip6|dns4|dns6|dns)\/[^/]+\/tcp\/\d+\/(ws|wss|tls\/ws)\/p2p\/\w+$/.test(s),
      'a WebSocket multiaddr with /p2p/<id>',
    ),
    poets: stringList(
      poets,
      'poets',
      (s) => /^https?:\/\/[^\s/]+(\/\S*)?$/.test(s),
      'an http(s) URL',
    ),
  };
}
