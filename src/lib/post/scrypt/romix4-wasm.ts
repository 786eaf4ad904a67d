// ROMix (r = 1, ChaCha20/8 BlockMix — the function of romix.ts) for FOUR labels at once in
// WebAssembly SIMD: lane L of every v128 holds label L's word, so each ChaCha instruction
// advances four independent blocks. (One block per vector is one long dependency chain and
// measured no faster than plain JS; four chains keep the SIMD units busy.) The module is
// assembled below from readable instruction helpers instead of being shipped as a binary.
//
// Memory: X at 0 (32 words × 4 lanes = 512 bytes), V at 512 (N × 512 bytes). Word w of label
// L sits at byte 16·w + 4·L of its 512-byte chunk. Integerify differs per label, so the XOR
// with V_j gathers each lane from its own j.

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
  i32eqz,
  i32load,
  i32ltu,
  i32shl,
  i32sub,
  loop,
  set,
  simd,
  singleFunctionModule,
  V128,
  vload,
  vstore,
} from '../wasm-asm.ts';

const vxor = simd(0x51);
const vor = simd(0x50);
const shl32 = simd(0xab);
const shru32 = simd(0xad);
const add32 = simd(0xae);
const splat32 = simd(0x11);
const extract32 = (lane: number) => [...simd(0x1b), lane];
const replace32 = (lane: number) => [...simd(0x1c), lane];
const shuffle = (bytes: number[]) => [...simd(0x0d), ...bytes];
/** Rotations by 16 and 8 bits are byte moves inside each 32-bit lane. */
const ROTL16 = shuffle([0, 1, 2, 3].flatMap((k) => [4 * k + 2, 4 * k + 3, 4 * k, 4 * k + 1]));
const ROTL8 = shuffle([0, 1, 2, 3].flatMap((k) => [4 * k + 3, 4 * k, 4 * k + 1, 4 * k + 2]));

// --- locals ---------------------------------------------------------------------------------

// 0 = n (param); i32: 1 i, 2 mask, 3 src, 4 dst, 5 zero, 6..9 per-lane V_j addresses;
// v128: 10..25 the ChaCha state s0..s15.
const N = 0;
const I = 1;
const MASK = 2;
const SRC = 3;
const DST = 4;
const ZERO = 5;
const LANE = [6, 7, 8, 9] as const;
const S = (w: number) => 10 + w;
const I32_LOCALS = 9;
const V128_LOCALS = 16;

// --- ChaCha20/8 on 16 vectors ---------------------------------------------------------------

function quarterRound(a: number, b: number, c: number, d: number): number[] {
  const add = (x: number, y: number) => [...get(S(x)), ...get(S(y)), ...add32, ...set(S(x))];
  const xorRot = (x: number, y: number, r: number) => {
    const code = [...get(S(x)), ...get(S(y)), ...vxor, ...set(S(x))];
    if (r === 16 || r === 8) {
      code.push(...get(S(x)), ...get(S(x)), ...(r === 16 ? ROTL16 : ROTL8), ...set(S(x)));
    } else {
      code.push(...get(S(x)), ...i32c(r), ...shl32, ...get(S(x)), ...i32c(32 - r), ...shru32);
      code.push(...vor, ...set(S(x)));
    }
    return code;
  };
  return [
    ...add(a, b),
    ...xorRot(d, a, 16),
    ...add(c, d),
    ...xorRot(b, c, 12),
    ...add(a, b),
    ...xorRot(d, a, 8),
    ...add(c, d),
    ...xorRot(b, c, 7),
  ];
}

const doubleRound = [
  ...quarterRound(0, 4, 8, 12),
  ...quarterRound(1, 5, 9, 13),
  ...quarterRound(2, 6, 10, 14),
  ...quarterRound(3, 7, 11, 15),
  ...quarterRound(0, 5, 10, 15),
  ...quarterRound(1, 6, 11, 12),
  ...quarterRound(2, 7, 8, 13),
  ...quarterRound(3, 4, 9, 14),
];

/**
 * mem[out + oo] = H(mem[x + xo] ^ mem[b + bo]) for four 64-byte blocks (256 interleaved bytes);
 * H = ChaCha20/8 with feed-forward. Word w is stored right after its own inputs are re-read,
 * so `out` may equal `x` or `b`.
 */
function mix(x: number, xo: number, b: number, bo: number, out: number, oo: number): number[] {
  const input = (w: number) => [
    ...get(x),
    ...vload(xo + 16 * w),
    ...get(b),
    ...vload(bo + 16 * w),
    ...vxor,
  ];
  const code: number[] = [];
  for (let w = 0; w < 16; w++) code.push(...input(w), ...set(S(w)));
  for (let r = 0; r < 4; r++) code.push(...doubleRound);
  for (let w = 0; w < 16; w++)
    code.push(...get(out), ...get(S(w)), ...input(w), ...add32, ...vstore(oo + 16 * w));
  return code;
}

/** `while (I < N) { body; I++ }` */
const whileBelowN = (body: number[]) => [
  ...block,
  ...loop,
  ...get(I),
  ...get(N),
  ...i32ltu,
  ...i32eqz,
  ...brIf(1),
  ...body,
  ...get(I),
  ...i32c(1),
  ...i32add,
  ...set(I),
  ...br(0),
  ...end,
  ...end,
];

const CHUNK = 512;
const V = 512;
const chunkOffsets = Array.from({ length: 32 }, (_, w) => 16 * w);

const body: number[] = [
  ...get(N),
  ...i32c(1),
  ...i32sub,
  ...set(MASK),
  ...i32c(0),
  ...set(ZERO),
  // V_0 = X
  ...chunkOffsets.flatMap((o) => [...get(ZERO), ...get(ZERO), ...vload(o), ...vstore(V + o)]),
  // V_i = BlockMix(V_{i-1})
  ...i32c(V),
  ...set(SRC),
  ...i32c(1),
  ...set(I),
  ...whileBelowN([
    ...get(SRC),
    ...i32c(CHUNK),
    ...i32add,
    ...set(DST),
    ...mix(SRC, 256, SRC, 0, DST, 0),
    ...mix(DST, 0, SRC, 256, DST, 256),
    ...get(DST),
    ...set(SRC),
  ]),
  // X = BlockMix(V_{N-1})
  ...mix(SRC, 256, SRC, 0, ZERO, 0),
  ...mix(ZERO, 0, SRC, 256, ZERO, 256),
  // N times: X ^= V_j (j per lane = word 16 & (N − 1)); X = BlockMix(X)
  ...i32c(0),
  ...set(I),
  ...whileBelowN([
    ...LANE.flatMap((l, lane) => [
      ...get(ZERO),
      ...vload(256),
      ...extract32(lane),
      ...get(MASK),
      ...i32and,
      ...i32c(9),
      ...i32shl,
      ...i32c(V + 4 * lane),
      ...i32add,
      ...set(l),
    ]),
    ...chunkOffsets.flatMap((o) => [
      ...get(ZERO),
      ...get(ZERO),
      ...vload(o),
      ...get(LANE[0]),
      ...i32load(o),
      ...splat32,
      ...get(LANE[1]),
      ...i32load(o),
      ...replace32(1),
      ...get(LANE[2]),
      ...i32load(o),
      ...replace32(2),
      ...get(LANE[3]),
      ...i32load(o),
      ...replace32(3),
      ...vxor,
      ...vstore(o),
    ]),
    ...mix(ZERO, 256, ZERO, 0, ZERO, 0),
    ...mix(ZERO, 0, ZERO, 256, ZERO, 256),
  ]),
];

const wasmModule = compileOnce(() =>
  singleFunctionModule({
    name: 'romix4',
    params: [I32],
    results: [],
    locals: [
      [I32_LOCALS, I32],
      [V128_LOCALS, V128],
    ],
    body,
  }),
);

/** Four ROMix (r = 1) computations at once; owns 512·(N + 1) bytes of linear memory. */
export class Romix4 {
  static readonly LANES = 4;
  readonly n: number;
  private readonly mem: Uint8Array;
  private readonly fn: (n: number) => void;

  private constructor(n: number, mod: WebAssembly.Module) {
    this.n = n;
    const memory = new WebAssembly.Memory({ initial: Math.ceil((CHUNK * (n + 1)) / 65536) });
    const inst = new WebAssembly.Instance(mod, { env: { memory } });
    this.fn = inst.exports.romix4 as (n: number) => void;
    this.mem = new Uint8Array(memory.buffer);
  }

  /** null where WebAssembly SIMD is unavailable. */
  static create(n: number): Romix4 | null {
    // 32-bit addresses: keep V well inside 4 GiB (N ≤ 2^22 here).
    if (CHUNK * (n + 1) > 2 ** 31) return null;
    const mod = wasmModule();
    if (!mod) return null;
    try {
      return new Romix4(n, mod);
    } catch {
      return null; // the host refused the memory
    }
  }

  /** ROMix on four 128-byte chunks, in place. */
  mix(chunks: readonly [Uint8Array, Uint8Array, Uint8Array, Uint8Array]): void {
    const m = this.mem;
    for (let lane = 0; lane < 4; lane++) {
      const c = chunks[lane]!;
      for (let w = 0; w < 32; w++) {
        const at = 16 * w + 4 * lane;
        m[at] = c[4 * w]!;
        m[at + 1] = c[4 * w + 1]!;
        m[at + 2] = c[4 * w + 2]!;
        m[at + 3] = c[4 * w + 3]!;
      }
    }
    this.fn(this.n);
    for (let lane = 0; lane < 4; lane++) {
      const c = chunks[lane]!;
      for (let w = 0; w < 32; w++) {
        const at = 16 * w + 4 * lane;
        c[4 * w] = m[at]!;
        c[4 * w + 1] = m[at + 1]!;
        c[4 * w + 2] = m[at + 2]!;
        c[4 * w + 3] = m[at + 3]!;
      }
    }
  }
}
