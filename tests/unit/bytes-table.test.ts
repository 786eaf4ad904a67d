// The byte-keyed tables behind the verification memo, the shared ATX checks and the simulation's
// interned stores: a fast hash picks the slot, but only equal bytes may ever match.
import { describe, expect, it } from 'vitest';
import { BytesTable, hashBytes, joinKey, keyEquals } from '../../src/lib/bytes-table.ts';

const b = (...xs: number[]) => Uint8Array.from(xs);

describe('hashBytes / joinKey / keyEquals', () => {
  it('tells part boundaries apart: ([1,2],[3]) is not ([1],[2,3]) nor [1,2,3]', () => {
    const keys = [[b(1, 2), b(3)], [b(1), b(2, 3)], [b(1, 2, 3)], [b(1, 2, 3), b()]];
    const hashes = new Set(keys.map((k) => hashBytes(k)));
    expect(hashes.size).toBe(keys.length);
    for (const [i, k] of keys.entries())
      for (const [j, other] of keys.entries()) expect(keyEquals(joinKey(k), other)).toBe(i === j);
  });

  it('is the same for the same bytes wherever they sit (subarrays, unaligned offsets)', () => {
    const data = Uint8Array.from({ length: 101 }, (_, i) => (i * 37) & 0xff);
    for (const off of [0, 1, 2, 3, 5]) {
      const view = new Uint8Array(200);
      view.set(data, off);
      const sub = view.subarray(off, off + data.length);
      expect(hashBytes([sub])).toBe(hashBytes([data]));
      expect(keyEquals(joinKey([data]), [sub])).toBe(true);
    }
  });

  it('reads words as little-endian u32s (values pinned from the DataView version)', () => {
    const a = Uint8Array.from({ length: 37 }, (_, i) => (i * 97 + 5) & 0xff);
    expect(hashBytes([a])).toBe(2791427285193400);
    expect(hashBytes([a.subarray(0, 3), a.subarray(3)])).toBe(5493795322074540);
    expect(hashBytes([])).toBe(5566814248108895);
  });

  it('changes with any single byte, tail bytes included, and stays a safe integer', () => {
    const base = Uint8Array.from({ length: 67 }, (_, i) => i);
    const h0 = hashBytes([base]);
    expect(Number.isSafeInteger(h0)).toBe(true);
    const seen = new Set([h0]);
    for (let i = 0; i < base.length; i++) {
      const x = base.slice();
      x[i]! ^= 0x80;
      expect(keyEquals(joinKey([base]), [x])).toBe(false);
      seen.add(hashBytes([x]));
    }
    expect(seen.size).toBe(base.length + 1);
  });

  it('keyEquals refuses keys longer, shorter or with more parts than the joined one', () => {
    const joined = joinKey([b(1, 2), b(3)]);
    expect(keyEquals(joined, [b(1, 2), b(3, 4)])).toBe(false);
    expect(keyEquals(joined, [b(1, 2)])).toBe(false);
    expect(keyEquals(joined, [b(1, 2), b(3), b()])).toBe(false);
    expect(keyEquals(joined, [b(1, 2), b(3)])).toBe(true);
  });
});

describe('BytesTable', () => {
  it('answers only for equal bytes, replaces a value, counts entries', () => {
    const t = new BytesTable<string>();
    t.set([b(1), b(2)], 'a');
    t.set([b(9)], 'b');
    expect(t.get([b(1), b(2)])).toBe('a');
    expect(t.get([Uint8Array.of(1), Uint8Array.of(2)])).toBe('a');
    expect(t.get([b(1, 2)])).toBeUndefined();
    expect(t.has([b(9)])).toBe(true);
    expect(t.has([b(8)])).toBe(false);
    t.set([b(9)], 'c');
    expect(t.get([b(9)])).toBe('c');
    expect(t.size).toBe(2);
  });

  it('never answers for a different key that lands in the same slot', () => {
    // A slot is chosen by the hash the caller passes: force two keys into one.
    const t = new BytesTable<string>();
    t.set([b(1)], 'one', 42);
    expect(t.get([b(2)], 42)).toBeUndefined();
    expect(t.has([b(2)], 42)).toBe(false);
    // The newer key takes the slot; the older one is a miss from then on, never a wrong answer.
    t.set([b(2)], 'two', 42);
    expect(t.get([b(2)], 42)).toBe('two');
    expect(t.get([b(1)], 42)).toBeUndefined();
    expect(t.size).toBe(1);
  });

  it('keeps its own copy of the key: changing the caller’s bytes changes nothing', () => {
    const t = new BytesTable<number>();
    const k = b(5, 6, 7);
    t.set([k], 1);
    k[0] = 0;
    expect(t.get([b(5, 6, 7)])).toBe(1);
    expect(t.get([k])).toBeUndefined();
  });
});
