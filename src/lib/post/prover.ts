// The scan at the heart of PoST proving (post-rs src/prove.rs, Prover8_56).
//
// For each nonce group (16 nonces) the labels are AES-encrypted under the group key; output byte
// b of label i decides whether i counts for nonce 16·group + b: below the difficulty's MSB it
// does, equal to it the per-nonce tie-break cipher decides on the 56 low bits. Throughput comes
// from large batches: one AES pass per group over each slice of a batch, a WebAssembly SIMD scan
// that also gathers the hits and the ties (label and input, per nonce) in its own memory (a
// word-wise JS scan where SIMD is unavailable), and one tie-break cipher call per nonce per
// batch (or per full bucket).
import { NONCES_PER_AES, aesKey, lazyAesKey, tableAes } from './cipher.ts';
import type { AesEcb, AesFactory } from './cipher.ts';
import { splitDifficulty } from './difficulty.ts';
import { LABEL_SIZE } from './interface.ts';
import { ScanWasm } from './scan-wasm.ts';
import type { LabelReader } from './interface.ts';

/** post-rs processes labels in chunks of 8 (its AES batch); the order of hits follows that. */
export const CHUNK_LABELS = 8;
/** Labels encrypted and scanned at a time: 512 KiB, measured fastest here (fewer native cipher calls
 * and output buffers than 256 KiB, the output still scanned from cache). */
const SLICE_LABELS = 32768;
/** Verification takes the nonce group as a u8, so nonces stop at 256 · 16. */
export const MAX_NONCE = 256 * NONCES_PER_AES;

/** Int32 views read the tie-break output as little-endian words only on such hosts. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

export type ProvingErrorCode = 'bad-nonces' | 'nonces-exhausted' | 'data-size' | 'aborted';

export class ProvingError extends Error {
  readonly code: ProvingErrorCode;
  constructor(code: ProvingErrorCode, message: string) {
    super(message);
    this.name = 'ProvingError';
    this.code = code;
  }
}

/**
 * Indices of the words that have a byte below msb + 1 (t = 0x01010101 · (msb + 1), msb < 128),
 * written to `cand`; returns their count. A plain function over typed arrays so V8 compiles the
 * hot loop to integer code.
 */
function candidateWords(words: Int32Array, n: number, t: number, cand: Int32Array): number {
  let c = 0;
  for (let w = 0; w < n; w++) {
    const x = words[w]!;
    if (((x - t) & ~x & 0x80808080) !== 0) cand[c++] = w;
  }
  return c;
}

/** `slice` as words when it is word-aligned (labels are then copied 4 bytes at a time). */
function sliceWords(slice: Uint8Array): Int32Array | null {
  if (slice.byteOffset % 4 !== 0) return null;
  return new Int32Array(slice.buffer, slice.byteOffset, slice.length >>> 2);
}

/** Called for each passing (nonce, index), in post-rs order; returns the K2 indices when done. */
export type Consume = (nonce: number, index: bigint) => bigint[] | null;

/** One scan state over a range of nonces: their group ciphers and tie-break ciphers. */
export class Prover8_56 {
  readonly nonceStart: number;
  readonly nonceCount: number;
  readonly difficultyMsb: number;
  readonly difficultyLsb: bigint;
  readonly #pows: readonly bigint[];
  readonly #ciphers: AesEcb[];
  /**
   * Tie-break ciphers, one per nonce, each made when its nonce first has a tie to settle (a key
   * is a blake3 and an expansion; most nonces of a small batch never tie). Ties are gathered per
   * nonce and encrypted in one call.
   */
  readonly #lazy: (AesEcb | undefined)[];
  readonly #challenge: Uint8Array;
  readonly #aes: AesFactory;
  /**
   * The JS scan's ties, per nonce of the range (group · 16 + byte): the batch labels whose byte
   * ties the MSB, and those labels' bytes, copied while the slice is in cache. Gathered over the
   * whole batch, so a native cipher is called once per nonce per batch. (The SIMD scan keeps its
   * ties in the module's memory.)
   */
  readonly #ties: number[][];
  /** The tie buffers as words (for word copies from an aligned slice) and as bytes. */
  readonly #tieWords: Int32Array[];
  readonly #tieBytes: Uint8Array[];
  #tieOut = new Uint8Array(0);
  readonly #lsbHi: number;
  readonly #lsbLo: number;
  /** The SIMD scan and the memory the cipher writes into; null: the JS word scan below. */
  readonly #simd: ScanWasm | null;
  #out = new Uint8Array(0);
  #cand = new Int32Array(0);
  #words = new Int32Array(0);
  /** Sort keys of the hits of the batch being proven. */
  #keys: number[] = [];

  /**
   * `pows[g]` is the k2pow of nonce group nonceStart/16 + g. `simd: false` keeps the JS scan
   * where WebAssembly SIMD is available (the tests compare both).
   */
  constructor(
    challenge: Uint8Array,
    nonceStart: number,
    nonceCount: number,
    pows: readonly bigint[],
    difficulty: bigint,
    aes: AesFactory = tableAes,
    simd = true,
  ) {
    if (nonceStart % NONCES_PER_AES !== 0 || nonceCount <= 0 || nonceCount % NONCES_PER_AES !== 0)
      throw new ProvingError('bad-nonces', 'nonces must start at and span a multiple of 16');
    const groups = nonceCount / NONCES_PER_AES;
    if (pows.length !== groups) throw new ProvingError('bad-nonces', `need ${groups} pows`);
    this.nonceStart = nonceStart;
    this.nonceCount = nonceCount;
    this.#pows = pows;
    const first = nonceStart / NONCES_PER_AES;
    this.#ciphers = pows.map((pow, g) => aes(aesKey(challenge, first + g, pow)));
    this.#challenge = challenge;
    this.#aes = aes;
    this.#lazy = Array.from({ length: nonceCount }, () => undefined);
    this.#ties = Array.from({ length: nonceCount }, () => []);
    this.#tieWords = Array.from({ length: nonceCount }, () => new Int32Array(0));
    this.#tieBytes = Array.from({ length: nonceCount }, () => new Uint8Array(0));
    const { msb, lsb } = splitDifficulty(difficulty);
    this.difficultyMsb = msb;
    this.difficultyLsb = lsb;
    this.#lsbHi = Number(lsb >> 32n);
    this.#lsbLo = Number(lsb & 0xffffffffn);
    this.#simd = simd ? ScanWasm.create(SLICE_LABELS, nonceCount) : null;
  }

  /** The k2pow that goes into the proof for `nonce`. */
  pow(nonce: number): bigint {
    return this.#pows[Math.floor((nonce - this.nonceStart) / NONCES_PER_AES)]!;
  }

  /** Records that byte `b` of group `g`'s output of batch label `label` passes. */
  #push(label: number, g: number, b: number): void {
    const chunk = Math.floor(label / CHUNK_LABELS);
    // Sort key: ((chunk · groups + group) · 128 + label-in-chunk · 16 + byte).
    this.#keys.push((chunk * this.#ciphers.length + g) * 128 + (label % CHUNK_LABELS) * 16 + b);
  }

  /**
   * Byte `b` of group `g`'s output for label `label` of `slice` (label first + label of the
   * batch) is v ≤ msb: a hit below the MSB, a tie (bytes copied for the tie-break) on it.
   */
  #hit(
    slice: Uint8Array,
    words: Int32Array | null,
    first: number,
    label: number,
    g: number,
    b: number,
    v: number,
  ): void {
    if (v < this.difficultyMsb) {
      this.#push(first + label, g, b);
      return;
    }
    const t = g * NONCES_PER_AES + b;
    const ls = this.#ties[t]!;
    const o = ls.length * LABEL_SIZE;
    if (this.#tieBytes[t]!.length < o + LABEL_SIZE) {
      const grown = new Int32Array(Math.max(1024, this.#tieWords[t]!.length * 2));
      grown.set(this.#tieWords[t]!);
      this.#tieWords[t] = grown;
      this.#tieBytes[t] = new Uint8Array(grown.buffer);
    }
    // Plain copies: a subarray per tie would allocate tens of thousands of views per pass.
    if (words) {
      const inp = this.#tieWords[t]!;
      const at = label * 4;
      inp[o >>> 2] = words[at]!;
      inp[(o >>> 2) + 1] = words[at + 1]!;
      inp[(o >>> 2) + 2] = words[at + 2]!;
      inp[(o >>> 2) + 3] = words[at + 3]!;
    } else {
      const inp = this.#tieBytes[t]!;
      const at = label * LABEL_SIZE;
      for (let k = 0; k < LABEL_SIZE; k++) inp[o + k] = slice[at + k]!;
    }
    ls.push(first + label);
  }

  /** The tie-break cipher of the range's nonce `t` (nonceStart + t), made on first use. */
  #tieCipher(t: number): AesEcb {
    const made = this.#lazy[t];
    if (made !== undefined) return made;
    const n = this.nonceStart + t;
    const g = Math.floor(n / NONCES_PER_AES);
    const pow = this.#pows[g - this.nonceStart / NONCES_PER_AES]!;
    const cipher = this.#aes(lazyAesKey(this.#challenge, n, g, pow));
    this.#lazy[t] = cipher;
    return cipher;
  }

  /**
   * The tie-break for every gathered tie of the batch: lsb56 of the nonce's own cipher over the
   * label must be below the difficulty's LSB. One cipher call per nonce keeps a native cipher's
   * per-call cost out of the loop.
   */
  #settleTies(): void {
    for (let t = 0; t < this.#ties.length; t++) {
      const ls = this.#ties[t]!;
      if (ls.length === 0) continue;
      const n = ls.length * LABEL_SIZE;
      if (this.#tieOut.length < n) this.#tieOut = new Uint8Array(n * 2);
      const out = this.#tieCipher(t).encrypt(this.#tieBytes[t]!.subarray(0, n), this.#tieOut);
      const hiT = this.#lsbHi;
      const loT = this.#lsbLo;
      const g = t >>> 4;
      const b = t & 15;
      for (let i = 0; i < ls.length; i++) {
        const o = i * LABEL_SIZE;
        const lo = (out[o]! | (out[o + 1]! << 8) | (out[o + 2]! << 16) | (out[o + 3]! << 24)) >>> 0;
        const hi = out[o + 4]! | (out[o + 5]! << 8) | (out[o + 6]! << 16);
        if (hi < hiT || (hi === hiT && lo < loT)) this.#push(ls[i]!, g, b);
      }
      ls.length = 0;
    }
  }

  /**
   * The slice starting at batch label `first`, every group, in WebAssembly: the slice is copied
   * into the module's memory once, each group's cipher output is written (or copied) there, the
   * module lists the candidate labels and gathers hits and ties itself; JS only drains the hits
   * and empties full tie buckets.
   */
  #sliceSimd(simd: ScanWasm, slice: Uint8Array, first: number): void {
    const len = slice.length;
    const labels = len / LABEL_SIZE;
    const msb = this.difficultyMsb;
    const bytes = simd.bytes;
    simd.input.set(slice);
    const input = simd.input.subarray(0, len);
    for (let g = 0; g < this.#ciphers.length; g++) {
      const out = this.#ciphers[g]!.encrypt(input, bytes);
      if (out !== bytes) bytes.set(out);
      const c = simd.scan(labels, msb);
      for (let i = 0; ;) {
        i = simd.gather(i, c, labels, msb, first, g);
        const hits = simd.hits;
        const h = hits[0]!;
        for (let k = 1; k <= h; k++) this.#push(first + (hits[k]! >>> 4), g, hits[k]! & 15);
        hits[0] = 0;
        if (i >= c) break;
        for (let t = g * NONCES_PER_AES; t < (g + 1) * NONCES_PER_AES; t++)
          if (simd.tieCounts[t]! >= simd.tieCap) this.#settleBucket(simd, t);
      }
    }
  }

  /** The tie-break (as #settleTies) for the ties gathered in nonce `t`'s bucket; empties it. */
  #settleBucket(simd: ScanWasm, t: number): void {
    const n = simd.tieCounts[t]!;
    if (n === 0) return;
    if (this.#tieOut.length < n * LABEL_SIZE) this.#tieOut = new Uint8Array(n * LABEL_SIZE * 2);
    const out = this.#tieCipher(t).encrypt(simd.tieBytes(t, n), this.#tieOut);
    const hiT = this.#lsbHi;
    const loT = this.#lsbLo;
    const labels = simd.tieLabels;
    const at = t * simd.tieCap;
    const g = t >>> 4;
    const b = t & 15;
    if (LITTLE_ENDIAN && out.byteOffset % 4 === 0) {
      // Words: lo = bytes 0..3, hi = bytes 4..6 (little-endian, as lsb56).
      const w = new Int32Array(out.buffer, out.byteOffset, n * 4);
      for (let i = 0; i < n; i++) {
        const hi = w[4 * i + 1]! & 0xffffff;
        if (hi < hiT || (hi === hiT && w[4 * i]! >>> 0 < loT)) this.#push(labels[at + i]!, g, b);
      }
    } else {
      for (let i = 0; i < n; i++) {
        const o = i * LABEL_SIZE;
        const lo = (out[o]! | (out[o + 1]! << 8) | (out[o + 2]! << 16) | (out[o + 3]! << 24)) >>> 0;
        const hi = out[o + 4]! | (out[o + 5]! << 8) | (out[o + 6]! << 16);
        if (hi < hiT || (hi === hiT && lo < loT)) this.#push(labels[at + i]!, g, b);
      }
    }
    simd.tieCounts[t] = 0;
  }

  /**
   * The JS scan of group `g`'s output `out` for the slice starting at batch label `first`.
   * Candidates are rare (about 1 byte in 256 at mainnet's difficulty), so words without a byte
   * ≤ msb are skipped with one test: ((x − 0x01·(msb+1)) & ~x & 0x80808080) ≠ 0 iff some byte
   * of x is below msb + 1 (exact for msb < 128). Int32 words keep V8 on integer paths.
   */
  #scanJs(out: Uint8Array, words: Int32Array, slice: Uint8Array, first: number, g: number): void {
    const msb = this.difficultyMsb;
    const len = slice.length;
    const labelWords = sliceWords(slice);
    if (msb >= 128) {
      for (let p = 0; p < len; p++) {
        const v = out[p]!;
        if (v <= msb) this.#hit(slice, labelWords, first, p >>> 4, g, p & 15, v);
      }
      return;
    }
    const nWords = len >>> 2;
    const t = (0x01010101 * (msb + 1)) | 0;
    if (this.#cand.length < nWords) this.#cand = new Int32Array(nWords);
    const cand = this.#cand;
    const n = candidateWords(words, nWords, t, cand);
    for (let i = 0; i < n; i++) {
      const w = cand[i]!;
      for (let p = w * 4; p < w * 4 + 4; p++) {
        const v = out[p]!;
        if (v <= msb) this.#hit(slice, labelWords, first, p >>> 4, g, p & 15, v);
      }
    }
  }

  /**
   * Scans `batch` (whole labels, the first at index `base`). Hits are fed to `consume` in the
   * order a single-threaded post-rs visits them — per 8-label chunk, group by group, then byte
   * by byte — so the same data gives the same proof.
   */
  prove(
    batch: Uint8Array,
    base: bigint,
    consume: Consume,
  ): { nonce: number; indices: bigint[] } | null {
    if (batch.length % LABEL_SIZE !== 0) throw new RangeError('batch must hold whole labels');
    const keys: number[] = (this.#keys = []);
    const n = batch.length / LABEL_SIZE;
    const simd = this.#simd;
    // Slices of SLICE_LABELS keep the AES output in cache for the scan that follows it.
    for (let first = 0; first < n; first += SLICE_LABELS) {
      const slice = batch.subarray(
        first * LABEL_SIZE,
        Math.min(n, first + SLICE_LABELS) * LABEL_SIZE,
      );
      if (simd) {
        this.#sliceSimd(simd, slice, first);
        continue;
      }
      if (this.#out.length < slice.length) {
        this.#out = new Uint8Array(slice.length);
        this.#words = new Int32Array(this.#out.buffer);
      }
      for (let g = 0; g < this.#ciphers.length; g++) {
        let out = this.#ciphers[g]!.encrypt(slice, this.#out);
        let words: Int32Array = this.#words;
        if (out !== this.#out) {
          // The cipher answered in a buffer of its own: scan it in place when word-aligned.
          if (out.byteOffset % 4 === 0)
            words = new Int32Array(out.buffer, out.byteOffset, out.length >>> 2);
          else out = (this.#out.set(out), this.#out);
        }
        this.#scanJs(out, words, slice, first, g);
      }
    }
    if (simd) for (let t = 0; t < this.nonceCount; t++) this.#settleBucket(simd, t);
    else this.#settleTies();
    this.#keys = [];
    const groups = this.#ciphers.length;
    keys.sort((a, b) => a - b);
    for (const key of keys) {
      const inChunk = key % 128;
      const rest = (key - inChunk) / 128;
      const g = rest % groups;
      const chunk = (rest - g) / groups;
      const label = chunk * CHUNK_LABELS + (inChunk >>> 4);
      const nonce = this.nonceStart + g * NONCES_PER_AES + (inChunk & 15);
      const done = consume(nonce, base + BigInt(label));
      if (done !== null) return { nonce, indices: done };
    }
    return null;
  }
}

/** The winning nonce of a pass and its K2 indices, or null when no nonce got there. */
export type Found = { nonce: number; indices: bigint[] } | null;

/** Reads the data in batches of `batchLabels` (the last one shorter); null past the end. */
export function readBatches(reader: LabelReader, batchLabels: number) {
  const total = reader.totalLabels;
  return (at: bigint): Promise<Uint8Array> | null => {
    if (at >= total) return null;
    const n = total - at < BigInt(batchLabels) ? Number(total - at) : batchLabels;
    return reader.read(at, n);
  };
}

export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new ProvingError('aborted', 'proving was aborted');
}
