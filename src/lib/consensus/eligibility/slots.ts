// How many ballot slots an ATX earns in an epoch, and which layer a slot's VRF proof picks
// (go-spacemesh proposals/util/util.go GetNumEligibleSlots, CalcEligibleLayer, and
// miner/minweight Select).
import { vrfProofPrefixU64 } from '../../crypto/vrf.ts';
import type { EpochMinimalActiveWeight } from '../../config/types.ts';
import { EligibilityError } from './errors.ts';

/**
 * minweight.Select: the weight of the last entry whose epoch is ≤ `epoch` (0 before the first).
 * Entries must be sorted by epoch, as go-spacemesh insists.
 */
export function minimalActiveSetWeight(
  epoch: number,
  weights: readonly EpochMinimalActiveWeight[],
): bigint {
  let result = 0n;
  let prev = 0;
  for (const w of weights) {
    if (w.epoch < prev) throw new RangeError('minimal active set weights are not sorted by epoch');
    if (epoch >= w.epoch) result = BigInt(w.weight);
    prev = w.epoch;
  }
  return result;
}

/**
 * GetNumEligibleSlots: max(1, ⌊weight · layerAvgSize · layersPerEpoch / max(minWeight, total)⌋),
 * truncated to u32 as go's conversion does. The floor `minWeight` keeps a small active set (an
 * eclipsed node's view) from handing out more slots than the real network would.
 */
export function eligibilitySlots(
  weight: bigint,
  totalWeight: bigint,
  minWeight: bigint,
  layerAvgSize: number,
  layersPerEpoch: number,
): number {
  if (totalWeight === 0n)
    throw new EligibilityError('zero-total-weight', 'zero total weight: no slots can be computed');
  const divisor = totalWeight > minWeight ? totalWeight : minWeight;
  const n = (weight * BigInt(layerAvgSize) * BigInt(layersPerEpoch)) / divisor;
  return n === 0n ? 1 : Number(BigInt.asUintN(32, n));
}

/**
 * CalcEligibleLayer: epoch's first layer + LE_u64(π[0:8]) mod layersPerEpoch. go reads the
 * 80-byte proof itself (binary.LittleEndian.Uint64(vrfSig[:])), not the VRF output hash.
 */
export function eligibleLayer(epoch: number, layersPerEpoch: number, proof: Uint8Array): number {
  return epoch * layersPerEpoch + Number(vrfProofPrefixU64(proof) % BigInt(layersPerEpoch));
}
