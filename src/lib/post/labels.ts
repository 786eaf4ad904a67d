// PoST labels (post-rs src/initialize.rs): label i is the first LABEL_SIZE bytes of the 32-byte
// scrypt-jane output for password = commitment ‖ u64le(i) ‖ 32 zero bytes, empty salt, r = p = 1.
// The full 32 bytes take part in the VRF-nonce search (compared big-endian, i.e. as bytes).
import { blake3 } from '../crypto/hash.ts';
import { LABEL_SIZE, type LabelBatch, type NonceCandidate } from './interface.ts';
import { Romix4 } from './scrypt/romix4-wasm.ts';
import { pbkdf2Keccak512, RomixEngine, scryptJane } from './scrypt/scrypt-jane.ts';

/** Bytes of a whole scrypt output, of which the label keeps LABEL_SIZE. */
export const ENTIRE_LABEL_SIZE = 32;
/** commitment(32) ‖ u64le index(8) ‖ zeros(32): exactly Keccak-512's rate, the HMAC block. */
export const LABEL_PASSWORD_SIZE = 72;

const EMPTY = new Uint8Array(0);

/** commitment = blake3(nodeId ‖ commitmentAtxId). */
export function commitment(nodeId: Uint8Array, commitmentAtxId: Uint8Array): Uint8Array {
  if (nodeId.length !== 32 || commitmentAtxId.length !== 32)
    throw new RangeError('nodeId and commitmentAtxId must be 32 bytes');
  return blake3(nodeId, commitmentAtxId);
}

/** Writes the 72-byte scrypt password of label `index` into `out`. */
export function labelPassword(
  commitmentBytes: Uint8Array,
  index: bigint,
  out: Uint8Array = new Uint8Array(LABEL_PASSWORD_SIZE),
): Uint8Array {
  out.set(commitmentBytes, 0);
  let v = BigInt.asUintN(64, index);
  for (let k = 32; k < 40; k++) {
    out[k] = Number(v & 0xffn);
    v >>= 8n;
  }
  out.fill(0, 40, LABEL_PASSWORD_SIZE);
  return out;
}

/**
 * Computes labels on the calling thread: batches four at a time through the WebAssembly SIMD
 * ROMix where available, single labels (and the rest) through the JS ROMix. Holds its scratch
 * (128·N bytes, plus 512·N for the SIMD path); one per thread, not reentrant.
 */
export class LabelHasher {
  readonly scryptN: number;
  private readonly engine: RomixEngine;
  /** Created on the first batch (undefined: not yet; null: unavailable or switched off). */
  private four: Romix4 | null | undefined;
  private readonly password = new Uint8Array(LABEL_PASSWORD_SIZE);
  private readonly passwords = [0, 1, 2, 3].map(() => new Uint8Array(LABEL_PASSWORD_SIZE));

  /** `simd: false` keeps to the JS ROMix (the reference, for tests and benchmarks). */
  constructor(scryptN: number, opts: { simd?: boolean } = {}) {
    this.engine = new RomixEngine(scryptN, 1);
    this.scryptN = scryptN;
    if (opts.simd === false) this.four = null;
  }

  /**
   * The 4-lane WebAssembly SIMD ROMix, made on first use: single outputs (verification) never
   * pay for its memory or compilation.
   */
  private simdRomix(): Romix4 | null {
    if (this.four === undefined) this.four = Romix4.create(this.scryptN);
    return this.four;
  }

  /** Whether batches use the 4-lane WebAssembly SIMD ROMix. */
  get simd(): boolean {
    return this.simdRomix() !== null;
  }

  /** The full 32-byte scrypt output of label `index`. */
  output(commitmentBytes: Uint8Array, index: bigint): Uint8Array {
    labelPassword(commitmentBytes, index, this.password);
    const params = { n: this.scryptN, r: 1, p: 1 };
    return scryptJane(this.password, EMPTY, params, ENTIRE_LABEL_SIZE, this.engine);
  }

  /** Outputs of labels first … first + k − 1 (k ≤ 4) in one SIMD pass; spare lanes repeat. */
  private outputs4(four: Romix4, c: Uint8Array, first: bigint, k: number): Uint8Array[] {
    const pw = this.passwords as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    for (let lane = 0; lane < 4; lane++)
      labelPassword(c, first + BigInt(Math.min(lane, k - 1)), pw[lane]!);
    // scrypt-jane with r = p = 1: B = PBKDF2(pw, ∅, 128); ROMix(B); out = PBKDF2(pw, B, 32).
    const chunks = pw.map((p) => pbkdf2Keccak512(p, EMPTY, 128)) as [
      Uint8Array,
      Uint8Array,
      Uint8Array,
      Uint8Array,
    ];
    four.mix(chunks);
    return chunks.slice(0, k).map((b, lane) => pbkdf2Keccak512(pw[lane]!, b, ENTIRE_LABEL_SIZE));
  }

  /**
   * Labels [start, start + count) into a new buffer, and the lowest output below
   * `vrfDifficulty` when one is given (the first index wins a tie, as in post-rs).
   */
  batch(
    commitmentBytes: Uint8Array,
    start: bigint,
    count: number,
    vrfDifficulty?: Uint8Array,
  ): LabelBatch {
    const labels = new Uint8Array(count * LABEL_SIZE);
    let best: Uint8Array | undefined = vrfDifficulty;
    let nonce: NonceCandidate | undefined;
    // A lone label is cheaper in JS than a 4-lane pass.
    const four = count >= 2 ? this.simdRomix() : null;
    for (let i = 0; i < count;) {
      const k = Math.min(4, count - i);
      const first = start + BigInt(i);
      const outs =
        four && k >= 2
          ? this.outputs4(four, commitmentBytes, first, k)
          : [this.output(commitmentBytes, first)];
      for (const out of outs) {
        labels.set(out.subarray(0, LABEL_SIZE), i * LABEL_SIZE);
        if (best && compareBytes(out, best) < 0) {
          best = out;
          nonce = { index: start + BigInt(i), value: out };
        }
        i++;
      }
    }
    return nonce ? { labels, nonce } : { labels };
  }
}

/** One label's full output (allocates a scratch; use LabelHasher for many). */
export function labelOutput(commitmentBytes: Uint8Array, index: bigint, scryptN: number) {
  return new LabelHasher(scryptN).output(commitmentBytes, index);
}

import { compareBytes } from '../bytes.ts';

export { compareBytes };

const TWO_256 = 1n << 256n;

/**
 * The VRF-nonce difficulty of go post's shared.PowDifficulty: (2^256 / numLabels) << 3 as 32
 * bytes big-endian. Below 9 labels that exceeds 256 bits (go panics); we saturate to 2^256 − 1,
 * which every output but all-0xff beats.
 */
export function vrfDifficulty(numLabels: bigint): Uint8Array {
  if (numLabels <= 0n) throw new RangeError('numLabels must be positive');
  let d = (TWO_256 / numLabels) << 3n;
  if (d >= TWO_256) d = TWO_256 - 1n;
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(d & 0xffn);
    d >>= 8n;
  }
  return out;
}
