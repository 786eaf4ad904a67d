import { describe, expect, it } from 'vitest';
import { SimError } from '../../../src/lib/sim/errors.ts';
import { totalDropped } from '../../../src/lib/sim/interface.ts';
import { SimNetwork } from '../../../src/lib/sim/network.ts';
import { Rng } from '../../../src/lib/sim/rng.ts';
import { VirtualTime } from '../../../src/lib/sim/virtual-time.ts';
import { TOPIC, bytes, deliveries, harness, holders, peerName, subscribe } from './helpers.ts';

function expectReason(fn: () => unknown, reason: string): void {
  try {
    fn();
    expect.unreachable();
  } catch (e) {
    expect(e).toBeInstanceOf(SimError);
    expect((e as SimError).reason).toBe(reason);
  }
}

async function runScenario(seed: string): Promise<string[]> {
  const h = harness(seed, 8, {
    topology: { kind: 'random', degree: 2 },
    latencyMs: { min: 1, max: 40 },
    loss: 0.1,
  });
  for (let i = 0; i < 20; i++) {
    h.time.setTimeout(() => void h.nodes[i % 8]!.publish(TOPIC, bytes(`m${i}`)), i * 3);
  }
  await h.time.runUntil(10_000);
  return deliveries(h.trace);
}

describe('SimNetwork gossip', () => {
  it('same seed gives the same delivery trace; another seed a different one', async () => {
    const a = await runScenario('seed-1');
    const b = await runScenario('seed-1');
    const c = await runScenario('seed-2');
    expect(a.length).toBeGreaterThan(50);
    expect(b).toEqual(a);
    expect(c).not.toEqual(a);
  });

  it('publish runs the local handler first and sends only what it accepts', async () => {
    const h = harness('pub', 3, {}, (_node, data) => (data[0] === 0x78 ? 'reject' : 'accept'));
    expect(await h.nodes[0]!.publish(TOPIC, bytes('xbad'))).toBe('reject');
    expect(await h.nodes[0]!.publish(TOPIC, bytes('good'))).toBe('accept');
    // Publishing a message already seen is refused without running the handler.
    expect(await h.nodes[0]!.publish(TOPIC, bytes('good'))).toBe('ignore');
    await h.time.runFor(1_000);
    expect(h.received.get('n00')).toEqual(['n00:xbad', 'n00:good']);
    expect(h.received.get('n01')).toEqual(['n00:good']);
    expect(h.received.get('n02')).toEqual(['n00:good']);
    expect(h.net.stats('n00').published).toBe(2);
    // No handler: 'accept', and it still goes out.
    expect(await h.nodes[1]!.publish('other', bytes('x'))).toBe('accept');
    await h.time.runFor(1_000);
    expect(h.net.stats('n02').unsubscribed).toBe(1);
  });

  it('delivers each message once per node, within the latency bounds, over a sparse topology', async () => {
    const h = harness('flood', 12, {
      topology: { kind: 'random', degree: 2 },
      latencyMs: { min: 20, max: 30 },
    });
    expect(h.net.links('n00').length).toBeGreaterThan(0);
    expect(h.net.links('n11')).toHaveLength(2);
    for (const id of h.net.peerIds()) expect(h.net.links(id)).not.toContain(id);
    await h.nodes[11]!.publish(TOPIC, bytes('hello'));
    await h.time.runFor(5_000);
    expect(holders(h, 'hello')).toEqual(h.net.peerIds().sort());
    // Each hop takes 20..30 ms; first deliveries to a direct link land inside that window.
    const sent = h.trace.filter((e) => e.kind === 'deliver');
    expect(sent).toHaveLength(11);
    const direct = sent.filter((e) => e.from === 'n11');
    for (const e of direct) {
      expect(e.time).toBeGreaterThanOrEqual(20);
      expect(e.time).toBeLessThanOrEqual(30);
    }
    // Not every node is a direct link: some got it relayed.
    expect(sent.some((e) => e.from !== 'n11')).toBe(true);
    for (const e of sent) expect(e.time % 1).toBe(0);
    for (const id of h.net.peerIds()) {
      if (id !== 'n11') expect(h.net.stats(id).delivered).toBe(1);
    }
  });

  it('relay hops each add latency in range', async () => {
    // A line: n0 - n1 - n2 - n3.
    const time = new VirtualTime();
    const net = new SimNetwork(time, new Rng('line'), {
      topology: { kind: 'random', degree: 1 },
      latencyMs: { min: 10, max: 10 },
    });
    const received = new Map<string, string[]>();
    const nodes = [0, 1, 2, 3].map((i) => net.join(peerName(i)));
    for (const n of nodes) subscribe(n, received);
    for (const id of net.peerIds()) for (const l of net.links(id)) net.disconnect(id, l);
    net.connect('n00', 'n01');
    net.connect('n01', 'n02');
    net.connect('n02', 'n03');
    const at = new Map<string, number>();
    nodes[3]!.subscribe('hop', async () => (at.set('n03', time.now()), 'accept'));
    for (const n of nodes.slice(1, 3)) n.subscribe('hop', async () => 'accept');
    await nodes[0]!.publish('hop', bytes('x'));
    await time.runFor(100);
    expect(at.get('n03')).toBe(30);
  });

  it('loses about the configured share of messages', async () => {
    const h = harness('loss', 2, { loss: 0.3, latencyMs: { min: 1, max: 1 } });
    const n = 2_000;
    for (let i = 0; i < n; i++) await h.nodes[0]!.publish(TOPIC, bytes(`m${i}`));
    await h.time.runFor(100);
    const lost = h.net.stats('n01').dropped.lost;
    expect(lost + h.net.stats('n01').delivered).toBe(n);
    expect(Math.abs(lost / n - 0.3)).toBeLessThan(0.04);
  });

  it('partitions block cross-group delivery; healing does not replay what was missed', async () => {
    const h = harness('part', 6, { latencyMs: { min: 5, max: 15 } });
    h.net.partition([
      ['n00', 'n01', 'n02'],
      ['n03', 'n04'],
    ]);
    expect(h.net.reachable('n00', 'n02')).toBe(true);
    expect(h.net.reachable('n00', 'n03')).toBe(false);
    expect(h.net.reachable('n05', 'n03')).toBe(false); // unnamed peers form their own group
    expect(h.nodes[0]!.peers()).toEqual(['n01', 'n02']);
    await h.nodes[0]!.publish(TOPIC, bytes('during'));
    await h.nodes[5]!.publish(TOPIC, bytes('alone'));
    await h.time.runFor(1_000);
    expect(holders(h, 'during')).toEqual(['n00', 'n01', 'n02']);
    expect(holders(h, 'alone')).toEqual(['n05']);
    expect(h.net.stats('n03').dropped.partitioned).toBeGreaterThan(0);
    h.net.heal();
    await h.time.runFor(1_000);
    expect(holders(h, 'during')).toEqual(['n00', 'n01', 'n02']);
    await h.nodes[4]!.publish(TOPIC, bytes('after'));
    await h.time.runFor(1_000);
    expect(holders(h, 'after')).toEqual(h.net.peerIds());
  });

  it('a partition drops messages already on the wire', async () => {
    const h = harness('wire', 2, { latencyMs: { min: 50, max: 50 } });
    await h.nodes[0]!.publish(TOPIC, bytes('inflight'));
    await h.time.runFor(10);
    h.net.partition([['n00'], ['n01']]);
    await h.time.runFor(100);
    expect(holders(h, 'inflight')).toEqual(['n00']);
    expect(h.net.stats('n01').dropped.partitioned).toBe(1);
    expectReason(() => h.net.partition([['n00'], ['n00']]), 'invalid-options');
    expectReason(() => h.net.partition([['zz']]), 'unknown-peer');
  });

  it('a crashed node gets nothing, its timers stop; a restart resumes with a fresh endpoint', async () => {
    const h = harness('crash', 3, { latencyMs: { min: 5, max: 5 } });
    const ticks: number[] = [];
    const tick = (): void => {
      ticks.push(h.time.now());
      h.nodes[2]!.clock.setTimeout(tick, 100);
    };
    h.nodes[2]!.clock.setTimeout(tick, 100);
    await h.time.runUntil(250);
    expect(ticks).toEqual([100, 200]);
    await h.nodes[0]!.publish(TOPIC, bytes('to-crash'));
    await h.time.runFor(1);
    h.net.crash('n02');
    expect(h.net.isUp('n02')).toBe(false);
    expect(h.nodes[2]!.alive).toBe(false);
    expect(h.nodes[0]!.peers()).toEqual(['n01']);
    await h.time.runFor(1_000);
    expect(ticks).toEqual([100, 200]);
    expect(holders(h, 'to-crash')).toEqual(['n00', 'n01']);
    expect(h.net.stats('n02').dropped.crashed).toBeGreaterThanOrEqual(1);
    // The dead endpoint sends nothing.
    expect(await h.nodes[2]!.publish(TOPIC, bytes('zombie'))).toBe('ignore');
    expectReason(() => h.net.crash('n02'), 'peer-state');
    const again = h.net.restart('n02');
    expectReason(() => h.net.restart('n02'), 'peer-state');
    expect(again.incarnation).toBe(1);
    subscribe(again, h.received);
    await h.nodes[1]!.publish(TOPIC, bytes('after-restart'));
    await h.time.runFor(1_000);
    expect(holders(h, 'after-restart')).toEqual(['n00', 'n01', 'n02']);
    expect(h.net.stats('n02').crashes).toBe(1);
  });

  it('a node that rejects a peer threshold times drops its link to it', async () => {
    const h = harness(
      'score',
      3,
      { rejectThreshold: 2, latencyMs: { min: 1, max: 1 } },
      (node, data) => (node === 'n01' && data[0] === 0x62 ? 'reject' : 'accept'),
    );
    // n00 accepts its own "bad" messages and sends them; n01 rejects them, n02 accepts and relays
    // (n01 has already seen each by then, so only n00 is blamed).
    await h.nodes[0]!.publish(TOPIC, bytes('bad1'));
    await h.time.runFor(50);
    expect(h.net.links('n01')).toContain('n00');
    await h.nodes[0]!.publish(TOPIC, bytes('bad2'));
    await h.time.runFor(50);
    expect(h.net.stats('n01').rejected).toBe(2);
    expect(h.net.links('n01')).toEqual(['n02']);
    expect(h.net.links('n00')).toEqual(['n02']);
    expect(h.trace.some((e) => e.kind === 'disconnect' && e.from === 'n01' && e.to === 'n00')).toBe(
      true,
    );
    // Still reachable through n02.
    await h.nodes[0]!.publish(TOPIC, bytes('good'));
    await h.time.runFor(50);
    expect(holders(h, 'good')).toEqual(['n00', 'n01', 'n02']);
    expect(h.received.get('n01')!.filter((m) => m.endsWith(':good'))).toEqual(['n02:good']);
  });

  it('ignored messages are not forwarded', async () => {
    const h = harness('ign', 3, {}, (node) => (node === 'n01' ? 'ignore' : 'accept'));
    h.net.disconnect('n00', 'n02');
    await h.nodes[0]!.publish(TOPIC, bytes('m'));
    await h.time.runFor(1_000);
    expect(holders(h, 'm')).toEqual(['n00', 'n01']);
    expect(h.net.stats('n01').ignored).toBe(1);
  });

  it('handler failures stop the run', async () => {
    const time = new VirtualTime();
    const net = new SimNetwork(time, new Rng('fail'));
    const a = net.join('a');
    const b = net.join('b');
    const boom = new Error('handler bug');
    b.subscribe(TOPIC, async () => {
      throw boom;
    });
    await a.publish(TOPIC, bytes('x'));
    await expect(time.runFor(1_000)).rejects.toBe(boom);
  });

  it('checks options and peer ids', () => {
    const time = new VirtualTime();
    const rng = new Rng('opts');
    for (const bad of [
      { latencyMs: { min: 5, max: 1 } },
      { latencyMs: { min: -1, max: 1 } },
      { loss: 1.5 },
      { loss: Number.NaN },
      { topology: { kind: 'random', degree: 0 } as const },
      { rejectThreshold: 0 },
      { meshDegree: 0 },
      { seenTtlMs: 0 },
    ]) {
      expectReason(() => new SimNetwork(time, rng, bad), 'invalid-options');
    }
    const net = new SimNetwork(time, rng);
    const a = net.join('a');
    expectReason(() => net.join('a'), 'duplicate-peer');
    expectReason(() => net.stats('nobody'), 'unknown-peer');
    expectReason(() => net.connect('a', 'a'), 'invalid-options');
    a.subscribe(TOPIC, async () => 'accept');
    expectReason(() => a.subscribe(TOPIC, async () => 'accept'), 'already-subscribed');
    a.handle('p', async () => new Uint8Array());
    expectReason(() => a.handle('p', async () => new Uint8Array()), 'already-subscribed');
  });

  it('unsubscribing stops deliveries; a stale unsubscribe leaves a newer handler alone', async () => {
    const h = harness('unsub', 2);
    const off = h.nodes[1]!.subscribe('u', async () => 'accept');
    off();
    const got: string[] = [];
    h.nodes[1]!.subscribe('u', async () => (got.push('new'), 'accept'));
    off();
    await h.nodes[0]!.publish('u', bytes('1'));
    await h.time.runFor(1_000);
    expect(got).toEqual(['new']);
    expect(totalDropped(h.net.stats('n01'))).toBe(0);
  });

  it('one link draws the same latencies whether or not other nodes joined', async () => {
    const arrival = async (n: number): Promise<number[]> => {
      // n00's own sends happen at publish, before anyone has the message, so they always go
      // out; each arrives as a delivery or, if a relay beat it, as a duplicate.
      const h = harness('stable', n, { latencyMs: { min: 1, max: 1000 } });
      for (let i = 0; i < 5; i++) await h.nodes[0]!.publish(TOPIC, bytes(`s${i}`));
      await h.time.runFor(5_000);
      return h.trace
        .filter(
          (e) =>
            (e.kind === 'deliver' || e.kind === 'duplicate') && e.from === 'n00' && e.to === 'n01',
        )
        .map((e) => e.time);
    };
    const small = await arrival(2);
    expect(small).toHaveLength(5);
    expect(await arrival(6)).toEqual(small);
  });

  it('forgets seen ids after the seen TTL', async () => {
    const h = harness('ttl', 2, { seenTtlMs: 1_000, latencyMs: { min: 1, max: 1 } });
    expect(await h.nodes[0]!.publish(TOPIC, bytes('again'))).toBe('accept');
    await h.time.runFor(500);
    expect(await h.nodes[0]!.publish(TOPIC, bytes('again'))).toBe('ignore');
    await h.time.runFor(600);
    expect(await h.nodes[0]!.publish(TOPIC, bytes('again'))).toBe('accept');
    await h.time.runFor(10);
    expect(h.received.get('n01')).toEqual(['n00:again', 'n00:again']);
  });

  it('a mesh degree caps relays but still reaches every node', async () => {
    const counts: number[] = [];
    for (const meshDegree of [undefined, 3]) {
      const h = harness('mesh', 16, meshDegree === undefined ? {} : { meshDegree });
      for (let i = 0; i < 10; i++) await h.nodes[i]!.publish(TOPIC, bytes(`d${i}`));
      await h.time.runFor(5_000);
      for (let i = 0; i < 10; i++) expect(holders(h, `d${i}`)).toHaveLength(16);
      counts.push(h.net.peerIds().reduce((s, id) => s + h.net.stats(id).duplicates, 0));
    }
    expect(counts[1]!).toBeLessThan(counts[0]! / 2);
  });
});
