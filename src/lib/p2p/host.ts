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
import {
  defaultTopicLimits,
  defaultTopics,
  gossipsubOptions,
  MAX_MESSAGE_SIZE,
} from './gossip-params.ts';
import { PeerBans } from './peer-bans.ts';
import type { BanEntry } from './peer-bans.ts';
import { Libp2pRequester } from './requester.ts';
import type { Libp2pRequesterOptions } from './requester.ts';
import { systemTime } from '../clock/interface.ts';
import type { TimeSource } from '../clock/interface.ts';

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
  /**
   * multiaddrs (with /p2p/<id>) dialled once the node has started, and again every
   * `redialMs` while the host has no peer (all went away, or it came up before them)
   */
  bootstrap?: string[];
  /** how often a host without peers dials its bootstrap peers again (default 3 s) */
  redialMs?: number;
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
  /** how long a graylisted or flooding peer is refused (default DEFAULT_BAN_MS) */
  banMs?: number;
  /** clock for bans and request rates; the system clock by default */
  time?: TimeSource;
  /** a peer was banned (graylisted by gossip, or flooding / malformed requests) */
  onBan?: (entry: BanEntry) => void;
}

export interface Host {
  readonly node: SmeshLibp2p;
  readonly gossip: Libp2pGossip;
  readonly requester: Libp2pRequester;
  /** peers refused for a while; the connection gater consults it */
  readonly bans: PeerBans;
  readonly peerId: string;
  /** the addresses others can dial, each ending in /p2p/<id>, sorted */
  addresses(): string[];
  /** dials a multiaddr (with /p2p/<id>) and resolves with the remote peer id */
  dial(address: string): Promise<string>;
  stop(): Promise<void>;
}

/** How often a host without peers dials its bootstrap peers again. */
const DEFAULT_REDIAL_MS = 3_000;

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
  const time = options.time ?? systemTime;
  const bans = new PeerBans({
    time,
    ...(options.banMs !== undefined ? { banMs: options.banMs } : {}),
  });
  if (options.onBan !== undefined) bans.onBan(options.onBan);
  const node = await createLibp2p<SmeshServices>({
    ...(options.privateKey !== undefined ? { privateKey: options.privateKey } : {}),
    addresses: {
      listen: options.listen ?? [],
      ...(options.announce !== undefined ? { announce: options.announce } : {}),
    },
    transports: options.transports,
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: banningGater(bans, options.connectionGater),
    connectionManager: { maxConnections: options.maxConnections ?? 100 },
    services,
  });
  // Hang up and refuse redials: gossip graylisting and request abuse both end here.
  const banPeer = (peer: string, reason: BanEntry['reason']): void => {
    bans.ban(peer, reason);
    requester.guard.forget(peer);
    const id = node.getPeers().find((p) => p.toString() === peer);
    if (id !== undefined) node.hangUp(id).catch(() => undefined);
  };
  const gossip = new Libp2pGossip(node, {
    topicLimits: defaultTopicLimits(options.hareTopic),
    ...options.gossip,
    maxMessageSize,
    onDisconnect: (peer, score) => {
      options.gossip?.onDisconnect?.(peer, score);
      banPeer(peer, 'graylisted');
    },
  });
  const requester = new Libp2pRequester(node, {
    ...options.requests,
    guard: {
      time,
      ...options.requests?.guard,
      onAbuse: (peer, reason) => {
        options.requests?.guard?.onAbuse?.(peer, reason);
        banPeer(peer, reason);
      },
    },
  });

  const host: Host = {
    node,
    gossip,
    requester,
    bans,
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
      clearInterval(redial);
      gossip.close();
      await node.stop();
    },
  };
  // Bootstrap peers are best effort: an unreachable one must not stop the node from starting,
  // and a host left without peers keeps trying them.
  const bootstrap = options.bootstrap ?? [];
  const redial = setInterval(() => {
    if (requester.peers().length > 0) return;
    for (const a of bootstrap) host.dial(a).catch(() => undefined);
  }, options.redialMs ?? DEFAULT_REDIAL_MS);
  // Under Node the timer must not keep a stopped process alive (browsers have no unref).
  (redial as { unref?: () => void }).unref?.();
  await Promise.allSettled(bootstrap.map((a) => host.dial(a)));
  return host;
}

/**
 * The caller's gater, plus: no connection to or from a banned peer. Inbound connections are
 * checked once the handshake has named the peer (denyInboundEncryptedConnection), which is the
 * earliest point a peer id is known.
 */
function banningGater(bans: PeerBans, own: ConnectionGater | undefined): ConnectionGater {
  return {
    ...own,
    denyDialPeer: async (peer) =>
      bans.isBanned(peer.toString()) || ((await own?.denyDialPeer?.(peer)) ?? false),
    denyInboundEncryptedConnection: async (peer, conn) =>
      bans.isBanned(peer.toString()) ||
      ((await own?.denyInboundEncryptedConnection?.(peer, conn)) ?? false),
    denyOutboundEncryptedConnection: async (peer, conn) =>
      bans.isBanned(peer.toString()) ||
      ((await own?.denyOutboundEncryptedConnection?.(peer, conn)) ?? false),
  };
}
