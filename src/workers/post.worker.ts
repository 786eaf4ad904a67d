// The browser's PoST worker: computes labels with WebGPU (navigator.gpu inside the worker) so
// neither the page nor the node worker blocks on GPU round trips. The node worker (or a page)
// wraps it with comlink and calls it through PostWorkerApi; label buffers are transferred.
import { expose, transfer } from 'comlink';
import type { LabelBatch } from '../lib/post/interface.ts';
import {
  createWebGpuProvider,
  type WebGpuLabelProvider,
  type WebGpuProviderOptions,
} from '../lib/post/webgpu/provider.ts';
import { WebGpuError } from '../lib/post/webgpu/errors.ts';

export interface PostWorkerApi {
  /** Opens the GPU; resolves to the adapter in words. Rejects when WebGPU is unavailable. */
  open(opts?: WebGpuProviderOptions): Promise<string>;
  /** LabelProvider.compute, run in the worker. */
  compute(
    commitment: Uint8Array,
    start: bigint,
    count: number,
    scryptN: number,
    vrfDifficulty?: Uint8Array,
  ): Promise<LabelBatch>;
  close(): Promise<void>;
}

let provider: Promise<WebGpuLabelProvider> | undefined;

function opened(): Promise<WebGpuLabelProvider> {
  if (provider === undefined) throw new WebGpuError('closed', 'PoST worker: call open() first');
  return provider;
}

const api: PostWorkerApi = {
  async open(opts) {
    const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
    if (gpu === undefined) throw new WebGpuError('no-adapter', 'WebGPU is not available here');
    provider ??= createWebGpuProvider(gpu, opts);
    provider.catch(() => (provider = undefined));
    return (await provider).adapter;
  },
  async compute(commitment, start, count, scryptN, vrfDifficulty) {
    const batch = await (await opened()).compute(commitment, start, count, scryptN, vrfDifficulty);
    return transfer(batch, [batch.labels.buffer]);
  },
  async close() {
    const p = provider;
    provider = undefined;
    if (p !== undefined) await (await p).close();
  },
};

expose(api);
