// SLIP-0010 key derivation for ed25519 (satoshilabs/slips slip-0010.md):
//   master:  I = HMAC-SHA512(key = "ed25519 seed", data = seed); k = I[0:32], c = I[32:64]
//   child i: I = HMAC-SHA512(key = c, data = 0x00 ‖ k ‖ ser32(i)), i ≥ 2^31 only
// ed25519 has no public derivation, so every segment must be hardened; a plain segment is
// an error rather than silently hardened, because wallets disagreeing on that would show
// different addresses for the same phrase.
import { hmac } from '@noble/hashes/hmac.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { InvalidDerivationPathError, InvalidSeedError, NonHardenedSegmentError } from './errors.ts';

export const HARDENED_OFFSET = 0x8000_0000;
const ED25519_CURVE_KEY = utf8ToBytes('ed25519 seed');
/** BIP-32 seeds are 128 to 512 bits; SLIP-10 takes the same. */
export const MIN_SEED_LENGTH = 16;
export const MAX_SEED_LENGTH = 64;

export interface Slip10Node {
  /** The 32-byte ed25519 private key (the RFC 8032 "seed" that signing expands). */
  readonly privateKey: Uint8Array;
  readonly chainCode: Uint8Array;
}

function split(i: Uint8Array): Slip10Node {
  return { privateKey: i.slice(0, 32), chainCode: i.slice(32, 64) };
}

export function masterKeyFromSeed(seed: Uint8Array): Slip10Node {
  if (seed.length < MIN_SEED_LENGTH || seed.length > MAX_SEED_LENGTH) {
    throw new InvalidSeedError(
      `seed is ${seed.length} bytes; SLIP-10 needs ${MIN_SEED_LENGTH} to ${MAX_SEED_LENGTH}`,
    );
  }
  return split(hmac(sha512, ED25519_CURVE_KEY, seed));
}

/** Hardened child `index` (the full 32-bit index, i.e. already ≥ 2^31). */
export function deriveHardenedChild(parent: Slip10Node, index: number): Slip10Node {
  if (!Number.isInteger(index) || index < HARDENED_OFFSET || index > 0xffff_ffff) {
    throw new RangeError(`child index ${index} is not a hardened 32-bit index`);
  }
  const data = new Uint8Array(37);
  data.set(parent.privateKey, 1);
  new DataView(data.buffer).setUint32(33, index, false);
  return split(hmac(sha512, parent.chainCode, data));
}

/**
 * Parses "m/44'/540'/0'/0'/0'" into full 32-bit indices. Hardened segments may be marked
 * with ', h or H. Segments are plain decimal below 2^31; anything else is rejected.
 */
export function parsePath(path: string): number[] {
  const parts = path.split('/');
  if (parts[0] !== 'm') throw new InvalidDerivationPathError(path, 'must start with "m"');
  return parts.slice(1).map((part, i) => {
    const m = /^(0|[1-9]\d*)(['hH]?)$/.exec(part);
    if (!m) throw new InvalidDerivationPathError(path, `segment ${i + 1} ("${part}") is malformed`);
    const value = Number(m[1]);
    if (value >= HARDENED_OFFSET) {
      throw new InvalidDerivationPathError(path, `segment ${i + 1} is ${value}, not below 2^31`);
    }
    if (m[2] === '') throw new NonHardenedSegmentError(path, i + 1);
    return value + HARDENED_OFFSET;
  });
}

/** Formats full indices back to "m/…'" notation. */
export function formatPath(indices: readonly number[]): string {
  return ['m', ...indices.map((i) => `${i - HARDENED_OFFSET}'`)].join('/');
}

/** Key at `path` (string or full indices) below the master key of `seed`. */
export function derivePath(seed: Uint8Array, path: string | readonly number[]): Slip10Node {
  const indices = typeof path === 'string' ? parsePath(path) : path;
  let node = masterKeyFromSeed(seed);
  for (const index of indices) node = deriveHardenedChild(node, index);
  return node;
}
