// IndexedDB backend for the browser (through `idb`). One object store, out-of-line binary keys:
// IndexedDB compares binary keys bytewise unsigned (the spec's "binary" key comparison), which
// is the Store order; the conformance suite checks it in real Chromium.
//
// Consistency: a transaction sees one state, but it ends as soon as the code awaits anything
// that is not one of its requests, so it cannot stay open while a caller consumes an iterator.
// iterate() therefore opens its read-only transaction at the call (later read-write
// transactions on the same store queue behind it) and reads the whole range (up to `limit`)
// within it; entries are then handed out from memory. For scans too large for that, use
// snapshot().iterate(), which pages through the range (indexeddb-snapshot.ts).
//
// The host passes in its IDBFactory and IDBKeyRange (window or worker globals), so this module
// touches no DOM global and can run against any implementation.
import { wrap } from 'idb';
import type { IDBPDatabase } from 'idb';
import { checkIterateOptions, checkKey, checkValue, copyBytes, rangeIsEmpty } from './bytes.ts';
import { CorruptStoreError, StoreClosedError, StoreError, StoreOpenError } from './errors.ts';
import type { BatchOp, Entry, IterateOptions, Store, StoreSnapshot } from './interface.ts';
import { IdbSnapshot, type SnapshotSource } from './indexeddb-snapshot.ts';
import { emptyIterator, failingIterator } from './iterate.ts';

const OBJECT_STORE = 'kv';
/** IndexedDB's own structural version (object stores), not the data schema (schema.ts). */
const IDB_VERSION = 1;

// Our keys are never backed by a SharedArrayBuffer; the DOM typings only accept ArrayBuffer views.
function idbKey(k: Uint8Array): IDBValidKey {
  return k as Uint8Array<ArrayBuffer>;
}

export interface IndexedDbOptions {
  /** Database name, e.g. `smesh-<network>`. */
  readonly name: string;
  readonly indexedDB: IDBFactory;
  readonly IDBKeyRange: typeof IDBKeyRange;
  /**
   * Write transaction durability. 'strict' waits for the OS to flush before a write resolves
   * (survives power loss); 'relaxed' and 'default' survive the tab crashing. Atomicity holds
   * for all three.
   */
  readonly durability?: IDBTransactionDurability;
}

export class IndexedDbStore implements Store {
  readonly backend = 'indexeddb';
  readonly name: string;
  readonly #db: IDBPDatabase;
  readonly #keyRange: typeof IDBKeyRange;
  readonly #durability: IDBTransactionDurability;
  #closed = false;
  /** Live snapshots, which every write batch must feed with the values it overwrites. */
  readonly #snapshots = new Set<IdbSnapshot>();
  /** Write batches not yet settled: a new snapshot's state includes them. */
  readonly #inflight = new Set<Promise<void>>();

  private constructor(db: IDBPDatabase, o: IndexedDbOptions) {
    this.#db = db;
    this.name = o.name;
    this.#keyRange = o.IDBKeyRange;
    this.#durability = o.durability ?? 'default';
    // another tab upgrading the database: step aside instead of blocking it forever
    db.addEventListener('versionchange', () => void this.close());
    db.addEventListener('close', () => {
      this.#closed = true;
    });
  }

  static async open(o: IndexedDbOptions): Promise<IndexedDbStore> {
    let db: IDBPDatabase | undefined;
    try {
      const req = o.indexedDB.open(o.name, IDB_VERSION);
      req.onupgradeneeded = () => {
        if (!req.result.objectStoreNames.contains(OBJECT_STORE))
          req.result.createObjectStore(OBJECT_STORE);
      };
      req.onblocked = () => {
        // an older connection elsewhere refuses to close; the open waits for it
      };
      db = await wrap(req);
    } catch (e) {
      const name = (e as { name?: string }).name;
      throw new StoreOpenError(
        name === 'VersionError'
          ? `IndexedDB ${o.name} was created by newer code`
          : `cannot open IndexedDB ${o.name}: ${String(e)}`,
        { cause: e },
      );
    }
    if (db === undefined) throw new StoreOpenError(`cannot open IndexedDB ${o.name}`);
    if (!db.objectStoreNames.contains(OBJECT_STORE)) {
      db.close();
      throw new CorruptStoreError(`IndexedDB ${o.name} has no '${OBJECT_STORE}' object store`);
    }
    return new IndexedDbStore(db, o);
  }

  get closed(): boolean {
    return this.#closed;
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    this.#checkOpen();
    checkKey(key);
    const v: unknown = await this.#call(() => this.#db.get(OBJECT_STORE, idbKey(key)));
    return v === undefined ? undefined : this.#value(v);
  }

  async has(key: Uint8Array): Promise<boolean> {
    this.#checkOpen();
    checkKey(key);
    return (await this.#call(() => this.#db.count(OBJECT_STORE, idbKey(key)))) > 0;
  }

  put(key: Uint8Array, value: Uint8Array): Promise<void> {
    return this.batch([{ type: 'put', key, value }]);
  }

  delete(key: Uint8Array): Promise<void> {
    return this.batch([{ type: 'del', key }]);
  }

  async batch(ops: readonly BatchOp[]): Promise<void> {
    this.#checkOpen();
    for (const op of ops) {
      checkKey(op.key);
      if (op.type === 'put') checkValue(op.value);
    }
    if (ops.length === 0) return;
    // everything up to the transaction's requests runs synchronously within this call, so the
    // snapshots captured here are exactly those taken before this batch
    const snapshots = [...this.#snapshots];
    const done = this.#call(async () => {
      const tx = this.#db.transaction(OBJECT_STORE, 'readwrite', {
        durability: this.#durability,
      });
      const pending: Promise<unknown>[] = [];
      if (snapshots.length > 0) {
        // requests run in order: these reads see the values from before this batch's writes
        for (const op of ops) {
          pending.push(
            tx.store.get(idbKey(op.key)).then((v: unknown) => {
              const before = v === undefined ? undefined : this.#value(v);
              for (const s of snapshots) s.record(op.key, before);
            }),
          );
        }
      }
      // all requests in one transaction: if one fails the transaction aborts and none persist.
      // Values are stored as exact copies: structured clone of a view would keep its whole
      // underlying buffer.
      for (const op of ops) {
        pending.push(
          op.type === 'put'
            ? tx.store.put(copyBytes(op.value), idbKey(op.key))
            : tx.store.delete(idbKey(op.key)),
        );
      }
      pending.push(tx.done);
      await Promise.all(pending);
    });
    this.#inflight.add(done);
    try {
      await done;
    } finally {
      this.#inflight.delete(done);
    }
  }

  snapshot(): StoreSnapshot {
    this.#checkOpen();
    const source: SnapshotSource = {
      backend: this.backend,
      isClosed: () => this.#closed,
      current: (key) => this.get(key),
      page: (range, count) => this.#call(() => this.#readRange({ ...range, limit: count })),
      forget: (s) => this.#snapshots.delete(s),
    };
    const s = new IdbSnapshot(source, [...this.#inflight]);
    this.#snapshots.add(s);
    return s;
  }

  iterate(options: IterateOptions = {}): AsyncIterableIterator<Entry> {
    if (this.#closed) return failingIterator(new StoreClosedError(this.backend));
    try {
      checkIterateOptions(options);
    } catch (e) {
      return failingIterator(e as Error);
    }
    if (options.limit === 0 || rangeIsEmpty(options)) return emptyIterator();
    let read: Promise<Entry[]>;
    try {
      read = this.#readRange(options);
    } catch (e) {
      return failingIterator(this.#mapError(e));
    }
    read.catch(() => undefined); // surfaced by the generator; never an unhandled rejection
    return this.#yieldFrom(read);
  }

  async *#yieldFrom(read: Promise<Entry[]>): AsyncGenerator<Entry> {
    let entries: Entry[];
    try {
      entries = await read;
    } catch (e) {
      throw this.#mapError(e);
    }
    for (const e of entries) {
      if (this.#closed) throw new StoreClosedError(this.backend);
      yield e;
    }
    if (this.#closed) throw new StoreClosedError(this.backend);
  }

  /** Starts the transaction synchronously (that fixes the state read), then reads the range. */
  #readRange(o: IterateOptions): Promise<Entry[]> {
    const tx = this.#db.transaction(OBJECT_STORE, 'readonly');
    const range = this.#range(o);
    const limit = o.limit;
    const toEntries = (keys: unknown[], values: unknown[]): Entry[] =>
      keys.map((k, i) => ({ key: this.#key(k), value: this.#value(values[i]) }));
    if (o.reverse !== true) {
      // getAll/getAllKeys in one transaction see the same state and are much faster than a cursor
      return Promise.all([
        tx.store.getAllKeys(range, limit),
        tx.store.getAll(range, limit),
        tx.done,
      ]).then(([keys, values]) => toEntries(keys, values));
    }
    return (async () => {
      const out: Entry[] = [];
      let cursor = await tx.store.openCursor(range, 'prev');
      while (cursor && (limit === undefined || out.length < limit)) {
        out.push({ key: this.#key(cursor.key), value: this.#value(cursor.value) });
        cursor = await cursor.continue();
      }
      await tx.done;
      return out;
    })();
  }

  #range(o: IterateOptions): IDBKeyRange | undefined {
    const lower = o.gt ?? o.gte;
    const upper = o.lt ?? o.lte;
    const R = this.#keyRange;
    if (lower !== undefined && upper !== undefined)
      return R.bound(lower, upper, o.gt !== undefined, o.lt !== undefined);
    if (lower !== undefined) return R.lowerBound(lower, o.gt !== undefined);
    if (upper !== undefined) return R.upperBound(upper, o.lt !== undefined);
    return undefined;
  }

  #key(k: unknown): Uint8Array {
    if (k instanceof ArrayBuffer) return new Uint8Array(k);
    throw new CorruptStoreError(`IndexedDB ${this.name} holds a non-binary key`);
  }

  #value(v: unknown): Uint8Array {
    if (v instanceof Uint8Array) return v;
    throw new CorruptStoreError(`IndexedDB ${this.name} holds a value that is not a Uint8Array`);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#snapshots.clear();
    this.#db.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreClosedError(this.backend);
  }

  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      throw this.#mapError(e);
    }
  }

  #mapError(e: unknown): Error {
    if (e instanceof StoreError) return e;
    const name = (e as { name?: string }).name;
    if (this.#closed || name === 'InvalidStateError') return new StoreClosedError(this.backend);
    if (name === 'QuotaExceededError')
      return new StoreError(`IndexedDB ${this.name}: storage quota exceeded`, { cause: e });
    return new StoreError(`IndexedDB ${this.name}: ${String(e)}`, { cause: e });
  }
}

/** Opens (creating if needed) the IndexedDB-backed store `name`. */
export function openIndexedDbStore(options: IndexedDbOptions): Promise<IndexedDbStore> {
  return IndexedDbStore.open(options);
}
