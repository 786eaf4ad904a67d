// Picks the LabelProvider for `smesh post`: the CPU worker pool, or WebGPU through Dawn
// (src/cli/gpu.ts + src/lib/post/webgpu/provider.ts), loaded only when asked for.
import type { LabelProvider } from '../../lib/post/interface.ts';
import type { ProviderName } from './options.ts';
import { createNodeCpuProvider } from './worker-pool.ts';

export class ProviderUnavailableError extends Error {
  override name = 'ProviderUnavailableError';
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function openProvider(name: ProviderName, threads?: number): Promise<LabelProvider> {
  if (name === 'cpu') return createNodeCpuProvider(threads);
  let mods;
  try {
    mods = await Promise.all([import('../gpu.ts'), import('../../lib/post/webgpu/provider.ts')]);
  } catch (e) {
    throw new ProviderUnavailableError(
      `the webgpu provider is not available in this build (${reason(e)})`,
    );
  }
  const [host, webgpu] = mods;
  // The system's GPU first; SwiftShader (CPU Vulkan) when there is none.
  let lastError: unknown;
  for (const swiftShader of [false, true]) {
    try {
      const gpu = host.createNodeGpu({ swiftShader });
      const provider = await webgpu.createWebGpuProvider(gpu);
      return keepAlive(provider, gpu);
    } catch (e) {
      lastError = e;
    }
  }
  throw new ProviderUnavailableError(`webgpu is not available here: ${reason(lastError)}`);
}

/**
 * Dawn tears its instance down when the `GPU` object is garbage-collected, and a device still
 * in use then crashes the process (seen as std::system_error / SIGSEGV). The returned provider
 * holds the `GPU` until it is closed.
 */
function keepAlive(provider: LabelProvider, gpu: GPU): LabelProvider {
  let held: GPU | undefined = gpu;
  return {
    name: provider.name,
    compute: (...args) => {
      if (!held) return Promise.reject(new ProviderUnavailableError('provider is closed'));
      return provider.compute(...args);
    },
    close: async () => {
      await provider.close();
      held = undefined;
    },
  };
}
