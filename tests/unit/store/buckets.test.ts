import { describe, expect, it } from 'vitest';
import {
  Bucket,
  META,
  concatBytes,
  defineBucket,
  prefixEnd,
  u32Key,
  u64Key,
} from '../../../src/lib/store/buckets.ts';
import { compareBytes } from '../../../src/lib/store/bytes.ts';
import { InvalidKeyError } from '../../../src/lib/store/errors.ts';
import { hex } from './assert.ts';

describe('key helpers', () => {
  it('prefixEnd is the first key past every extension of the prefix', () => {
    expect(hex(prefixEnd(Uint8Array.of(1, 2)))).toBe('0103');
    expect(hex(prefixEnd(Uint8Array.of(1, 0xff)))).toBe('02');
    expect(prefixEnd(Uint8Array.of(0xff, 0xff))).toBeUndefined();
    expect(prefixEnd(new Uint8Array(0))).toBeUndefined();
  });

  it('integer keys sort numerically', () => {
    const ns = [0, 1, 255, 256, 65535, 2 ** 24, 2 ** 32 - 1];
    for (let i = 1; i < ns.length; i++) {
      expect(compareBytes(u32Key(ns[i - 1]!), u32Key(ns[i]!))).toBeLessThan(0);
      expect(compareBytes(u64Key(ns[i - 1]!), u64Key(ns[i]!))).toBeLessThan(0);
    }
    expect(compareBytes(u64Key(2n ** 32n), u64Key(2n ** 63n))).toBeLessThan(0);
    // Big-endian bytes, exactly.
    expect(hex(u32Key(0x01020304))).toBe('01020304');
    expect(hex(u32Key(2 ** 32 - 1))).toBe('ffffffff');
    expect(hex(u64Key(0x0102030405060708n))).toBe('0102030405060708');
    expect(hex(u64Key(2n ** 64n - 1n))).toBe('ffffffffffffffff');
    expect(hex(u64Key(2 ** 53 - 1))).toBe('001fffffffffffff');
    expect(() => u32Key(-1)).toThrow(InvalidKeyError);
    expect(() => u32Key(2 ** 32)).toThrow(InvalidKeyError);
    expect(() => u64Key(-1n)).toThrow(InvalidKeyError);
    expect(() => u64Key(2n ** 64n)).toThrow(InvalidKeyError);
  });

  it('concatBytes joins', () => {
    expect(hex(concatBytes(Uint8Array.of(1), new Uint8Array(0), Uint8Array.of(2, 3)))).toBe(
      '010203',
    );
  });
});

describe('Bucket', () => {
  it('prefixes keys and strips them back', () => {
    const b = new Bucket(0x21, 'test-a');
    const k = b.key(Uint8Array.of(5), Uint8Array.of(6));
    expect(hex(k)).toBe('210506');
    expect(b.contains(k)).toBe(true);
    expect(hex(b.suffix(k))).toBe('0506');
    expect(() => b.suffix(Uint8Array.of(0x22, 1))).toThrow(InvalidKeyError);
  });

  it('ranges stay inside the bucket whatever the bounds', () => {
    const b = new Bucket(0x21, 'test-a');
    expect(b.range()).toMatchObject({ gte: Uint8Array.of(0x21), lt: Uint8Array.of(0x22) });
    const r = b.range({ prefix: Uint8Array.of(7), gte: Uint8Array.of(1), lte: Uint8Array.of(9) });
    // bounds outside the prefix are clamped to it
    expect(hex(r.gte)).toBe('2107');
    expect(hex(r.lt)).toBe('2108');
    expect(r.lte).toBeUndefined();
    const inner = b.range({ gt: Uint8Array.of(1, 2), lt: Uint8Array.of(1, 9), reverse: true });
    expect(hex(inner.gt)).toBe('210102');
    expect(hex(inner.lt)).toBe('210109');
    expect(inner.reverse).toBe(true);
  });

  it('bucket ids are bytes, 0 is reserved, and one id has one owner', () => {
    expect(META.id).toBe(0);
    expect(() => defineBucket(0, 'mine')).toThrow(/reserved/);
    expect(() => new Bucket(256, 'x')).toThrow(InvalidKeyError);
    defineBucket(0xe0, 'test-owner');
    expect(() => defineBucket(0xe0, 'test-other')).toThrow(/already/);
  });
});
