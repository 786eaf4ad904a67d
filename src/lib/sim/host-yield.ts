// How the simulation lets promise continuations settle between two events: it yields one real
// macrotask of the host. A host runs every queued microtask (and, under Node, every
// process.nextTick) before its next macrotask, including microtasks queued by microtasks, so
// when the macrotask runs, every await chain that waits only on other promises has finished,
// however many turns deep it is. Counting `await Promise.resolve()` turns cannot promise that
// (an async generator over a store takes several turns per item), and no API reports an empty
// microtask queue, so one macrotask per protocol-running event is the robust choice.
//
// Measured under Node 24 (50 000 yields): setImmediate 1.2 µs, MessageChannel 1.35 µs,
// setTimeout(0) ~1 ms (clamped), a microtask turn 0.05 µs. setImmediate where the host has it
// (Node), else MessageChannel (browsers, workers), else setTimeout(0). Nothing else in a
// simulation schedules real timers, so no host event can slip in between and the order of
// virtual events stays the only order that matters.
//
// Not covered: continuations waiting on real I/O (IndexedDB, WebCrypto, fetch). Protocol code
// under simulation must run on in-memory stores and synchronous crypto, as it does.

export type HostYield = () => Promise<void>;

interface ImmediateHost {
  setImmediate?: (callback: () => void) => unknown;
}

function messageChannelYield(): HostYield {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  // Under Node an open port keeps the process alive; unref where the host offers it.
  (channel.port1 as unknown as { unref?: () => void }).unref?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(0);
    });
}

/** The fastest macrotask yield this host offers. */
export function defaultHostYield(): HostYield {
  const host = globalThis as unknown as ImmediateHost;
  const immediate = host.setImmediate;
  if (typeof immediate === 'function') {
    return () => new Promise<void>((resolve) => immediate(resolve));
  }
  if (typeof MessageChannel === 'function') return messageChannelYield();
  return () => new Promise<void>((resolve) => globalThis.setTimeout(resolve, 0));
}
