// The simulation's per-node store: a MemoryStore whose keys and values are interned across all
// nodes of the process. Every node stores every ATX, proposal, ballot, block and certificate it
// accepts, under the same keys and with the same bytes; MemoryStore copies each key and value
// it is given (a node's disk owns its bytes), so N nodes hold N copies of every object, O(N²)
// bytes for the N ATXs of an epoch — at 1,500 nodes, gigabytes. Stored bytes are immutable
// (MemoryStore hands out copies on every read, and its sorted chunks never write into a key or
// value), so equal bytes can be one Uint8Array shared by every store that holds them: each node
// still has its own store, its own entries and its own view; only the storage of equal bytes is
// shared, as a deduplicating disk would. Nothing observable changes: reads return fresh copies
// as before.
import { hashBytes } from '../bytes-table.ts';
import { checkKey, checkValue } from '../store/bytes.ts';
import { StoreClosedError } from '../store/errors.ts';
import type { BatchOp } from '../store/interface.ts';
import { MemoryStore } from '../store/memory.ts';
import type { SortedChunks } from '../store/sorted-chunks.ts';

/** Bytes up to this length are their own table key (one char per byte); longer: a fast hash. */
const DIRECT = 64;
/**
 * Longer values are kept privately, not interned: they are a node's own records (the ATX
 * builder's state with its PoET proof, tens of KiB, written several times an epoch), which no
 * other node shares, and hashing them costs more than the copy saves.
 */
const MAX_INTERNED = 8 * 1024;

/** The bytes as a string of char codes 0..255 (a Map key that costs one allocation). */
function charsOf(b: Uint8Array): string {
  return String.fromCharCode.apply(null, b as unknown as number[]);
}

/**
 * Equal bytes → one shared, never-written copy. Entries are held weakly: once no store holds a
 * byte string any more (overwritten, deleted), the garbage collector may drop it, and the next
 * equal bytes start a new entry. Which copy a store holds never shows: stores only hand out
 * copies.
 */
export class ByteInterner {
  readonly #table = new Map<string, WeakRef<Uint8Array>>();
  readonly #gone = new FinalizationRegistry<string>((k) => {
    const ref = this.#table.get(k);
    if (ref !== undefined && ref.deref() === undefined) this.#table.delete(k);
  });
  #hits = 0;
  #misses = 0;

  /** Lookups that found an equal byte string, and those that stored a new one. */
  get stats(): { readonly hits: number; readonly misses: number } {
    return { hits: this.#hits, misses: this.#misses };
  }

  /** A copy of `b` owned by the table (the same object for equal bytes), or a private one. */
  intern(b: Uint8Array): Uint8Array {
    if (b.length > MAX_INTERNED) return b.slice();
    // Two namespaces ('d' direct, 'h' hashed), so a short value never meets a long one's key.
    const k = b.length <= DIRECT ? `d${charsOf(b)}` : `h${b.length}:${hashBytes([b])}`;
    const known = this.#table.get(k)?.deref();
    // The bytes are compared too, so a hash collision cannot alias: the newer bytes take the
    // table entry and the older ones stay with the stores that hold them, unshared from then on.
    if (known !== undefined && sameBytes(known, b)) {
      this.#hits++;
      return known;
    }
    this.#misses++;
    const own = b.slice();
    this.#table.set(k, new WeakRef(own));
    this.#gone.register(own, k);
    return own;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A MemoryStore that keeps interned copies instead of private ones (see the top of the file). */
export class InterningMemoryStore extends MemoryStore {
  readonly #interner: ByteInterner;

  constructor(interner: ByteInterner, data?: SortedChunks) {
    super(data);
    this.#interner = interner;
  }

  override async put(key: Uint8Array, value: Uint8Array): Promise<void> {
    if (this.closed) throw new StoreClosedError(this.backend);
    checkKey(key);
    checkValue(value);
    this.data.set(this.#interner.intern(key), this.#interner.intern(value));
  }

  override async batch(ops: readonly BatchOp[]): Promise<void> {
    if (this.closed) throw new StoreClosedError(this.backend);
    // As MemoryStore: validate and copy everything first, so a bad op leaves the store untouched.
    for (const op of ops) {
      checkKey(op.key);
      if (op.type === 'put') checkValue(op.value);
    }
    const owned = ops.map((op) =>
      op.type === 'put'
        ? { key: this.#interner.intern(op.key), value: this.#interner.intern(op.value) }
        : { key: op.key, value: undefined },
    );
    for (const op of owned) {
      if (op.value === undefined) this.data.delete(op.key);
      else this.data.set(op.key, op.value);
    }
  }
}
