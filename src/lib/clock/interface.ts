// The clock's seams. The node passes the real ones; the deterministic simulation passes a
// virtual clock that implements both, so protocol code never reads wall time directly.

/** Wall time in milliseconds since the Unix epoch. */
export interface TimeSource {
  now(): number;
}

export type TimerHandle = unknown;

/** setTimeout / clearTimeout, as both browsers and Node.js provide them. */
export interface Timer {
  setTimeout(callback: () => void, delayMs: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export const systemTime: TimeSource = { now: () => Date.now() };

export const systemTimer: Timer = {
  setTimeout: (callback, delayMs) => globalThis.setTimeout(callback, delayMs),
  clearTimeout: (handle) =>
    globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
};
