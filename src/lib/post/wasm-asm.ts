// A tiny WebAssembly assembler for the hand-written SIMD kernels of PoST (scrypt/romix4-wasm.ts,
// scan-wasm.ts): LEB128 encoding, the instructions they use as readable helpers, and a module
// of one exported function over an imported memory. Kernels are assembled at run time from
// these instead of being shipped as opaque binaries.

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];
export const vec = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const name = (s: string) => vec([...s].map((c) => [c.charCodeAt(0)]));
export const simd = (op: number) => [0xfd, ...uleb(op)];

export const I32 = 0x7f;
export const I64 = 0x7e;
export const V128 = 0x7b;

export const get = (l: number) => [0x20, ...uleb(l)];
export const set = (l: number) => [0x21, ...uleb(l)];
export const i32c = (v: number) => [0x41, ...sleb(v)];
export const i32add = [0x6a];
export const i32sub = [0x6b];
export const i32and = [0x71];
export const i32shl = [0x74];
export const i32shru = [0x76];
export const i32eqz = [0x45];
export const i32ne = [0x47];
export const i32ltu = [0x49];
export const i32geu = [0x4f];
export const i64c = (v: number) => [0x42, ...sleb(v)];
export const i64eqz = [0x50];
export const i64ctz = [0x7a];
export const i64sub = [0x7d];
export const i64and = [0x83];
export const i64or = [0x84];
export const i64shl = [0x86];
export const i32wrapI64 = [0xa7];
export const i64extendI32u = [0xad];
export const i64load = (offset: number) => [0x29, 3, ...uleb(offset)];
export const i64store = (offset: number) => [0x37, 3, ...uleb(offset)];
export const i32gtu = [0x4b];
export const i32or = [0x72];
export const i32mul = [0x6c];
export const i32load8u = (offset: number) => [0x2d, 0, ...uleb(offset)];
export const i32load = (offset: number) => [0x28, 2, ...uleb(offset)];
export const i32store = (offset: number) => [0x36, 2, ...uleb(offset)];
export const block = [0x02, 0x40];
export const loop = [0x03, 0x40];
/** `if` with no result; `els` switches to the else arm, `end` closes it. */
export const ifBlock = [0x04, 0x40];
export const els = [0x05];
export const ret = [0x0f];
export const brIf = (depth: number) => [0x0d, ...uleb(depth)];
export const br = (depth: number) => [0x0c, ...uleb(depth)];
export const end = [0x0b];
export const vload = (offset: number) => [...simd(0x00), 4, ...uleb(offset)];
export const vstore = (offset: number) => [...simd(0x0b), 4, ...uleb(offset)];

export interface FunctionSpec {
  /** Exported name. */
  readonly name: string;
  /** Parameter and result value types (I32, V128). */
  readonly params: readonly number[];
  readonly results: readonly number[];
  /** Local declarations beyond the parameters: [count, type] runs. */
  readonly locals: readonly (readonly [number, number])[];
  /** Instructions, without the final `end`. */
  readonly body: readonly number[];
}

/** A module importing `env.memory` (min 1 page) and exporting one function. */
export function singleFunctionModule(f: FunctionSpec): Uint8Array<ArrayBuffer> {
  return wasmModule([f]);
}

/** A module importing `env.memory` (min 1 page) and exporting each of `fs` under its name. */
export function wasmModule(fs: readonly FunctionSpec[]): Uint8Array<ArrayBuffer> {
  const code = (f: FunctionSpec) => {
    const c = [...vec(f.locals.map(([n, t]) => [n, t])), ...f.body, ...end];
    return [...uleb(c.length), ...c];
  };
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(
      1,
      vec(
        fs.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]),
      ),
    ),
    ...section(2, vec([[...name('env'), ...name('memory'), 0x02, 0x00, 1]])),
    ...section(3, vec(fs.map((_, i) => uleb(i)))),
    ...section(7, vec(fs.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(fs.map(code))),
  ]);
}

/**
 * Compiles the module once, on first use; null where the host has no WebAssembly SIMD (or
 * refuses WebAssembly), so callers fall back to JavaScript.
 */
export function compileOnce(bytes: () => Uint8Array<ArrayBuffer>): () => WebAssembly.Module | null {
  let compiled: WebAssembly.Module | null | undefined;
  return () => {
    if (compiled === undefined) {
      try {
        const b = bytes();
        compiled = WebAssembly.validate(b) ? new WebAssembly.Module(b) : null;
      } catch {
        compiled = null;
      }
    }
    return compiled;
  };
}
