import { describe, expect, it } from 'vitest';
import { EventQueue, QueuedEvent } from '../../../src/lib/sim/event-queue.ts';
import type { SimEvent } from '../../../src/lib/sim/event-queue.ts';
import { Rng } from '../../../src/lib/sim/rng.ts';

function ev(time: number, seq: number): SimEvent {
  return { time, seq, run: () => undefined, cancelled: false };
}

const order = (a: SimEvent, b: SimEvent) => a.time - b.time || a.seq - b.seq;

describe('EventQueue', () => {
  it('pops by (time, sequence) and skips cancelled events, against a sorted model', () => {
    const rng = Rng.fromState([1, 2, 3, 4]);
    const q = new EventQueue();
    let model: SimEvent[] = [];
    let seq = 0;
    let now = 0;
    for (let step = 0; step < 20_000; step++) {
      const r = rng.int(0, 9);
      if (r < 5) {
        // Mostly whole milliseconds a little ahead (many events per instant), some fractions,
        // some at the current instant (scheduled while that instant fires).
        const time = r === 0 ? now : now + rng.int(0, 30) + (r === 1 ? 0.5 : 0);
        const e = ev(time, seq++);
        q.push(e);
        model.push(e);
      } else if (r < 6 && model.length > 0) {
        const e = model[rng.int(0, model.length - 1)]!;
        q.cancel(e);
        q.cancel(e); // twice is once
        model = model.filter((m) => m !== e);
      } else {
        model.sort(order);
        const want = model.shift();
        expect(q.peek()).toBe(want);
        const got = q.pop();
        expect(got).toBe(want);
        if (got !== undefined) {
          expect(got.cancelled).toBe(true);
          now = got.time;
        }
      }
      expect(q.size).toBe(model.length);
    }
    model.sort(order);
    for (const want of model) expect(q.pop()).toBe(want);
    expect(q.pop()).toBeUndefined();
    expect(q.size).toBe(0);
  });

  it('puts an event pushed out of sequence order in its place within the instant', () => {
    const q = new EventQueue();
    const [a, b, c, d] = [ev(5, 10), ev(5, 30), ev(5, 20), ev(5, 5)];
    for (const e of [a, b, c, d]) q.push(e);
    expect([q.pop(), q.pop(), q.pop(), q.pop()]).toEqual([d, a, c, b]);
  });

  it('keeps order in one instant that grows while it fires, past its compaction', () => {
    const q = new EventQueue();
    let seq = 0;
    for (let i = 0; i < 5_000; i++) q.push(ev(7, seq++));
    const fired: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const e = q.pop()!;
      fired.push(e.seq);
      // Each fired event schedules another at the same instant half the time.
      if (i % 2 === 0) q.push(ev(7, seq++));
      if (q.size === 0) break;
    }
    expect(fired).toEqual([...fired].sort((x, y) => x - y));
    expect(new Set(fired).size).toBe(seq);
  });

  it('takes event objects of its own (a subclass of QueuedEvent)', () => {
    class Mark extends QueuedEvent {
      run(): boolean {
        return false;
      }
    }
    const q = new EventQueue();
    const m = Object.assign(new Mark(), { time: 3, seq: 1 });
    q.push(ev(4, 0));
    q.push(m);
    expect(q.pop()).toBe(m);
    expect(m.run()).toBe(false);
  });
});
