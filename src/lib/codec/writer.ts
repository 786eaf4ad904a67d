// A growable output buffer for encoders. Encoded Spacemesh values are small (a transaction is
// at most 1 KiB), so a doubling array beats collecting parts and concatenating them.

export class Writer {
  #buf: Uint8Array;
  #len = 0;

  constructor(capacity = 64) {
    this.#buf = new Uint8Array(Math.max(8, capacity));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#len;
  }

  #reserve(n: number): void {
    const need = this.#len + n;
    if (need <= this.#buf.length) return;
    let size = this.#buf.length * 2;
    while (size < need) size *= 2;
    const next = new Uint8Array(size);
    // The whole buffer (#len ≤ its length), not a subarray: a view of a small typed array forces
    // V8 to move its bytes off the JavaScript heap first, which costs far more than copying them.
    next.set(this.#buf);
    this.#buf = next;
  }

  byte(v: number): void {
    this.#reserve(1);
    this.#buf[this.#len++] = v;
  }

  bytes(b: Uint8Array): void {
    this.#reserve(b.length);
    this.#buf.set(b, this.#len);
    this.#len += b.length;
  }

  /** Little-endian unsigned 32-bit integer; `v` must already be in range. */
  u32le(v: number): void {
    this.#reserve(4);
    const b = this.#buf;
    const p = this.#len;
    b[p] = v & 0xff;
    b[p + 1] = (v >>> 8) & 0xff;
    b[p + 2] = (v >>> 16) & 0xff;
    b[p + 3] = (v >>> 24) & 0xff;
    this.#len += 4;
  }

  /** The bytes written, as an array of exactly that length. */
  finish(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}
