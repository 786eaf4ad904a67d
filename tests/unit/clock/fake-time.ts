// A virtual clock for tests: time moves only when advanced, timers fire in due order, and
// every requested delay is recorded so tests can see how the clock schedules itself.
import type { TimeSource, Timer, TimerHandle } from '../../../src/lib/clock/interface.ts';

interface Pending {
  id: number;
  due: number;
  callback: () => void;
}

export class FakeTime implements TimeSource, Timer {
  #now: number;
  #nextId = 1;
  #pending: Pending[] = [];
  /** Extra delay added to every timer, to model a late event loop. */
  lateness = 0;
  /** Time that passes on every now() read (code running between two reads of the clock). */
  msPerRead = 0;
  readonly delays: number[] = [];

  constructor(now: number) {
    this.#now = now;
  }

  now(): number {
    const t = this.#now;
    this.#now += this.msPerRead;
    return t;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    this.delays.push(delayMs);
    const id = this.#nextId++;
    this.#pending.push({ id, due: this.#now + delayMs + this.lateness, callback });
    return id;
  }

  clearTimeout(handle: TimerHandle): void {
    this.#pending = this.#pending.filter((p) => p.id !== handle);
  }

  get pendingTimers(): number {
    return this.#pending.length;
  }

  /** Moves time forward to `target`, firing each timer at its due time on the way. */
  advanceTo(target: number): void {
    for (;;) {
      const next = this.#pending
        .filter((p) => p.due <= target)
        .sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.#pending = this.#pending.filter((p) => p !== next);
      this.#now = Math.max(this.#now, next.due);
      next.callback();
    }
    this.#now = Math.max(this.#now, target);
  }

  advance(ms: number): void {
    this.advanceTo(this.#now + ms);
  }

  /** Sets the wall clock without firing timers (an NTP step, a suspended laptop). */
  jumpTo(time: number): void {
    this.#now = time;
  }
}
