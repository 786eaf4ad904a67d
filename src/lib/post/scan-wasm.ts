// The prover's candidate scan in WebAssembly SIMD. `scan` takes labels of AES output four at a
// time: the byte-wise minimum of the four (`i8x16.min_u`), `i8x16.le_u` against splat(msb) and
// `i8x16.bitmask` tell whether any of their bytes is ≤ msb; each group's index is written
// unconditionally and the list only advances when it is a candidate, so the loop has no
// data-dependent branch (about 1 group in 5 at mainnet's MSB 0; per label it listed 1 in 16 but
// did four times the stores). `gather` then walks the candidate groups: the four labels' masks
// make one 64-bit mask; a byte below the MSB becomes a hit record, a byte equal to it (a tie)
// has its label index and the label's 16 input bytes appended to that nonce's bucket, so JS only
// runs one tie-break cipher per nonce over a whole bucket (per-tie work in JS was a fifth of
// proving time). Assembled from instruction helpers in the style of scrypt/romix4-wasm.ts.
//
// Memory (fixed, never grown, so the views stay valid): the AES output at 0 (`bytes`), the
// candidate list after it (`cand`, one i32 group index each); with tie buckets also the cipher
// input (`input`), the hit list (an i64 of bits left by a stopped gather, the count, then
// label << 4 | byte) and per nonce a tie count, a list of label indices and the labels' bytes.

import {
  block,
  br,
  brIf,
  compileOnce,
  end,
  get,
  I32,
  I64,
  i32add,
  i32and,
  i32c,
  i32geu,
  i32ltu,
  i32ne,
  i32shl,
  i32shru,
  i32store,
  i32sub,
  ifBlock,
  loop,
  set,
  simd,
  V128,
  vload,
  wasmModule,
} from './wasm-asm.ts';
import { G, GROUP_LABELS, gatherBody } from './gather-wasm.ts';

const splat8 = simd(0x0f);
const leU8 = simd(0x2a);
const minU8 = simd(0x77);
const bitmask8 = simd(0x64);

/** Labels per candidate group: one test of their byte-wise minimum stands for all four. */
export { GROUP_LABELS };

// --- scan(len, msb, dst) -> count -------------------------------------------------------------

// Params: 0 len (bytes, a multiple of 16), 1 msb, 2 dst (candidate list address); i32: 3 p (byte
// position), 4 at (next candidate slot), 5 mask, 6 the end of the whole groups; v128: 7 splat(msb),
// 8 the minimum of the tail's labels.
const S = { LEN: 0, MSB: 1, DST: 2, P: 3, AT: 4, MASK: 5, END: 6, LIM: 7, ACC: 8 } as const;

/** Stores group index `index` at `at`; advances `at` by 4 iff `mask` (on the stack) ≠ 0. */
const emit = (index: number[]) => [
  ...set(S.MASK),
  ...get(S.AT),
  ...index,
  ...i32store(0),
  ...get(S.AT),
  ...get(S.MASK),
  ...i32c(0),
  ...i32ne,
  ...i32c(2),
  ...i32shl,
  ...i32add,
  ...set(S.AT),
];

/** The group of 4 labels at p: the minimum of their bytes against msb, its mask emitted. */
const group = [
  ...get(S.P),
  ...vload(0),
  ...get(S.P),
  ...vload(16),
  ...minU8,
  ...get(S.P),
  ...vload(32),
  ...get(S.P),
  ...vload(48),
  ...minU8,
  ...minU8,
  ...get(S.LIM),
  ...leU8,
  ...bitmask8,
  ...emit([...get(S.P), ...i32c(6), ...i32shru]),
];

/** `while (p < limit) { body; p += step }`, limit − p a multiple of step. */
const whileBelow = (limit: number, step: number, body: number[]) => [
  ...block,
  ...loop,
  ...get(S.P),
  ...get(limit),
  ...i32geu,
  ...brIf(1),
  ...body,
  ...get(S.P),
  ...i32c(step),
  ...i32add,
  ...set(S.P),
  ...br(0),
  ...end,
  ...end,
];

// Whole groups first, then the 1 to 3 labels left as one last group.
const body: number[] = [
  ...get(S.MSB),
  ...splat8,
  ...set(S.LIM),
  ...get(S.DST),
  ...set(S.AT),
  ...get(S.LEN),
  ...i32c(-16 * GROUP_LABELS),
  ...i32and,
  ...set(S.END),
  ...whileBelow(S.END, 16 * GROUP_LABELS, group),
  ...get(S.END),
  ...get(S.LEN),
  ...i32ltu,
  ...ifBlock,
  ...i32c(255),
  ...splat8,
  ...set(S.ACC),
  ...whileBelow(S.LEN, 16, [...get(S.ACC), ...get(S.P), ...vload(0), ...minU8, ...set(S.ACC)]),
  ...get(S.ACC),
  ...get(S.LIM),
  ...leU8,
  ...bitmask8,
  ...emit([...get(S.END), ...i32c(6), ...i32shru]),
  ...end,
  ...get(S.AT),
  ...get(S.DST),
  ...i32sub,
  ...i32c(2),
  ...i32shru,
];

const compiled = compileOnce(() =>
  wasmModule([
    {
      // (i32 len, i32 msb, i32 dst) -> i32 count
      name: 'scan',
      params: [I32, I32, I32],
      results: [I32],
      locals: [
        [S.LIM - S.P, I32],
        [2, V128],
      ],
      body,
    },
    {
      name: 'gather',
      params: Array.from({ length: G.I }, () => I32),
      results: [I32],
      locals: [
        [G.MASK - G.I, I32],
        [1, I64],
        [1, V128],
      ],
      body: gatherBody,
    },
  ]),
);

type Scan = (len: number, msb: number, dst: number) => number;
type Gather = (...args: number[]) => number;

/** Hit records a gather call may leave before the caller drains them. */
const HIT_CAP = 4096;
/** Tie bucket room in all: about 4 MiB (20 bytes a tie), per nonce between these bounds. */
const TIE_BYTES = 4 << 20;
const MIN_TIE_CAP = 256;
const MAX_TIE_CAP = 8192;

const align16 = (n: number) => (n + 15) & ~15;

/**
 * The SIMD candidate scan over up to `maxLabels` labels of AES output held in its own memory,
 * and (when made for some nonces) the gathering of hits and ties in that memory.
 */
export class ScanWasm {
  /** Where the cipher output goes: the first `maxLabels` · 16 bytes of the module's memory. */
  readonly bytes: Uint8Array;
  /** Candidates of the last scan: groups (of GROUP_LABELS labels) with a byte ≤ msb. */
  readonly cand: Int32Array;
  /** Where the cipher input goes for `gather` (empty without tie buckets). */
  readonly input: Uint8Array;
  /** Labels a tie bucket holds. */
  readonly tieCap: number;
  /** hits[0]: the count; then label << 4 | byte per hit of the gather calls since it was 0. */
  readonly hits: Int32Array;
  /** Tie counts per nonce of the range. */
  readonly tieCounts: Int32Array;
  /** The tie buckets' batch label indices, tieCap per nonce. */
  readonly tieLabels: Int32Array;
  readonly #tieBytes: Uint8Array;
  readonly #addr: {
    cand: number;
    input: number;
    hits: number;
    cnt: number;
    lbl: number;
    byt: number;
  };
  readonly #scan: Scan;
  readonly #gather: Gather;

  private constructor(
    maxLabels: number,
    nonces: number,
    tieCap: number | undefined,
    mod: WebAssembly.Module,
  ) {
    const size = maxLabels * 16;
    const cap =
      nonces === 0
        ? 0
        : (tieCap ??
          Math.min(MAX_TIE_CAP, Math.max(MIN_TIE_CAP, Math.floor(TIE_BYTES / (20 * nonces)))));
    const cand = size;
    const groups = Math.ceil(maxLabels / GROUP_LABELS);
    const input = align16(cand + groups * 4);
    const inSize = nonces === 0 ? 0 : size;
    const hits = input + inSize;
    const cnt = hits + (nonces === 0 ? 0 : 16 + 4 * HIT_CAP);
    const lbl = cnt + 4 * nonces;
    const byt = align16(lbl + 4 * nonces * cap);
    const total = byt + 16 * nonces * cap;
    const memory = new WebAssembly.Memory({ initial: Math.ceil(total / 65536) });
    const inst = new WebAssembly.Instance(mod, { env: { memory } });
    this.#scan = inst.exports.scan as Scan;
    this.#gather = inst.exports.gather as Gather;
    const buf = memory.buffer;
    this.bytes = new Uint8Array(buf, 0, size);
    this.cand = new Int32Array(buf, cand, groups);
    this.input = new Uint8Array(buf, input, inSize);
    this.tieCap = cap;
    this.hits = new Int32Array(buf, hits + 12, nonces === 0 ? 0 : HIT_CAP + 1);
    this.tieCounts = new Int32Array(buf, cnt, nonces);
    this.tieLabels = new Int32Array(buf, lbl, nonces * cap);
    this.#tieBytes = new Uint8Array(buf, byt, 16 * nonces * cap);
    this.#addr = { cand, input, hits, cnt, lbl, byt };
  }

  /**
   * null where WebAssembly SIMD is unavailable. `nonces` > 0 adds the input area, the hit list
   * and a tie bucket per nonce for `gather`, of `tieCap` labels each (≥ 1; by default sized
   * from the nonce count: fewer cipher calls per batch, a bounded memory).
   */
  static create(maxLabels: number, nonces = 0, tieCap?: number): ScanWasm | null {
    if (tieCap !== undefined && !(Number.isInteger(tieCap) && tieCap >= 1))
      throw new RangeError('a tie bucket holds at least one label');
    const mod = compiled();
    if (!mod) return null;
    try {
      return new ScanWasm(maxLabels, nonces, tieCap, mod);
    } catch {
      return null;
    }
  }

  /**
   * Lists the groups of the first `labels` labels of `bytes` that have a byte ≤ msb in `cand`
   * (a byte-wise minimum per group, so a group may list for bytes of different labels; gather
   * tests each label); returns their count.
   */
  scan(labels: number, msb: number): number {
    return this.#scan(labels * 16, msb, this.#addr.cand);
  }

  /**
   * Gathers candidates start..count of the last scan of `labels` labels for nonce group `g` of
   * the range (output in `bytes`, input in `input`, the slice starting at batch label `first`):
   * hits into `hits`, ties into the buckets of nonces 16g..16g + 15. Returns the index it
   * stopped at: count, or earlier when the hit list or a bucket it needs is full (drain the
   * hits, empty the full buckets and call again from there).
   */
  gather(
    start: number,
    count: number,
    labels: number,
    msb: number,
    first: number,
    g: number,
  ): number {
    const a = this.#addr;
    const cap = this.tieCap;
    return this.#gather(
      start,
      count,
      msb,
      first,
      labels,
      a.cnt + 64 * g,
      a.lbl + 64 * cap * g,
      a.byt + 256 * cap * g,
      cap,
      a.input,
      0,
      a.cand,
      a.hits,
      HIT_CAP,
    );
  }

  /** The input bytes of nonce `t`'s first `n` ties. */
  tieBytes(t: number, n: number): Uint8Array {
    const at = t * this.tieCap * 16;
    return this.#tieBytes.subarray(at, at + n * 16);
  }
}
