import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GossipHandler, ValidationResult } from '../../../src/lib/p2p/interface.ts';
import type { Host } from '../../../src/lib/p2p/host.ts';
import { connect, inMesh, loopbackHost, sleep, stopAll, TOPIC, waitFor } from './helpers.ts';

interface Seen {
  from: string;
  data: string;
}

/** A handler that records what it saw and decides by the first byte: 'r' reject, 'i' ignore. */
function recorder(seen: Seen[]): GossipHandler {
  const dec = new TextDecoder();
  return async (from, data): Promise<ValidationResult> => {
    const text = dec.decode(data);
    seen.push({ from, data: text });
    if (text.startsWith('r')) return 'reject';
    if (text.startsWith('i')) return 'ignore';
    return 'accept';
  };
}

const enc = new TextEncoder();

describe('Libp2pGossip in a line A–B–C over loopback TCP', () => {
  let a: Host;
  let b: Host;
  let c: Host;
  const seenA: Seen[] = [];
  const seenB: Seen[] = [];
  const seenC: Seen[] = [];
  // A's own handler rejects 'x…', ignores 'i-local', accepts (and records) the rest: A plays a
  // peer whose view differs from B's.
  const handlerA: GossipHandler = async (from, data) => {
    const text = new TextDecoder().decode(data);
    if (text.startsWith('x')) return 'reject';
    if (text === 'i-local') return 'ignore';
    seenA.push({ from, data: text });
    return 'accept';
  };

  beforeAll(async () => {
    a = await loopbackHost();
    b = await loopbackHost();
    c = await loopbackHost();
    a.gossip.subscribe(TOPIC, handlerA);
    b.gossip.subscribe(TOPIC, recorder(seenB));
    c.gossip.subscribe(TOPIC, recorder(seenC));
    await connect(a, b);
    await connect(b, c);
    await waitFor(
      () =>
        inMesh(a, TOPIC, b) && inMesh(b, TOPIC, a) && inMesh(b, TOPIC, c) && inMesh(c, TOPIC, b),
      'the A–B–C mesh',
    );
  });

  afterAll(() => stopAll([a, b, c]));

  it('delivers a message published at A to C once, forwarded by B', async () => {
    expect(await a.gossip.publish(TOPIC, enc.encode('hello'))).toBe('accept');
    await waitFor(() => seenC.some((s) => s.data === 'hello'), 'C to see hello');
    await sleep(300); // room for any duplicate to show up
    expect(seenA.filter((s) => s.data === 'hello')).toEqual([{ from: a.peerId, data: 'hello' }]);
    expect(seenB.filter((s) => s.data === 'hello')).toEqual([{ from: a.peerId, data: 'hello' }]);
    expect(seenC.filter((s) => s.data === 'hello')).toEqual([{ from: b.peerId, data: 'hello' }]);
  });

  it('does not forward what B rejects, and lowers A’s score at B', async () => {
    const before = b.gossip.score(a.peerId);
    expect(await a.gossip.publish(TOPIC, enc.encode('r-bad'))).toBe('accept');
    await waitFor(() => seenB.some((s) => s.data === 'r-bad'), 'B to see r-bad');
    // a valid message after it proves B→C still works, so C's silence is B's choice
    await a.gossip.publish(TOPIC, enc.encode('after-bad'));
    await waitFor(() => seenC.some((s) => s.data === 'after-bad'), 'C to see after-bad');
    expect(seenC.some((s) => s.data === 'r-bad')).toBe(false);
    // one invalid message: −1000 × 0.1 × 1² = −100 plus P1/P2 crumbs; gossipsub caches a score
    // for one heartbeat, so wait for the refresh
    await waitFor(() => b.gossip.score(a.peerId) < before - 90, 'A’s score at B to drop', 3000);
    expect(b.gossip.score(a.peerId)).toBeLessThan(0);
    // C never saw the invalid message, so A (whom C does not know) and B keep clean scores there
    expect(c.gossip.score(b.peerId)).toBeGreaterThanOrEqual(0);
  });

  it('does not forward what B ignores, and does not punish A for it', async () => {
    const before = b.gossip.score(a.peerId);
    await a.gossip.publish(TOPIC, enc.encode('i-meh'));
    await waitFor(() => seenB.some((s) => s.data === 'i-meh'), 'B to see i-meh');
    await a.gossip.publish(TOPIC, enc.encode('after-meh'));
    await waitFor(() => seenC.some((s) => s.data === 'after-meh'), 'C to see after-meh');
    expect(seenC.some((s) => s.data === 'i-meh')).toBe(false);
    // no new penalty: the score may only have decayed toward zero or grown by delivery credit
    expect(b.gossip.score(a.peerId)).toBeGreaterThanOrEqual(before - 1);
  });

  it('returns reject and sends nothing when the local handler rejects', async () => {
    expect(await a.gossip.publish(TOPIC, enc.encode('x-local'))).toBe('reject');
    await a.gossip.publish(TOPIC, enc.encode('after-x'));
    await waitFor(() => seenB.some((s) => s.data === 'after-x'), 'B to see after-x');
    expect(seenB.some((s) => s.data === 'x-local')).toBe(false);
  });

  it('returns ignore when the local handler ignores, and sends nothing', async () => {
    expect(await a.gossip.publish(TOPIC, enc.encode('i-local'))).toBe('ignore');
    await a.gossip.publish(TOPIC, enc.encode('after-i'));
    await waitFor(() => seenB.some((s) => s.data === 'after-i'), 'B to see after-i');
    expect(seenB.some((s) => s.data === 'i-local')).toBe(false);
  });

  it('does not hand a message back to its publisher when a peer echoes it', async () => {
    // C publishes; B forwards to A; A must see it once (from B), C's handler once (locally).
    await c.gossip.publish(TOPIC, enc.encode('from-c'));
    await waitFor(() => seenA.some((s) => s.data === 'from-c'), 'A to see from-c');
    await sleep(300);
    expect(seenA.filter((s) => s.data === 'from-c')).toEqual([{ from: b.peerId, data: 'from-c' }]);
    expect(seenC.filter((s) => s.data === 'from-c')).toEqual([{ from: c.peerId, data: 'from-c' }]);
  });
});
