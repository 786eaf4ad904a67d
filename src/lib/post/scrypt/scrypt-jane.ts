// scrypt-jane as post-rs links it (spacemeshos/scrypt-jane built with SCRYPT_KECCAK512 and
// SCRYPT_CHACHA): B = PBKDF2-HMAC-Keccak512(password, salt, 1, 128·r·p); each 128r-byte chunk
// of B goes through ROMix with ChaCha20/8; out = PBKDF2-HMAC-Keccak512(password, B, 1, dkLen).
// Keccak-512 here is the ORIGINAL Keccak (padding 0x01), not SHA3-512; its rate (72 bytes) is
// the HMAC block size, so the 72-byte label password is used as the HMAC key unhashed.
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { keccak_512 } from '@noble/hashes/sha3.js';
import { createRomixScratch, romix, type RomixScratch } from './romix.ts';

export interface ScryptJaneParams {
  /** Cost: a power of two ≥ 2 (scrypt-jane's Nfactor is log2(N) − 1). */
  readonly n: number;
  /** Block size factor, a power of two (post-rs: 1). */
  readonly r: number;
  /** Parallelism, a power of two (post-rs: 1). */
  readonly p: number;
}

export class ScryptParamsError extends Error {
  override name = 'ScryptParamsError';
}

export function isPowerOfTwo(v: number): boolean {
  return Number.isSafeInteger(v) && v > 0 && (v & (v - 1)) === 0 && v <= 2 ** 30;
}

export function checkScryptParams({ n, r, p }: ScryptJaneParams): void {
  if (!isPowerOfTwo(n) || n < 2) throw new ScryptParamsError(`N must be a power of two ≥ 2: ${n}`);
  if (!isPowerOfTwo(r)) throw new ScryptParamsError(`r must be a power of two: ${r}`);
  if (!isPowerOfTwo(p)) throw new ScryptParamsError(`p must be a power of two: ${p}`);
  // V is one Int32Array of 32·r·N words.
  if (32 * r * n > 2 ** 30) throw new ScryptParamsError(`N·r too large: ${n}·${r}`);
}

/** PBKDF2-HMAC over original Keccak-512 with one iteration — all scrypt-jane ever uses. */
export function pbkdf2Keccak512(password: Uint8Array, salt: Uint8Array, dkLen: number) {
  return pbkdf2(keccak_512, password, salt, { c: 1, dkLen });
}

/** Little-endian bytes → words (no dependence on the host's byte order). */
export function bytesToWords(b: Uint8Array, w: Int32Array): void {
  for (let i = 0, k = 0; i < w.length; i++, k += 4)
    w[i] = b[k]! | (b[k + 1]! << 8) | (b[k + 2]! << 16) | (b[k + 3]! << 24);
}

/** Words → little-endian bytes. */
export function wordsToBytes(w: Int32Array, b: Uint8Array): void {
  for (let i = 0, k = 0; i < w.length; i++, k += 4) {
    const v = w[i]!;
    b[k] = v;
    b[k + 1] = v >>> 8;
    b[k + 2] = v >>> 16;
    b[k + 3] = v >>> 24;
  }
}

/**
 * ROMix over one 128·r-byte chunk, in place, with its 128·r·N bytes of scratch kept between
 * calls. (A WebAssembly SIMD version that runs one ChaCha block per v128 row measured slower
 * than this: the core is one long dependency chain, so it only pays with several labels per
 * vector, one per lane.)
 */
export class RomixEngine {
  readonly n: number;
  readonly r: number;
  private readonly scratch: RomixScratch;
  private readonly x: Int32Array;

  constructor(n: number, r: number) {
    checkScryptParams({ n, r, p: 1 });
    this.n = n;
    this.r = r;
    this.scratch = createRomixScratch(n, r);
    this.x = new Int32Array(32 * r);
  }

  mix(chunk: Uint8Array): void {
    bytesToWords(chunk, this.x);
    romix(this.x, this.scratch);
    wordsToBytes(this.x, chunk);
  }
}

/**
 * The whole scrypt-jane function for any parameters. An `engine` for this n and r can be passed
 * to avoid allocating the 128·r·N-byte scratch per call.
 */
export function scryptJane(
  password: Uint8Array,
  salt: Uint8Array,
  params: ScryptJaneParams,
  dkLen: number,
  engine?: RomixEngine,
): Uint8Array {
  checkScryptParams(params);
  const { n, r, p } = params;
  const e = engine && engine.n === n && engine.r === r ? engine : new RomixEngine(n, r);
  const chunkBytes = 128 * r;
  const b = pbkdf2Keccak512(password, salt, chunkBytes * p);
  for (let i = 0; i < p; i++) e.mix(b.subarray(i * chunkBytes, (i + 1) * chunkBytes));
  return pbkdf2Keccak512(password, b, dkLen);
}
