// The memory backend's ordered map: a sorted list of sorted chunks (the layout of Python's
// sortedcontainers). Lookups and seeks are two binary searches, O(log n); an insert shifts at
// most one chunk (≤ maxChunk entries) instead of the whole array; a range scan walks k entries
// after an O(log n) seek.
//
// Copy-on-write: freeze() hands out the current chunk list as an immutable view and starts a new
// generation; the next write copies the outer list and each chunk it touches once. That makes a
// consistent iterator cost O(n / maxChunk + maxChunk) on the next write, not O(n).
import { compareBytes } from './bytes.ts';
import type { KeyRange } from './interface.ts';

/** Entries per chunk before it splits: big enough for cheap seeks, small enough for cheap inserts. */
export const DEFAULT_MAX_CHUNK = 512;

interface Chunk {
  readonly keys: Uint8Array[];
  readonly values: Uint8Array[];
  /** The generation allowed to mutate this chunk in place. */
  readonly gen: number;
}

/** An immutable view of the map at one moment. */
export type FrozenChunks = readonly Chunk[];

/** Index of the first key ≥ key (or > key when strict), in a sorted array of keys. */
function bound(keys: readonly Uint8Array[], key: Uint8Array, strict: boolean): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareBytes(keys[mid]!, key);
    if (c < 0 || (strict && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first chunk whose last key is ≥ key (> when strict); chunks.length if none. */
function chunkBound(chunks: FrozenChunks, key: Uint8Array, strict: boolean): number {
  let lo = 0;
  let hi = chunks.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const ks = chunks[mid]!.keys;
    const c = compareBytes(ks[ks.length - 1]!, key);
    if (c < 0 || (strict && c === 0)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Position [chunk, index] of the first key ≥ key (> when strict); [chunks.length, 0] if none. */
function seek(chunks: FrozenChunks, key: Uint8Array, strict: boolean): [number, number] {
  const ci = chunkBound(chunks, key, strict);
  if (ci === chunks.length) return [ci, 0];
  return [ci, bound(chunks[ci]!.keys, key, strict)];
}

export function getFrozen(chunks: FrozenChunks, key: Uint8Array): Uint8Array | undefined {
  const [ci, pi] = seek(chunks, key, false);
  const c = chunks[ci];
  if (c === undefined || compareBytes(c.keys[pi]!, key) !== 0) return undefined;
  return c.values[pi];
}

/** Entries of a frozen view within the range, ascending or descending. */
export function* walkFrozen(
  chunks: FrozenChunks,
  range: KeyRange,
  reverse: boolean,
): Generator<[Uint8Array, Uint8Array]> {
  if (!reverse) {
    let [ci, pi] =
      range.gt !== undefined
        ? seek(chunks, range.gt, true)
        : range.gte !== undefined
          ? seek(chunks, range.gte, false)
          : [0, 0];
    for (; ci < chunks.length; ci++, pi = 0) {
      const c = chunks[ci]!;
      for (; pi < c.keys.length; pi++) {
        const k = c.keys[pi]!;
        if (range.lt !== undefined && compareBytes(k, range.lt) >= 0) return;
        if (range.lte !== undefined && compareBytes(k, range.lte) > 0) return;
        yield [k, c.values[pi]!];
      }
    }
    return;
  }
  // descending: start just before the first key past the upper bound
  let [ci, pi] =
    range.lt !== undefined
      ? seek(chunks, range.lt, false)
      : range.lte !== undefined
        ? seek(chunks, range.lte, true)
        : [chunks.length, 0];
  pi -= 1;
  for (;;) {
    if (pi < 0) {
      ci -= 1;
      if (ci < 0) return;
      pi = chunks[ci]!.keys.length - 1;
    }
    const c = chunks[ci]!;
    const k = c.keys[pi]!;
    if (range.gt !== undefined && compareBytes(k, range.gt) <= 0) return;
    if (range.gte !== undefined && compareBytes(k, range.gte) < 0) return;
    yield [k, c.values[pi]!];
    pi -= 1;
  }
}

export class SortedChunks {
  #chunks: Chunk[] = [];
  /** Generation that owns #chunks (may mutate the array itself). */
  #listGen = 0;
  #gen = 0;
  /** The view last handed out, reused until the next write so repeated freezes are free. */
  #frozen: FrozenChunks | undefined;
  #size = 0;
  readonly #maxChunk: number;

  /** `maxChunk` is a parameter so tests can force splits and copies with a handful of keys. */
  constructor(maxChunk = DEFAULT_MAX_CHUNK) {
    this.#maxChunk = Math.max(2, maxChunk);
  }

  get size(): number {
    return this.#size;
  }

  get(key: Uint8Array): Uint8Array | undefined {
    return getFrozen(this.#chunks, key);
  }

  freeze(): FrozenChunks {
    if (this.#frozen === undefined) {
      this.#frozen = this.#chunks;
      this.#gen += 1;
    }
    return this.#frozen;
  }

  /** Inserts or replaces. Stores the given arrays as they are: the caller passes owned copies. */
  set(key: Uint8Array, value: Uint8Array): void {
    const list = this.#writableList();
    if (list.length === 0) {
      list.push({ keys: [key], values: [value], gen: this.#gen });
      this.#size = 1;
      return;
    }
    const ci = Math.min(chunkBound(list, key, false), list.length - 1);
    const c = this.#writableChunk(ci);
    const pi = bound(c.keys, key, false);
    if (pi < c.keys.length && compareBytes(c.keys[pi]!, key) === 0) {
      c.values[pi] = value;
      return;
    }
    c.keys.splice(pi, 0, key);
    c.values.splice(pi, 0, value);
    this.#size += 1;
    if (c.keys.length > this.#maxChunk) {
      const half = c.keys.length >>> 1;
      const right: Chunk = {
        keys: c.keys.splice(half),
        values: c.values.splice(half),
        gen: this.#gen,
      };
      list.splice(ci + 1, 0, right);
    }
  }

  delete(key: Uint8Array): boolean {
    const ci = chunkBound(this.#chunks, key, false);
    const found = this.#chunks[ci];
    if (found === undefined) return false;
    const pi = bound(found.keys, key, false);
    if (compareBytes(found.keys[pi]!, key) !== 0) return false;
    const list = this.#writableList();
    const c = this.#writableChunk(ci);
    c.keys.splice(pi, 1);
    c.values.splice(pi, 1);
    this.#size -= 1;
    if (c.keys.length === 0) list.splice(ci, 1);
    return true;
  }

  #writableList(): Chunk[] {
    this.#frozen = undefined;
    if (this.#listGen !== this.#gen) {
      this.#chunks = this.#chunks.slice();
      this.#listGen = this.#gen;
    }
    return this.#chunks;
  }

  #writableChunk(ci: number): Chunk {
    const c = this.#chunks[ci]!;
    if (c.gen === this.#gen) return c;
    const copy: Chunk = { keys: c.keys.slice(), values: c.values.slice(), gen: this.#gen };
    this.#chunks[ci] = copy;
    return copy;
  }
}
