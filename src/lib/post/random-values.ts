// K3 subset selection (post-rs src/random_values_gen.rs): a partial Fisher–Yates shuffle of the
// K2 proven indices driven by a blake3 XOF, so a verifier re-checks K3 of them and a prover
// cannot know which. Rejection sampling keeps the pick unbiased.
import { blake3 } from '@noble/hashes/blake3.js';

const U16_MAX = 0xffff;

/** The blake3 output stream of the concatenated seed parts, read two bytes at a time. */
class Blake3Rng {
  readonly #xof: ReturnType<typeof blake3.create>;
  #buf = new Uint8Array(0);
  #pos = 0;

  constructor(seed: readonly Uint8Array[]) {
    const h = blake3.create();
    for (const part of seed) h.update(part);
    this.#xof = h;
  }

  nextU16(): number {
    // Consecutive xof() calls continue one output stream; reading 64 bytes at once is cheaper.
    if (this.#pos + 2 > this.#buf.length) {
      this.#buf = this.#xof.xof(64);
      this.#pos = 0;
    }
    const v = this.#buf[this.#pos]! | (this.#buf[this.#pos + 1]! << 8);
    this.#pos += 2;
    return v;
  }
}

/**
 * Picks `count` items of `data` (not modified) as post-rs's RandomValuesIterator would:
 * for each position idx, draw u16 until below 65535 − 65535 mod remaining, swap idx with
 * idx + draw mod remaining, emit data[idx]. `seed` parts are hashed in order.
 */
export function randomValues<T>(
  data: readonly T[],
  seed: readonly Uint8Array[],
  count: number,
): T[] {
  const items = data.slice();
  if (items.length > U16_MAX) throw new RangeError('too many items for a u16-driven shuffle');
  const rng = new Blake3Rng(seed);
  const out: T[] = [];
  for (let idx = 0; idx < items.length && out.length < count; idx++) {
    const remaining = items.length - idx;
    const maxAllowed = U16_MAX - (U16_MAX % remaining);
    let r = rng.nextU16();
    while (r >= maxAllowed) r = rng.nextU16();
    const j = idx + (r % remaining);
    const t = items[idx]!;
    items[idx] = items[j]!;
    items[j] = t;
    out.push(items[idx]!);
  }
  return out;
}
