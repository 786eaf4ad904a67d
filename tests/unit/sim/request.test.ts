import { describe, expect, it } from 'vitest';
import { SimRequestError } from '../../../src/lib/sim/errors.ts';
import { SimNetwork } from '../../../src/lib/sim/network.ts';
import { Rng } from '../../../src/lib/sim/rng.ts';
import { VirtualTime } from '../../../src/lib/sim/virtual-time.ts';
import { bytes } from './helpers.ts';

function setup(seed = 'req') {
  const time = new VirtualTime({ startMs: 0 });
  const net = new SimNetwork(time, new Rng(seed), { latencyMs: { min: 10, max: 20 } });
  const a = net.join('a');
  const b = net.join('b');
  const c = net.join('c');
  b.handle('echo', async (from, data) => {
    await Promise.resolve();
    return new Uint8Array([...bytes(`${from}:`), ...data]);
  });
  b.handle('fail', async () => {
    throw new Error('no such layer');
  });
  return { time, net, a, b, c };
}

/** Runs the request to completion on virtual time; returns [outcome, virtual ms taken]. */
async function settle<T>(
  time: VirtualTime,
  p: Promise<T>,
  ms = 10_000,
): Promise<[T | SimRequestError, number]> {
  const start = time.now();
  let end = -1;
  const out = p.then(
    (v) => ((end = time.now()), v),
    (e: unknown) => ((end = time.now()), e as SimRequestError),
  );
  await time.runFor(ms);
  return [await out, end - start];
}

function reasonOf(x: unknown): string {
  expect(x).toBeInstanceOf(SimRequestError);
  return (x as SimRequestError).reason;
}

describe('SimNetwork requests', () => {
  it('answers after a round trip of two link latencies', async () => {
    const { time, a } = setup();
    const [out, took] = await settle(time, a.request('b', 'echo', bytes('hi'), 1_000));
    expect(new TextDecoder().decode(out as Uint8Array)).toBe('a:hi');
    expect(took).toBeGreaterThanOrEqual(20);
    expect(took).toBeLessThanOrEqual(40);
  });

  it('reports remote errors, unknown protocols and missing links with typed reasons', async () => {
    const { time, net, a } = setup();
    const [failed] = await settle(time, a.request('b', 'fail', bytes(''), 1_000));
    expect(reasonOf(failed)).toBe('remote-error');
    expect((failed as SimRequestError).message).toBe('no such layer');
    const [unknown] = await settle(time, a.request('b', 'nope', bytes(''), 1_000));
    expect(reasonOf(unknown)).toBe('unsupported-protocol');
    net.disconnect('a', 'b');
    const [notConnected] = await settle(time, a.request('b', 'echo', bytes(''), 1_000));
    expect(reasonOf(notConnected)).toBe('not-connected');
    expect((notConnected as SimRequestError).peer).toBe('b');
    expect((notConnected as SimRequestError).protocol).toBe('echo');
    const [unknownPeer] = await settle(time, a.request('zz', 'echo', bytes(''), 1_000));
    expect(reasonOf(unknownPeer)).toBe('not-connected');
  });

  it('times out against a crashed peer at the deadline, and succeeds after its restart', async () => {
    const { time, net, a } = setup();
    net.crash('b');
    const [out, took] = await settle(time, a.request('b', 'echo', bytes('x'), 500));
    expect(reasonOf(out)).toBe('timeout');
    expect(took).toBe(500);
    const b2 = net.restart('b');
    b2.handle('echo', async () => bytes('back'));
    const [ok] = await settle(time, a.request('b', 'echo', bytes('x'), 500));
    expect(new TextDecoder().decode(ok as Uint8Array)).toBe('back');
  });

  it('times out across a partition and when the answer is slower than the deadline', async () => {
    const { time, net, a, b } = setup();
    net.partition([['a'], ['b', 'c']]);
    expect(a.peers()).toEqual([]);
    const [cut] = await settle(time, a.request('b', 'echo', bytes('x'), 300));
    expect(reasonOf(cut)).toBe('timeout');
    net.heal();
    expect(a.peers()).toEqual(['b', 'c']);
    b.handle('slow', (_from, data) => new Promise((r) => b.clock.setTimeout(() => r(data), 1_000)));
    const [slow, took] = await settle(time, a.request('b', 'slow', bytes('x'), 300));
    expect(reasonOf(slow)).toBe('timeout');
    expect(took).toBe(300);
  });

  it("a requester's crash leaves its pending request unsettled (its process is gone)", async () => {
    const { time, net, a, b } = setup();
    b.handle('slow', (_from, data) => new Promise((r) => b.clock.setTimeout(() => r(data), 100)));
    let settled = false;
    void a.request('b', 'slow', bytes('x'), 1_000).then(
      () => (settled = true),
      () => (settled = true),
    );
    await time.runFor(5);
    net.crash('a');
    await time.runFor(5_000);
    expect(settled).toBe(false);
    expect(net.stats('b').requestsServed).toBe(1);
    expect(net.stats('a').requestsSent).toBe(1);
  });

  it('handlers see a copy of the request bytes', async () => {
    const { time, a, b } = setup();
    const seen: Uint8Array[] = [];
    b.handle('keep', async (_f, d) => (seen.push(d), d));
    const data = bytes('abc');
    const p = a.request('b', 'keep', data, 1_000);
    data[0] = 0;
    await settle(time, p);
    expect(new TextDecoder().decode(seen[0]!)).toBe('abc');
  });

  it('a server that crashes while handling never answers; the requester times out', async () => {
    const { time, net, a, b } = setup();
    b.handle('slow', (_from, data) => new Promise((r) => b.clock.setTimeout(() => r(data), 100)));
    const p = a.request('b', 'slow', bytes('x'), 400);
    await time.runFor(50);
    net.crash('b');
    const [out, took] = await settle(time, p);
    expect(reasonOf(out)).toBe('timeout');
    expect(took + 50).toBe(400);
  });
});
