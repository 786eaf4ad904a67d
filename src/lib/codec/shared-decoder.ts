// Decoded values shared by every node in the process. Each node's EpochAtxs holds the header of
// every ATX of an epoch, decoded from its own store, and each node's beacon keeps every voter's
// first-round list; in the simulation N nodes then hold N equal copies of N such values (about a
// kilobyte each with their byte arrays and bigints): O(N²) memory, gigabytes at 1,500 nodes.
// Decoding is a pure function of the bytes, so equal bytes can share one decoded value. It is
// frozen, and its type readonly throughout, so no holder can change what another sees. Held
// weakly: a value no node holds any more is dropped by the garbage collector and decoded afresh
// the next time.
import { decode } from './codec.ts';
import type { Codec } from './codec.ts';

/** The bytes as a string of char codes 0..255: an exact key, no hash to collide. */
function charsOf(b: Uint8Array): string {
  return String.fromCharCode.apply(null, b as unknown as number[]);
}

export class SharedDecoder<T extends object> {
  readonly #codec: Codec<T>;
  readonly #what: string;
  readonly #table = new Map<string, WeakRef<T>>();
  readonly #gone = new FinalizationRegistry<string>((k) => {
    if (this.#table.get(k)?.deref() === undefined) this.#table.delete(k);
  });
  #hits = 0;
  #misses = 0;

  constructor(codec: Codec<T>, what: string) {
    this.#codec = codec;
    this.#what = what;
  }

  get stats(): { readonly hits: number; readonly misses: number } {
    return { hits: this.#hits, misses: this.#misses };
  }

  /** decode(codec, bytes), the same frozen object for equal bytes; throws as decode does. */
  decode(bytes: Uint8Array): T {
    const k = charsOf(bytes);
    const known = this.#table.get(k)?.deref();
    if (known !== undefined) {
      this.#hits++;
      return known;
    }
    this.#misses++;
    const value = Object.freeze(decode(this.#codec, bytes, this.#what));
    this.#table.set(k, new WeakRef(value));
    this.#gone.register(value, k);
    return value;
  }
}
