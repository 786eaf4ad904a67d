// Codecs built from codecs: structs, options, slices and fixed arrays. Errors from inner values
// are re-thrown with the field path (`args.publicKeys[3]`), so a log line says where it broke.
//
// go-scale also caps nesting depth (MaxNested = 4) because its decoders can be recursive; codecs
// here are fixed trees built at module load, so their depth is bounded by construction.
import type { Codec } from './codec.ts';
import { DecodeError, EncodeError } from './errors.ts';
import { readLength, writeLength } from './primitives.ts';

function rethrowWithin(e: unknown, outer: string): never {
  if (e instanceof DecodeError) throw e.within(outer);
  throw e;
}

/** Codecs for each field of T, in wire order (object key order). */
export type StructFields<T> = { readonly [K in keyof T]: Codec<T[K]> };

/**
 * A struct: its fields one after another, no tags or lengths. Field order is the order of the
 * keys of `fields` (keep keys non-numeric: JS puts integer-like keys first).
 */
export function struct<T extends object>(fields: StructFields<T>): Codec<T> {
  const entries = Object.entries(fields) as [string, Codec<unknown>][];
  return {
    encode(w, v) {
      if (typeof v !== 'object' || v === null)
        throw new EncodeError('invalid-value', 'struct: not an object');
      const rec = v as Record<string, unknown>;
      for (const [name, codec] of entries) codec.encode(w, rec[name]);
    },
    decode(r) {
      const out: Record<string, unknown> = {};
      for (const [name, codec] of entries) {
        try {
          out[name] = codec.decode(r);
        } catch (e) {
          rethrowWithin(e, name);
        }
      }
      return out as T;
    },
  };
}

/** Option / pointer: a 0 byte for absent (null), or a 1 byte then the value. */
export function option<T>(inner: Codec<T>): Codec<T | null> {
  return {
    encode(w, v) {
      if (v === null || v === undefined) {
        w.byte(0);
        return;
      }
      w.byte(1);
      inner.encode(w, v);
    },
    decode(r) {
      const tag = r.byte('option');
      if (tag === 0) return null;
      if (tag !== 1)
        throw new DecodeError('invalid-value', `option: presence byte ${tag} is neither 0 nor 1`);
      return inner.decode(r);
    },
  };
}

/**
 * A slice with `scale:"max=N"`: compact32 count ‖ items. The count is checked against `max`
 * before any item is read.
 */
export function slice<T>(item: Codec<T>, max: number): Codec<T[]> {
  if (!Number.isInteger(max) || max < 0 || max > 0xffffffff)
    throw new RangeError(`a SCALE maximum must be an integer in 0..2^32-1, got ${max}`);
  const what = `slice (max ${max})`;
  return {
    encode(w, v) {
      if (!Array.isArray(v)) throw new EncodeError('invalid-value', `${what}: not an array`);
      writeLength(w, v.length, max, what);
      for (const x of v) item.encode(w, x);
    },
    decode(r) {
      const n = readLength(r, max, what);
      const out: T[] = [];
      for (let i = 0; i < n; i++) {
        try {
          out.push(item.decode(r));
        } catch (e) {
          rethrowWithin(e, `[${i}]`);
        }
      }
      return out;
    },
  };
}

/** A fixed-length array of items ([N]T): exactly `n` items, no count on the wire. */
export function array<T>(item: Codec<T>, n: number): Codec<T[]> {
  const what = `[${n}] array`;
  return {
    encode(w, v) {
      if (!Array.isArray(v) || v.length !== n)
        throw new EncodeError('bad-length', `${what}: expected ${n} items`);
      for (const x of v) item.encode(w, x);
    },
    decode(r) {
      const out: T[] = [];
      for (let i = 0; i < n; i++) {
        try {
          out.push(item.decode(r));
        } catch (e) {
          rethrowWithin(e, `[${i}]`);
        }
      }
      return out;
    },
  };
}
