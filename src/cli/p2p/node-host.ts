// The Node.js libp2p host: TCP and WebSocket listeners, and a circuit relay v2 server so browser
// nodes (which cannot listen) can be reached through us. The protocol-side configuration is the
// shared one in src/lib/p2p/host.ts.

import { circuitRelayServer } from '@libp2p/circuit-relay-v2';
import { tcp } from '@libp2p/tcp';
import { webSockets } from '@libp2p/websockets';
import { createHost } from '../../lib/p2p/host.ts';
import type { Host, HostOptions } from '../../lib/p2p/host.ts';

export interface NodeHostOptions extends Omit<HostOptions, 'transports' | 'listen'> {
  /** interface to listen on; '127.0.0.1' in tests */
  ip?: string;
  /** TCP port, 0 = ephemeral */
  tcpPort?: number;
  /** WebSocket port, 0 = ephemeral; null = no WebSocket listener */
  wsPort?: number | null;
  /** run a circuit relay v2 server (on by default: browsers need one) */
  relay?: boolean;
  /** reservations the relay server grants at once */
  maxReservations?: number;
}

export function createNodeHost(options: NodeHostOptions = {}): Promise<Host> {
  const ip = options.ip ?? '0.0.0.0';
  const listen = [`/ip4/${ip}/tcp/${options.tcpPort ?? 0}`];
  if (options.wsPort !== null) listen.push(`/ip4/${ip}/tcp/${options.wsPort ?? 0}/ws`);
  const relay = options.relay ?? true;
  return createHost({
    ...options,
    transports: [tcp(), webSockets()],
    listen,
    services: {
      ...options.services,
      ...(relay
        ? {
            relay: circuitRelayServer({
              reservations: { maxReservations: options.maxReservations ?? 128 },
            }),
          }
        : {}),
    },
  });
}
