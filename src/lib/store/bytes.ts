// Byte helpers shared by the backends: the one key order, argument checks, and range tests for
// the backends (memory) that evaluate ranges themselves.
import { InvalidKeyError } from './errors.ts';
import type { IterateOptions, KeyRange } from './interface.ts';

import { compareBytes, equalBytes } from '../bytes.ts';

export { compareBytes, equalBytes };

/**
 * Keys must be non-empty Uint8Arrays: an empty key is legal in some backends and not others,
 * and every real key starts with a bucket byte anyway.
 */
export function checkKey(key: unknown): asserts key is Uint8Array {
  if (!(key instanceof Uint8Array)) throw new InvalidKeyError('key must be a Uint8Array');
  if (key.length === 0) throw new InvalidKeyError('key must not be empty');
}

export function checkValue(value: unknown): asserts value is Uint8Array {
  if (!(value instanceof Uint8Array)) throw new InvalidKeyError('value must be a Uint8Array');
}

export function checkIterateOptions(o: IterateOptions): void {
  for (const b of [o.gt, o.gte, o.lt, o.lte]) {
    if (b !== undefined && !(b instanceof Uint8Array))
      throw new InvalidKeyError('range bounds must be Uint8Arrays');
  }
  if (o.limit !== undefined && !(Number.isSafeInteger(o.limit) && o.limit >= 0))
    throw new InvalidKeyError(`limit must be a non-negative integer, got ${o.limit}`);
}

/** A copy that owns exactly its bytes (no shared or oversized underlying buffer). */
export function copyBytes(b: Uint8Array): Uint8Array {
  return b.slice();
}

export function aboveLower(key: Uint8Array, r: KeyRange): boolean {
  if (r.gt !== undefined) return compareBytes(key, r.gt) > 0;
  if (r.gte !== undefined) return compareBytes(key, r.gte) >= 0;
  return true;
}

export function belowUpper(key: Uint8Array, r: KeyRange): boolean {
  if (r.lt !== undefined) return compareBytes(key, r.lt) < 0;
  if (r.lte !== undefined) return compareBytes(key, r.lte) <= 0;
  return true;
}

/** True when no key can satisfy both bounds; backends short-circuit instead of erroring. */
export function rangeIsEmpty(r: KeyRange): boolean {
  const lo = r.gt ?? r.gte;
  const hi = r.lt ?? r.lte;
  if (lo === undefined || hi === undefined) return false;
  const c = compareBytes(lo, hi);
  return c > 0 || (c === 0 && (r.gt !== undefined || r.lt !== undefined));
}
