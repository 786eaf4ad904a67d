// The key-value seam every component persists through. Keys and values are bytes; keys sort
// bytewise unsigned (LevelDB's default comparator, IndexedDB's binary-key order), so a 1-byte
// bucket prefix followed by big-endian integers gives each component ordered, disjoint ranges.
// Three backends implement it (memory, IndexedDB, LevelDB) and one conformance suite holds
// them to the same behaviour.

/** Bounds of a range scan. Unset bounds are open; set both gt and gte and the result is unspecified. */
export interface KeyRange {
  readonly gt?: Uint8Array;
  readonly gte?: Uint8Array;
  readonly lt?: Uint8Array;
  readonly lte?: Uint8Array;
}

export interface IterateOptions extends KeyRange {
  /** Descending key order. The bounds keep their meaning; only the walking direction changes. */
  readonly reverse?: boolean;
  /** At most this many entries (a non-negative integer); unset means no limit. */
  readonly limit?: number;
}

export interface Entry {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

export type BatchOp =
  | { readonly type: 'put'; readonly key: Uint8Array; readonly value: Uint8Array }
  | { readonly type: 'del'; readonly key: Uint8Array };

export interface ReadableStore {
  /** The value, or undefined when the key is absent. The returned bytes are the caller's. */
  get(key: Uint8Array): Promise<Uint8Array | undefined>;
  has(key: Uint8Array): Promise<boolean>;
  /**
   * Entries in key order within the range. The iterator is consistent: it reflects the store as
   * of the call to iterate() — writes that completed before the call are visible, writes made
   * while iterating are not. Leaving a `for await` early releases the backend's resources.
   * Iterating after close() rejects with StoreClosedError.
   */
  iterate(options?: IterateOptions): AsyncIterableIterator<Entry>;
}

/**
 * A read-only view of the store frozen at the moment snapshot() was called: later writes are not
 * visible through it. Release it when done — backends keep old versions alive for it.
 */
export interface StoreSnapshot extends ReadableStore {
  /** Idempotent. Later reads reject with StoreClosedError. */
  release(): Promise<void>;
}

export interface Store extends ReadableStore {
  /** 'memory' | 'indexeddb' | 'leveldb': for messages and metrics, never for branching. */
  readonly backend: string;
  readonly closed: boolean;
  put(key: Uint8Array, value: Uint8Array): Promise<void>;
  delete(key: Uint8Array): Promise<void>;
  /**
   * Applies every op or none, in order (a later op on the same key wins). Once the promise
   * resolves the batch survives a crash of the process; if it rejects, nothing was applied.
   */
  batch(ops: readonly BatchOp[]): Promise<void>;
  /**
   * A consistent read view as of this call (writes that resolved before it are visible, writes
   * made after it are not). Throws StoreClosedError on a closed store; closing the store
   * invalidates its snapshots.
   */
  snapshot(): StoreSnapshot;
  /** Idempotent. Every later operation rejects with StoreClosedError. */
  close(): Promise<void>;
}
