// Request floods against one loopback host: the flooder is slowed to its rate, refused past its
// cap of requests in flight, banned and hung up on after enough refusals, its redials die in the
// handshake, and an honest peer asking at the same time is served throughout. Broken request
// frames get a peer banned the same way.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Host } from '../../../src/lib/p2p/host.ts';
import type { RequestRefusal } from '../../../src/lib/p2p/request-guard.ts';
import { GossipError } from '../../../src/lib/p2p/errors.ts';
import { encodeUvarint } from '../../../src/lib/p2p/frame.ts';
import { MAX_MESSAGE_SIZE, SMALL_TOPIC_LIMIT } from '../../../src/lib/p2p/gossip-params.ts';
import { Topic } from '../../../src/lib/p2p/interface.ts';
import { Attacker, garbage } from './attacker/attacker.ts';
import { connect, loopbackHost, sleep, stopAll, waitFor } from './helpers.ts';

const hosts: Host[] = [];
const attackers: Attacker[] = [];
afterAll(async () => {
  await Promise.allSettled(attackers.map((a) => a.stop()));
  await stopAll(hosts);
});

const PROTOCOL = 'ld/1';
const tcpAddress = (h: Host): string => h.addresses().find((a) => !a.includes('/ws'))!;

async function server(refusals: string[]): Promise<Host> {
  const b = await loopbackHost({
    requests: {
      guard: { ratePerSec: 50, burst: 50, strikeLimit: 100 },
      onRefuse: (_peer, _protocol, reason) => refusals.push(reason),
    },
  });
  hosts.push(b);
  let served = 0;
  b.requester.handle(PROTOCOL, async (_from, req) => {
    served += 1;
    await sleep(5); // a store read
    return Uint8Array.of(req.length, served & 0xff);
  });
  await b.requester.ready();
  return b;
}

describe('request floods', () => {
  it('refuses a flooder past its in-flight cap, bans it (request-flood) and keeps serving an honest peer', async () => {
    const refusals: string[] = [];
    const b = await server(refusals);
    const honest = await loopbackHost();
    hosts.push(honest);
    await connect(honest, b);
    const attacker = await Attacker.start([]);
    attackers.push(attacker);
    await attacker.connect(tcpAddress(b));

    let honestOk = 0;
    let honestFailed = 0;
    const until = Date.now() + 3000;
    const honestLoop = (async () => {
      while (Date.now() < until) {
        await honest.requester.request(b.peerId, PROTOCOL, Uint8Array.of(1), 2000).then(
          () => (honestOk += 1),
          () => (honestFailed += 1),
        );
        await sleep(100);
      }
    })();
    let maxActive = 0;
    const sampler = setInterval(
      () => (maxActive = Math.max(maxActive, b.requester.guard.active)),
      5,
    );
    await attacker.flood(
      b.peerId,
      tcpAddress(b),
      () => ({ protocol: PROTOCOL, body: Uint8Array.of(7) }),
      until,
      48,
    );
    await honestLoop;
    clearInterval(sampler);

    // refused past the per-peer in-flight cap, then banned and disconnected
    expect(new Set<RequestRefusal | string>(refusals)).toEqual(new Set(['peer-busy']));
    expect(b.bans.get(attacker.peerId)?.reason).toBe('request-flood');
    expect(b.requester.peers()).not.toContain(attacker.peerId);
    expect(attacker.counts.refused).toBeGreaterThan(attacker.counts.answered);
    // bounded: never more requests in flight than the flooder's cap (32) plus the honest one
    expect(maxActive).toBeLessThanOrEqual(33);
    // the honest peer was served all along
    expect(honestFailed).toBe(0);
    expect(honestOk).toBeGreaterThanOrEqual(15);
    // a redial is closed in the handshake for the ban period
    await attacker.connect(tcpAddress(b)).catch(() => undefined);
    await sleep(300);
    expect(attacker.connectedTo(b.peerId)).toBe(false);
    expect(b.requester.peers()).toContain(honest.peerId);
  }, 30_000);

  it('bans a peer that sends oversize and broken request frames (malformed-requests)', async () => {
    const refusals: string[] = [];
    const b = await server(refusals);
    const attacker = await Attacker.start([]);
    attackers.push(attacker);
    await attacker.connect(tcpAddress(b));
    for (let i = 0; i < 12 && attacker.connectedTo(b.peerId); i++) {
      // alternately: a 1 MiB announced body (limit 10 KiB) and a 6-byte uvarint (malformed)
      const frame =
        i % 2 === 0
          ? Uint8Array.from([...encodeUvarint(1 << 20), ...garbage(i, 100)])
          : Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
      await attacker.rawRequest(b.peerId, PROTOCOL, frame, 2000);
    }
    await waitFor(() => !attacker.connectedTo(b.peerId), 'B to hang up on the attacker', 3000);
    expect(new Set(refusals)).toEqual(new Set(['too-large', 'malformed']));
    // 10 faults × 10 strikes reach the limit (an 11th when strikes decayed in between)
    expect(refusals.length).toBeGreaterThanOrEqual(10);
    expect(refusals.length).toBeLessThanOrEqual(11);
    expect(b.bans.get(attacker.peerId)?.reason).toBe('malformed-requests');
    expect(attacker.counts.answered).toBe(0);
  }, 30_000);
});

describe('bans at the host', () => {
  it('refuses a banned peer in the handshake until the ban period ends', async () => {
    const b = await loopbackHost({ banMs: 800 });
    const a = await loopbackHost();
    hosts.push(a, b);
    const banned: string[] = [];
    b.bans.onBan((e) => banned.push(`${e.peer} ${e.reason}`));
    await connect(a, b);
    await waitFor(() => b.requester.peers().includes(a.peerId), 'A connected to B');
    b.bans.ban(a.peerId, 'request-flood');
    expect(banned).toEqual([`${a.peerId} request-flood`]);
    // an existing connection is not cut by the list alone (the host hangs up when it bans);
    // a new one is refused
    await a.node.hangUp(b.node.peerId);
    await connect(a, b).catch(() => undefined);
    await sleep(300);
    expect(b.requester.peers()).not.toContain(a.peerId);
    await sleep(600); // the ban is over
    await connect(a, b);
    await waitFor(() => b.requester.peers().includes(a.peerId), 'A reconnected to B', 3000);
  }, 30_000);

  it('rejects over-limit messages on small topics by default (certify: 64 KiB)', async () => {
    const a = await loopbackHost();
    hosts.push(a);
    const err = await a.gossip
      .publish(Topic.CERTIFY, new Uint8Array(SMALL_TOPIC_LIMIT + 1))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GossipError);
    expect((err as GossipError).reason).toBe('message-too-large');
    expect(a.gossip.maxSize(Topic.PROPOSAL)).toBe(MAX_MESSAGE_SIZE);
  });
});

describe('memory under a sustained request grind', () => {
  it('keeps the heap flat (after GC) across 10 s of requests at the rate limit', () => {
    const script = fileURLToPath(new URL('./attacker/grind-heap.ts', import.meta.url));
    const r = spawnSync(process.execPath, ['--expose-gc', script], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as {
      answered: number;
      refused: number;
      heapMiB: number[];
    };
    // thousands of requests served, none refused: the grinder is only slowed
    expect(out.answered).toBeGreaterThan(2_000);
    expect(out.refused).toBe(0);
    // the heap after the first round is what serving costs; later rounds add nothing lasting
    const [, first, ...rest] = out.heapMiB;
    for (const h of rest) expect(h).toBeLessThan(first! + 8);
  }, 90_000);
});
