// SCALE compact integers as go-scale reads and writes them (encoder.go / decoder.go):
//
//   v < 2^6   1 byte   v<<2
//   v < 2^14  2 bytes  LE (v<<2)|1
//   v < 2^30  4 bytes  LE (v<<2)|2
//   else      1 byte   ((n-4)<<2)|3, then v in n LE bytes (the encoder writes the fewest)
//
// Decoding is strict where go-scale is: a value that fits a shorter 1/2/4-byte mode is refused
// ('non-canonical'), and so is a big-integer-mode value below 2^30. Like go-scale, the byte count
// of the big-integer mode is not checked for minimality (07 00000040 00 is 2^30), so encode(decode(b))
// can differ from b there; transaction ids and signatures cover the raw bytes, so nothing relies on
// re-encoding. Each width refuses what would not fit it ('overflow'), before reading further.
import { DecodeError, EncodeError } from './errors.ts';
import type { Reader } from './reader.ts';
import type { Writer } from './writer.ts';

const MAX_U6 = 2 ** 6 - 1;
const MAX_U14 = 2 ** 14 - 1;
const MAX_U30 = 2 ** 30 - 1;
const MAX_U64 = 2n ** 64n - 1n;

/** Modes 0–2 (values below 2^30), shared by every width; `max` is the width's own maximum. */
function readSmall(r: Reader, b0: number, max: number, what: string): number {
  switch (b0 & 3) {
    case 0:
      return b0 >>> 2;
    case 1: {
      const v = (b0 | (r.byte(what) << 8)) >>> 2;
      if (v <= MAX_U6) throw nonCanonical(what, v, 1);
      if (v > max) throw overflow(what, v);
      return v;
    }
    default: {
      r.need(3, what);
      const v = (b0 | (r.byte() << 8) | (r.byte() << 16) | (r.byte() << 24)) >>> 2;
      if (v <= MAX_U14) throw nonCanonical(what, v, 2);
      if (v > max) throw overflow(what, v);
      return v;
    }
  }
}

function nonCanonical(what: string, v: number | bigint, shorter: number): DecodeError {
  return new DecodeError(
    'non-canonical',
    `${what}: value ${v} must use the ${shorter}-byte encoding`,
  );
}

function overflow(what: string, v: number | bigint | string): DecodeError {
  return new DecodeError('overflow', `${what}: value ${v} does not fit`);
}

export function readCompact8(r: Reader): number {
  const b0 = r.byte('compact8');
  if ((b0 & 3) >= 2) throw overflow('compact8', 'of a 4-byte or big-integer mode');
  return readSmall(r, b0, 0xff, 'compact8');
}

export function readCompact16(r: Reader): number {
  const b0 = r.byte('compact16');
  if ((b0 & 3) === 3) throw overflow('compact16', 'of the big-integer mode');
  return readSmall(r, b0, 0xffff, 'compact16');
}

export function readCompact32(r: Reader): number {
  const b0 = r.byte('compact32');
  if ((b0 & 3) !== 3) return readSmall(r, b0, MAX_U30, 'compact32');
  const n = (b0 >>> 2) + 4;
  if (n > 4) throw overflow('compact32', `of ${n} bytes`);
  const v = r.u32le('compact32');
  if (v <= MAX_U30) throw nonCanonical('compact32', v, 4);
  return v;
}

export function readCompact64(r: Reader): bigint {
  const b0 = r.byte('compact64');
  if ((b0 & 3) !== 3) return BigInt(readSmall(r, b0, MAX_U30, 'compact64'));
  const n = (b0 >>> 2) + 4;
  if (n > 8) throw overflow('compact64', `of ${n} bytes`);
  r.need(n, 'compact64');
  let v = 0n;
  for (let i = 0; i < n; i++) v |= BigInt(r.byte()) << BigInt(8 * i);
  if (v <= MAX_U30) throw nonCanonical('compact64', v, 4);
  return v;
}

/** A compact64 field read as a JS number; values above 2^53-1 are an 'overflow'. */
export function readCompact64Number(r: Reader): number {
  const v = readCompact64(r);
  if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw overflow('compact64', `${v} (above 2^53-1)`);
  return Number(v);
}

function checkInt(v: number, max: number, what: string): void {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max)
    throw new EncodeError('out-of-range', `${what}: ${String(v)} is not an integer in 0..${max}`);
}

/** Writes a number below 2^32 in the shortest mode. */
function writeSmall(w: Writer, v: number): void {
  if (v <= MAX_U6) w.byte(v << 2);
  else if (v <= MAX_U14) {
    const x = (v << 2) | 1;
    w.byte(x & 0xff);
    w.byte(x >>> 8);
  } else if (v <= MAX_U30) w.u32le(((v << 2) | 2) >>> 0);
  else {
    w.byte(3); // ((4 - 4) << 2) | 3: four value bytes follow
    w.u32le(v);
  }
}

export function writeCompact8(w: Writer, v: number): void {
  checkInt(v, 0xff, 'compact8');
  writeSmall(w, v);
}

export function writeCompact16(w: Writer, v: number): void {
  checkInt(v, 0xffff, 'compact16');
  writeSmall(w, v);
}

export function writeCompact32(w: Writer, v: number): void {
  checkInt(v, 0xffffffff, 'compact32');
  writeSmall(w, v);
}

export function writeCompact64(w: Writer, v: bigint): void {
  if (typeof v !== 'bigint' || v < 0n || v > MAX_U64)
    throw new EncodeError('out-of-range', `compact64: ${String(v)} is not a bigint in 0..2^64-1`);
  if (v <= 0xffffffffn) {
    writeSmall(w, Number(v));
    return;
  }
  let n = 5;
  while (v >> BigInt(8 * n) !== 0n) n++;
  w.byte(((n - 4) << 2) | 3);
  for (let i = 0; i < n; i++) w.byte(Number((v >> BigInt(8 * i)) & 0xffn));
}

/** A compact64 field given as a safe JS integer (e.g. a count or a layer that fits easily). */
export function writeCompact64Number(w: Writer, v: number): void {
  checkInt(v, Number.MAX_SAFE_INTEGER, 'compact64');
  writeCompact64(w, BigInt(v));
}
