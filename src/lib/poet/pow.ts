// The registration proof of work of poet's deprecated anti-spam scheme (shared/pow.go,
// registration/pow_verifier.go): find a nonce such that
//   RIPEMD-256(powChallenge ‖ nodeId ‖ poetChallenge ‖ u64le(nonce))
// starts with `difficulty` zero bits. The server hands out powChallenge (random, then each new
// proof's root) and accepts the current and the previous one.
import { PoetVerificationError } from './errors.ts';
import { ripemd256 } from './ripemd256.ts';

export interface PowParams {
  readonly challenge: Uint8Array;
  /** Leading zero bits required. */
  readonly difficulty: number;
}

/** poet's node ids are ed25519 public keys. */
export const NODE_ID_LENGTH = 32;

function powInput(powChallenge: Uint8Array, nodeId: Uint8Array, poetChallenge: Uint8Array) {
  const input = new Uint8Array(powChallenge.length + nodeId.length + poetChallenge.length + 8);
  input.set(powChallenge, 0);
  input.set(nodeId, powChallenge.length);
  input.set(poetChallenge, powChallenge.length + nodeId.length);
  return { input, view: new DataView(input.buffer), at: input.length - 8 };
}

/** shared.CheckLeadingZeroBits. */
export function checkLeadingZeroBits(data: Uint8Array, expected: number): boolean {
  if (data.length * 8 < expected) return false;
  const whole = Math.floor(expected / 8);
  for (let i = 0; i < whole; i++) if (data[i] !== 0) return false;
  const rest = expected % 8;
  return rest === 0 || data[whole]! >> (8 - rest) === 0;
}

export function powHash(
  powChallenge: Uint8Array,
  nodeId: Uint8Array,
  poetChallenge: Uint8Array,
  nonce: bigint,
): Uint8Array {
  const { input, view, at } = powInput(powChallenge, nodeId, poetChallenge);
  view.setBigUint64(at, nonce, true);
  return ripemd256(input);
}

/**
 * shared.FindSubmitPowNonce: the first nonce that solves the PoW. Bounded by `maxNonce` (a
 * difficulty of d bits needs about 2^d tries); a RangeError when it runs out.
 */
export function findSubmitPowNonce(
  params: PowParams,
  poetChallenge: Uint8Array,
  nodeId: Uint8Array,
  maxNonce = 2n ** 40n,
): bigint {
  const { input, view, at } = powInput(params.challenge, nodeId, poetChallenge);
  for (let nonce = 0n; nonce < maxNonce; nonce++) {
    view.setBigUint64(at, nonce, true);
    if (checkLeadingZeroBits(ripemd256(input), params.difficulty)) return nonce;
  }
  throw new RangeError(`no PoW nonce below ${maxNonce}`);
}

/** powVerifier.Verify: throws 'bad-pow' unless the nonce solves `params` for this node. */
export function verifyPow(
  params: PowParams,
  poetChallenge: Uint8Array,
  nodeId: Uint8Array,
  nonce: bigint,
): void {
  if (nodeId.length !== NODE_ID_LENGTH)
    throw new PoetVerificationError('bad-pow', `invalid nodeID length: ${nodeId.length}`);
  const hash = powHash(params.challenge, nodeId, poetChallenge, nonce);
  if (!checkLeadingZeroBits(hash, params.difficulty))
    throw new PoetVerificationError('bad-pow', 'invalid leading zero bits');
}
