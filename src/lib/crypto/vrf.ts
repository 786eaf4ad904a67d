// ECVRF-EDWARDS25519-SHA512-ELL2 (RFC 9381 suite 0x04), as go-spacemesh uses it: signing/vrf.go
// calls curve25519-voi's ecvrf.Prove / ecvrf.Verify, which implement draft-irtf-cfrg-vrf-13
// (the challenge hashes the public key Y; draft-10 and earlier did not). Draft 13 and RFC 9381
// give identical bytes for this suite.
//
// The VRF key is the node's ed25519 key; alpha is the raw SCALE-encoded message with no
// genesis or domain prefix. Spacemesh consumes the 80-byte proof π itself (eligibility reads
// LE_u64(π[0:8])), rarely the hash β.
//
// Only the ECVRF glue is written here; point arithmetic and the RFC 9380 Elligator 2
// encode_to_curve come from @noble/curves.
import { VerifiedMemo } from './verified-memo.ts';
import { ed25519, ed25519_hasher } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import type { EdwardsPoint } from '@noble/curves/abstract/edwards.js';
import { CryptoError } from './errors.ts';
import { seedOf } from './signing.ts';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';

/** π = Γ(32) ‖ c(16) ‖ s(32). */
export const VRF_PROOF_LENGTH = 80;

const vrfMemo = new VerifiedMemo('ecvrf');
/** β = SHA-512 output. */
export const VRF_OUTPUT_LENGTH = 64;

const SUITE = 0x04;
const CHALLENGE_FRONT = 0x02;
const PROOF_TO_HASH_FRONT = 0x03;
const BACK = 0x00;
const POINT_LENGTH = 32;
const C_LENGTH = 16; // n: the challenge is truncated to 128 bits
const S_LENGTH = 32;

// encode_to_curve DST = "ECVRF_" ‖ h2c_suite_ID_string ‖ suite_string.
const H2C_DST = new Uint8Array([
  ...new TextEncoder().encode('ECVRF_edwards25519_XMD:SHA-512_ELL2_NU_'),
  SUITE,
]);

const Point = ed25519.Point;
const L = Point.Fn.ORDER;

/**
 * RFC 8032 key expansion (a SHA-512 and a base-point multiplication) of the few keys a process
 * proves with, kept: a smesher proves every eligibility of every epoch with one key.
 */
const expanded = new Map<string, ReturnType<typeof ed25519.utils.getExtendedPublicKey>>();
const EXPANDED_KEYS = 4096;

function expandedKey(seed: Uint8Array): ReturnType<typeof ed25519.utils.getExtendedPublicKey> {
  const k = bytesToHex(seed);
  let e = expanded.get(k);
  if (e === undefined) {
    if (expanded.size >= EXPANDED_KEYS) expanded.delete(expanded.keys().next().value!);
    e = ed25519.utils.getExtendedPublicKey(seed);
    expanded.set(k, e);
  }
  return e;
}

/** ECVRF_prove: the 80-byte proof π for `alpha` under `secretKey` (32-byte seed or seed ‖ pub). */
export function vrfProve(secretKey: Uint8Array, alpha: Uint8Array): Uint8Array {
  return vrfProver(secretKey, alpha).proof();
}

/** ECVRF_prove in two steps: {@link vrfProver}. */
export interface VrfProver {
  /** Γ's encoding: π[0:32], what Spacemesh's eligibility reads (π[0:8]). */
  readonly gamma: Uint8Array;
  /** The whole π, the same bytes as vrfProve's (computed on the first call). */
  proof(): Uint8Array;
}

/**
 * ECVRF_prove in two steps: Γ = x·H at once, the challenge and s (two more scalar
 * multiplications, most of the cost) only when the proof is asked for. A hare round asks every
 * smesher for its eligibility and most have none; they need Γ alone to know it.
 */
export function vrfProver(secretKey: Uint8Array, alpha: Uint8Array): VrfProver {
  // x is the RFC 8032 clamped scalar, `prefix` the second half of SHA-512(seed), Y = x·B.
  const { scalar: x, prefix, pointBytes: Y } = expandedKey(seedOf(secretKey));
  const H = encodeToCurve(Y, alpha);
  const gammaString = H.multiply(x).toBytes();
  let proof: Uint8Array | undefined;
  return {
    gamma: gammaString.slice(),
    proof() {
      if (proof === undefined) {
        const hString = H.toBytes();
        // Nonce per RFC 9381 §5.4.2.2 (RFC 8032 style): SHA-512(prefix ‖ h_string) mod L.
        const k = bytesToNumberLE(sha512(concatBytes(prefix, hString))) % L;
        const c = challenge(Y, hString, gammaString, Point.BASE.multiply(k), H.multiply(k));
        const s = (k + c * x) % L;
        proof = concatBytes(
          gammaString,
          numberToBytesLE(c, C_LENGTH),
          numberToBytesLE(s, S_LENGTH),
        );
      }
      return proof.slice();
    },
  };
}

/**
 * ECVRF_verify with validate_key: true iff π is a valid proof for `alpha` under `publicKey`.
 * Rejects (as curve25519-voi does) a public key that is not a canonical point encoding or has
 * small order, a Γ that is not a canonical point encoding, and s ≥ L. Γ of small order is not
 * rejected up front (RFC 9381 does not ask for it); such a proof fails the challenge check.
 * Never throws.
 */
export function vrfVerify(publicKey: Uint8Array, alpha: Uint8Array, proof: Uint8Array): boolean {
  try {
    if (
      !(publicKey instanceof Uint8Array) ||
      !(alpha instanceof Uint8Array) ||
      publicKey.length !== POINT_LENGTH
    )
      return false;
    // The memo first: a triple it holds passed every check below (decoding included) before.
    return vrfMemo.verify([publicKey, alpha, proof], () => {
      const Y = Point.fromBytes(publicKey, false); // throws on non-canonical or off-curve
      if (Y.isSmallOrder()) return false; // ECVRF_validate_key
      const decoded = decodeProof(proof);
      if (decoded === undefined) return false;
      const { gamma, c, s } = decoded;
      const H = encodeToCurve(publicKey, alpha);
      const U = Point.BASE.multiplyUnsafe(s).subtract(Y.multiplyUnsafe(c)); // s·B − c·Y
      const V = H.multiplyUnsafe(s).subtract(gamma.multiplyUnsafe(c)); // s·H − c·Γ
      const gammaString = proof.subarray(0, POINT_LENGTH); // canonical, so equals gamma.toBytes()
      return challenge(publicKey, H.toBytes(), gammaString, U, V) === c;
    });
  } catch {
    return false;
  }
}

/**
 * ECVRF_proof_to_hash: β = SHA-512(suite ‖ 0x03 ‖ point_to_string(8·Γ) ‖ 0x00). Only meaningful
 * for a proof that {@link vrfVerify} accepted. Throws CryptoError('bad-proof') if π does not
 * decode.
 */
export function vrfProofToHash(proof: Uint8Array): Uint8Array {
  const decoded = decodeProof(proof);
  if (decoded === undefined) throw new CryptoError('bad-proof', 'VRF proof does not decode');
  const out = sha512.create();
  out.update(new Uint8Array([SUITE, PROOF_TO_HASH_FRONT]));
  out.update(decoded.gamma.clearCofactor().toBytes());
  out.update(new Uint8Array([BACK]));
  return out.digest();
}

/**
 * The randomness Spacemesh reads from a VRF proof: the little-endian uint64 of π[0:8] (hare
 * and proposal eligibility). Throws CryptoError('bad-proof') unless π is 80 bytes.
 */
export function vrfProofPrefixU64(proof: Uint8Array): bigint {
  if (!(proof instanceof Uint8Array) || proof.length !== VRF_PROOF_LENGTH)
    throw new CryptoError('bad-proof', `VRF proof must be ${VRF_PROOF_LENGTH} bytes`);
  return new DataView(proof.buffer, proof.byteOffset, 8).getBigUint64(0, true);
}

// ECVRF_decode_proof: undefined for "INVALID".
function decodeProof(proof: Uint8Array): { gamma: EdwardsPoint; c: bigint; s: bigint } | undefined {
  if (!(proof instanceof Uint8Array) || proof.length !== VRF_PROOF_LENGTH) return undefined;
  let gamma: EdwardsPoint;
  try {
    gamma = Point.fromBytes(proof.subarray(0, POINT_LENGTH), false); // canonical y < p, on curve
  } catch {
    return undefined;
  }
  const c = bytesToNumberLE(proof.subarray(POINT_LENGTH, POINT_LENGTH + C_LENGTH));
  const s = bytesToNumberLE(proof.subarray(POINT_LENGTH + C_LENGTH));
  if (s >= L) return undefined; // non-canonical s would make proofs malleable
  return { gamma, c, s };
}

// ECVRF_encode_to_curve (h2c suite): encode_to_curve_salt = PK_string.
function encodeToCurve(publicKey: Uint8Array, alpha: Uint8Array): EdwardsPoint {
  return ed25519_hasher.encodeToCurve(concatBytes(publicKey, alpha), { DST: H2C_DST });
}

// ECVRF_challenge_generation(Y, H, Γ, U, V): first 16 bytes of the SHA-512, read little-endian.
function challenge(
  Y: Uint8Array,
  hString: Uint8Array,
  gammaString: Uint8Array,
  U: EdwardsPoint,
  V: EdwardsPoint,
): bigint {
  const h = sha512.create();
  h.update(new Uint8Array([SUITE, CHALLENGE_FRONT]));
  h.update(Y);
  h.update(hString);
  h.update(gammaString);
  h.update(U.toBytes());
  h.update(V.toBytes());
  h.update(new Uint8Array([BACK]));
  return bytesToNumberLE(h.digest().subarray(0, C_LENGTH));
}
