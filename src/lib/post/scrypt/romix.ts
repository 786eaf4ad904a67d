// scrypt's ROMix with scrypt-jane's ChaCha20/8 mixing core, as post-rs (scrypt-jane built with
// SCRYPT_CHACHA) computes it. Differences from RFC 7914 that matter for bit-exactness:
// - the core is ChaCha20 reduced to 8 rounds (column round, then diagonal round) with the
//   input added back (feed-forward), in place of Salsa20/8;
// - words stay in their natural order: scrypt-jane "tangles" words only for Salsa, not ChaCha;
// - Integerify reads the first 32-bit word of the last 64-byte block, like RFC scrypt.
// Words are 32-bit little-endian; bytes are converted explicitly at the edges (scrypt-jane.ts)
// so nothing here depends on the host's byte order.
//
// Everything works on caller-owned Int32Arrays: the hot loop allocates nothing.

/** 32-bit words in one 64-byte ChaCha block. */
export const BLOCK_WORDS = 16;

/**
 * out[oo..oo+16) = H(x[xo..] ^ b[bo..]) where H is ChaCha20/8 with feed-forward. `out` may
 * alias `x` (the inputs are read into locals before anything is written).
 */
export function mixBlock(
  x: Int32Array,
  xo: number,
  b: Int32Array,
  bo: number,
  out: Int32Array,
  oo: number,
): void {
  const j0 = x[xo]! ^ b[bo]!;
  const j1 = x[xo + 1]! ^ b[bo + 1]!;
  const j2 = x[xo + 2]! ^ b[bo + 2]!;
  const j3 = x[xo + 3]! ^ b[bo + 3]!;
  const j4 = x[xo + 4]! ^ b[bo + 4]!;
  const j5 = x[xo + 5]! ^ b[bo + 5]!;
  const j6 = x[xo + 6]! ^ b[bo + 6]!;
  const j7 = x[xo + 7]! ^ b[bo + 7]!;
  const j8 = x[xo + 8]! ^ b[bo + 8]!;
  const j9 = x[xo + 9]! ^ b[bo + 9]!;
  const j10 = x[xo + 10]! ^ b[bo + 10]!;
  const j11 = x[xo + 11]! ^ b[bo + 11]!;
  const j12 = x[xo + 12]! ^ b[bo + 12]!;
  const j13 = x[xo + 13]! ^ b[bo + 13]!;
  const j14 = x[xo + 14]! ^ b[bo + 14]!;
  const j15 = x[xo + 15]! ^ b[bo + 15]!;
  let x0 = j0,
    x1 = j1,
    x2 = j2,
    x3 = j3,
    x4 = j4,
    x5 = j5,
    x6 = j6,
    x7 = j7,
    x8 = j8,
    x9 = j9,
    x10 = j10,
    x11 = j11,
    x12 = j12,
    x13 = j13,
    x14 = j14,
    x15 = j15;
  // 8 rounds = 4 double rounds. Rotations are written out (x << n | x >>> 32 - n) because a
  // helper call per rotation costs measurably even when V8 inlines it.
  for (let i = 0; i < 4; i++) {
    // Column round.
    x0 = (x0 + x4) | 0;
    x12 ^= x0;
    x12 = (x12 << 16) | (x12 >>> 16);
    x8 = (x8 + x12) | 0;
    x4 ^= x8;
    x4 = (x4 << 12) | (x4 >>> 20);
    x0 = (x0 + x4) | 0;
    x12 ^= x0;
    x12 = (x12 << 8) | (x12 >>> 24);
    x8 = (x8 + x12) | 0;
    x4 ^= x8;
    x4 = (x4 << 7) | (x4 >>> 25);

    x1 = (x1 + x5) | 0;
    x13 ^= x1;
    x13 = (x13 << 16) | (x13 >>> 16);
    x9 = (x9 + x13) | 0;
    x5 ^= x9;
    x5 = (x5 << 12) | (x5 >>> 20);
    x1 = (x1 + x5) | 0;
    x13 ^= x1;
    x13 = (x13 << 8) | (x13 >>> 24);
    x9 = (x9 + x13) | 0;
    x5 ^= x9;
    x5 = (x5 << 7) | (x5 >>> 25);

    x2 = (x2 + x6) | 0;
    x14 ^= x2;
    x14 = (x14 << 16) | (x14 >>> 16);
    x10 = (x10 + x14) | 0;
    x6 ^= x10;
    x6 = (x6 << 12) | (x6 >>> 20);
    x2 = (x2 + x6) | 0;
    x14 ^= x2;
    x14 = (x14 << 8) | (x14 >>> 24);
    x10 = (x10 + x14) | 0;
    x6 ^= x10;
    x6 = (x6 << 7) | (x6 >>> 25);

    x3 = (x3 + x7) | 0;
    x15 ^= x3;
    x15 = (x15 << 16) | (x15 >>> 16);
    x11 = (x11 + x15) | 0;
    x7 ^= x11;
    x7 = (x7 << 12) | (x7 >>> 20);
    x3 = (x3 + x7) | 0;
    x15 ^= x3;
    x15 = (x15 << 8) | (x15 >>> 24);
    x11 = (x11 + x15) | 0;
    x7 ^= x11;
    x7 = (x7 << 7) | (x7 >>> 25);

    // Diagonal round.
    x0 = (x0 + x5) | 0;
    x15 ^= x0;
    x15 = (x15 << 16) | (x15 >>> 16);
    x10 = (x10 + x15) | 0;
    x5 ^= x10;
    x5 = (x5 << 12) | (x5 >>> 20);
    x0 = (x0 + x5) | 0;
    x15 ^= x0;
    x15 = (x15 << 8) | (x15 >>> 24);
    x10 = (x10 + x15) | 0;
    x5 ^= x10;
    x5 = (x5 << 7) | (x5 >>> 25);

    x1 = (x1 + x6) | 0;
    x12 ^= x1;
    x12 = (x12 << 16) | (x12 >>> 16);
    x11 = (x11 + x12) | 0;
    x6 ^= x11;
    x6 = (x6 << 12) | (x6 >>> 20);
    x1 = (x1 + x6) | 0;
    x12 ^= x1;
    x12 = (x12 << 8) | (x12 >>> 24);
    x11 = (x11 + x12) | 0;
    x6 ^= x11;
    x6 = (x6 << 7) | (x6 >>> 25);

    x2 = (x2 + x7) | 0;
    x13 ^= x2;
    x13 = (x13 << 16) | (x13 >>> 16);
    x8 = (x8 + x13) | 0;
    x7 ^= x8;
    x7 = (x7 << 12) | (x7 >>> 20);
    x2 = (x2 + x7) | 0;
    x13 ^= x2;
    x13 = (x13 << 8) | (x13 >>> 24);
    x8 = (x8 + x13) | 0;
    x7 ^= x8;
    x7 = (x7 << 7) | (x7 >>> 25);

    x3 = (x3 + x4) | 0;
    x14 ^= x3;
    x14 = (x14 << 16) | (x14 >>> 16);
    x9 = (x9 + x14) | 0;
    x4 ^= x9;
    x4 = (x4 << 12) | (x4 >>> 20);
    x3 = (x3 + x4) | 0;
    x14 ^= x3;
    x14 = (x14 << 8) | (x14 >>> 24);
    x9 = (x9 + x14) | 0;
    x4 ^= x9;
    x4 = (x4 << 7) | (x4 >>> 25);
  }
  out[oo] = (x0 + j0) | 0;
  out[oo + 1] = (x1 + j1) | 0;
  out[oo + 2] = (x2 + j2) | 0;
  out[oo + 3] = (x3 + j3) | 0;
  out[oo + 4] = (x4 + j4) | 0;
  out[oo + 5] = (x5 + j5) | 0;
  out[oo + 6] = (x6 + j6) | 0;
  out[oo + 7] = (x7 + j7) | 0;
  out[oo + 8] = (x8 + j8) | 0;
  out[oo + 9] = (x9 + j9) | 0;
  out[oo + 10] = (x10 + j10) | 0;
  out[oo + 11] = (x11 + j11) | 0;
  out[oo + 12] = (x12 + j12) | 0;
  out[oo + 13] = (x13 + j13) | 0;
  out[oo + 14] = (x14 + j14) | 0;
  out[oo + 15] = (x15 + j15) | 0;
}

/**
 * scrypt BlockMix over 2r blocks: src[so..so+32r) → dst[do..do+32r), dst disjoint from src.
 * Y_i = H(Y_{i-1} ^ B_i) with Y_{-1} = B_{2r-1}; even Y go to the first half, odd to the second.
 */
export function blockMix(src: Int32Array, so: number, dst: Int32Array, dOff: number, r: number) {
  // Y_0 from the last input block.
  mixBlock(src, so + (2 * r - 1) * BLOCK_WORDS, src, so, dst, dOff);
  let prev = dOff;
  for (let i = 1; i < 2 * r; i++) {
    const at = dOff + ((i & 1) === 0 ? i >> 1 : r + (i >> 1)) * BLOCK_WORDS;
    mixBlock(dst, prev, src, so + i * BLOCK_WORDS, dst, at);
    prev = at;
  }
}

/** Scratch memory for {@link romix}: reuse one per thread, it is 128·r·N bytes. */
export interface RomixScratch {
  readonly n: number;
  readonly r: number;
  /** N chunks of 32r words. */
  readonly v: Int32Array;
  /** One chunk: the XOR of X and V[j]. */
  readonly t: Int32Array;
}

export function createRomixScratch(n: number, r: number): RomixScratch {
  return { n, r, v: new Int32Array(n * 32 * r), t: new Int32Array(32 * r) };
}

/**
 * ROMix in place on the 32r-word chunk x (x.length ≥ 32r, words from offset 0).
 * N must be a power of two (Integerify masks with N − 1).
 */
export function romix(x: Int32Array, s: RomixScratch): void {
  if (s.r === 1) {
    romix1(x, s);
    return;
  }
  const { n, r, v, t } = s;
  const words = 32 * r;
  const mask = n - 1;
  const lastBlock = (2 * r - 1) * BLOCK_WORDS;
  // V_0 = X, V_i = BlockMix(V_{i-1}): the chain is written straight into V, no copies.
  v.set(x.subarray(0, words));
  for (let i = 1; i < n; i++) blockMix(v, (i - 1) * words, v, i * words, r);
  blockMix(v, (n - 1) * words, x, 0, r);
  for (let i = 0; i < n; i++) {
    const j = (x[lastBlock]! & mask) * words;
    for (let k = 0; k < words; k++) t[k] = x[k]! ^ v[j + k]!;
    blockMix(t, 0, x, 0, r);
  }
}

/**
 * ROMix for r = 1 (every PoST label), with BlockMix spelled out: two blocks, and the XOR with
 * V[j] done in place because Y_0 may overwrite B_0 and Y_1 may overwrite B_1.
 */
function romix1(x: Int32Array, s: RomixScratch): void {
  const { n, v } = s;
  const mask = n - 1;
  v.set(x.subarray(0, 32));
  for (let i = 1; i < n; i++) {
    const o = (i - 1) * 32;
    const d = o + 32;
    mixBlock(v, o + 16, v, o, v, d);
    mixBlock(v, d, v, o + 16, v, d + 16);
  }
  const last = (n - 1) * 32;
  mixBlock(v, last + 16, v, last, x, 0);
  mixBlock(x, 0, v, last + 16, x, 16);
  for (let i = 0; i < n; i++) {
    const j = (x[16]! & mask) * 32;
    for (let k = 0; k < 32; k++) x[k]! ^= v[j + k]!;
    mixBlock(x, 16, x, 0, x, 0);
    mixBlock(x, 0, x, 16, x, 16);
  }
}
