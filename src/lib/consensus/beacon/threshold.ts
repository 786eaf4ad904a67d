// Proposal eligibility and voting thresholds (go-spacemesh beacon/beacon.go atxThreshold,
// proposalChecker; votes_calc.go votingThreshold).
//
// go computes 1 − 2^(−κ / ((1 − q)·W)) with big.Float at 64-bit mantissa precision and scales it
// to the 640-bit VRF range. Floating-point pow differs between JavaScript engines, so we compute
// the same value in bigint fixed point (well beyond 64 bits) and round it to a 64-bit mantissa
// as big.Float does; only VRF values within 2^-60 of the threshold could be judged differently.
import type { Rational } from '../../config/types.ts';
import { VRF_PROOF_LENGTH } from '../../crypto/vrf.ts';

const PRECISION = 256n;
const ONE = 1n << PRECISION;
const SIG_BITS = BigInt(VRF_PROOF_LENGTH * 8);
const MANTISSA_BITS = 64n;

let ln2Cache: bigint | undefined;

/** ln 2 = Σ 1/(k·2^k), in PRECISION-bit fixed point. */
function ln2(): bigint {
  if (ln2Cache !== undefined) return ln2Cache;
  let sum = 0n;
  for (let k = 1n; k <= PRECISION + 8n; k++) sum += ONE / (k << k);
  ln2Cache = sum;
  return sum;
}

/** e^(−y) for 0 ≤ y < 1 (fixed point), by its Taylor series. */
function expNeg(y: bigint): bigint {
  let term = ONE;
  let sum = ONE;
  for (let k = 1n; term !== 0n; k++) {
    term = (term * y) / (ONE * k);
    sum += k % 2n === 1n ? -term : term;
  }
  return sum;
}

/** Rounds a positive fixed-point value to 64 significant bits, ties to even (big.Float). */
function roundMantissa(v: bigint): bigint {
  const bits = BigInt(v.toString(2).length);
  if (bits <= MANTISSA_BITS) return v;
  const shift = bits - MANTISSA_BITS;
  let q = v >> shift;
  const rem = v & ((1n << shift) - 1n);
  const half = 1n << (shift - 1n);
  if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
  return q << shift;
}

/** 1 − 2^(−κ / ((1 − q)·numATXs)), as PRECISION-bit fixed point. */
export function atxThresholdFraction(kappa: number, q: Rational, numATXs: number): bigint {
  if (numATXs === 0) return 0n;
  const a = BigInt(kappa) * BigInt(q.den);
  const b = BigInt(q.den - q.num) * BigInt(numATXs);
  const whole = a / b;
  const frac = a - whole * b;
  const pow = expNeg((frac * ln2()) / b) >> whole;
  return roundMantissa(ONE - pow);
}

/** The 640-bit bound a proposal's VRF (read big-endian) must stay under. */
export function atxThreshold(kappa: number, q: Rational, numATXs: number): bigint {
  return (atxThresholdFraction(kappa, q, numATXs) << SIG_BITS) >> PRECISION;
}

/** go reads the VRF proof as a big-endian integer here (big.Int.SetBytes). */
export function vrfAsBigEndian(vrf: Uint8Array): bigint {
  let v = 0n;
  for (const b of vrf) v = (v << 8n) | BigInt(b);
  return v;
}

/**
 * beacon.proposalChecker: `strict` from every ATX received by the epoch start (valid
 * proposals), `lenient` from the ATXs received a grace period earlier (potentially valid).
 */
export class ProposalChecker {
  readonly threshold: bigint;
  readonly thresholdStrict: bigint;

  constructor(kappa: number, q: Rational, numEarlyATXs: number, numATXs: number) {
    if (numATXs === 0) {
      this.threshold = 0n;
      this.thresholdStrict = 0n;
    } else {
      this.threshold = atxThreshold(kappa, q, numEarlyATXs);
      this.thresholdStrict = atxThreshold(kappa, q, numATXs);
    }
  }

  passStrictThreshold(vrf: Uint8Array): boolean {
    return vrfAsBigEndian(vrf) < this.thresholdStrict;
  }

  passThreshold(vrf: Uint8Array): boolean {
    return vrfAsBigEndian(vrf) < this.threshold;
  }
}

/** θ·epochWeight, rounded down: the margin a proposal needs to be decided for or against. */
export function votingThreshold(theta: Rational, epochWeight: bigint): bigint {
  return (BigInt(theta.num) * epochWeight) / BigInt(theta.den);
}
