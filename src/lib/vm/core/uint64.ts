// go-spacemesh keeps balances, gas and fees in uint64 and lets products wrap. Consensus needs
// the same numbers, so every product that Go computes in uint64 goes through u64 here.

export const UINT64_MAX = 0xffff_ffff_ffff_ffffn;

/** `x` modulo 2^64, as a Go uint64 expression would leave it. */
export function u64(x: bigint): bigint {
  return BigInt.asUintN(64, x);
}
