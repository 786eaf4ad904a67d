// A cursor over received bytes. Every read checks the remaining length first, so a short input
// is a DecodeError('truncated'), never a RangeError or an `undefined` turned into NaN.
import { DecodeError } from './errors.ts';

export class Reader {
  readonly bytes: Uint8Array;
  #pos = 0;

  constructor(bytes: Uint8Array) {
    this.bytes = bytes;
  }

  /** Offset of the next unread byte. */
  get pos(): number {
    return this.#pos;
  }

  get remaining(): number {
    return this.bytes.length - this.#pos;
  }

  /** Fails unless at least `n` more bytes are there; `what` names the value being read. */
  need(n: number, what: string): void {
    if (n > this.bytes.length - this.#pos)
      throw new DecodeError(
        'truncated',
        `${what}: needs ${n} bytes, ${this.bytes.length - this.#pos} left`,
      );
  }

  byte(what = 'byte'): number {
    this.need(1, what);
    return this.bytes[this.#pos++]!;
  }

  /** The next `n` bytes as a new array (a copy: decoded values never alias the input). */
  take(n: number, what = 'bytes'): Uint8Array {
    this.need(n, what);
    const out = this.bytes.slice(this.#pos, this.#pos + n);
    this.#pos += n;
    return out;
  }

  /** Little-endian unsigned 32-bit integer (used by compact modes and fixed-width fields). */
  u32le(what = 'uint32'): number {
    this.need(4, what);
    const b = this.bytes;
    const p = this.#pos;
    this.#pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16) | (b[p + 3]! << 24)) >>> 0;
  }

  /** Everything not read yet, as a copy; the cursor moves to the end. */
  rest(): Uint8Array {
    return this.take(this.remaining);
  }

  /** Fails with 'trailing-bytes' unless the whole input was read. */
  end(what = 'value'): void {
    if (this.remaining !== 0)
      throw new DecodeError('trailing-bytes', `${this.remaining} bytes left after ${what}`);
  }
}
