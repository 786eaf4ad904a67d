// Virtual time for the deterministic simulation: a TimeSource and Timer whose clock moves only
// when the simulation runs it. Events fire in (time, sequence) order; after each event that may
// have started protocol code, the run yields one host macrotask so that every promise
// continuation the event spawned (await chains over in-memory stores, handler results) settles
// before virtual time moves on (see host-yield.ts for why and what it costs). A run is then a
// pure function of its inputs and seed.
import type { TimeSource, Timer, TimerHandle } from '../clock/interface.ts';
import { SimError } from './errors.ts';
import { EventQueue } from './event-queue.ts';
import type { QueuedEvent, SimEvent } from './event-queue.ts';
import { defaultHostYield } from './host-yield.ts';
import type { HostYield } from './host-yield.ts';

export interface VirtualTimeOptions {
  /** Initial virtual time, ms since the Unix epoch (default 0). */
  startMs?: number;
  /** How to let microtasks settle between events (default: one host macrotask). */
  hostYield?: HostYield;
}

function delayOf(delayMs: number): number {
  // As setTimeout does: NaN, negative and missing delays mean "as soon as possible".
  return Number.isFinite(delayMs) && delayMs > 0 ? delayMs : 0;
}

export class VirtualTime implements TimeSource, Timer {
  readonly #queue = new EventQueue();
  readonly #hostYield: HostYield;
  #now: number;
  #seq = 0;
  #running = false;
  #fired = 0;
  /** First error thrown by an event or reported through fail(); the run rethrows it. */
  #failure: { error: unknown } | undefined;

  constructor(options: VirtualTimeOptions = {}) {
    this.#now = options.startMs ?? 0;
    this.#hostYield = options.hostYield ?? defaultHostYield();
  }

  now(): number {
    return this.#now;
  }

  /** Events fired so far (for metrics and tests). */
  get fired(): number {
    return this.#fired;
  }

  /** Events waiting to fire. */
  get pending(): number {
    return this.#queue.size;
  }

  /** When the next event is due, or undefined when none is queued. */
  nextEventTime(): number | undefined {
    return this.#queue.peek()?.time;
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    // Wrapped so that whatever the callback returns, the run settles after it.
    return this.schedule(this.#now + delayOf(delayMs), () => {
      callback();
    });
  }

  clearTimeout(handle: TimerHandle): void {
    if (isEvent(handle)) this.#queue.cancel(handle);
  }

  /**
   * Queues `run` at virtual time `atMs` (at least now); clearTimeout cancels it. When `run`
   * returns false, the run does not yield to let continuations settle after it.
   */
  schedule(atMs: number, run: () => boolean | void): TimerHandle {
    const event: SimEvent = {
      time: Math.max(atMs, this.#now),
      seq: this.#seq++,
      run,
      cancelled: false,
    };
    this.#queue.push(event);
    return event;
  }

  /** As schedule, for an event object the caller made (its time and sequence are set here). */
  enqueue<E extends QueuedEvent>(atMs: number, event: E): E {
    event.time = Math.max(atMs, this.#now);
    event.seq = this.#seq++;
    this.#queue.push(event);
    return event;
  }

  /**
   * Records an error raised outside an event (e.g. a rejected handler promise); the current
   * or next run stops and rejects with it. The first error wins.
   */
  fail(error: unknown): void {
    this.#failure ??= { error };
  }

  /** Lets pending promise continuations settle, without moving time. */
  async settle(): Promise<void> {
    await this.#hostYield();
    this.#throwFailure();
  }

  /** Fires the next event (moving time to it) and settles. False when the queue is empty. */
  async step(): Promise<boolean> {
    return this.#exclusive(async () => {
      const event = this.#queue.peek();
      if (event === undefined) return false;
      if (this.#fireOne()) await this.#hostYield();
      this.#throwFailure();
      return true;
    });
  }

  /**
   * Fires, in order, every event due at or before `timeMs` (including those that events
   * schedule on the way), then sets the time to `timeMs`. Resolves with the number fired.
   */
  async runUntil(timeMs: number): Promise<number> {
    if (timeMs < this.#now) {
      throw new SimError('time-in-past', `runUntil(${timeMs}) is before now (${this.#now})`);
    }
    return this.#exclusive(async () => {
      const start = this.#fired;
      // Whatever the caller started before this run settles before the first event.
      await this.#hostYield();
      this.#throwFailure();
      await this.#drain(timeMs);
      this.#now = timeMs;
      return this.#fired - start;
    });
  }

  runFor(ms: number): Promise<number> {
    return this.runUntil(this.#now + delayOf(ms));
  }

  /**
   * Runs until the queue is empty or `limitMs` (virtual) is reached, whichever is first.
   * Protocols with periodic timers never drain, hence the limit.
   */
  async runToIdle(limitMs = Number.MAX_SAFE_INTEGER): Promise<number> {
    return this.#exclusive(async () => {
      const start = this.#fired;
      await this.#hostYield();
      this.#throwFailure();
      await this.#drain(limitMs);
      return this.#fired - start;
    });
  }

  /**
   * Fires every event due at or before `limitMs`. Bookkeeping events (run returned false)
   * fire back to back without an await; only protocol events pay for a host yield.
   */
  async #drain(limitMs: number): Promise<void> {
    for (;;) {
      const next = this.#queue.peek();
      if (next === undefined || next.time > limitMs) return;
      if (this.#fireOne()) await this.#hostYield();
      this.#throwFailure();
    }
  }

  /** Fires the next event; true when it may have started protocol code. */
  #fireOne(): boolean {
    const event = this.#queue.pop()!;
    this.#now = event.time;
    this.#fired++;
    try {
      return event.run() !== false;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  async #exclusive<T>(body: () => Promise<T>): Promise<T> {
    if (this.#running) throw new SimError('reentrant-run', 'virtual time is already running');
    this.#running = true;
    try {
      return await body();
    } finally {
      this.#running = false;
    }
  }

  #throwFailure(): void {
    const failure = this.#failure;
    if (failure === undefined) return;
    this.#failure = undefined;
    throw failure.error;
  }
}

function isEvent(handle: TimerHandle): handle is SimEvent {
  return typeof handle === 'object' && handle !== null && 'seq' in handle && 'run' in handle;
}
