// Expected weight and the global threshold (go-spacemesh tortoise/threshold.go). Every ballot
// after a target layer votes on it, so the weight expected to vote on a target is the share of
// each epoch's ATX weight that falls into (target, last]. The global threshold is a third of it
// (the adversary's bound) plus the local threshold.
import type { EpochInfo } from './state.ts';
import type { Weight } from './weight.ts';

/** By assumption the adversary holds less than 1/3 of the weight. */
export const ADVERSARIAL_WEIGHT_FRACTION = 3n;
/** Local threshold = epoch weight / 3 / layers per epoch. */
export const LOCAL_THRESHOLD_FRACTION = 3n;

export function getMedian(heights: bigint[]): bigint {
  if (heights.length === 0) return 0n;
  const s = [...heights].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const mid = Math.floor(s.length / 2);
  if (s.length % 2 === 0) return (s[mid - 1]! + s[mid]!) / 2n;
  return s[mid]!;
}

function epochWeight(epochs: ReadonlyMap<number, EpochInfo>, eid: number): Weight {
  return epochs.get(eid)?.weight ?? 0n;
}

/** Weight of all ballots in layers (target, last]. */
export function computeExpectedWeight(
  epochs: ReadonlyMap<number, EpochInfo>,
  layersPerEpoch: number,
  target: number,
  last: number,
): Weight {
  const start = target + 1;
  if (start > last) return 0n;
  const length = BigInt(layersPerEpoch);
  const startEpoch = Math.floor(start / layersPerEpoch);
  const lastEpoch = Math.floor(last / layersPerEpoch);
  if (startEpoch === lastEpoch)
    return (epochWeight(epochs, startEpoch) * BigInt(last - start + 1)) / length;
  let w =
    (epochWeight(epochs, startEpoch) * BigInt(layersPerEpoch - (start % layersPerEpoch))) / length;
  for (let e = startEpoch + 1; e < lastEpoch; e++) w += epochWeight(epochs, e);
  return w + (epochWeight(epochs, lastEpoch) * BigInt((last % layersPerEpoch) + 1)) / length;
}

/** The expected weight, limited to windowSize layers after the target (but at least up to the
 *  processed layer). */
export function computeExpectedWeightInWindow(
  epochs: ReadonlyMap<number, EpochInfo>,
  layersPerEpoch: number,
  windowSize: number,
  target: number,
  processed: number,
  last: number,
): Weight {
  let window = last;
  if (last - target > windowSize) {
    window = target + windowSize;
    if (processed > window) window = processed;
  }
  return computeExpectedWeight(epochs, layersPerEpoch, target, window);
}

export function computeGlobalThreshold(expected: Weight, localThreshold: Weight): Weight {
  return expected / ADVERSARIAL_WEIGHT_FRACTION + localThreshold;
}
