// Iterator plumbing shared by the backends.
import type { Entry } from './interface.ts';

/**
 * An iterator whose first next() rejects. iterate() is synchronous, so argument and closed-store
 * errors surface here, where a `for await` sees them, the same way on every backend.
 */
export function failingIterator(error: Error): AsyncIterableIterator<Entry> {
  let thrown = false;
  const it: AsyncIterableIterator<Entry> = {
    next: () => {
      if (thrown) return Promise.resolve({ done: true, value: undefined });
      thrown = true;
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}

/** For ranges that cannot match (limit 0, lower bound above upper): no backend round trip. */
export function emptyIterator(): AsyncIterableIterator<Entry> {
  const it: AsyncIterableIterator<Entry> = {
    next: () => Promise.resolve({ done: true, value: undefined }),
    [Symbol.asyncIterator]: () => it,
  };
  return it;
}

/** Drains an iterator into an array: tests, small ranges, migrations. */
export async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
