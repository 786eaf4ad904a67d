// Ballot and ATX weights, votes' signs and the threshold test (go-spacemesh tortoise/util.go,
// threshold.go). go-spacemesh keeps weights in spacemeshos/fixed (fixed-point int64); we keep them
// as bigint fixed-point with 32 fractional bits, exact for any ATX weight and deterministic on
// every host. Weights never go on the wire, so the representation is ours to choose.

/** A weight in units of 1 / WEIGHT_ONE. */
export type Weight = bigint;

export const WEIGHT_ONE: Weight = 1n << 32n;

/** An integer weight (an ATX's numUnits × ticks) as a Weight. */
export function weightOf(units: bigint): Weight {
  return units * WEIGHT_ONE;
}

/** For logs, metrics and tests only: never used in a decision. */
export function weightToNumber(w: Weight): number {
  return Number(w) / Number(WEIGHT_ONE);
}

/** util.go sign: support 1, against -1, abstain (a.k.a. neutral) 0. */
export const Sign = {
  SUPPORT: 1,
  AGAINST: -1,
  ABSTAIN: 0,
} as const;
export type Sign = (typeof Sign)[keyof typeof Sign];

/** threshold.go crossesThreshold: which side of ±t the margin w lies on, if any. */
export function crossesThreshold(w: Weight, t: Weight): Sign {
  if (w > 0n && w > t) return Sign.SUPPORT;
  if (w < 0n && -w > t) return Sign.AGAINST;
  return Sign.ABSTAIN;
}
