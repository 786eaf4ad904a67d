// The prover's candidate scan in WebAssembly SIMD: one 16-byte label of AES output per v128,
// `i8x16.le_u` against splat(msb) and `i8x16.bitmask` give the bytes of the label that are ≤ msb.
// Each label is written to the candidate list unconditionally (index, mask) and the list only
// advances when the mask is non-zero, so the loop has no data-dependent branch. The module is
// assembled from instruction helpers in the style of scrypt/romix4-wasm.ts.
//
// Memory (fixed, never grown, so the views stay valid): the AES output at 0 (`bytes`), the
// candidate list after it (`cand`): pairs of i32 (label index, byte mask), one spare slot.

import {
  block,
  br,
  brIf,
  compileOnce,
  end,
  get,
  I32,
  i32add,
  i32and,
  i32c,
  i32geu,
  i32ne,
  i32shl,
  i32shru,
  i32store,
  i32sub,
  loop,
  set,
  simd,
  singleFunctionModule,
  V128,
  vload,
} from './wasm-asm.ts';

const splat8 = simd(0x0f);
const leU8 = simd(0x2a);
const bitmask8 = simd(0x64);

// --- scan(len, msb, dst) -> count -------------------------------------------------------------

// Params: 0 len (bytes, a multiple of 16), 1 msb, 2 dst (candidate list address);
// i32: 3 p (byte position), 4 at (next candidate slot), 5 mask; v128: 6 splat(msb);
// i32: 7 the end of the unrolled part.
const LEN = 0;
const MSB = 1;
const DST = 2;
const P = 3;
const AT = 4;
const MASK = 5;
const LIM = 6;
const UNROLLED_END = 7;
/** Labels per loop iteration: unrolled so the loop test is paid once per 4 labels. */
const UNROLL = 4;

/** One label at p + 16·k: store (label index, mask); advance `at` by 8 iff mask ≠ 0. */
const label = (k: number) => [
  ...get(P),
  ...vload(16 * k),
  ...get(LIM),
  ...leU8,
  ...bitmask8,
  ...set(MASK),
  ...get(AT),
  ...get(P),
  ...i32c(4),
  ...i32shru,
  ...(k === 0 ? [] : [...i32c(k), ...i32add]),
  ...i32store(0),
  ...get(AT),
  ...get(MASK),
  ...i32store(4),
  ...get(AT),
  ...get(MASK),
  ...i32c(0),
  ...i32ne,
  ...i32c(3),
  ...i32shl,
  ...i32add,
  ...set(AT),
];

/** `while (p < len) { body; p += step }`, len − p a multiple of step. */
const whileBelow = (limit: number, step: number, body: number[]) => [
  ...block,
  ...loop,
  ...get(P),
  ...get(limit),
  ...i32geu,
  ...brIf(1),
  ...body,
  ...get(P),
  ...i32c(step),
  ...i32add,
  ...set(P),
  ...br(0),
  ...end,
  ...end,
];

// Whole groups of UNROLL labels first, then the remaining labels one at a time.
const body: number[] = [
  ...get(MSB),
  ...splat8,
  ...set(LIM),
  ...get(DST),
  ...set(AT),
  ...get(LEN),
  ...get(LEN),
  ...i32c(16 * UNROLL - 1),
  ...i32and,
  ...i32sub,
  ...set(UNROLLED_END),
  ...whileBelow(
    UNROLLED_END,
    16 * UNROLL,
    Array.from({ length: UNROLL }, (_, k) => label(k)).flat(),
  ),
  ...whileBelow(LEN, 16, label(0)),
  ...get(AT),
  ...get(DST),
  ...i32sub,
  ...i32c(3),
  ...i32shru,
];

// (i32 len, i32 msb, i32 dst) -> i32 count
const wasmModule = compileOnce(() =>
  singleFunctionModule({
    name: 'scan',
    params: [I32, I32, I32],
    results: [I32],
    locals: [
      [3, I32],
      [1, V128],
      [1, I32],
    ],
    body,
  }),
);

/** The SIMD candidate scan over up to `maxLabels` labels of AES output held in its own memory. */
export class ScanWasm {
  /** Where the cipher output goes: the first `maxLabels` · 16 bytes of the module's memory. */
  readonly bytes: Uint8Array;
  /** Candidates of the last scan: cand[2i] label index, cand[2i + 1] mask of bytes ≤ msb. */
  readonly cand: Int32Array;
  readonly #fn: (len: number, msb: number, dst: number) => number;

  private constructor(maxLabels: number, mod: WebAssembly.Module) {
    const size = maxLabels * 16;
    const total = size + (maxLabels + 1) * 8;
    const memory = new WebAssembly.Memory({ initial: Math.ceil(total / 65536) });
    const inst = new WebAssembly.Instance(mod, { env: { memory } });
    this.#fn = inst.exports.scan as (len: number, msb: number, dst: number) => number;
    this.bytes = new Uint8Array(memory.buffer, 0, size);
    this.cand = new Int32Array(memory.buffer, size, (maxLabels + 1) * 2);
  }

  /** null where WebAssembly SIMD is unavailable. */
  static create(maxLabels: number): ScanWasm | null {
    const mod = wasmModule();
    if (!mod) return null;
    try {
      return new ScanWasm(maxLabels, mod);
    } catch {
      return null;
    }
  }

  /** Scans the first `labels` labels of `bytes` for bytes ≤ msb; returns the candidate count. */
  scan(labels: number, msb: number): number {
    return this.#fn(labels * 16, msb, this.bytes.length);
  }
}
