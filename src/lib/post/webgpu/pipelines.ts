/// <reference types="@webgpu/types" />
// Compiles the WGSL stages into compute pipelines with explicit bind group layouts (one for the
// scrypt stages, one for the nonce search), so every stage of a kind binds the same group.

import { WebGpuError } from './errors.ts';
import { ShaderStage } from './flags.ts';
import { NONCE_WGSL } from './wgsl/nonce.ts';
import { SCRYPT_WGSL } from './wgsl/scrypt.ts';

export interface Pipelines {
  readonly begin: GPUComputePipeline;
  readonly fill: GPUComputePipeline;
  readonly mix: GPUComputePipeline;
  readonly finish: GPUComputePipeline;
  /** params (dynamic uniform), commitment, state, scratch, outputs, labels */
  readonly scryptLayout: GPUBindGroupLayout;
  readonly nonceScan: GPUComputePipeline;
  readonly nonceReduce: GPUComputePipeline;
  /** params, outputs, partial, result */
  readonly nonceLayout: GPUBindGroupLayout;
}

function layoutOf(device: GPUDevice, types: GPUBufferBindingLayout[]): GPUBindGroupLayout {
  return device.createBindGroupLayout({
    entries: types.map((buffer, binding) => ({
      binding,
      visibility: ShaderStage.COMPUTE,
      buffer,
    })),
  });
}

export async function compilePipelines(
  device: GPUDevice,
  lookupGap: number,
  workgroupSize: number,
): Promise<Pipelines> {
  const rw: GPUBufferBindingLayout = { type: 'storage' };
  const ro: GPUBufferBindingLayout = { type: 'read-only-storage' };
  const scryptLayout = layoutOf(device, [
    { type: 'uniform', hasDynamicOffset: true },
    ro,
    rw,
    rw,
    rw,
    rw,
  ]);
  const nonceLayout = layoutOf(device, [{ type: 'uniform' }, ro, rw, rw]);
  const scrypt = device.createShaderModule({ code: SCRYPT_WGSL, label: 'scrypt-jane' });
  const nonce = device.createShaderModule({ code: NONCE_WGSL, label: 'vrf-nonce' });
  const scryptPl = device.createPipelineLayout({ bindGroupLayouts: [scryptLayout] });
  const noncePl = device.createPipelineLayout({ bindGroupLayouts: [nonceLayout] });
  const constants = { LOOKUP_GAP: lookupGap, WORKGROUP_SIZE: workgroupSize };
  const stage = (entryPoint: string): Promise<GPUComputePipeline> =>
    device.createComputePipelineAsync({
      layout: scryptPl,
      compute: { module: scrypt, entryPoint, constants },
    });
  const search = (entryPoint: string): Promise<GPUComputePipeline> =>
    device.createComputePipelineAsync({ layout: noncePl, compute: { module: nonce, entryPoint } });
  try {
    const [begin, fill, mix, finish, nonceScan, nonceReduce] = await Promise.all([
      stage('begin'),
      stage('fill'),
      stage('mix'),
      stage('finish'),
      search('scan'),
      search('reduce'),
    ]);
    return { begin, fill, mix, finish, scryptLayout, nonceScan, nonceReduce, nonceLayout };
  } catch (cause) {
    throw new WebGpuError('pipeline', `WGSL pipeline creation failed: ${String(cause)}`, { cause });
  }
}
