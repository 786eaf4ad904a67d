import { afterAll, describe, expect, it } from 'vitest';
import { createNodeHost } from '../../../src/cli/p2p/node-host.ts';
import type { Host } from '../../../src/lib/p2p/host.ts';
import { stopAll, TOPIC, waitFor } from './helpers.ts';

const hosts: Host[] = [];
afterAll(() => stopAll(hosts));

describe('Node host', () => {
  it('listens on TCP and WebSockets, runs a relay server, and bootstraps over WebSockets', async () => {
    const relay = await createNodeHost({ ip: '127.0.0.1', isBootnode: true });
    hosts.push(relay);
    const addrs = relay.addresses();
    expect(addrs.some((a) => /\/tcp\/\d+\/p2p\//.test(a))).toBe(true);
    const ws = addrs.find((a) => a.includes('/ws/'));
    expect(ws).toBeDefined();
    expect(relay.node.services['relay']).toBeDefined();
    expect(addrs.every((a) => a.endsWith(`/p2p/${relay.peerId}`))).toBe(true);

    relay.requester.handle('hello', async (from) => new TextEncoder().encode(from));
    await relay.requester.ready();
    const peer = await createNodeHost({
      ip: '127.0.0.1',
      relay: false,
      wsPort: null,
      bootstrap: [ws as string, '/ip4/127.0.0.1/tcp/1/p2p/' + relay.peerId],
      bootnodes: [relay.peerId],
    });
    hosts.push(peer);
    // the unreachable second bootstrap address did not stop the start
    expect(peer.requester.peers()).toEqual([relay.peerId]);
    const res = await peer.requester.request(relay.peerId, 'hello', new Uint8Array(0), 2000);
    expect(new TextDecoder().decode(res)).toBe(peer.peerId);
    // the bootnode bonus shows in the peer's score of the relay once gossipsub knows it
    peer.gossip.subscribe(TOPIC, async () => 'accept');
    relay.gossip.subscribe(TOPIC, async () => 'accept');
    await waitFor(() => peer.gossip.score(relay.peerId) >= 10_000, 'the bootnode bonus', 3000);
  });
});
