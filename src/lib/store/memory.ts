// In-memory backend: tests and the deterministic simulation. Sorted, copy-on-write (see
// sorted-chunks.ts), so range scans are O(log n + k), and iterators and snapshots are frozen
// views that cost nothing until the next write.
// The data can outlive a store object: `new MemoryStore(old.data)` "reopens" it, which lets the
// simulation restart a node without a disk.
import { checkIterateOptions, checkKey, checkValue, copyBytes, rangeIsEmpty } from './bytes.ts';
import { StoreClosedError } from './errors.ts';
import type { BatchOp, Entry, IterateOptions, Store, StoreSnapshot } from './interface.ts';
import { failingIterator } from './iterate.ts';
import { SortedChunks, getFrozen, walkFrozen } from './sorted-chunks.ts';
import type { FrozenChunks } from './sorted-chunks.ts';

const BACKEND = 'memory';

/** Iterates a frozen view; `usable` is checked before every entry (closed store, released view). */
function iterateView(
  view: FrozenChunks,
  options: IterateOptions,
  usable: () => boolean,
): AsyncIterableIterator<Entry> {
  if (!usable()) return failingIterator(new StoreClosedError(BACKEND));
  try {
    checkIterateOptions(options);
  } catch (e) {
    return failingIterator(e as Error);
  }
  return (async function* walk(): AsyncGenerator<Entry> {
    const limit = options.limit ?? Infinity;
    if (limit === 0 || rangeIsEmpty(options)) return;
    let n = 0;
    for (const [k, v] of walkFrozen(view, options, options.reverse === true)) {
      if (!usable()) throw new StoreClosedError(BACKEND);
      yield { key: copyBytes(k), value: copyBytes(v) };
      if (++n >= limit) return;
    }
    if (!usable()) throw new StoreClosedError(BACKEND);
  })();
}

export class MemoryStore implements Store {
  readonly backend = BACKEND;
  readonly data: SortedChunks;
  #closed = false;

  constructor(data: SortedChunks = new SortedChunks()) {
    this.data = data;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Number of entries; O(1). Not part of Store: only memory knows it cheaply. */
  get size(): number {
    return this.data.size;
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    this.#checkOpen();
    checkKey(key);
    const v = this.data.get(key);
    return v === undefined ? undefined : copyBytes(v);
  }

  async has(key: Uint8Array): Promise<boolean> {
    this.#checkOpen();
    checkKey(key);
    return this.data.get(key) !== undefined;
  }

  async put(key: Uint8Array, value: Uint8Array): Promise<void> {
    this.#checkOpen();
    checkKey(key);
    checkValue(value);
    this.data.set(copyBytes(key), copyBytes(value));
  }

  async delete(key: Uint8Array): Promise<void> {
    this.#checkOpen();
    checkKey(key);
    this.data.delete(key);
  }

  async batch(ops: readonly BatchOp[]): Promise<void> {
    this.#checkOpen();
    // validate everything first: a bad op must leave the store untouched
    for (const op of ops) {
      checkKey(op.key);
      if (op.type === 'put') checkValue(op.value);
    }
    // copy before applying, so nothing can throw half-way through
    const owned = ops.map((op) =>
      op.type === 'put'
        ? { key: copyBytes(op.key), value: copyBytes(op.value) }
        : { key: op.key, value: undefined },
    );
    for (const op of owned) {
      if (op.value === undefined) this.data.delete(op.key);
      else this.data.set(op.key, op.value);
    }
  }

  iterate(options: IterateOptions = {}): AsyncIterableIterator<Entry> {
    if (this.#closed) return failingIterator(new StoreClosedError(this.backend));
    return iterateView(this.data.freeze(), options, () => !this.#closed);
  }

  snapshot(): StoreSnapshot {
    this.#checkOpen();
    return new MemorySnapshot(this.data.freeze(), () => !this.#closed);
  }

  async close(): Promise<void> {
    this.#closed = true;
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreClosedError(this.backend);
  }
}

class MemorySnapshot implements StoreSnapshot {
  readonly #view: FrozenChunks;
  readonly #storeOpen: () => boolean;
  #released = false;

  constructor(view: FrozenChunks, storeOpen: () => boolean) {
    this.#view = view;
    this.#storeOpen = storeOpen;
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    this.#check();
    checkKey(key);
    const v = getFrozen(this.#view, key);
    return v === undefined ? undefined : copyBytes(v);
  }

  async has(key: Uint8Array): Promise<boolean> {
    this.#check();
    checkKey(key);
    return getFrozen(this.#view, key) !== undefined;
  }

  iterate(options: IterateOptions = {}): AsyncIterableIterator<Entry> {
    return iterateView(this.#view, options, () => !this.#released && this.#storeOpen());
  }

  async release(): Promise<void> {
    this.#released = true;
  }

  #check(): void {
    if (this.#released || !this.#storeOpen()) throw new StoreClosedError(BACKEND);
  }
}
