// Node host's WebGPU: Dawn through the `webgpu` package. Without a GPU driver, Debian
// Chromium's SwiftShader (a CPU Vulkan implementation) serves as the adapter; the Vulkan
// loader reads VK_ICD_FILENAMES when Dawn creates its instance, so it is set before create().
import { existsSync } from 'node:fs';
import { create, globals } from 'webgpu';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface NodeGpuOptions {
  /** Force SwiftShader (tests, CI). Otherwise the system's Vulkan drivers are used. */
  readonly swiftShader?: boolean;
}

export class NodeGpuError extends Error {
  override name = 'NodeGpuError';
}

/** Returns a `GPU` (the navigator.gpu equivalent) and installs the WebGPU globals it needs. */
export function createNodeGpu(opts: NodeGpuOptions = {}): GPU {
  if (opts.swiftShader === true) {
    if (!existsSync(SWIFTSHADER_ICD)) {
      throw new NodeGpuError(
        `SwiftShader not found at ${SWIFTSHADER_ICD}: apt-get install -y chromium`,
      );
    }
    process.env.VK_ICD_FILENAMES = SWIFTSHADER_ICD;
  }
  // GPUBufferUsage, GPUMapMode, … are globals in a browser; Dawn exports them instead.
  Object.assign(globalThis, globals);
  return create([]);
}

/**
 * The system's GPU when it has a usable adapter, else SwiftShader when installed. A second
 * Dawn instance re-reads VK_ICD_FILENAMES, so the fallback works within one process.
 */
export async function openNodeGpu(): Promise<{ gpu: GPU; swiftShader: boolean }> {
  const system = createNodeGpu();
  if ((await system.requestAdapter({ powerPreference: 'high-performance' })) !== null) {
    return { gpu: system, swiftShader: false };
  }
  return { gpu: createNodeGpu({ swiftShader: true }), swiftShader: true };
}
