// The scan at the heart of PoST proving (post-rs src/prove.rs, Prover8_56).
//
// For each nonce group (16 nonces) the labels are AES-encrypted under the group key; output byte
// b of label i decides whether i counts for nonce 16·group + b: below the difficulty's MSB it
// does, equal to it the per-nonce tie-break cipher decides on the 56 low bits. Throughput comes
// from large batches: one AES pass per group over a whole batch and a word-wise scan for the
// rare candidate bytes.
import { NONCES_PER_AES, aesKey, lazyAesKey, tableAes } from './cipher.ts';
import type { AesEcb, AesFactory } from './cipher.ts';
import { splitDifficulty } from './difficulty.ts';
import { LABEL_SIZE } from './interface.ts';
import type { LabelReader } from './interface.ts';

/** post-rs processes labels in chunks of 8 (its AES batch); the order of hits follows that. */
export const CHUNK_LABELS = 8;
/** Labels encrypted and scanned at a time (256 KiB: the AES output is scanned from cache). */
const SLICE_LABELS = 16384;
/** Verification takes the nonce group as a u8, so nonces stop at 256 · 16. */
export const MAX_NONCE = 256 * NONCES_PER_AES;

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
  /** Tie-break ciphers, one per nonce; ties are gathered per nonce and encrypted in one call. */
  readonly #lazy: AesEcb[];
  /** Per byte position (nonce in the group): positions p in the batch whose byte ties the MSB. */
  readonly #ties: number[][] = Array.from({ length: NONCES_PER_AES }, () => []);
  #tieIn = new Uint8Array(0);
  #tieOut = new Uint8Array(0);
  readonly #lsbHi: number;
  readonly #lsbLo: number;
  #out = new Uint8Array(0);
  #cand = new Int32Array(0);
  #words = new Int32Array(0);

  /** `pows[g]` is the k2pow of nonce group nonceStart/16 + g. */
  constructor(
    challenge: Uint8Array,
    nonceStart: number,
    nonceCount: number,
    pows: readonly bigint[],
    difficulty: bigint,
    aes: AesFactory = tableAes,
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
    this.#lazy = [];
    for (let n = nonceStart; n < nonceStart + nonceCount; n++) {
      const g = Math.floor(n / NONCES_PER_AES);
      this.#lazy.push(aes(lazyAesKey(challenge, n, g, pows[g - first]!)));
    }
    const { msb, lsb } = splitDifficulty(difficulty);
    this.difficultyMsb = msb;
    this.difficultyLsb = lsb;
    this.#lsbHi = Number(lsb >> 32n);
    this.#lsbLo = Number(lsb & 0xffffffffn);
  }

  /** The k2pow that goes into the proof for `nonce`. */
  pow(nonce: number): bigint {
    return this.#pows[Math.floor((nonce - this.nonceStart) / NONCES_PER_AES)]!;
  }

  /**
   * The tie-break for every gathered tie of group `g`: lsb56 of the nonce's own cipher over the
   * label must be below the difficulty's LSB. One cipher call per nonce keeps a native cipher's
   * per-call cost out of the loop.
   */
  #settleTies(batch: Uint8Array, g: number, push: (p: number) => void): void {
    for (let b = 0; b < NONCES_PER_AES; b++) {
      const ps = this.#ties[b]!;
      if (ps.length === 0) continue;
      const n = ps.length * LABEL_SIZE;
      if (this.#tieIn.length < n) {
        this.#tieIn = new Uint8Array(n * 2);
        this.#tieOut = new Uint8Array(n * 2);
      }
      const inp = this.#tieIn;

      for (let i = 0, o = 0; i < ps.length; i++) {
        // A plain copy: a subarray per tie would allocate tens of thousands of views per pass.
        const at = (ps[i]! >>> 4) * LABEL_SIZE;
        for (let k = 0; k < LABEL_SIZE; k++) inp[o++] = batch[at + k]!;
      }
      const out = this.#lazy[g * NONCES_PER_AES + b]!.encrypt(inp.subarray(0, n), this.#tieOut);
      const hiT = this.#lsbHi;
      const loT = this.#lsbLo;
      for (let i = 0; i < ps.length; i++) {
        const o = i * LABEL_SIZE;
        const lo = (out[o]! | (out[o + 1]! << 8) | (out[o + 2]! << 16) | (out[o + 3]! << 24)) >>> 0;
        const hi = out[o + 4]! | (out[o + 5]! << 8) | (out[o + 6]! << 16);
        if (hi < hiT || (hi === hiT && lo < loT)) push(ps[i]!);
      }
      ps.length = 0;
    }
  }

  /**
   * Appends the sort keys of group `g`'s hits in `out` (the group's AES output of `batch`).
   * Candidates are rare (about 1 byte in 256 at mainnet's difficulty), so words without a byte
   * ≤ msb are skipped with one test: ((x − 0x01·(msb+1)) & ~x & 0x80808080) ≠ 0 iff some byte
   * of x is below msb + 1 (exact for msb < 128). Int32 words keep V8 on integer paths.
   */
  #scan(
    batch: Uint8Array,
    first: number,
    out: Uint8Array,
    words: Int32Array,
    g: number,
    keys: number[],
  ): void {
    const msb = this.difficultyMsb;
    const groups = this.#ciphers.length;
    const nWords = batch.length >>> 2;
    const ties = this.#ties;
    const push = (p: number): void => {
      const label = first + (p >>> 4);
      const chunk = Math.floor(label / CHUNK_LABELS);
      // Sort key: ((chunk · groups + group) · 128 + label-in-chunk · 16 + byte).
      keys.push((chunk * groups + g) * 128 + (label % CHUNK_LABELS) * 16 + (p & 15));
    };
    const hit = (p: number, v: number): void => {
      if (v < msb) push(p);
      else ties[p & 15]!.push(p);
    };
    if (msb >= 128) {
      for (let p = 0; p < batch.length; p++) {
        const v = out[p]!;
        if (v <= msb) hit(p, v);
      }
      this.#settleTies(batch, g, push);
      return;
    }
    const t = (0x01010101 * (msb + 1)) | 0;
    if (this.#cand.length < nWords) this.#cand = new Int32Array(nWords);
    const cand = this.#cand;
    const n = candidateWords(words, nWords, t, cand);
    for (let i = 0; i < n; i++) {
      const w = cand[i]!;
      for (let p = w * 4; p < w * 4 + 4; p++) {
        const v = out[p]!;
        if (v <= msb) hit(p, v);
      }
    }
    this.#settleTies(batch, g, push);
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
    const keys: number[] = [];
    const n = batch.length / LABEL_SIZE;
    // Slices of SLICE_LABELS keep the AES output in cache for the scan that follows it.
    for (let first = 0; first < n; first += SLICE_LABELS) {
      const slice = batch.subarray(
        first * LABEL_SIZE,
        Math.min(n, first + SLICE_LABELS) * LABEL_SIZE,
      );
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
        this.#scan(slice, first, out, words, g, keys);
      }
    }
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
