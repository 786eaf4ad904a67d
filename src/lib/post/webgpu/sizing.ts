// How many labels ("lanes") one GPU batch computes at once. Each lane needs its share of the
// ROMix scratchpad: N / lookupGap kept blocks of 128 bytes. The scratchpad is one storage
// binding, so the adapter's maxStorageBufferBindingSize and maxBufferSize cap the batch.

import { WebGpuError } from './errors.ts';

/** Bytes of one ROMix block (r = 1: two 64-byte ChaCha blocks). */
export const BLOCK_BYTES = 128;

export interface SizingLimits {
  readonly maxStorageBufferBindingSize: number;
  readonly maxBufferSize: number;
  readonly maxComputeWorkgroupsPerDimension: number;
}

/** Scratchpad bytes one lane needs for scrypt parameter N with the given lookup gap. */
export function scratchBytesPerLane(n: number, gap: number): number {
  return (n / gap) * BLOCK_BYTES;
}

/** The lookup gap actually used: a power of two no larger than N. */
export function effectiveGap(n: number, gap: number): number {
  return Math.min(n, gap);
}

export function isPowerOfTwo(v: number): boolean {
  return Number.isInteger(v) && v >= 1 && (v & (v - 1)) === 0 && v <= 2 ** 30;
}

/**
 * Lanes per batch: as many as the scratchpad budget and buffer limits allow, rounded down to
 * whole workgroups, but no more than `wanted` (rounded up to a workgroup) so small requests do
 * not allocate the whole budget.
 */
export function planLanes(
  limits: SizingLimits,
  n: number,
  gap: number,
  workgroupSize: number,
  memoryBudget: number,
  wanted: number,
): number {
  const perLane = scratchBytesPerLane(n, gap);
  const bytes = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize, memoryBudget);
  let capacity = Math.floor(bytes / perLane);
  if (capacity < 1) {
    throw new WebGpuError(
      'out-of-memory',
      `scrypt N=${n} with lookup gap ${gap} needs ${perLane} bytes per label; the limit is ${bytes}`,
    );
  }
  if (capacity >= workgroupSize) capacity -= capacity % workgroupSize;
  const rounded = Math.ceil(wanted / workgroupSize) * workgroupSize;
  return Math.max(1, Math.min(capacity, rounded));
}

/** A (x, y) workgroup grid covering `lanes` invocations within the per-dimension limit. */
export function dispatchGrid(
  lanes: number,
  workgroupSize: number,
  maxPerDimension: number,
): [number, number] {
  const groups = Math.ceil(lanes / workgroupSize);
  const x = Math.min(groups, maxPerDimension);
  return [x, Math.ceil(groups / x)];
}
