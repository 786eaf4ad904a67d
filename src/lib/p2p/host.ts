// The libp2p configuration every Smesh host shares (go-spacemesh p2p/host.go, upgrade.go): noise,
// yamux, identify, ping and gossipsub with go-spacemesh's parameters, plus our request protocols.
// Transports, listen addresses, bootstrap peers and extra services come from the host that
// calls this (src/cli/p2p for Node, the browser worker later), so this file stays isomorphic.

import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { gossipsub } from '@libp2p/gossipsub';
import type { GossipSub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import type { Identify } from '@libp2p/identify';
import type { ConnectionGater, PrivateKey } from '@libp2p/interface';
import { ping } from '@libp2p/ping';
import type { Ping } from '@libp2p/ping';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import type { Libp2p, Libp2pOptions, ServiceFactoryMap } from 'libp2p';
import { Libp2pGossip } from './gossip.ts';
import type { Libp2pGossipOptions } from './gossip.ts';
import { defaultTopics, gossipsubOptions, MAX_MESSAGE_SIZE } from './gossip-params.ts';
import { Libp2pRequester } from './requester.ts';
import type { Libp2pRequesterOptions } from './requester.ts';

export interface SmeshServices {
  identify: Identify;
  ping: Ping;
  pubsub: GossipSub;
  [name: string]: unknown;
}

export type SmeshLibp2p = Libp2p<SmeshServices>;

export interface HostOptions {
  /** transport factories (tcp, webSockets, webRTC, circuitRelayTransport …) from the host */
  transports: NonNullable<Libp2pOptions['transports']>;
  /** multiaddrs to listen on, e.g. '/ip4/127.0.0.1/tcp/0' */
  listen?: string[];
  /** multiaddrs (with /p2p/<id>) dialled once the node has started */
  bootstrap?: string[];
  /** the node's identity; a fresh Ed25519 key when absent */
  privateKey?: PrivateKey;
  /** topics the node scores and limits (default: every go-spacemesh topic, plus hareTopic) */
  topics?: string[];
  hareTopic?: string;
  /** bootnodes' peer ids (score bonus) and whether this host is one (no mesh, PX on) */
  bootnodes?: string[];
  isBootnode?: boolean;
  /** cap on one gossipsub RPC frame, default 2 MiB as go-spacemesh */
  maxMessageSize?: number;
  gossip?: Omit<Libp2pGossipOptions, 'maxMessageSize'>;
  requests?: Libp2pRequesterOptions;
  /** extra libp2p services (the Node host's circuit relay server) */
  services?: ServiceFactoryMap<Record<string, unknown>>;
  connectionGater?: ConnectionGater;
  /** hard cap on connections */
  maxConnections?: number;
  /** announce these instead of the listen addresses */
  announce?: string[];
}

export interface Host {
  readonly node: SmeshLibp2p;
  readonly gossip: Libp2pGossip;
  readonly requester: Libp2pRequester;
  readonly peerId: string;
  /** the addresses others can dial, each ending in /p2p/<id>, sorted */
  addresses(): string[];
  /** dials a multiaddr (with /p2p/<id>) and resolves with the remote peer id */
  dial(address: string): Promise<string>;
  stop(): Promise<void>;
}

export async function createHost(options: HostOptions): Promise<Host> {
  const topics = options.topics ?? defaultTopics(options.hareTopic);
  const maxMessageSize = options.maxMessageSize ?? MAX_MESSAGE_SIZE;
  const services = {
    ...options.services,
    identify: identify(),
    ping: ping(),
    pubsub: gossipsub(
      gossipsubOptions({
        topics,
        bootnodes: options.bootnodes ?? [],
        isBootnode: options.isBootnode ?? false,
        maxMessageSize,
      }),
    ),
  } as ServiceFactoryMap<SmeshServices>;
  const node = await createLibp2p<SmeshServices>({
    ...(options.privateKey !== undefined ? { privateKey: options.privateKey } : {}),
    addresses: {
      listen: options.listen ?? [],
      ...(options.announce !== undefined ? { announce: options.announce } : {}),
    },
    transports: options.transports,
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    ...(options.connectionGater !== undefined ? { connectionGater: options.connectionGater } : {}),
    connectionManager: { maxConnections: options.maxConnections ?? 100 },
    services,
  });
  const gossip = new Libp2pGossip(node, { ...options.gossip, maxMessageSize });
  const requester = new Libp2pRequester(node, options.requests);

  const host: Host = {
    node,
    gossip,
    requester,
    peerId: node.peerId.toString(),
    addresses: () =>
      node
        .getMultiaddrs()
        .map((a) => a.toString())
        .sort(),
    dial: async (address) => {
      const connection = await node.dial(multiaddr(address));
      return connection.remotePeer.toString();
    },
    stop: async () => {
      gossip.close();
      await node.stop();
    },
  };
  // Bootstrap peers are best effort: an unreachable one must not stop the node from starting.
  await Promise.allSettled((options.bootstrap ?? []).map((a) => host.dial(a)));
  return host;
}
