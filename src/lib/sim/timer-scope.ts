// One node's view of virtual time. A node's components take their TimeSource and Timer from
// its scope; crashing the node closes the scope, which cancels every timer the node armed and
// turns later setTimeout calls into no-ops, as a killed process's timers die with it. A
// restarted node gets a new scope.
import type { TimeSource, Timer, TimerHandle } from '../clock/interface.ts';
import type { VirtualTime } from './virtual-time.ts';

export class TimerScope implements TimeSource, Timer {
  readonly #time: VirtualTime;
  readonly #armed = new Set<TimerHandle>();
  #closed = false;

  constructor(time: VirtualTime) {
    this.#time = time;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Timers armed and not yet fired or cleared. */
  get armed(): number {
    return this.#armed.size;
  }

  now(): number {
    return this.#time.now();
  }

  setTimeout(callback: () => void, delayMs: number): TimerHandle {
    if (this.#closed) return DEAD;
    const handle = this.#time.setTimeout(() => {
      this.#armed.delete(handle);
      callback();
    }, delayMs);
    this.#armed.add(handle);
    return handle;
  }

  clearTimeout(handle: TimerHandle): void {
    if (!this.#armed.delete(handle)) return;
    this.#time.clearTimeout(handle);
  }

  /** Cancels every armed timer; later timers never fire. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const handle of this.#armed) this.#time.clearTimeout(handle);
    this.#armed.clear();
  }
}

/** The handle a closed scope returns: clearing it does nothing. */
const DEAD: TimerHandle = Object.freeze({ dead: true });
