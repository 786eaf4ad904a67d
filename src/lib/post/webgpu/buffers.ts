/// <reference types="@webgpu/types" />
// The GPU buffers of one batch shape (scrypt N, lanes): ROMix state and scratchpad, outputs,
// the per-dispatch uniform slots of the stage schedule, the nonce-search buffers and two
// readback slots so one sub-batch can be read while the next one runs.

import { LABEL_SIZE } from '../interface.ts';
import { BufferUsage } from './flags.ts';
import type { Pipelines } from './pipelines.ts';
import { scratchBytesPerLane } from './sizing.ts';
import { NONCE_SCANNERS } from './wgsl/nonce.ts';

/** Uniform slots are bound with dynamic offsets, which must be 256-byte aligned. */
export const PARAM_SLOT = 256;
const OUTPUT_WORDS = 8;

/** One dispatch of the schedule: a scrypt stage over ROMix steps [from, to). */
export interface Stage {
  readonly pipeline: GPUComputePipeline;
  readonly from: number;
  readonly to: number;
}

/** Host-mappable copies of one sub-batch's labels and nonce result. */
export interface Readback {
  readonly labels: GPUBuffer;
  readonly nonce: GPUBuffer;
}

export interface BatchBuffers {
  readonly n: number;
  readonly lanes: number;
  readonly state: GPUBuffer;
  readonly scratch: GPUBuffer;
  readonly outputs: GPUBuffer;
  readonly labels: GPUBuffer;
  readonly readback: readonly [Readback, Readback];
  readonly params: GPUBuffer;
  readonly bindGroup: GPUBindGroup;
  readonly stages: readonly Stage[];
  readonly nonceParams: GPUBuffer;
  readonly noncePartial: GPUBuffer;
  readonly nonceResult: GPUBuffer;
  readonly nonceBindGroup: GPUBindGroup;
  readonly nonceScan: GPUComputePipeline;
  readonly nonceReduce: GPUComputePipeline;
}

export interface BatchShape {
  readonly n: number;
  readonly gap: number;
  readonly lanes: number;
  readonly stepsPerDispatch: number;
}

export function allocateBuffers(
  device: GPUDevice,
  pipelines: Pipelines,
  commitment: GPUBuffer,
  { n, gap, lanes, stepsPerDispatch }: BatchShape,
): BatchBuffers {
  const make = (size: number, usage: number): GPUBuffer => device.createBuffer({ size, usage });
  const S = BufferUsage.STORAGE;
  const state = make(lanes * 32 * 4, S);
  const scratch = make(lanes * scratchBytesPerLane(n, gap), S);
  const outputs = make(lanes * OUTPUT_WORDS * 4, S);
  const labels = make(lanes * LABEL_SIZE, S | BufferUsage.COPY_SRC);
  const stages: Stage[] = [{ pipeline: pipelines.begin, from: 0, to: 0 }];
  for (const pipeline of [pipelines.fill, pipelines.mix]) {
    for (let from = 0; from < n; from += stepsPerDispatch) {
      stages.push({ pipeline, from, to: Math.min(n, from + stepsPerDispatch) });
    }
  }
  stages.push({ pipeline: pipelines.finish, from: 0, to: 0 });
  const params = make(stages.length * PARAM_SLOT, BufferUsage.UNIFORM | BufferUsage.COPY_DST);
  const bindGroup = device.createBindGroup({
    layout: pipelines.scryptLayout,
    entries: [
      { binding: 0, resource: { buffer: params, size: 32 } },
      ...[commitment, state, scratch, outputs, labels].map((buffer, i) => ({
        binding: i + 1,
        resource: { buffer },
      })),
    ],
  });
  const nonceParams = make(48, BufferUsage.UNIFORM | BufferUsage.COPY_DST);
  const noncePartial = make(NONCE_SCANNERS * 9 * 4, S);
  const nonceResult = make(36, S | BufferUsage.COPY_SRC);
  const readable = BufferUsage.MAP_READ | BufferUsage.COPY_DST;
  const readbackSlot = (): Readback => ({
    labels: make(lanes * LABEL_SIZE, readable),
    nonce: make(36, readable),
  });
  const readback = [readbackSlot(), readbackSlot()] as const;
  const nonceBindGroup = device.createBindGroup({
    layout: pipelines.nonceLayout,
    entries: [nonceParams, outputs, noncePartial, nonceResult].map((buffer, binding) => ({
      binding,
      resource: { buffer },
    })),
  });
  return {
    n,
    lanes,
    state,
    scratch,
    outputs,
    labels,
    readback,
    params,
    bindGroup,
    stages,
    nonceParams,
    nonceResult,
    nonceBindGroup,
    noncePartial,
    nonceScan: pipelines.nonceScan,
    nonceReduce: pipelines.nonceReduce,
  };
}

export function destroyBuffers(b: BatchBuffers): void {
  for (const buf of [
    b.state,
    b.scratch,
    b.outputs,
    b.labels,
    ...b.readback.flatMap((r) => [r.labels, r.nonce]),
    b.params,
    b.nonceParams,
    b.noncePartial,
    b.nonceResult,
  ]) {
    buf.destroy();
  }
}
