// Spacemesh's hash: BLAKE3 with a 32-byte output (go-spacemesh hash.Sum), and Hash20,
// its first 20 bytes (ballot, proposal and block ids, the genesis id).
import { blake3 as blake3Noble } from '@noble/hashes/blake3.js';

/** Length of a Hash32 (blake3 output). */
export const HASH32_LENGTH = 32;
/** Length of a Hash20 (truncated blake3). */
export const HASH20_LENGTH = 20;

/**
 * blake3-256 of the concatenation of `parts`. Streaming the parts into one hasher gives the same
 * digest as hashing their concatenation, without building that copy first.
 */
export function blake3(...parts: Uint8Array[]): Uint8Array {
  const h = blake3Noble.create();
  for (const p of parts) h.update(p);
  return h.digest();
}

/** The first 20 bytes of {@link blake3} over the concatenation of `parts`. */
export function hash20(...parts: Uint8Array[]): Uint8Array {
  // slice, not subarray: callers get a buffer of exactly 20 bytes (e.g. for .buffer or Map keys).
  return blake3(...parts).slice(0, HASH20_LENGTH);
}
