// How many committee seats a VRF draw grants (hare3/eligibility/oracle.go CalcEligibility): the
// smallest x with BinCDF(n, p, x) > frac, where n is the smesher's weight, p = committee / total
// weight and frac the VRF's uniform draw.
//
// go-spacemesh evaluates BinCDF with spacemeshos/fixed: a regularized incomplete beta function
// in 72.56 fixed point (lgamma, exp, log approximations and a continued fraction). Reproducing its
// rounding bit for bit is out of reach here, so this file computes the same CDF *exactly enough*
// instead, with BigInt fixed point and no floating point at all, so every host (browser, Node)
// gets identical counts: pmf(0) = ((T−c)/T)^n by repeated squaring, then the recurrence
// pmf(k+1) = pmf(k)·(n−k)·c / ((k+1)·(T−c)), summed until the sum exceeds frac. The precision is
// chosen from the integers alone so that pmf(0) never underflows. The two agree except when frac
// lies within go's approximation error (≈1e-14) of a CDF step: a draw of probability ~1e-14.

/** fixed.go fracBits: the VRF draw is the low 56 bits of the proof's first 8 bytes (LE). */
export const VRF_FRAC_BITS = 56;
/** oracle.go maxSupportedN: larger weights overflow go's CDF. */
export const MAX_SUPPORTED_N = 2 ** 30 + 1;

// Guard bits beyond the smallest probability the sum has to resolve.
const GUARD_BITS = 192n;
// Beyond this the parameters are absurd (committee ≈ total weight with a huge weight).
const MAX_PRECISION_BITS = 1n << 16n;

export class BinomialRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BinomialRangeError';
  }
}

/** The uniform draw of a VRF proof as a numerator over 2^56 (fixed.FracFromBytes(proof[:8])). */
export function vrfFraction(proof: Uint8Array): bigint {
  if (proof.length < 8) throw new BinomialRangeError('VRF proof shorter than 8 bytes');
  const u = new DataView(proof.buffer, proof.byteOffset, 8).getBigUint64(0, true);
  return u & ((1n << BigInt(VRF_FRAC_BITS)) - 1n);
}

function powFixed(base: bigint, exp: bigint, bits: bigint): bigint {
  let result = 1n << bits;
  let b = base;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) >> bits;
    e >>= 1n;
    if (e > 0n) b = (b * b) >> bits;
  }
  return result;
}

/**
 * The eligible count for weight `weight` out of `totalWeight` with `committee` expected seats
 * and the draw `frac` (numerator over 2^56). Applies oracle.go's rescaling when the committee
 * exceeds the total weight. Throws BinomialRangeError where go-spacemesh refuses (zero
 * committee or total weight, weight above MAX_SUPPORTED_N) or the parameters are absurd.
 */
export function eligibleCount(
  weight: bigint,
  totalWeight: bigint,
  committee: number,
  frac: bigint,
): number {
  if (committee < 1) throw new BinomialRangeError('zero committee size');
  if (totalWeight <= 0n) throw new BinomialRangeError('zero total weight');
  const c0 = BigInt(committee);
  let n = weight;
  let total = totalWeight;
  if (c0 > total) {
    // oracle.go: scale both so that p = committee / total stays ≤ 1.
    total *= c0;
    n *= c0;
  }
  if (n > BigInt(MAX_SUPPORTED_N)) throw new BinomialRangeError(`weight ${n} exceeds maximum`);
  if (n > total) throw new BinomialRangeError('weight exceeds total weight');
  if (n === 0n) return 0;
  const c = c0;
  const q = total - c; // T − c, so 1 − p = q / T
  if (q === 0n) return Number(n); // p = 1: every unit is a seat
  // −log2(pmf(0)) = n·log2(T/q) ≤ n·c/q · log2(e) < n·c/q · 3/2.
  let bits = GUARD_BITS + (3n * n * c) / (2n * q) + 1n;
  if (bits > MAX_PRECISION_BITS) throw new BinomialRangeError('committee too close to total');
  bits += BigInt(VRF_FRAC_BITS);
  const target = frac << (bits - BigInt(VRF_FRAC_BITS));
  let pmf = powFixed((q << bits) / total, n, bits);
  let cdf = pmf;
  for (let k = 0n; k < n; k++) {
    if (cdf > target) return Number(k);
    pmf = (pmf * (n - k) * c) / ((k + 1n) * q);
    cdf += pmf;
  }
  return Number(n);
}
