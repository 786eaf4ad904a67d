// Bit-packing of proof indices (post-rs src/compression.rs): each index keeps its low
// `requiredBits(numLabels)` bits, packed LSB-first (bitvec Lsb0), so a mainnet proof of 37
// indices over 2^34 labels is 162 bytes instead of 296.

/** ⌊log2 value⌋ + 1, and 0 for 0: the width that holds every index below `value`. */
export function requiredBits(value: bigint): number {
  if (value < 0n) throw new RangeError('requiredBits of a negative value');
  return value === 0n ? 0 : value.toString(2).length;
}

/** Bytes of K2 packed indices: ⌈bits · k2 / 8⌉ (verification.rs expected_indices_bytes). */
export function expectedIndicesBytes(bits: number, k2: number): number {
  return Math.ceil((bits * k2) / 8);
}

/** Packs the low `keepBits` bits of each index, LSB-first; unused bits of the last byte are 0. */
export function compressIndices(indices: readonly bigint[], keepBits: number): Uint8Array {
  if (!Number.isInteger(keepBits) || keepBits < 0 || keepBits > 64)
    throw new RangeError(`keepBits must be in 0..64, got ${keepBits}`);
  const out = new Uint8Array(Math.ceil((indices.length * keepBits) / 8));
  let bit = 0;
  for (const index of indices) {
    let v = BigInt.asUintN(64, index);
    for (let i = 0; i < keepBits; i++, bit++, v >>= 1n) {
      if (v & 1n) out[bit >>> 3]! |= 1 << (bit & 7);
    }
  }
  return out;
}

/**
 * Unpacks every whole `bits`-wide index in `bytes` (chunks_exact): trailing bits that do not
 * fill an index are ignored, so the result may hold more indices than were packed when the last
 * byte has room for another one — callers take the first K2.
 */
export function decompressIndexes(bytes: Uint8Array, bits: number): bigint[] {
  if (!Number.isInteger(bits) || bits <= 0 || bits > 64)
    throw new RangeError(`bits must be in 1..64, got ${bits}`);
  const count = Math.floor((bytes.length * 8) / bits);
  const out: bigint[] = new Array<bigint>(count);
  let bit = 0;
  for (let k = 0; k < count; k++) {
    let v = 0n;
    for (let i = 0; i < bits; i++, bit++) {
      if ((bytes[bit >>> 3]! >>> (bit & 7)) & 1) v |= 1n << BigInt(i);
    }
    out[k] = v;
  }
  return out;
}
