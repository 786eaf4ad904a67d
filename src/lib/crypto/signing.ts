// Ed25519 signatures as go-spacemesh makes and checks them (signing/signer.go, verifier.go,
// genvm/core/hash.go SigningBody).
//
// Protocol messages sign `genesisId(20) ‖ domain(1) ‖ message`, so a signature is bound to one
// network and one message kind. Transactions sign `genesisId ‖ unsignedTx` with no domain byte.
//
// Verification rules: go-spacemesh verifies with curve25519-voi's ed25519.Verify, whose
// VerifyOptionsDefault is neither ZIP-215 nor Go's crypto/ed25519: it uses the cofactored
// equation [8][S]B = [8]R + [8][k]A, requires S < L and canonical encodings of A and R, rejects a
// small-order A and allows a small-order R. @noble/curves' ed25519.verify with `zip215: false`
// makes exactly these checks (speccheck vectors in tests/unit/crypto pin this down). ZIP-215
// would accept non-canonical A/R and small-order A, and Go's stdlib would reject some cofactored
// signatures that voi accepts, so either would split consensus on crafted signatures.
import { VerifiedMemo } from './verified-memo.ts';
import { ed25519 } from '@noble/curves/ed25519.js';
import { CryptoError } from './errors.ts';
import { concatBytes } from '@noble/hashes/utils.js';
import { equalBytes } from '../bytes.ts';

/** Signature domains (go-spacemesh signing.Domain). */
const ed25519Memo = new VerifiedMemo('ed25519');

export const Domain = {
  ATX: 0,
  PROPOSAL: 1,
  BALLOT: 2,
  HARE: 3,
  POET: 4,
  MARRIAGE: 5,
  BEACON_FIRST: 10,
  BEACON_FOLLOWUP: 11,
} as const;
export type Domain = (typeof Domain)[keyof typeof Domain];

export const SEED_LENGTH = 32;
/** go-spacemesh key files hold seed ‖ public key. */
export const EXPANDED_SECRET_KEY_LENGTH = 64;
export const PUBLIC_KEY_LENGTH = 32;
export const SIGNATURE_LENGTH = 64;
export const GENESIS_ID_LENGTH = 20;

const STRICT = { zip215: false } as const;

/**
 * The 32-byte RFC 8032 seed of a secret key given either as that seed or as go-spacemesh's
 * 64-byte seed ‖ public key (whose public half must match the seed).
 */
export function seedOf(secretKey: Uint8Array): Uint8Array {
  if (!(secretKey instanceof Uint8Array))
    throw new CryptoError('bad-secret-key', 'secret key must be bytes');
  if (secretKey.length === SEED_LENGTH) return secretKey;
  if (secretKey.length === EXPANDED_SECRET_KEY_LENGTH) {
    const seed = secretKey.subarray(0, SEED_LENGTH);
    if (!equalBytes(ed25519.getPublicKey(seed), secretKey.subarray(SEED_LENGTH)))
      throw new CryptoError('bad-secret-key', 'private and public halves do not match');
    return seed;
  }
  throw new CryptoError('bad-secret-key', `secret key must be ${SEED_LENGTH} or 64 bytes`);
}

/** The ed25519 public key (= Spacemesh node id) of a secret key. */
export function publicKeyOf(secretKey: Uint8Array): Uint8Array {
  return ed25519.getPublicKey(seedOf(secretKey));
}

/** Signs `genesisId ‖ domain ‖ message` (go-spacemesh EdSigner.Sign with the genesis prefix). */
export function sign(
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  domain: Domain,
  message: Uint8Array,
): Uint8Array {
  checkGenesisId(genesisId);
  if (!isDomainByte(domain)) throw new CryptoError('bad-domain', `domain must be a byte`);
  return ed25519.sign(domainBody(genesisId, domain, message), seedOf(secretKey));
}

/** Checks a signature made by {@link sign}. Never throws: malformed input is `false`. */
export function verify(
  publicKey: Uint8Array,
  genesisId: Uint8Array,
  domain: Domain,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (!isGenesisId(genesisId) || !isDomainByte(domain) || !(message instanceof Uint8Array))
    return false;
  return verifyEd25519(publicKey, domainBody(genesisId, domain, message), signature);
}

/** Signs a transaction: `genesisId ‖ unsignedTx`, no domain byte (genvm core.SigningBody). */
export function signTx(
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  unsignedTx: Uint8Array,
): Uint8Array {
  checkGenesisId(genesisId);
  return ed25519.sign(concatBytes(genesisId, unsignedTx), seedOf(secretKey));
}

/** Checks a signature made by {@link signTx}. Never throws: malformed input is `false`. */
export function verifyTx(
  publicKey: Uint8Array,
  genesisId: Uint8Array,
  unsignedTx: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (!isGenesisId(genesisId) || !(unsignedTx instanceof Uint8Array)) return false;
  return verifyEd25519(publicKey, concatBytes(genesisId, unsignedTx), signature);
}

/**
 * Plain ed25519 verification of `message` with curve25519-voi's default rules (see the top of
 * this file). Never throws: wrong lengths and undecodable points are `false`.
 */
export function verifyEd25519(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (
    !(publicKey instanceof Uint8Array) ||
    !(message instanceof Uint8Array) ||
    !(signature instanceof Uint8Array) ||
    publicKey.length !== PUBLIC_KEY_LENGTH ||
    signature.length !== SIGNATURE_LENGTH
  )
    return false;
  return ed25519Memo.verify([publicKey, message, signature], () => {
    try {
      return ed25519.verify(signature, message, publicKey, STRICT);
    } catch {
      return false;
    }
  });
}

function domainBody(genesisId: Uint8Array, domain: number, message: Uint8Array): Uint8Array {
  const out = new Uint8Array(genesisId.length + 1 + message.length);
  out.set(genesisId, 0);
  out[genesisId.length] = domain;
  out.set(message, genesisId.length + 1);
  return out;
}

function isGenesisId(g: unknown): g is Uint8Array {
  return g instanceof Uint8Array && g.length === GENESIS_ID_LENGTH;
}

function checkGenesisId(g: Uint8Array): void {
  if (!isGenesisId(g))
    throw new CryptoError('bad-genesis-id', `genesis id must be ${GENESIS_ID_LENGTH} bytes`);
}

function isDomainByte(d: unknown): d is number {
  return typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 255;
}
