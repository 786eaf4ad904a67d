// The AES-128 ciphers of PoST proving (post-rs src/cipher.rs): one key per nonce group of 16
// nonces, and a "lazy" key per nonce used only to break ties on the difficulty's MSB.
//
// AES runs over every label once per nonce group, so it is the prover's hot loop. WebCrypto has
// no ECB mode, and @noble/ciphers' ECB re-expands the key on every call and allocates, so this
// file carries a small T-table AES-128 that expands a key once and encrypts many blocks into a
// caller-owned buffer. Hosts with native AES (node:crypto under Node) can pass their own
// `AesFactory` instead; both must give identical bytes (the unit tests compare them).
import { blake3 } from '../crypto/hash.ts';

/** Nonces served by one AES output block: each of its 16 bytes decides one nonce. */
export const NONCES_PER_AES = 16;
/** AES block (and label) size in bytes. */
export const AES_BLOCK = 16;

/** ECB encryption of whole 16-byte blocks under one key. */
export interface AesEcb {
  /**
   * Encrypts `input` (a multiple of 16 bytes). Returns the ciphertext: written into `output`
   * (at least as long) and returned, or a new array of its own when that saves a copy.
   */
  encrypt(input: Uint8Array, output: Uint8Array): Uint8Array;
}

/** Makes an `AesEcb` for a 16-byte key. */
export type AesFactory = (key: Uint8Array) => AesEcb;

// Bytes written one by one: a DataView over a small array's .buffer makes V8 move the array off
// its heap first, which in a large heap costs more than the hash (src/lib/bytes-table.ts).
function u32le(v: number): Uint8Array {
  const b = new Uint8Array(4);
  for (let i = 0; i < 4; i++) b[i] = (v >>> (8 * i)) & 0xff;
  return b;
}

function u64le(v: bigint): Uint8Array {
  const b = new Uint8Array(8);
  const lo = Number(BigInt.asUintN(32, v));
  const hi = Number(BigInt.asUintN(32, v >> 32n));
  for (let i = 0; i < 4; i++) {
    b[i] = (lo >>> (8 * i)) & 0xff;
    b[i + 4] = (hi >>> (8 * i)) & 0xff;
  }
  return b;
}

/** Group key: blake3(challenge ‖ u32le(nonceGroup) ‖ u64le(pow))[0..16]. */
export function aesKey(challenge: Uint8Array, nonceGroup: number, pow: bigint): Uint8Array {
  return blake3(challenge, u32le(nonceGroup), u64le(pow)).slice(0, 16);
}

/** Tie-break key of one nonce: blake3(challenge ‖ u32le(group) ‖ u64le(pow) ‖ u32le(nonce))[0..16]. */
export function lazyAesKey(
  challenge: Uint8Array,
  nonce: number,
  nonceGroup: number,
  pow: bigint,
): Uint8Array {
  return blake3(challenge, u32le(nonceGroup), u64le(pow), u32le(nonce)).slice(0, 16);
}

/** The 56 low bits of the first 8 output bytes read little-endian (post-rs check_lsb). */
export function lsb56(out: Uint8Array, offset = 0): bigint {
  let v = 0n;
  for (let i = 6; i >= 0; i--) v = (v << 8n) | BigInt(out[offset + i]!);
  return v;
}

// --- T-table AES-128 ---------------------------------------------------------------------------
// Words hold 4 state bytes little-endian (byte 0 in the low bits), so each T-table entry is one
// column of MixColumns(SubBytes(x)) laid out in that order, and the 4 tables are rotations.

const SBOX = new Uint8Array(256);
const T0 = new Uint32Array(256);
const T1 = new Uint32Array(256);
const T2 = new Uint32Array(256);
const T3 = new Uint32Array(256);

function xtime(a: number): number {
  return ((a << 1) ^ (a & 0x80 ? 0x1b : 0)) & 0xff;
}

(function buildTables(): void {
  // S-box from the field inverse and the affine map (FIPS-197 §5.1.1), computed rather than
  // pasted so that a typo cannot hide in a 256-entry literal.
  let p = 1;
  let q = 1;
  do {
    p = p ^ xtime(p); // p *= 3 walks the multiplicative group
    q ^= q << 1; // q /= 3
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09;
    const r = q ^ ((q << 1) | (q >>> 7)) ^ ((q << 2) | (q >>> 6)) ^ ((q << 3) | (q >>> 5));
    SBOX[p] = (r ^ ((q << 4) | (q >>> 4)) ^ 0x63) & 0xff;
  } while (p !== 1);
  SBOX[0] = 0x63;
  for (let x = 0; x < 256; x++) {
    const s = SBOX[x]!;
    const s2 = xtime(s);
    const s3 = s2 ^ s;
    const t = (s2 | (s << 8) | (s << 16) | (s3 << 24)) >>> 0;
    T0[x] = t;
    T1[x] = ((t << 8) | (t >>> 24)) >>> 0;
    T2[x] = ((t << 16) | (t >>> 16)) >>> 0;
    T3[x] = ((t << 24) | (t >>> 8)) >>> 0;
  }
})();

function expandKey128(key: Uint8Array): Uint32Array {
  if (key.length !== 16) throw new RangeError(`AES-128 key must be 16 bytes, got ${key.length}`);
  const w = new Uint32Array(44);
  for (let i = 0; i < 4; i++)
    w[i] =
      (key[4 * i]! | (key[4 * i + 1]! << 8) | (key[4 * i + 2]! << 16) | (key[4 * i + 3]! << 24)) >>>
      0;
  let rcon = 1;
  for (let i = 4; i < 44; i++) {
    let t = w[i - 1]!;
    if (i % 4 === 0) {
      t = (t >>> 8) | (t << 24); // RotWord on little-endian bytes
      t =
        (SBOX[t & 0xff]! |
          (SBOX[(t >>> 8) & 0xff]! << 8) |
          (SBOX[(t >>> 16) & 0xff]! << 16) |
          (SBOX[t >>> 24]! << 24)) ^
        rcon;
      rcon = xtime(rcon);
    }
    w[i] = (w[i - 4]! ^ t) >>> 0;
  }
  return w;
}

const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;
/** Bytes staged through aligned scratch when the caller's buffers cannot be viewed as words. */
const STAGE = 16384;

/** Isomorphic AES-128-ECB with the key expanded once; `encrypt` allocates nothing per block. */
export class TableAes implements AesEcb {
  readonly #rk: Uint32Array;
  #stageIn: Uint32Array | undefined;
  #stageOut: Uint32Array | undefined;

  constructor(key: Uint8Array) {
    this.#rk = expandKey128(key);
  }

  encrypt(input: Uint8Array, output: Uint8Array): Uint8Array {
    const n = input.length;
    if (n % 16 !== 0) throw new RangeError(`AES-ECB input must be whole blocks, got ${n} bytes`);
    if (output.length < n) throw new RangeError('AES-ECB output is shorter than the input');
    if (LITTLE_ENDIAN && input.byteOffset % 4 === 0 && output.byteOffset % 4 === 0) {
      // Words read straight from the caller's memory: the fast path for label batches.
      const iw = new Uint32Array(input.buffer, input.byteOffset, n >>> 2);
      const ow = new Uint32Array(output.buffer, output.byteOffset, n >>> 2);
      this.#words(iw, ow, n >>> 2);
      return output;
    }
    this.#stageIn ??= new Uint32Array(STAGE / 4);
    this.#stageOut ??= new Uint32Array(STAGE / 4);
    const si = new Uint8Array(this.#stageIn.buffer);
    const so = new Uint8Array(this.#stageOut.buffer);
    for (let at = 0; at < n; at += STAGE) {
      const len = Math.min(STAGE, n - at);
      si.set(input.subarray(at, at + len));
      if (!LITTLE_ENDIAN) swapWords(this.#stageIn, len >>> 2);
      this.#words(this.#stageIn, this.#stageOut, len >>> 2);
      if (!LITTLE_ENDIAN) swapWords(this.#stageOut, len >>> 2);
      output.set(so.subarray(0, len), at);
    }
    return output;
  }

  /**
   * One block at `offset` of `input`, for the tie-break path. Returns the output as 4
   * little-endian words in a shared array that the next call overwrites.
   */
  encryptBlockAt(input: Uint8Array, offset: number): Uint32Array {
    const w = (i: number) =>
      (input[i]! | (input[i + 1]! << 8) | (input[i + 2]! << 16) | (input[i + 3]! << 24)) >>> 0;
    TMP_IN[0] = w(offset);
    TMP_IN[1] = w(offset + 4);
    TMP_IN[2] = w(offset + 8);
    TMP_IN[3] = w(offset + 12);
    this.#words(TMP_IN, TMP_OUT, 4);
    return TMP_OUT;
  }

  /** lsb56 of the block at `offset` of `input`. */
  lsb56At(input: Uint8Array, offset: number): bigint {
    const out = this.encryptBlockAt(input, offset);
    return (BigInt(out[1]! & 0x00ffffff) << 32n) | BigInt(out[0]!);
  }

  /** The cipher over `count` little-endian words (a multiple of 4). */
  #words(iw: Uint32Array, ow: Uint32Array, count: number): void {
    const rk = this.#rk;
    const S = SBOX;
    const A = T0;
    const B = T1;
    const C = T2;
    const D = T3;
    const k0 = rk[0]!;
    const k1 = rk[1]!;
    const k2 = rk[2]!;
    const k3 = rk[3]!;
    // The 9 full rounds are written out: V8 then keeps the state in registers and indexes the
    // round keys with constants (measured 1.2–1.5× over the rolled loop).
    let t0: number, t1: number, t2: number, t3: number;
    for (let o = 0; o < count; o += 4) {
      let s0 = iw[o]! ^ k0;
      let s1 = iw[o + 1]! ^ k1;
      let s2 = iw[o + 2]! ^ k2;
      let s3 = iw[o + 3]! ^ k3;
      t0 = A[s0 & 0xff]! ^ B[(s1 >>> 8) & 0xff]! ^ C[(s2 >>> 16) & 0xff]! ^ D[s3 >>> 24]! ^ rk[4]!;
      t1 = A[s1 & 0xff]! ^ B[(s2 >>> 8) & 0xff]! ^ C[(s3 >>> 16) & 0xff]! ^ D[s0 >>> 24]! ^ rk[5]!;
      t2 = A[s2 & 0xff]! ^ B[(s3 >>> 8) & 0xff]! ^ C[(s0 >>> 16) & 0xff]! ^ D[s1 >>> 24]! ^ rk[6]!;
      t3 = A[s3 & 0xff]! ^ B[(s0 >>> 8) & 0xff]! ^ C[(s1 >>> 16) & 0xff]! ^ D[s2 >>> 24]! ^ rk[7]!;
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
      t0 = A[s0 & 0xff]! ^ B[(s1 >>> 8) & 0xff]! ^ C[(s2 >>> 16) & 0xff]! ^ D[s3 >>> 24]! ^ rk[8]!;
      t1 = A[s1 & 0xff]! ^ B[(s2 >>> 8) & 0xff]! ^ C[(s3 >>> 16) & 0xff]! ^ D[s0 >>> 24]! ^ rk[9]!;
      t2 = A[s2 & 0xff]! ^ B[(s3 >>> 8) & 0xff]! ^ C[(s0 >>> 16) & 0xff]! ^ D[s1 >>> 24]! ^ rk[10]!;
      t3 = A[s3 & 0xff]! ^ B[(s0 >>> 8) & 0xff]! ^ C[(s1 >>> 16) & 0xff]! ^ D[s2 >>> 24]! ^ rk[11]!;
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
      t0 = A[s0 & 0xff]! ^ B[(s1 >>> 8) & 0xff]! ^ C[(s2 >>> 16) & 0xff]! ^ D[s3 >>> 24]! ^ rk[12]!;
      t1 = A[s1 & 0xff]! ^ B[(s2 >>> 8) & 0xff]! ^ C[(s3 >>> 16) & 0xff]! ^ D[s0 >>> 24]! ^ rk[13]!;
      t2 = A[s2 & 0xff]! ^ B[(s3 >>> 8) & 0xff]! ^ C[(s0 >>> 16) & 0xff]! ^ D[s1 >>> 24]! ^ rk[14]!;
      t3 = A[s3 & 0xff]! ^ B[(s0 >>> 8) & 0xff]! ^ C[(s1 >>> 16) & 0xff]! ^ D[s2 >>> 24]! ^ rk[15]!;
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
      t0 = A[s0 & 0xff]! ^ B[(s1 >>> 8) & 0xff]! ^ C[(s2 >>> 16) & 0xff]! ^ D[s3 >>> 24]! ^ rk[16]!;
      t1 = A[s1 & 0xff]! ^ B[(s2 >>> 8) & 0xff]! ^ C[(s3 >>> 16) & 0xff]! ^ D[s0 >>> 24]! ^ rk[17]!;
      t2 = A[s2 & 0xff]! ^ B[(s3 >>> 8) & 0xff]! ^ C[(s0 >>> 16) & 0xff]! ^ D[s1 >>> 24]! ^ rk[18]!;
      t3 = A[s3 & 0xff]! ^ B[(s0 >>> 8) & 0xff]! ^ C[(s1 >>> 16) & 0xff]! ^ D[s2 >>> 24]! ^ rk[19]!;
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
      t0 = A[s0 & 0xff]! ^ B[(s1 >>> 8) & 0xff]! ^ C[(s2 >>> 16) & 0xff]! ^ D[s3 >>> 24]! ^ rk[20]!;
      t1 = A[s1 & 0xff]! ^ B[(s2 >>> 8) & 0xff]! ^ C[(s3 >>> 16) & 0xff]! ^ D[s0 >>> 24]! ^ rk[21]!;
      t2 = A[s2 & 0xff]! ^ B[(s3 >>> 8) & 0xff]! ^ C[(s0 >>> 16) & 0xff]! ^ D[s1 >>> 24]! ^ rk[22]!;
      t3 = A[s3 & 0xff]! ^ B[(s0 >>> 8) & 0xff]! ^ C[(s1 >>> 16) & 0xff]! ^ D[s2 >>> 24]! ^ rk[23]!;
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
      t0 = A[s0 & 0xff]! ^ B[(s1 >>> 8) & 0xff]! ^ C[(s2 >>> 16) & 0xff]! ^ D[s3 >>> 24]! ^ rk[24]!;
      t1 = A[s1 & 0xff]! ^ B[(s2 >>> 8) & 0xff]! ^ C[(s3 >>> 16) & 0xff]! ^ D[s0 >>> 24]! ^ rk[25]!;
      t2 = A[s2 & 0xff]! ^ B[(s3 >>> 8) & 0xff]! ^ C[(s0 >>> 16) & 0xff]! ^ D[s1 >>> 24]! ^ rk[26]!;
      t3 = A[s3 & 0xff]! ^ B[(s0 >>> 8) & 0xff]! ^ C[(s1 >>> 16) & 0xff]! ^ D[s2 >>> 24]! ^ rk[27]!;
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
      t0 = A[s0 & 0xff]! ^ B[(s1 >>> 8) & 0xff]! ^ C[(s2 >>> 16) & 0xff]! ^ D[s3 >>> 24]! ^ rk[28]!;
      t1 = A[s1 & 0xff]! ^ B[(s2 >>> 8) & 0xff]! ^ C[(s3 >>> 16) & 0xff]! ^ D[s0 >>> 24]! ^ rk[29]!;
      t2 = A[s2 & 0xff]! ^ B[(s3 >>> 8) & 0xff]! ^ C[(s0 >>> 16) & 0xff]! ^ D[s1 >>> 24]! ^ rk[30]!;
      t3 = A[s3 & 0xff]! ^ B[(s0 >>> 8) & 0xff]! ^ C[(s1 >>> 16) & 0xff]! ^ D[s2 >>> 24]! ^ rk[31]!;
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
      t0 = A[s0 & 0xff]! ^ B[(s1 >>> 8) & 0xff]! ^ C[(s2 >>> 16) & 0xff]! ^ D[s3 >>> 24]! ^ rk[32]!;
      t1 = A[s1 & 0xff]! ^ B[(s2 >>> 8) & 0xff]! ^ C[(s3 >>> 16) & 0xff]! ^ D[s0 >>> 24]! ^ rk[33]!;
      t2 = A[s2 & 0xff]! ^ B[(s3 >>> 8) & 0xff]! ^ C[(s0 >>> 16) & 0xff]! ^ D[s1 >>> 24]! ^ rk[34]!;
      t3 = A[s3 & 0xff]! ^ B[(s0 >>> 8) & 0xff]! ^ C[(s1 >>> 16) & 0xff]! ^ D[s2 >>> 24]! ^ rk[35]!;
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
      t0 = A[s0 & 0xff]! ^ B[(s1 >>> 8) & 0xff]! ^ C[(s2 >>> 16) & 0xff]! ^ D[s3 >>> 24]! ^ rk[36]!;
      t1 = A[s1 & 0xff]! ^ B[(s2 >>> 8) & 0xff]! ^ C[(s3 >>> 16) & 0xff]! ^ D[s0 >>> 24]! ^ rk[37]!;
      t2 = A[s2 & 0xff]! ^ B[(s3 >>> 8) & 0xff]! ^ C[(s0 >>> 16) & 0xff]! ^ D[s1 >>> 24]! ^ rk[38]!;
      t3 = A[s3 & 0xff]! ^ B[(s0 >>> 8) & 0xff]! ^ C[(s1 >>> 16) & 0xff]! ^ D[s2 >>> 24]! ^ rk[39]!;
      s0 = t0;
      s1 = t1;
      s2 = t2;
      s3 = t3;
      // Final round: SubBytes + ShiftRows, no MixColumns.
      ow[o] =
        (S[s0 & 0xff]! |
          (S[(s1 >>> 8) & 0xff]! << 8) |
          (S[(s2 >>> 16) & 0xff]! << 16) |
          (S[s3 >>> 24]! << 24)) ^
        rk[40]!;
      ow[o + 1] =
        (S[s1 & 0xff]! |
          (S[(s2 >>> 8) & 0xff]! << 8) |
          (S[(s3 >>> 16) & 0xff]! << 16) |
          (S[s0 >>> 24]! << 24)) ^
        rk[41]!;
      ow[o + 2] =
        (S[s2 & 0xff]! |
          (S[(s3 >>> 8) & 0xff]! << 8) |
          (S[(s0 >>> 16) & 0xff]! << 16) |
          (S[s1 >>> 24]! << 24)) ^
        rk[42]!;
      ow[o + 3] =
        (S[s3 & 0xff]! |
          (S[(s0 >>> 8) & 0xff]! << 8) |
          (S[(s1 >>> 16) & 0xff]! << 16) |
          (S[s2 >>> 24]! << 24)) ^
        rk[43]!;
    }
  }
}

const TMP_IN = new Uint32Array(4);
const TMP_OUT = new Uint32Array(4);

function swapWords(w: Uint32Array, count: number): void {
  for (let i = 0; i < count; i++) {
    const x = w[i]!;
    w[i] = ((x & 0xff) << 24) | ((x & 0xff00) << 8) | ((x >>> 8) & 0xff00) | (x >>> 24);
  }
}

/** The isomorphic default. */
export const tableAes: AesFactory = (key) => new TableAes(key);

/** Encrypts one 16-byte block (verification, tie-breaks); returns a new array. */
export function encryptBlock(aes: AesEcb, block: Uint8Array): Uint8Array {
  return aes.encrypt(block, new Uint8Array(AES_BLOCK));
}
