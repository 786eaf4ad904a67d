// `smesh node` flags → RunNodeOptions. Every mistake is a UsageError (exit 2) raised before
// anything is opened or written.
import { multiaddr } from '@multiformats/multiaddr';
import { decodeAddress, encodeAddress } from '../../lib/crypto/address.ts';
import type { NetworkConfig } from '../../lib/config/types.ts';
import { principalOf } from '../../lib/vm/tx/principal.ts';
import { parseListen } from '../commands/poet.ts';
import { UsageError } from '../io.ts';
import { resolveNetworkFlags } from './network.ts';

export const DEFAULT_LISTEN = '0.0.0.0:7513';

export interface NodeFlags {
  readonly dataDir: string;
  readonly network: NetworkConfig;
  readonly ip: string;
  readonly tcpPort: number;
  readonly wsPort: number | null;
  readonly bootstrap: string[];
  readonly poets: string[];
  readonly smesh: {
    readonly numUnits: number;
    /** Absent: the wallet address of the node key, known once the key is loaded. */
    readonly coinbase?: Uint8Array;
    readonly postThreads?: number;
  } | null;
}

type Raw = Record<string, string | boolean | undefined>;

const str = (o: Raw, name: string): string | undefined =>
  typeof o[name] === 'string' ? o[name] : undefined;

function list(text: string | undefined): string[] {
  return text === undefined
    ? []
    : text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0);
}

function int(text: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw new UsageError(`--${name} must be an integer in [${min}, ${max}]: '${text}'`);
  return Number(text);
}

/** A dialable libp2p multiaddr that names its peer (…/p2p/<id>). */
export function parseBootstrap(text: string): string {
  let ok: boolean;
  try {
    ok = multiaddr(text)
      .getComponents()
      .some((c) => c.name === 'p2p');
  } catch {
    ok = false;
  }
  if (!ok) throw new UsageError(`--bootstrap: '${text}' is not a multiaddr ending in /p2p/<id>`);
  return text;
}

export function parsePoetUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`--poet: '${text}' is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new UsageError(`--poet: '${text}' is not an http(s) URL`);
  return text.replace(/\/+$/, '');
}

/** The reward address: bech32 with the network's HRP. */
export function parseCoinbase(text: string, network: NetworkConfig): Uint8Array {
  try {
    return decodeAddress(text, network.hrp);
  } catch (e) {
    throw new UsageError(`--coinbase: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The default coinbase: the single-key wallet of the node's own public key. */
export function walletOf(nodeId: Uint8Array): Uint8Array {
  return principalOf('wallet', { publicKey: nodeId });
}

export function formatAddress(address: Uint8Array, network: NetworkConfig): string {
  return encodeAddress(address, network.hrp);
}

export function parseNodeFlags(o: Raw): NodeFlags {
  const network = resolveNetworkFlags({
    preset: String(o['preset']),
    ...(str(o, 'genesis-time') === undefined ? {} : { genesisTime: str(o, 'genesis-time')! }),
    ...(str(o, 'layer-duration') === undefined ? {} : { layerDuration: str(o, 'layer-duration')! }),
  });
  const { host, port } = parseListen(str(o, 'listen') ?? DEFAULT_LISTEN);
  const wsText = str(o, 'ws-port') ?? '0';
  const wsPort = wsText === 'none' ? null : int(wsText, 'ws-port', 0, 65535);
  const bootstrap = list(str(o, 'bootstrap')).map(parseBootstrap);
  const poets = list(str(o, 'poet')).map(parsePoetUrl);
  const smeshing = o['smesh'] === true;
  for (const only of ['num-units', 'coinbase', 'post-threads'])
    if (!smeshing && o[only] !== undefined) throw new UsageError(`--${only} needs --smesh`);
  let smesh: NodeFlags['smesh'] = null;
  if (smeshing) {
    if (poets.length === 0) throw new UsageError('--smesh needs a PoET server: --poet URL');
    const p = network.post;
    const unitsText = str(o, 'num-units');
    const numUnits =
      unitsText === undefined
        ? p.minNumUnits
        : int(unitsText, 'num-units', p.minNumUnits, p.maxNumUnits);
    const coinbaseText = str(o, 'coinbase');
    const threadsText = str(o, 'post-threads');
    smesh = {
      numUnits,
      ...(coinbaseText === undefined ? {} : { coinbase: parseCoinbase(coinbaseText, network) }),
      ...(threadsText === undefined
        ? {}
        : { postThreads: int(threadsText, 'post-threads', 1, 1024) }),
    };
  }
  return {
    dataDir: String(o['data-dir']),
    network,
    ip: host,
    tcpPort: port,
    wsPort,
    bootstrap,
    poets,
    smesh,
  };
}
