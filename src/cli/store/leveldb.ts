// LevelDB backend for the Node host (classic-level). LevelDB already has everything the Store
// contract asks for: bytewise key order, atomic write batches (one log record, replayed whole
// or not at all after a crash) and iterators that read from an implicit snapshot taken when
// they are created.
import { ClassicLevel } from 'classic-level';
import { checkIterateOptions, checkKey, checkValue, rangeIsEmpty } from '../../lib/store/bytes.ts';
import {
  CorruptStoreError,
  StoreClosedError,
  StoreError,
  StoreOpenError,
} from '../../lib/store/errors.ts';
import type {
  BatchOp,
  Entry,
  IterateOptions,
  Store,
  StoreSnapshot,
} from '../../lib/store/interface.ts';
import { emptyIterator, failingIterator } from '../../lib/store/iterate.ts';

type Db = ClassicLevel<Uint8Array, Uint8Array>;
type LevelSnapshot = ReturnType<Db['snapshot']>;
/** The part of classic-level's iterator used here, with the key and value types pinned. */
interface LevelIterator {
  nextv(size: number): Promise<[Uint8Array, Uint8Array][]>;
  close(): Promise<void>;
}

export interface LevelDbOptions {
  /** Directory of the database; created if missing. */
  readonly location: string;
  /**
   * fsync every write. Off, an acknowledged write survives the process being killed (it is in
   * the OS's page cache) but not a power cut; on, it survives both, at a large cost per write.
   */
  readonly sync?: boolean;
}

/** Entries fetched from the native iterator per round trip. */
const ITERATOR_CHUNK = 256;

// Buffers from the binding become plain Uint8Arrays (same bytes, no copy) so every backend hands
// out the same type.
function view(b: Uint8Array): Uint8Array {
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

function levelCode(e: unknown): string | undefined {
  const err = e as { code?: unknown; cause?: { code?: unknown } };
  const cause = typeof err.cause?.code === 'string' ? err.cause.code : undefined;
  return cause ?? (typeof err.code === 'string' ? err.code : undefined);
}

export class LevelDbStore implements Store {
  readonly backend = 'leveldb';
  readonly location: string;
  readonly #db: Db;
  readonly #sync: boolean;
  #closed = false;

  private constructor(db: Db, location: string, sync: boolean) {
    this.#db = db;
    this.location = location;
    this.#sync = sync;
  }

  static async open(options: LevelDbOptions): Promise<LevelDbStore> {
    const db: Db = new ClassicLevel<Uint8Array, Uint8Array>(options.location, {
      keyEncoding: 'view',
      valueEncoding: 'view',
      createIfMissing: true,
    });
    try {
      await db.open();
    } catch (e) {
      const code = levelCode(e);
      if (code === 'LEVEL_CORRUPTION')
        throw new CorruptStoreError(`LevelDB at ${options.location} is corrupt`, { cause: e });
      if (code === 'LEVEL_LOCKED')
        throw new StoreOpenError(`LevelDB at ${options.location} is in use by another process`, {
          cause: e,
        });
      throw new StoreOpenError(`cannot open LevelDB at ${options.location}`, { cause: e });
    }
    return new LevelDbStore(db, options.location, options.sync ?? false);
  }

  get closed(): boolean {
    return this.#closed;
  }

  async get(key: Uint8Array): Promise<Uint8Array | undefined> {
    this.#checkOpen();
    checkKey(key);
    const v = await this.#call(() => this.#db.get(key));
    return v === undefined ? undefined : view(v);
  }

  async has(key: Uint8Array): Promise<boolean> {
    this.#checkOpen();
    checkKey(key);
    return this.#call(() => this.#db.has(key));
  }

  async put(key: Uint8Array, value: Uint8Array): Promise<void> {
    this.#checkOpen();
    checkKey(key);
    checkValue(value);
    await this.#call(() => this.#db.put(key, value, { sync: this.#sync }));
  }

  async delete(key: Uint8Array): Promise<void> {
    this.#checkOpen();
    checkKey(key);
    await this.#call(() => this.#db.del(key, { sync: this.#sync }));
  }

  async batch(ops: readonly BatchOp[]): Promise<void> {
    this.#checkOpen();
    for (const op of ops) {
      checkKey(op.key);
      if (op.type === 'put') checkValue(op.value);
    }
    if (ops.length === 0) return;
    const level = ops.map((op) =>
      op.type === 'put'
        ? { type: 'put' as const, key: op.key, value: op.value }
        : { type: 'del' as const, key: op.key },
    );
    await this.#call(() => this.#db.batch(level, { sync: this.#sync }));
  }

  iterate(options: IterateOptions = {}): AsyncIterableIterator<Entry> {
    return this.readIterate(options, undefined, () => !this.#closed);
  }

  snapshot(): StoreSnapshot {
    this.#checkOpen();
    return new LevelDbSnapshot(this, this.#db.snapshot());
  }

  /** @internal get/has/iterate against an explicit LevelDB snapshot (or the live database). */
  async readGet(key: Uint8Array, snapshot: LevelSnapshot): Promise<Uint8Array | undefined> {
    this.#checkOpen();
    checkKey(key);
    const v = await this.#call(() => this.#db.get(key, { snapshot }));
    return v === undefined ? undefined : view(v);
  }

  /** @internal */
  async readHas(key: Uint8Array, snapshot: LevelSnapshot): Promise<boolean> {
    this.#checkOpen();
    checkKey(key);
    return this.#call(() => this.#db.has(key, { snapshot }));
  }

  /** @internal */
  readIterate(
    options: IterateOptions,
    snapshot: LevelSnapshot | undefined,
    usable: () => boolean,
  ): AsyncIterableIterator<Entry> {
    if (!usable()) return failingIterator(new StoreClosedError(this.backend));
    try {
      checkIterateOptions(options);
    } catch (e) {
      return failingIterator(e as Error);
    }
    if (options.limit === 0 || rangeIsEmpty(options)) return emptyIterator();
    // created now, not on the first next(): LevelDB's implicit snapshot is taken here
    const it: LevelIterator = this.#db.iterator({
      ...(options.gt !== undefined ? { gt: options.gt } : {}),
      ...(options.gte !== undefined ? { gte: options.gte } : {}),
      ...(options.lt !== undefined ? { lt: options.lt } : {}),
      ...(options.lte !== undefined ? { lte: options.lte } : {}),
      ...(snapshot !== undefined ? { snapshot } : {}),
      reverse: options.reverse === true,
      limit: options.limit ?? -1,
    });
    return this.#drain(it, usable);
  }

  async *#drain(it: LevelIterator, usable: () => boolean): AsyncGenerator<Entry> {
    try {
      for (;;) {
        const chunk = await this.#call(() => it.nextv(ITERATOR_CHUNK));
        if (chunk.length === 0) return;
        for (const [k, v] of chunk) {
          if (!usable()) throw new StoreClosedError(this.backend);
          yield { key: view(k), value: view(v) };
        }
      }
    } finally {
      await it.close().catch(() => undefined);
    }
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#db.close();
  }

  #checkOpen(): void {
    if (this.#closed) throw new StoreClosedError(this.backend);
  }

  /** Runs a LevelDB call, translating its errors into the store's. */
  async #call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (e) {
      const code = levelCode(e);
      if (this.#closed || code === 'LEVEL_DATABASE_NOT_OPEN' || code === 'LEVEL_ITERATOR_NOT_OPEN')
        throw new StoreClosedError(this.backend);
      if (code === 'LEVEL_CORRUPTION')
        throw new CorruptStoreError('LevelDB corruption', { cause: e });
      throw new StoreError(`LevelDB operation failed: ${String(e)}`, { cause: e });
    }
  }
}

class LevelDbSnapshot implements StoreSnapshot {
  readonly #store: LevelDbStore;
  readonly #snapshot: LevelSnapshot;
  #released = false;

  constructor(store: LevelDbStore, snapshot: LevelSnapshot) {
    this.#store = store;
    this.#snapshot = snapshot;
  }

  get(key: Uint8Array): Promise<Uint8Array | undefined> {
    if (this.#released) return Promise.reject(new StoreClosedError(this.#store.backend));
    return this.#store.readGet(key, this.#snapshot);
  }

  has(key: Uint8Array): Promise<boolean> {
    if (this.#released) return Promise.reject(new StoreClosedError(this.#store.backend));
    return this.#store.readHas(key, this.#snapshot);
  }

  iterate(options: IterateOptions = {}): AsyncIterableIterator<Entry> {
    return this.#store.readIterate(
      options,
      this.#snapshot,
      () => !this.#released && !this.#store.closed,
    );
  }

  async release(): Promise<void> {
    if (this.#released) return;
    this.#released = true;
    await this.#snapshot.close().catch(() => undefined);
  }
}

/** Opens (creating if needed) a LevelDB store at options.location. */
export function openLevelDbStore(options: LevelDbOptions): Promise<LevelDbStore> {
  return LevelDbStore.open(options);
}
