// Read snapshots over IndexedDB. IndexedDB cannot hold a read transaction open across the
// caller's awaits (and an open read transaction would stall every write queued behind it), so a
// snapshot is built from an undo log instead: while a snapshot is live, each write batch first
// reads, inside its own read-write transaction, the current values of the keys it is about to
// change, and records them in the log of every snapshot that predates it (first record wins).
//
// A snapshot read then asks IndexedDB for the current value and, after that answer arrives,
// prefers the log: a key with a log record has changed since the snapshot and the record holds
// its value then (or that it was absent); a key without one has not changed up to the read, so
// the current value is the snapshot's. The record is made before the write commits, so no
// read can see a change whose record is still missing. Scans page through IndexedDB the same
// way and merge each page with the log records that fall in the range the page covers.
//
// The log costs memory in proportion to the writes made while the snapshot lives: release it.
// It relies on this store object being the only writer of the database (one node per database).
import { checkIterateOptions, checkKey, compareBytes, copyBytes, rangeIsEmpty } from './bytes.ts';
import { StoreClosedError } from './errors.ts';
import type { Entry, IterateOptions, KeyRange, StoreSnapshot } from './interface.ts';
import { emptyIterator, failingIterator } from './iterate.ts';
import { SortedChunks, walkFrozen } from './sorted-chunks.ts';

/** Entries read from IndexedDB per page (one transaction each). */
export const DEFAULT_PAGE = 256;

/** Log value meaning "absent when the snapshot was taken"; compared by identity. */
const ABSENT = new Uint8Array(0);

/** What a snapshot needs from its store. */
export interface SnapshotSource {
  readonly backend: string;
  isClosed(): boolean;
  /** The current value, in a transaction of its own. */
  current(key: Uint8Array): Promise<Uint8Array | undefined>;
  /** Up to `count` current entries of the range, in its direction, in one transaction. */
  page(range: IterateOptions, count: number): Promise<Entry[]>;
  forget(snapshot: IdbSnapshot): void;
}

function lowerOf(r: KeyRange): KeyRange {
  return r.gt !== undefined ? { gt: r.gt } : r.gte !== undefined ? { gte: r.gte } : {};
}

function upperOf(r: KeyRange): KeyRange {
  return r.lt !== undefined ? { lt: r.lt } : r.lte !== undefined ? { lte: r.lte } : {};
}

export class IdbSnapshot implements StoreSnapshot {
  readonly #source: SnapshotSource;
  readonly #log = new SortedChunks();
  /** Batches issued before the snapshot: its state includes them, so reads wait for them. */
  readonly #ready: Promise<void>;
  readonly #pageSize: number;
  #released = false;

  /** `pageSize` is a parameter so tests can force page boundaries with a few keys. */
  constructor(
    source: SnapshotSource,
    inflight: readonly Promise<unknown>[],
    pageSize = DEFAULT_PAGE,
  ) {
    this.#source = source;
    this.#pageSize = Math.max(1, pageSize);
    this.#ready = Promise.allSettled(inflight).then(() => undefined);
  }

  /** Called by a write batch with a key's value from before that batch. */
  record(key: Uint8Array, before: Uint8Array | undefined): void {
    if (this.#log.get(key) === undefined) this.#log.set(copyBytes(key), before ?? ABSENT);
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    this.#check();
    checkKey(key);
    await this.#ready;
    this.#check();
    const now = await this.#source.current(key);
    this.#check();
    const then = this.#log.get(key);
    if (then === undefined) return now;
    return then === ABSENT ? undefined : copyBytes(then);
  }

  async has(key: Uint8Array): Promise<boolean> {
    return (await this.get(key)) !== undefined;
  }

  iterate(options: IterateOptions = {}): AsyncIterableIterator<Entry> {
    if (!this.#usable()) return failingIterator(new StoreClosedError(this.#source.backend));
    try {
      checkIterateOptions(options);
    } catch (e) {
      return failingIterator(e as Error);
    }
    if (options.limit === 0 || rangeIsEmpty(options)) return emptyIterator();
    return this.#walk(options);
  }

  async *#walk(o: IterateOptions): AsyncGenerator<Entry> {
    await this.#ready;
    const reverse = o.reverse === true;
    const limit = o.limit ?? Infinity;
    let bound: Uint8Array | undefined; // last key of the previous page
    let emitted = 0;
    for (;;) {
      this.#check();
      const range: KeyRange = reverse
        ? { ...lowerOf(o), ...(bound ? { lt: bound } : upperOf(o)) }
        : { ...(bound ? { gt: bound } : lowerOf(o)), ...upperOf(o) };
      const page = await this.#source.page({ ...range, reverse }, this.#pageSize);
      this.#check();
      const last = page[page.length - 1]?.key;
      const full = page.length === this.#pageSize && last !== undefined;
      // the key interval this page answers for: up to its last key, or the rest of the range
      const covered: KeyRange = !full
        ? range
        : reverse
          ? { gte: last, ...upperOf(range) }
          : { ...lowerOf(range), lte: last };
      // read the log after the page: every change the page saw has its record by now
      const logged = [...walkFrozen(this.#log.freeze(), covered, reverse)];
      let i = 0;
      let j = 0;
      while (i < page.length || j < logged.length) {
        const p = page[i];
        const l = logged[j];
        // < 0: the page entry comes first in walking order; > 0: the log entry does
        const c =
          p === undefined
            ? 1
            : l === undefined
              ? -1
              : reverse
                ? compareBytes(l[0], p.key)
                : compareBytes(p.key, l[0]);
        let out: Entry | undefined;
        if (c < 0) {
          out = p; // unchanged since the snapshot
          i++;
        } else {
          // changed since the snapshot (c = 0) or deleted since (c > 0): the log has its value
          const [k, v] = l!;
          if (v !== ABSENT) out = { key: copyBytes(k), value: copyBytes(v) };
          j++;
          if (c === 0) i++;
        }
        if (out !== undefined) {
          yield out;
          if (++emitted >= limit) return;
          this.#check();
        }
      }
      if (!full) return;
      bound = last;
    }
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    this.#source.forget(this);
  }

  #usable(): boolean {
    return !this.#released && !this.#source.isClosed();
  }

  #check(): void {
    if (!this.#usable()) throw new StoreClosedError(this.#source.backend);
  }
}
