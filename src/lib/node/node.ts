// Composition root of a Smesh node. It owns the network configuration and, as the protocol
// components arrive (store, PoST, PoET client, mesh, consensus, p2p), wires them together here
// and nowhere else. Hosts (the browser worker, the Node.js CLI, the simulation) construct it
// with what only they can provide.
import { bytesToHex } from '@noble/hashes/utils.js';
import type { NetworkConfig } from '../config/types.ts';
import { configGenesisId } from '../config/genesis.ts';
import type { NodeApi, NodeInfo } from '../api/interface.ts';
import { VERSION } from '../version.ts';

export type NodeHostKind = NodeInfo['host'];

export interface NodeOptions {
  /** A network preset with its genesis time fixed. */
  readonly network: NetworkConfig;
  readonly host: NodeHostKind;
}

export class SmeshNode {
  readonly network: NetworkConfig;
  readonly genesisId: Uint8Array;
  readonly host: NodeHostKind;

  constructor(opts: NodeOptions) {
    this.network = opts.network;
    this.host = opts.host;
    this.genesisId = configGenesisId(opts.network);
  }

  info(): NodeInfo {
    const n = this.network;
    return {
      version: VERSION,
      preset: n.name,
      genesisId: bytesToHex(this.genesisId),
      hrp: n.hrp,
      genesisTime: n.genesis.time ?? '',
      layerDurationSeconds: n.layerDurationMs / 1000,
      layersPerEpoch: n.layersPerEpoch,
      host: this.host,
    };
  }
}

/** The in-process NodeApi over a node (what the worker exposes and the CLI serves). */
export function localApi(node: SmeshNode): NodeApi {
  return {
    info: async () => node.info(),
  };
}
