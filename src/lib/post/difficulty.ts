// Proving difficulty and k2pow threshold scaling (post-rs src/difficulty.rs).

/** A PoST parameter set that no proof can exist for (too few labels for K1, …). */
export class DifficultyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DifficultyError';
  }
}

const U64_MAX = (1n << 64n) - 1n;

/**
 * difficulty = ⌊2^64 · K1 / numLabels⌋: a label passes for a nonce when its 64-bit AES-derived
 * value is below it, so about K1 labels of all of them pass for each nonce.
 */
export function provingDifficulty(k1: number, numLabels: bigint): bigint {
  if (numLabels <= 0n) throw new DifficultyError('number of labels must be > 0');
  if (numLabels <= BigInt(k1))
    throw new DifficultyError(`number of labels (${numLabels}) must be bigger than k1 (${k1})`);
  const d = ((1n << 64n) * BigInt(k1)) / numLabels;
  if (d > U64_MAX) throw new DifficultyError("difficulty doesn't fit in u64");
  return d;
}

/**
 * The prover compares one AES output byte against the top 8 bits first and only computes the
 * tie-break cipher for the rest (Prover8_56), so the difficulty is carried as (msb, lsb56).
 */
export function splitDifficulty(difficulty: bigint): { msb: number; lsb: bigint } {
  return { msb: Number(difficulty >> 56n) & 0xff, lsb: difficulty & 0x00ff_ffff_ffff_ffffn };
}

/** The k2pow threshold shrinks linearly with the space proven: ⌊difficulty / numUnits⌋ (U256). */
export function scalePowDifficulty(difficulty: Uint8Array, numUnits: number): Uint8Array {
  if (difficulty.length !== 32) throw new RangeError('pow difficulty must be 32 bytes');
  if (!Number.isInteger(numUnits) || numUnits <= 0) throw new RangeError('numUnits must be > 0');
  let v = 0n;
  for (const b of difficulty) v = (v << 8n) | BigInt(b);
  v /= BigInt(numUnits);
  const out = new Uint8Array(32);
  for (let i = 31; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
