// Tables keyed by byte strings, for the caches that see the same bytes many times (the
// verification memo, the ATX checks shared by the simulation's nodes, its interned stores).
// They used to key entries by blake3 of the bytes; in JavaScript that costs about 50 µs per KiB
// here — more than some of the checks it saved. A table now picks the slot with a fast
// non-cryptographic hash (two 32-bit multiplicative lanes, 53 bits) and keeps the key's bytes
// to compare: a lookup answers only for equal bytes, so a collision (chance or crafted) costs a
// cache miss, never a wrong answer.

/** A key: its parts in order. Each part is length-prefixed, so ([ab], [c]) ≠ ([a], [bc]). */
export type BytesKey = readonly Uint8Array[];

const M1 = 0x85ebca6b;
const M2 = 0xc2b2ae35;

/** A 53-bit hash of the parts (safe integer; not cryptographic). */
export function hashBytes(parts: BytesKey): number {
  let h1 = 0x9e3779b9;
  let h2 = 0x7f4a7c15;
  for (const p of parts) {
    h1 = Math.imul(h1 ^ p.length, M1);
    h2 = Math.imul(h2 ^ p.length, M2);
    const n = p.length & ~3;
    // Bytes by index, not a DataView: reading `.buffer` of a small typed array made on the
    // JavaScript heap moves its bytes out to a new ArrayBuffer, and in a process holding
    // gigabytes that cost up to 100 ms for a PoET proof's 788 parts (1,500 simulated nodes).
    for (let i = 0; i < n; i += 4) {
      const w = p[i]! | (p[i + 1]! << 8) | (p[i + 2]! << 16) | (p[i + 3]! << 24);
      h1 = Math.imul(h1 ^ w ^ (h1 >>> 15), M1);
      h2 = Math.imul((h2 + w) ^ (h2 >>> 13), M2);
    }
    for (let i = n; i < p.length; i++) {
      h1 = Math.imul(h1 ^ p[i]!, M1);
      h2 = Math.imul(h2 + p[i]!, M2);
    }
  }
  h1 ^= h1 >>> 16;
  h2 ^= h2 >>> 16;
  return (h1 >>> 0) * 0x200000 + ((h2 >>> 0) & 0x1fffff);
}

/** The parts as one byte string, each after its u32 (little-endian) length. */
export function joinKey(parts: BytesKey): Uint8Array {
  let n = 0;
  for (const p of parts) n += 4 + p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    const len = p.length;
    out[o] = len & 0xff;
    out[o + 1] = (len >>> 8) & 0xff;
    out[o + 2] = (len >>> 16) & 0xff;
    out[o + 3] = len >>> 24;
    out.set(p, o + 4);
    o += 4 + len;
  }
  return out;
}

const lengthAt = (b: Uint8Array, o: number): number =>
  (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;

/** Whether `joined` (from joinKey) is the key `parts`, without joining them. */
export function keyEquals(joined: Uint8Array, parts: BytesKey): boolean {
  let o = 0;
  for (const p of parts) {
    if (o + 4 + p.length > joined.length || lengthAt(joined, o) !== p.length) return false;
    o += 4;
    for (let i = 0; i < p.length; i++) if (joined[o + i] !== p[i]) return false;
    o += p.length;
  }
  return o === joined.length;
}

/**
 * A map from byte-string keys to values, one entry per hash: a new key whose hash an older,
 * different key holds replaces it (these tables are caches; the older one is asked for again).
 */
export class BytesTable<V> {
  readonly #slots = new Map<number, { readonly key: Uint8Array; value: V }>();

  get size(): number {
    return this.#slots.size;
  }

  /** `hash`: hashBytes(parts), when the caller has it already (one hash for a get and a set). */
  get(parts: BytesKey, hash = hashBytes(parts)): V | undefined {
    const e = this.#slots.get(hash);
    return e !== undefined && keyEquals(e.key, parts) ? e.value : undefined;
  }

  has(parts: BytesKey, hash = hashBytes(parts)): boolean {
    const e = this.#slots.get(hash);
    return e !== undefined && keyEquals(e.key, parts);
  }

  set(parts: BytesKey, value: V, hash = hashBytes(parts)): void {
    const h = hash;
    const e = this.#slots.get(h);
    if (e !== undefined && keyEquals(e.key, parts)) e.value = value;
    else this.#slots.set(h, { key: joinKey(parts), value });
  }
}
