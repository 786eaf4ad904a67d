// Loopback libp2p hosts for the transport tests: TCP on 127.0.0.1, ephemeral ports, no relay.

import { createNodeHost } from '../../../src/cli/p2p/node-host.ts';
import type { NodeHostOptions } from '../../../src/cli/p2p/node-host.ts';
import type { Host } from '../../../src/lib/p2p/host.ts';

export const TOPIC = 'pp1';

export async function loopbackHost(options: NodeHostOptions = {}): Promise<Host> {
  return createNodeHost({ ip: '127.0.0.1', wsPort: null, relay: false, ...options });
}

/** Dials b from a over b's first TCP address. */
export async function connect(a: Host, b: Host): Promise<void> {
  const addr = b.addresses().find((x) => x.includes('/tcp/') && !x.includes('/ws'));
  if (addr === undefined) throw new Error('no tcp address');
  await a.dial(addr);
}

export async function waitFor(
  cond: () => boolean,
  what: string,
  timeoutMs = 5000,
  stepMs = 20,
): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** True when `host` has `peer` in its gossipsub mesh for the topic. */
export function inMesh(host: Host, topic: string, peer: Host): boolean {
  return host.gossip.meshPeers(topic).includes(peer.peerId);
}

export async function stopAll(hosts: Host[]): Promise<void> {
  await Promise.allSettled(hosts.map((h) => h.stop()));
}
