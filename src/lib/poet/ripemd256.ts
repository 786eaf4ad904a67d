// RIPEMD-256 (Dobbertin, Bosselaers, Preneel), the hash of poet's deprecated registration
// proof of work (shared/pow.go uses c0mm4nd/go-ripemd New256). @noble/hashes has RIPEMD-160
// only, so this adds the 256-bit variant on noble's Merkle–Damgård base: two RIPEMD-128 lines
// of four rounds each, swapping one chaining word between the lines after every round, and no
// final cross-combination. Constants are the specification's.
import { HashMD } from '@noble/hashes/_md.js';
import { clean, createHasher, rotl } from '@noble/hashes/utils.js';

// prettier-ignore
const R_LEFT = Uint8Array.from([
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
  7, 4, 13, 1, 10, 6, 15, 3, 12, 0, 9, 5, 2, 14, 11, 8,
  3, 10, 14, 4, 9, 15, 8, 1, 2, 7, 0, 6, 13, 11, 5, 12,
  1, 9, 11, 10, 0, 8, 12, 4, 13, 3, 7, 15, 14, 5, 6, 2,
]);
// prettier-ignore
const R_RIGHT = Uint8Array.from([
  5, 14, 7, 0, 9, 2, 11, 4, 13, 6, 15, 8, 1, 10, 3, 12,
  6, 11, 3, 7, 0, 13, 5, 10, 14, 15, 8, 12, 4, 9, 1, 2,
  15, 5, 1, 3, 7, 14, 6, 9, 11, 8, 12, 2, 10, 0, 4, 13,
  8, 6, 4, 1, 3, 11, 15, 0, 5, 12, 2, 13, 9, 7, 10, 14,
]);
// prettier-ignore
const S_LEFT = Uint8Array.from([
  11, 14, 15, 12, 5, 8, 7, 9, 11, 13, 14, 15, 6, 7, 9, 8,
  7, 6, 8, 13, 11, 9, 7, 15, 7, 12, 15, 9, 11, 7, 13, 12,
  11, 13, 6, 7, 14, 9, 13, 15, 14, 8, 13, 6, 5, 12, 7, 5,
  11, 12, 14, 15, 14, 15, 9, 8, 9, 14, 5, 6, 8, 6, 5, 12,
]);
// prettier-ignore
const S_RIGHT = Uint8Array.from([
  8, 9, 9, 11, 13, 15, 15, 5, 7, 7, 8, 11, 14, 14, 12, 6,
  9, 13, 15, 7, 12, 8, 9, 11, 7, 7, 12, 7, 6, 15, 13, 11,
  9, 7, 15, 11, 8, 6, 6, 14, 12, 13, 5, 14, 13, 13, 7, 5,
  15, 5, 8, 11, 14, 14, 6, 14, 6, 9, 12, 9, 12, 5, 15, 8,
]);
const K_LEFT = Uint32Array.from([0x00000000, 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc]);
const K_RIGHT = Uint32Array.from([0x50a28be6, 0x5c4dd124, 0x6d703ef3, 0x00000000]);

/** The spec's f1..f4 (group 0..3); the right line uses them in reverse order. */
function f(group: number, x: number, y: number, z: number): number {
  if (group === 0) return x ^ y ^ z;
  if (group === 1) return (x & y) | (~x & z);
  if (group === 2) return (x | ~y) ^ z;
  return (x & z) | (y & ~z);
}

const X = new Uint32Array(16);

class RIPEMD256 extends HashMD<RIPEMD256> {
  // h0..h7: the RIPEMD-128 IV, then the same words in reverse nibble order.
  private s = Int32Array.from([
    0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0x76543210, 0xfedcba98, 0x89abcdef, 0x01234567,
  ]);

  constructor() {
    super(64, 32, 8, true);
  }

  protected get(): number[] {
    return [...this.s];
  }

  protected set(...words: number[]): void {
    for (let i = 0; i < 8; i++) this.s[i] = words[i]! | 0;
  }

  protected process(view: DataView, offset: number): void {
    for (let i = 0; i < 16; i++, offset += 4) X[i] = view.getUint32(offset, true);
    const s = this.s;
    let a = s[0]!,
      b = s[1]!,
      c = s[2]!,
      d = s[3]!;
    let aa = s[4]!,
      bb = s[5]!,
      cc = s[6]!,
      dd = s[7]!;
    for (let round = 0; round < 4; round++) {
      for (let j = round * 16; j < round * 16 + 16; j++) {
        const t = rotl((a + f(round, b, c, d) + X[R_LEFT[j]!]! + K_LEFT[round]!) | 0, S_LEFT[j]!);
        a = d;
        d = c;
        c = b;
        b = t;
        const u = rotl(
          (aa + f(3 - round, bb, cc, dd) + X[R_RIGHT[j]!]! + K_RIGHT[round]!) | 0,
          S_RIGHT[j]!,
        );
        aa = dd;
        dd = cc;
        cc = bb;
        bb = u;
      }
      // After round r the r-th chaining word changes lines.
      if (round === 0) [a, aa] = [aa, a];
      else if (round === 1) [b, bb] = [bb, b];
      else if (round === 2) [c, cc] = [cc, c];
      else [d, dd] = [dd, d];
    }
    const add = [a, b, c, d, aa, bb, cc, dd];
    for (let i = 0; i < 8; i++) s[i] = (s[i]! + add[i]!) | 0;
  }

  protected roundClean(): void {
    clean(X);
  }

  destroy(): void {
    this.destroyed = true;
    clean(this.buffer);
    this.s.fill(0);
  }

  override _cloneInto(to?: RIPEMD256): RIPEMD256 {
    to ||= new RIPEMD256();
    to.set(...this.get());
    return this._cloneIntoMeta(to);
  }
}

/** RIPEMD-256 of `msg` (32 bytes). */
export const ripemd256 = createHasher(() => new RIPEMD256());
