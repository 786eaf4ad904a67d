// Assertions for the store conformance cases. The cases also run inside Chromium, where vitest's
// expect is not available, so they throw these plain errors instead.
import { compareBytes } from '../../../src/lib/store/bytes.ts';

export class AssertionError extends Error {
  override readonly name = 'AssertionError';
}

export function hex(b: Uint8Array | undefined): string {
  if (b === undefined) return 'undefined';
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export function fromHex(s: string): Uint8Array {
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export function ok(cond: boolean, message: string): asserts cond {
  if (!cond) throw new AssertionError(message);
}

export function equal<T>(actual: T, expected: T, message: string): void {
  if (actual !== expected)
    throw new AssertionError(`${message}: expected ${String(expected)}, got ${String(actual)}`);
}

export function bytesEqual(
  actual: Uint8Array | undefined,
  expected: Uint8Array | undefined,
  message: string,
): void {
  const same =
    actual === undefined || expected === undefined
      ? actual === expected
      : actual instanceof Uint8Array && compareBytes(actual, expected) === 0;
  if (!same) throw new AssertionError(`${message}: expected ${hex(expected)}, got ${hex(actual)}`);
}

/** Compares lists of byte strings via hex, so a failure prints both lists readably. */
export function hexListEqual(
  actual: readonly Uint8Array[],
  expected: readonly string[],
  m: string,
) {
  const a = actual.map(hex).join(',');
  const e = expected.join(',');
  if (a !== e) throw new AssertionError(`${m}:\n  expected [${e}]\n  got      [${a}]`);
}

/** Awaits fn and checks it rejects with an instance of `type`. */
export async function rejects(
  fn: () => Promise<unknown>,
  type: abstract new (...args: never[]) => Error,
  message: string,
): Promise<Error> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof type) return e;
    throw new AssertionError(`${message}: expected ${type.name}, got ${String(e)}`);
  }
  throw new AssertionError(`${message}: expected ${type.name}, but it resolved`);
}
