// MT19937-64 (Matsumoto & Nishimura's 64-bit Mersenne Twister, the reference mt19937-64.c) as
// github.com/seehuhn/mt19937 implements it, and the few Go math/rand (v1) methods go-spacemesh
// drives with it: blocks/utils.go seeds it with the block seed and shuffles the block's
// transactions with rand.New(mt).Shuffle. Everything is exact u64 arithmetic on bigints.

const NN = 312;
const MM = 156;
const MATRIX_A = 0xb5026f5aa96619e9n;
const UM = 0xffffffff80000000n; // most significant 33 bits
const LM = 0x7fffffffn; // least significant 31 bits
const MASK64 = 0xffffffffffffffffn;

export class Mt19937_64 {
  readonly #mt = new Array<bigint>(NN).fill(0n);
  #mti = NN + 1;

  /** init_genrand64. */
  seed(seed: bigint): void {
    const mt = this.#mt;
    mt[0] = BigInt.asUintN(64, seed);
    for (let i = 1; i < NN; i++) {
      const prev = mt[i - 1]!;
      mt[i] = (6364136223846793005n * (prev ^ (prev >> 62n)) + BigInt(i)) & MASK64;
    }
    this.#mti = NN;
  }

  /** init_by_array64 (seehuhn's SeedFromSlice). */
  seedFromSlice(key: readonly bigint[]): void {
    const mt = this.#mt;
    this.seed(19650218n);
    let i = 1;
    let j = 0;
    const n = key.length;
    for (let k = Math.max(NN, n); k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] =
        ((mt[i]! ^ (((prev ^ (prev >> 62n)) * 3935559000370003845n) & MASK64)) +
          BigInt.asUintN(64, key[j]!) +
          BigInt(j)) &
        MASK64;
      i++;
      j++;
      if (i >= NN) {
        mt[0] = mt[NN - 1]!;
        i = 1;
      }
      if (j >= n) j = 0;
    }
    for (let k = NN - 1; k > 0; k--) {
      const prev = mt[i - 1]!;
      mt[i] =
        ((mt[i]! ^ (((prev ^ (prev >> 62n)) * 2862933555777941757n) & MASK64)) - BigInt(i)) &
        MASK64;
      i++;
      if (i >= NN) {
        mt[0] = mt[NN - 1]!;
        i = 1;
      }
    }
    mt[0] = 1n << 63n;
    this.#mti = NN;
  }

  /** genrand64_int64. Unseeded, it seeds with 5489 as the reference does. */
  uint64(): bigint {
    const mt = this.#mt;
    if (this.#mti >= NN) {
      if (this.#mti === NN + 1) this.seed(5489n);
      let i = 0;
      for (; i < NN - MM; i++) {
        const x = (mt[i]! & UM) | (mt[i + 1]! & LM);
        mt[i] = mt[i + MM]! ^ (x >> 1n) ^ ((x & 1n) === 0n ? 0n : MATRIX_A);
      }
      for (; i < NN - 1; i++) {
        const x = (mt[i]! & UM) | (mt[i + 1]! & LM);
        mt[i] = mt[i + (MM - NN)]! ^ (x >> 1n) ^ ((x & 1n) === 0n ? 0n : MATRIX_A);
      }
      const x = (mt[NN - 1]! & UM) | (mt[0]! & LM);
      mt[NN - 1] = mt[MM - 1]! ^ (x >> 1n) ^ ((x & 1n) === 0n ? 0n : MATRIX_A);
      this.#mti = 0;
    }
    let x = mt[this.#mti++]!;
    x ^= (x >> 29n) & 0x5555555555555555n;
    x ^= (x << 17n) & 0x71d67fffeda60000n;
    x ^= (x << 37n) & 0xfff7eee000000000n;
    x ^= x >> 43n;
    return x;
  }

  /** seehuhn's Int63: the top bit dropped. */
  int63(): bigint {
    return this.uint64() & 0x7fffffffffffffffn;
  }
}

/** The parts of Go's math/rand.Rand (v1) that rand.New(mt).Shuffle uses. */
export class GoRand {
  readonly #src: Mt19937_64;

  constructor(src: Mt19937_64) {
    this.#src = src;
  }

  /** Rand.Uint32: uint32(Int63() >> 31). */
  uint32(): number {
    return Number(this.#src.int63() >> 31n);
  }

  /** Rand.int31n: Lemire's multiply-shift with rejection, for 0 < n < 2^31. */
  int31n(n: number): number {
    const bn = BigInt(n);
    let prod = BigInt(this.uint32()) * bn;
    let low = prod & 0xffffffffn;
    if (low < bn) {
      const thresh = (0x100000000n - bn) % bn;
      while (low < thresh) {
        prod = BigInt(this.uint32()) * bn;
        low = prod & 0xffffffffn;
      }
    }
    return Number(prod >> 32n);
  }

  /** Rand.Shuffle (Fisher–Yates from the end), for n < 2^31. */
  shuffle(n: number, swap: (i: number, j: number) => void): void {
    if (n < 0 || n >= 0x7fffffff) throw new RangeError(`shuffle size out of range: ${n}`);
    for (let i = n - 1; i > 0; i--) swap(i, this.int31n(i + 1));
  }
}

/**
 * blocks/utils.go toUint64Slice: 8-byte little-endian words. Go's binary.LittleEndian.Uint64
 * panics on a short tail, so a length that is not a multiple of 8 is refused here too.
 */
export function toUint64Slice(b: Uint8Array): bigint[] {
  if (b.length % 8 !== 0) throw new RangeError(`seed length ${b.length} is not a multiple of 8`);
  const out: bigint[] = [];
  for (let i = 0; i < b.length; i += 8) {
    let v = 0n;
    for (let k = i + 7; k >= i; k--) v = (v << 8n) | BigInt(b[k]!);
    out.push(v);
  }
  return out;
}
