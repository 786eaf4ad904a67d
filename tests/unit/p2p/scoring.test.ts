// Misbehaving peers: repeated invalid messages graylist and disconnect the sender; oversize
// messages are dropped before any handler sees them.

import { afterAll, describe, expect, it } from 'vitest';
import { GossipError } from '../../../src/lib/p2p/errors.ts';
import { SCORE_THRESHOLDS } from '../../../src/lib/p2p/gossip-params.ts';
import type { Host } from '../../../src/lib/p2p/host.ts';
import type { GossipHandler } from '../../../src/lib/p2p/interface.ts';
import { connect, loopbackHost, sleep, stopAll, TOPIC, waitFor } from './helpers.ts';

const hosts: Host[] = [];
afterAll(() => stopAll(hosts));

async function pair(
  bOptions: Parameters<typeof loopbackHost>[0] = {},
): Promise<{ a: Host; b: Host; seenB: string[] }> {
  const a = await loopbackHost();
  const b = await loopbackHost(bOptions);
  hosts.push(a, b);
  const seenB: string[] = [];
  const dec = new TextDecoder();
  const handlerB: GossipHandler = async (_from, data) => {
    const text = dec.decode(data);
    seenB.push(text);
    return text.startsWith('r') ? 'reject' : 'accept';
  };
  a.gossip.subscribe(TOPIC, async () => 'accept');
  b.gossip.subscribe(TOPIC, handlerB);
  await connect(a, b);
  await waitFor(
    () =>
      a.gossip.topicPeers(TOPIC).includes(b.peerId) &&
      b.gossip.topicPeers(TOPIC).includes(a.peerId),
    'subscriptions to be exchanged',
  );
  return { a, b, seenB };
}

const enc = new TextEncoder();
const connected = (x: Host, y: Host): boolean => x.requester.peers().includes(y.peerId);

describe('peer scoring', () => {
  it('graylists and disconnects a peer at its 6th invalid message (score −100·n² < −2500)', async () => {
    const disconnects: { peer: string; score: number }[] = [];
    const { a, b, seenB } = await pair({
      gossip: { onDisconnect: (peer, score) => disconnects.push({ peer, score }) },
    });
    for (let n = 1; n <= 5; n++) {
      await a.gossip.publish(TOPIC, enc.encode(`r-${n}`));
      await waitFor(() => seenB.includes(`r-${n}`), `B to see r-${n}`);
    }
    await sleep(1300); // more than one heartbeat: scores refreshed, graylist check ran
    expect(connected(b, a)).toBe(true);
    const five = b.gossip.score(a.peerId);
    expect(five).toBeLessThan(SCORE_THRESHOLDS.publishThreshold);
    expect(five).toBeGreaterThanOrEqual(SCORE_THRESHOLDS.graylistThreshold);
    expect(disconnects).toEqual([]);

    await a.gossip.publish(TOPIC, enc.encode('r-6'));
    await waitFor(() => seenB.includes('r-6'), 'B to see r-6');
    await waitFor(() => !connected(b, a), 'B to hang up on A', 3000);
    expect(disconnects[0]?.peer).toBe(a.peerId);
    expect(disconnects[0]?.score).toBeLessThan(SCORE_THRESHOLDS.graylistThreshold);

    // B bans A for the graylist period: A's redial is closed in the handshake, and the score
    // outlives the connection (retainScore) should the ban end first
    expect(b.bans.get(a.peerId)?.reason).toBe('graylisted');
    await connect(a, b).catch(() => undefined);
    await sleep(300);
    expect(connected(b, a)).toBe(false);
    expect(connected(a, b)).toBe(false);
    expect(b.gossip.score(a.peerId)).toBeLessThan(SCORE_THRESHOLDS.graylistThreshold);
  });

  it('hangs up at the first reject with dropPeerOnReject (go-spacemesh behaviour)', async () => {
    const { a, b, seenB } = await pair({ gossip: { dropPeerOnReject: true } });
    await a.gossip.publish(TOPIC, enc.encode('fine'));
    await waitFor(() => seenB.includes('fine'), 'B to see fine');
    expect(connected(b, a)).toBe(true);
    await a.gossip.publish(TOPIC, enc.encode('r-once'));
    await waitFor(() => !connected(b, a), 'B to hang up on A', 3000);
  });
});

describe('oversize messages', () => {
  it('rejects a message over the topic limit before the handler, blaming the sender', async () => {
    const rejects: string[] = [];
    const { a, b, seenB } = await pair({
      gossip: { topicLimits: { [TOPIC]: 100 }, onReject: (_t, _f, reason) => rejects.push(reason) },
    });
    await a.gossip.publish(TOPIC, new Uint8Array(200).fill(0x61));
    await a.gossip.publish(TOPIC, enc.encode('small'));
    await waitFor(() => seenB.includes('small'), 'B to see small');
    expect(seenB).toEqual(['small']);
    expect(rejects).toEqual(['too-large']);
    await waitFor(() => b.gossip.score(a.peerId) < -90, 'A’s score at B to drop', 3000);
  });

  it('refuses to publish a message over the local topic limit', async () => {
    const a = await loopbackHost({ gossip: { topicLimits: { [TOPIC]: 10 } } });
    hosts.push(a);
    let called = false;
    a.gossip.subscribe(TOPIC, async () => {
      called = true;
      return 'accept';
    });
    const err = await a.gossip.publish(TOPIC, new Uint8Array(11)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GossipError);
    expect((err as GossipError).reason).toBe('message-too-large');
    expect(called).toBe(false);
  });

  it('drops an RPC frame over maxMessageSize before decoding it', async () => {
    const { a, seenB } = await pair({ maxMessageSize: 1000 });
    await a.gossip.publish(TOPIC, new Uint8Array(500).fill(0x62));
    await waitFor(() => seenB.length === 1, 'B to see the 500-byte message');
    await a.gossip.publish(TOPIC, new Uint8Array(5000).fill(0x63));
    await sleep(700);
    expect(seenB.length).toBe(1);
  });

  it('refuses a second handler for a topic', async () => {
    const a = await loopbackHost();
    hosts.push(a);
    a.gossip.subscribe(TOPIC, async () => 'accept');
    expect(() => a.gossip.subscribe(TOPIC, async () => 'accept')).toThrow(GossipError);
  });
});
