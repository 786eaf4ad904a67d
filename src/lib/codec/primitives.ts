// Leaf codecs: integers, bool, byte arrays and strings, with the bounds go-scale enforces.
import type { Codec } from './codec.ts';
import {
  readCompact16,
  readCompact32,
  readCompact64,
  readCompact64Number,
  readCompact8,
  writeCompact16,
  writeCompact32,
  writeCompact64,
  writeCompact64Number,
  writeCompact8,
} from './compact.ts';
import { DecodeError, EncodeError } from './errors.ts';
import type { Reader } from './reader.ts';
import type { Writer } from './writer.ts';

// Compact integers: go-spacemesh's scalegen writes every uint8/16/32/64 struct field this way.
export const compact8: Codec<number> = { encode: writeCompact8, decode: readCompact8 };
export const compact16: Codec<number> = { encode: writeCompact16, decode: readCompact16 };
export const compact32: Codec<number> = { encode: writeCompact32, decode: readCompact32 };
export const compact64: Codec<bigint> = { encode: writeCompact64, decode: readCompact64 };
/** compact64 on the wire, a JS number in memory; decoding fails above 2^53-1. */
export const compact64Number: Codec<number> = {
  encode: writeCompact64Number,
  decode: readCompact64Number,
};

function checkFixed(v: number, max: number, what: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max)
    throw new EncodeError('out-of-range', `${what}: ${String(v)} is not an integer in 0..${max}`);
}

// Fixed-width little-endian integers (go-scale EncodeUint16/32/64, used where a format fixes
// the width, e.g. PoST nonces and indices).
export const u8: Codec<number> = {
  encode(w, v) {
    checkFixed(v, 0xff, 'uint8');
    w.byte(v);
  },
  decode: (r) => r.byte('uint8'),
};

export const u16: Codec<number> = {
  encode(w, v) {
    checkFixed(v, 0xffff, 'uint16');
    w.byte(v & 0xff);
    w.byte(v >>> 8);
  },
  decode(r) {
    r.need(2, 'uint16');
    return r.byte() | (r.byte() << 8);
  },
};

export const u32: Codec<number> = {
  encode(w, v) {
    checkFixed(v, 0xffffffff, 'uint32');
    w.u32le(v);
  },
  decode: (r) => r.u32le('uint32'),
};

export const u64: Codec<bigint> = {
  encode(w, v) {
    if (typeof v !== 'bigint' || v < 0n || v > 0xffffffffffffffffn)
      throw new EncodeError('out-of-range', `uint64: ${String(v)} is not a bigint in 0..2^64-1`);
    w.u32le(Number(v & 0xffffffffn));
    w.u32le(Number(v >> 32n));
  },
  decode(r) {
    r.need(8, 'uint64');
    const lo = r.u32le();
    const hi = r.u32le();
    return (BigInt(hi) << 32n) | BigInt(lo);
  },
};

/**
 * One byte, 0 or 1. go-scale's decoder reads any byte other than 1 as false; we refuse
 * anything but 0 and 1 so that one value has one encoding (and one message id).
 */
export const bool: Codec<boolean> = {
  encode(w, v) {
    if (typeof v !== 'boolean') throw new EncodeError('invalid-value', 'bool: not a boolean');
    w.byte(v ? 1 : 0);
  },
  decode(r) {
    const b = r.byte('bool');
    if (b > 1) throw new DecodeError('invalid-value', `bool: byte ${b} is neither 0 nor 1`);
    return b === 1;
  },
};

function checkBytes(v: Uint8Array, what: string): void {
  if (!(v instanceof Uint8Array))
    throw new EncodeError('invalid-value', `${what}: not a Uint8Array`);
}

/** A fixed-size byte array ([N]byte, Hash32, Address): raw bytes, no length prefix. */
export function fixedBytes(n: number): Codec<Uint8Array> {
  const what = `[${n}]byte`;
  return {
    encode(w, v) {
      checkBytes(v, what);
      if (v.length !== n) throw new EncodeError('bad-length', `${what}: got ${v.length} bytes`);
      w.bytes(v);
    },
    decode: (r) => r.take(n, what),
  };
}

/** Reads a compact32 length and refuses it above `max` before anything is allocated. */
export function readLength(r: Reader, max: number, what: string): number {
  const n = readCompact32(r);
  if (n > max)
    throw new DecodeError('too-long', `${what}: length ${n} is above the maximum ${max}`);
  return n;
}

export function writeLength(w: Writer, n: number, max: number, what: string): void {
  if (n > max)
    throw new EncodeError('bad-length', `${what}: length ${n} is above the maximum ${max}`);
  writeCompact32(w, n);
}

function checkMax(max: number): void {
  if (!Number.isInteger(max) || max < 0 || max > 0xffffffff)
    throw new RangeError(`a SCALE maximum must be an integer in 0..2^32-1, got ${max}`);
}

/** A []byte with `scale:"max=N"`: compact32 length ‖ bytes. */
export function byteSlice(max: number): Codec<Uint8Array> {
  checkMax(max);
  const what = `[]byte (max ${max})`;
  return {
    encode(w, v) {
      checkBytes(v, what);
      writeLength(w, v.length, max, what);
      w.bytes(v);
    },
    decode(r) {
      const n = readLength(r, max, what);
      return r.take(n, what);
    },
  };
}

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const utf8Encoder = new TextEncoder();

/**
 * A string with `scale:"max=N"` (N counts bytes): compact32 length ‖ UTF-8. Go strings may hold
 * any bytes; JS strings cannot round-trip invalid UTF-8, so such input is an 'invalid-value'.
 */
export function string(max: number): Codec<string> {
  checkMax(max);
  const what = `string (max ${max})`;
  return {
    encode(w, v) {
      if (typeof v !== 'string') throw new EncodeError('invalid-value', `${what}: not a string`);
      const b = utf8Encoder.encode(v);
      writeLength(w, b.length, max, what);
      w.bytes(b);
    },
    decode(r) {
      const n = readLength(r, max, what);
      const b = r.take(n, what);
      try {
        return utf8Decoder.decode(b);
      } catch {
        throw new DecodeError('invalid-value', `${what}: not valid UTF-8`);
      }
    },
  };
}
