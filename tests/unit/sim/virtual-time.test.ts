import { describe, expect, it } from 'vitest';
import { LayerClock } from '../../../src/lib/clock/clock.ts';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import { SimError } from '../../../src/lib/sim/errors.ts';
import { TimerScope } from '../../../src/lib/sim/timer-scope.ts';
import { VirtualTime } from '../../../src/lib/sim/virtual-time.ts';

async function expectSimError(p: Promise<unknown>, reason: string): Promise<void> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SimError);
  expect((error as SimError).reason).toBe(reason);
}

/** Async protocol-like work: many awaits, store writes and an async-generator scan. */
async function deepWork(store: MemoryStore, tag: number): Promise<number> {
  for (let i = 0; i < 50; i++) {
    await Promise.resolve();
    await store.put(Uint8Array.of(tag, i), Uint8Array.of(i));
  }
  let sum = 0;
  for await (const { value } of store.iterate({
    gte: Uint8Array.of(tag),
    lt: Uint8Array.of(tag + 1),
  })) {
    sum += value[0]!;
    await new Promise<void>((r) => queueMicrotask(r));
  }
  return sum;
}

describe('VirtualTime', () => {
  it('fires timers in (time, scheduling order) and moves time to each', async () => {
    const vt = new VirtualTime({ startMs: 1000 });
    const log: string[] = [];
    vt.setTimeout(() => log.push(`b@${vt.now()}`), 20);
    vt.setTimeout(() => log.push(`a@${vt.now()}`), 10);
    vt.setTimeout(() => log.push(`c@${vt.now()}`), 20);
    vt.setTimeout(() => log.push(`neg@${vt.now()}`), -5);
    const cancelled = vt.setTimeout(() => log.push('cancelled'), 15);
    vt.clearTimeout(cancelled);
    vt.clearTimeout(cancelled);
    vt.clearTimeout('not a handle');
    expect(vt.pending).toBe(4);
    expect(vt.nextEventTime()).toBe(1000);
    expect(await vt.runUntil(1015)).toBe(2);
    expect(vt.now()).toBe(1015);
    expect(log).toEqual(['neg@1000', 'a@1010']);
    await vt.runFor(100);
    expect(log).toEqual(['neg@1000', 'a@1010', 'b@1020', 'c@1020']);
    expect(vt.now()).toBe(1115);
    expect(vt.pending).toBe(0);
    expect(vt.fired).toBe(4);
  });

  it('fires timers that events schedule within the same run, and step() goes one at a time', async () => {
    const vt = new VirtualTime();
    const log: number[] = [];
    const tick = (): void => {
      log.push(vt.now());
      if (log.length < 5) vt.setTimeout(tick, 7);
    };
    vt.setTimeout(tick, 0);
    expect(await vt.step()).toBe(true);
    expect(log).toEqual([0]);
    await vt.runUntil(1000);
    expect(log).toEqual([0, 7, 14, 21, 28]);
    expect(await vt.step()).toBe(false);
  });

  it('lets every continuation of an event settle before the next event fires', async () => {
    const vt = new VirtualTime();
    const store = new MemoryStore();
    const seen: string[] = [];
    let done = 0;
    for (let k = 0; k < 5; k++) {
      vt.setTimeout(() => {
        // The next event (same instant) must see this one's work finished.
        seen.push(`start ${k} after ${done} done`);
        void deepWork(store, k).then((sum) => {
          expect(sum).toBe((49 * 50) / 2);
          done++;
        });
      }, 10);
    }
    await vt.runUntil(10);
    expect(done).toBe(5);
    expect(seen).toEqual([0, 1, 2, 3, 4].map((k) => `start ${k} after ${k} done`));
  });

  it('the quiescence test can fail: a microtask-turn yield does not settle deep chains', async () => {
    const vt = new VirtualTime({ hostYield: () => Promise.resolve() });
    const store = new MemoryStore();
    let done = false;
    let sawDone: boolean | undefined;
    vt.setTimeout(() => void deepWork(store, 1).then(() => (done = true)), 1);
    vt.setTimeout(() => (sawDone = done), 1);
    await vt.runUntil(1);
    expect(sawDone).toBe(false);
  });

  it('work started before a run settles before its first event', async () => {
    const vt = new VirtualTime();
    const store = new MemoryStore();
    let done = false;
    void deepWork(store, 2).then(() => (done = true));
    let sawDone = false;
    vt.setTimeout(() => (sawDone = done), 0);
    await vt.runUntil(0);
    expect(sawDone).toBe(true);
  });

  it('stops a run with the error an event threw, and with errors reported by fail()', async () => {
    const vt = new VirtualTime();
    const boom = new Error('boom');
    let after = false;
    vt.setTimeout(() => {
      throw boom;
    }, 5);
    vt.setTimeout(() => (after = true), 6);
    await expect(vt.runUntil(10)).rejects.toBe(boom);
    expect(vt.now()).toBe(5);
    expect(after).toBe(false);
    await vt.runUntil(10);
    expect(after).toBe(true);
    const late = new Error('late');
    vt.setTimeout(() => void Promise.resolve().then(() => vt.fail(late)), 1);
    await expect(vt.runFor(5)).rejects.toBe(late);
  });

  it('refuses re-entrant runs and targets in the past', async () => {
    const vt = new VirtualTime({ startMs: 100 });
    await expectSimError(vt.runUntil(99), 'time-in-past');
    vt.setTimeout(() => {}, 1);
    const first = vt.runUntil(50_000);
    await expectSimError(vt.runUntil(200), 'reentrant-run');
    await expectSimError(vt.step(), 'reentrant-run');
    await first;
    expect(vt.now()).toBe(50_000);
  });

  it('runToIdle drains the queue or stops at its limit', async () => {
    const vt = new VirtualTime();
    vt.setTimeout(() => {}, 5);
    vt.setTimeout(() => {}, 50);
    expect(await vt.runToIdle(10)).toBe(1);
    expect(await vt.runToIdle()).toBe(1);
    expect(vt.now()).toBe(50);
  });

  it('drives a LayerClock: layers start at genesis + n·duration of virtual time', async () => {
    const genesis = 1_700_000_000_000;
    const vt = new VirtualTime({ startMs: genesis - 2_500 });
    const clock = new LayerClock({
      genesisTimeMs: genesis,
      layerDurationMs: 5_000,
      layersPerEpoch: 3,
      time: vt,
      timer: vt,
    });
    const ticks: [number, number][] = [];
    clock.onLayer((layer) => ticks.push([layer, vt.now()]));
    const waited: number[] = [];
    void clock.waitForLayer(4).then((l) => waited.push(vt.now(), l));
    await vt.runUntil(genesis + 6 * 5_000 + 1);
    expect(ticks).toEqual([0, 1, 2, 3, 4, 5, 6].map((l) => [l, genesis + l * 5_000]));
    expect(waited).toEqual([genesis + 4 * 5_000, 4]);
    expect(clock.currentEpoch()).toBe(2);
    clock.close();
    await vt.runFor(60_000);
    expect(ticks).toHaveLength(7);
    expect(vt.pending).toBe(0);
  });
});

describe('TimerScope', () => {
  it('cancels every armed timer on close and ignores later ones', async () => {
    const vt = new VirtualTime();
    const scope = new TimerScope(vt);
    const other = new TimerScope(vt);
    const log: string[] = [];
    scope.setTimeout(() => log.push('fired'), 5);
    scope.setTimeout(() => log.push('late'), 50);
    const cleared = scope.setTimeout(() => log.push('cleared'), 6);
    scope.clearTimeout(cleared);
    other.setTimeout(() => log.push('other'), 60);
    await vt.runUntil(10);
    expect(log).toEqual(['fired']);
    expect(scope.armed).toBe(1);
    scope.close();
    scope.close();
    expect(scope.closed).toBe(true);
    const dead = scope.setTimeout(() => log.push('after close'), 1);
    scope.clearTimeout(dead);
    await vt.runFor(100);
    expect(log).toEqual(['fired', 'other']);
    expect(scope.now()).toBe(vt.now());
  });

  it('a LayerClock on a crashed scope stops ticking', async () => {
    const vt = new VirtualTime();
    const scope = new TimerScope(vt);
    const clock = new LayerClock({
      genesisTimeMs: 0,
      layerDurationMs: 100,
      layersPerEpoch: 2,
      time: scope,
      timer: scope,
    });
    const ticks: number[] = [];
    clock.onLayer((l) => ticks.push(l));
    await vt.runUntil(350);
    expect(ticks).toEqual([1, 2, 3]);
    scope.close();
    await vt.runUntil(1000);
    expect(ticks).toEqual([1, 2, 3]);
  });
});
