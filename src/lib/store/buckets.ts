// Namespaces. Every component owns a bucket: a 1-byte id prefixed to its keys, so its entries
// form one contiguous key range that nobody else writes (go-spacemesh gets the same from one SQL
// table per component; Lodestar from its Bucket enum). Bucket 0 is the store's own meta data.
import { compareBytes } from './bytes.ts';
import { InvalidKeyError } from './errors.ts';
import type { BatchOp, Entry, IterateOptions, KeyRange, Store } from './interface.ts';

/** The smallest key greater than every key that starts with prefix; undefined when none is. */
export function prefixEnd(prefix: Uint8Array): Uint8Array | undefined {
  for (let i = prefix.length - 1; i >= 0; i--) {
    if (prefix[i]! !== 0xff) {
      const end = prefix.slice(0, i + 1);
      end[i] = prefix[i]! + 1;
      return end;
    }
  }
  return undefined;
}

import { concatBytes } from '@noble/hashes/utils.js';

export { concatBytes };

/** Big-endian, so numeric order is key order. */
export function u32Key(n: number): Uint8Array {
  if (!Number.isInteger(n) || n < 0 || n > 0xffffffff)
    throw new InvalidKeyError(`u32 key out of range: ${n}`);
  // Byte by byte: a DataView needs `.buffer`, which moves a small array's bytes off the heap.
  return Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
}

export function u64Key(n: bigint | number): Uint8Array {
  const v = BigInt(n);
  if (v < 0n || v > 0xffffffffffffffffn) throw new InvalidKeyError(`u64 key out of range: ${n}`);
  const hi = Number(v >> 32n);
  const lo = Number(v & 0xffffffffn);
  return Uint8Array.of(
    hi >>> 24,
    (hi >>> 16) & 0xff,
    (hi >>> 8) & 0xff,
    hi & 0xff,
    lo >>> 24,
    (lo >>> 16) & 0xff,
    (lo >>> 8) & 0xff,
    lo & 0xff,
  );
}

const registry = new Map<number, string>();

export class Bucket {
  readonly id: number;
  readonly name: string;
  readonly prefix: Uint8Array;

  constructor(id: number, name: string) {
    if (!Number.isInteger(id) || id < 0 || id > 0xff)
      throw new InvalidKeyError(`bucket id must be a byte, got ${id}`);
    this.id = id;
    this.name = name;
    this.prefix = Uint8Array.of(id);
  }

  /** prefix ‖ parts… */
  key(...parts: readonly Uint8Array[]): Uint8Array {
    return concatBytes(this.prefix, ...parts);
  }

  contains(key: Uint8Array): boolean {
    return key.length >= 1 && key[0] === this.id;
  }

  /** The key without the bucket byte; throws for a key from another bucket. */
  suffix(key: Uint8Array): Uint8Array {
    if (!this.contains(key)) throw new InvalidKeyError(`key is not in bucket ${this.name}`);
    return key.subarray(1);
  }

  /**
   * Store-level iterate options covering this bucket, or only its keys under `prefix`. Bounds
   * are given relative to the bucket (without the id byte) and clamped to the covered range.
   */
  range(options: IterateOptions & { readonly prefix?: Uint8Array } = {}): IterateOptions {
    const base = options.prefix === undefined ? this.prefix : this.key(options.prefix);
    const end = prefixEnd(base);
    let lower: KeyRange;
    if (options.gt !== undefined) {
      const k = this.key(options.gt);
      lower = compareBytes(k, base) >= 0 ? { gt: k } : { gte: base };
    } else if (options.gte !== undefined) {
      const k = this.key(options.gte);
      lower = { gte: compareBytes(k, base) >= 0 ? k : base };
    } else {
      lower = { gte: base };
    }
    let upper: KeyRange;
    if (options.lt !== undefined) {
      const k = this.key(options.lt);
      upper = { lt: end === undefined || compareBytes(k, end) <= 0 ? k : end };
    } else if (options.lte !== undefined) {
      const k = this.key(options.lte);
      upper = end === undefined || compareBytes(k, end) < 0 ? { lte: k } : { lt: end };
    } else {
      upper = end === undefined ? {} : { lt: end };
    }
    return { ...lower, ...upper, reverse: options.reverse, limit: options.limit };
  }

  putOp(suffix: Uint8Array, value: Uint8Array): BatchOp {
    return { type: 'put', key: this.key(suffix), value };
  }

  delOp(suffix: Uint8Array): BatchOp {
    return { type: 'del', key: this.key(suffix) };
  }

  /** A store view whose keys are relative to this bucket. */
  view(store: Store): BucketView {
    return new BucketView(this, store);
  }
}

/**
 * Declares a component's bucket. Ids are unique per process: a second component claiming the
 * same id under another name is a programming error caught at import time.
 */
export function defineBucket(id: number, name: string): Bucket {
  if (id === META_BUCKET_ID) throw new InvalidKeyError('bucket 0 is reserved for store meta data');
  const taken = registry.get(id);
  if (taken !== undefined && taken !== name)
    throw new InvalidKeyError(`bucket ${id} is already ${taken}, cannot define ${name}`);
  registry.set(id, name);
  return new Bucket(id, name);
}

export const META_BUCKET_ID = 0;
/** The store's own records (schema version). Components never write here. */
export const META = new Bucket(META_BUCKET_ID, 'meta');

export class BucketView {
  readonly bucket: Bucket;
  readonly store: Store;

  constructor(bucket: Bucket, store: Store) {
    this.bucket = bucket;
    this.store = store;
  }

  get(suffix: Uint8Array): Promise<Uint8Array | undefined> {
    return this.store.get(this.bucket.key(suffix));
  }

  has(suffix: Uint8Array): Promise<boolean> {
    return this.store.has(this.bucket.key(suffix));
  }

  put(suffix: Uint8Array, value: Uint8Array): Promise<void> {
    return this.store.put(this.bucket.key(suffix), value);
  }

  delete(suffix: Uint8Array): Promise<void> {
    return this.store.delete(this.bucket.key(suffix));
  }

  /** Entries with keys relative to the bucket. */
  async *iterate(
    options: IterateOptions & { readonly prefix?: Uint8Array } = {},
  ): AsyncGenerator<Entry> {
    for await (const e of this.store.iterate(this.bucket.range(options))) {
      yield { key: e.key.subarray(1), value: e.value };
    }
  }
}
