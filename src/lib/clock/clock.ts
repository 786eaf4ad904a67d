// The node's layer clock (go-spacemesh timesync/clock.go NodeClock). It wakes at each
// layer start and tells listeners which layer began. Every deadline is computed from
// genesis (start(n) = genesis + n·duration) rather than by chaining timeouts, so timer
// lateness never accumulates into drift, and a timer that fires early or late is simply
// re-armed for the right instant. Time and timers come in through interfaces, so the
// simulation can run it on virtual time.
import { genesisTimeMs } from '../config/genesis.ts';
import type { NetworkConfig } from '../config/types.ts';
import { LayerConverter } from './converter.ts';
import type { LayerTiming } from './converter.ts';
import { ClockClosedError } from './errors.ts';
import { systemTime, systemTimer } from './interface.ts';
import type { TimeSource, Timer, TimerHandle } from './interface.ts';

/** setTimeout stores its delay in an int32; longer waits are made of several timeouts. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export type LayerListener = (layer: number) => void;

export interface LayerClockDeps {
  time?: TimeSource;
  timer?: Timer;
  /** Where a listener's exception goes; by default it is rethrown outside the clock. */
  onError?: (error: unknown) => void;
}

export interface LayerClockOptions extends LayerTiming, LayerClockDeps {}

interface Waiter {
  layer: number;
  resolve: (layer: number) => void;
  reject: (reason: unknown) => void;
}

function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

export class LayerClock extends LayerConverter {
  readonly #time: TimeSource;
  readonly #timer: Timer;
  readonly #onError: (error: unknown) => void;
  readonly #listeners = new Set<LayerListener>();
  readonly #closeHooks = new Set<() => void>();
  #waiters: Waiter[] = [];
  #handle: TimerHandle | undefined;
  #armedFor: number | undefined;
  /** Last layer announced to listeners; -1 before genesis. */
  #lastTicked = -1;
  #closed = false;

  constructor(options: LayerClockOptions) {
    super(options);
    this.#time = options.time ?? systemTime;
    this.#timer = options.timer ?? systemTimer;
    this.#onError = options.onError ?? rethrowLater;
  }

  /** A clock for a network preset (its genesis time must be set). */
  static fromConfig(config: NetworkConfig, deps: LayerClockDeps = {}): LayerClock {
    return new LayerClock({
      genesisTimeMs: genesisTimeMs(config),
      layerDurationMs: config.layerDurationMs,
      layersPerEpoch: config.layersPerEpoch,
      ...deps,
    });
  }

  get closed(): boolean {
    return this.#closed;
  }

  now(): number {
    return this.#time.now();
  }

  /** The layer in progress now (0 before genesis, as in go-spacemesh). */
  currentLayer(): number {
    return this.timeToLayer(this.now());
  }

  currentEpoch(): number {
    return this.epochOf(this.currentLayer());
  }

  hasStarted(): boolean {
    return !this.isBeforeGenesis(this.now());
  }

  /**
   * Calls `listener(layer)` at the start of every layer that begins after this call. If
   * the host was suspended across several layers, only the layer in progress on waking
   * is announced. Returns the unsubscribe function.
   */
  onLayer(listener: LayerListener): () => void {
    if (this.#closed) throw new ClockClosedError();
    this.#wake();
    this.#listeners.add(listener);
    this.#arm();
    return () => {
      this.#listeners.delete(listener);
      this.#arm();
    };
  }

  /**
   * Resolves once layer `layer` has started (at once if it already has), with the layer
   * in progress at that moment. Rejects with ClockClosedError on close, or with the
   * signal's reason on abort.
   */
  waitForLayer(layer: number, signal?: AbortSignal): Promise<number> {
    let start: number;
    try {
      start = this.layerToTime(layer);
    } catch (error) {
      return Promise.reject(error);
    }
    if (this.#closed) return Promise.reject(new ClockClosedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    const now = this.now();
    if (now >= start) return Promise.resolve(this.timeToLayer(now));
    return new Promise<number>((resolve, reject) => {
      const waiter: Waiter = { layer, resolve, reject };
      if (signal) {
        const onAbort = (): void => {
          this.#waiters = this.#waiters.filter((w) => w !== waiter);
          this.#arm();
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        waiter.resolve = (l) => {
          signal.removeEventListener('abort', onAbort);
          resolve(l);
        };
        waiter.reject = (r) => {
          signal.removeEventListener('abort', onAbort);
          reject(r);
        };
      }
      this.#waiters.push(waiter);
      this.#arm();
    });
  }

  /**
   * Layer starts as an async iterator (same ticks as onLayer). Ticks are queued while
   * the consumer is busy; the iteration ends when the clock closes or `signal` aborts.
   */
  layers(signal?: AbortSignal): AsyncIterableIterator<number> {
    if (this.#closed) throw new ClockClosedError();
    const queue: number[] = [];
    let pending: ((r: IteratorResult<number>) => void) | undefined;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      unsubscribe();
      this.#closeHooks.delete(finish);
      signal?.removeEventListener('abort', finish);
      pending?.({ done: true, value: undefined });
      pending = undefined;
    };
    const unsubscribe = this.onLayer((layer) => {
      if (pending) {
        const p = pending;
        pending = undefined;
        p({ done: false, value: layer });
      } else {
        queue.push(layer);
      }
    });
    this.#closeHooks.add(finish);
    if (signal?.aborted) finish();
    else signal?.addEventListener('abort', finish, { once: true });

    const iterator: AsyncIterableIterator<number> = {
      next: () => {
        const layer = queue.shift();
        if (layer !== undefined) return Promise.resolve({ done: false, value: layer });
        if (done) return Promise.resolve({ done: true, value: undefined });
        return new Promise((resolve) => {
          pending = resolve;
        });
      },
      return: () => {
        finish();
        queue.length = 0;
        return Promise.resolve({ done: true, value: undefined });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Stops the timer, rejects pending waits and ends iterators. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#disarm();
    this.#listeners.clear();
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w.reject(new ClockClosedError());
    for (const hook of [...this.#closeHooks]) hook();
    this.#closeHooks.clear();
  }

  // When the first listener arrives, the layer already in progress counts as announced:
  // listeners hear about layers that start after they subscribe.
  #wake(): void {
    if (this.#listeners.size > 0) return;
    const now = this.now();
    this.#lastTicked = this.isBeforeGenesis(now) ? -1 : this.timeToLayer(now);
  }

  #tick(): void {
    this.#handle = undefined;
    this.#armedFor = undefined;
    if (this.#closed) return;
    const now = this.now();
    if (!this.isBeforeGenesis(now)) {
      const layer = this.timeToLayer(now);
      const due = this.#waiters.filter((w) => w.layer <= layer);
      if (due.length > 0) {
        this.#waiters = this.#waiters.filter((w) => w.layer > layer);
        for (const w of due) w.resolve(layer);
      }
      // A clock set backwards announces nothing until it passes the last layer again.
      if (layer > this.#lastTicked) {
        this.#lastTicked = layer;
        for (const listener of [...this.#listeners]) {
          try {
            listener(layer);
          } catch (error) {
            this.#onError(error);
          }
        }
      }
    }
    this.#arm();
  }

  /** Arms one timer for the next instant anyone cares about, or none if nobody does. */
  #arm(): void {
    if (this.#closed) return;
    const now = this.now();
    let target: number | undefined;
    // The next layer to announce, not "the layer after now": a timer that fires a millisecond
    // early finds the old layer still in progress, and by the time it re-arms the wall clock may
    // have crossed the boundary; arming for now's next layer would skip the one just begun (seen
    // on devnets: nodes silently missing a layer's proposal, hare round or epoch start). When the
    // host slept past several layers the target is in the past and the timer fires at once.
    if (this.#listeners.size > 0) target = this.layerToTime(this.#lastTicked + 1);
    for (const w of this.#waiters) {
      const start = this.layerToTime(w.layer);
      if (target === undefined || start < target) target = start;
    }
    if (target === undefined) {
      this.#disarm();
      return;
    }
    if (this.#handle !== undefined && this.#armedFor === target) return;
    this.#disarm();
    const delay = Math.min(Math.max(target - now, 0), MAX_TIMER_DELAY_MS);
    this.#armedFor = target;
    this.#handle = this.#timer.setTimeout(() => this.#tick(), delay);
  }

  #disarm(): void {
    if (this.#handle !== undefined) this.#timer.clearTimeout(this.#handle);
    this.#handle = undefined;
    this.#armedFor = undefined;
  }
}
