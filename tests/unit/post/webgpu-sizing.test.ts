// Batch sizing of the WebGPU provider from adapter limits (pure arithmetic, no GPU needed).
import { describe, expect, it } from 'vitest';
import { WebGpuError } from '../../../src/lib/post/webgpu/errors.ts';
import {
  dispatchGrid,
  effectiveGap,
  planLanes,
  scratchBytesPerLane,
} from '../../../src/lib/post/webgpu/sizing.ts';

const GiB = 2 ** 30;
const limits = {
  maxStorageBufferBindingSize: GiB,
  maxBufferSize: 2 * GiB,
  maxComputeWorkgroupsPerDimension: 65535,
};

describe('webgpu sizing', () => {
  it('needs 128·N / gap bytes per label', () => {
    expect(scratchBytesPerLane(8192, 1)).toBe(1 << 20);
    expect(scratchBytesPerLane(8192, 2)).toBe(1 << 19);
    expect(effectiveGap(2, 8)).toBe(2);
    expect(effectiveGap(8192, 4)).toBe(4);
  });

  it('fills the smallest of binding limit, buffer limit and budget, in whole workgroups', () => {
    expect(planLanes(limits, 8192, 1, 64, Infinity, 1e9)).toBe(1024);
    expect(planLanes(limits, 8192, 2, 64, Infinity, 1e9)).toBe(2048);
    expect(planLanes({ ...limits, maxBufferSize: GiB / 2 }, 8192, 1, 64, Infinity, 1e9)).toBe(512);
    // 100 MiB budget: 100 labels fit, rounded down to 64.
    expect(planLanes(limits, 8192, 1, 64, 100 * 2 ** 20, 1e9)).toBe(64);
    // Fewer than a workgroup fit: use what fits.
    expect(planLanes(limits, 8192, 1, 64, 10 * 2 ** 20, 1e9)).toBe(10);
  });

  it('does not allocate past the request (rounded up to a workgroup)', () => {
    expect(planLanes(limits, 8192, 1, 64, Infinity, 1)).toBe(64);
    expect(planLanes(limits, 8192, 1, 64, Infinity, 65)).toBe(128);
  });

  it('rejects a label that does not fit at all', () => {
    expect(() => planLanes(limits, 8192, 1, 64, 1000, 1)).toThrow(WebGpuError);
  });

  it('spreads a batch over a 2-D grid past the per-dimension limit', () => {
    expect(dispatchGrid(64 * 10, 64, 65535)).toEqual([10, 1]);
    expect(dispatchGrid(65, 64, 65535)).toEqual([2, 1]);
    expect(dispatchGrid(100, 1, 7)).toEqual([7, 15]);
  });
});
