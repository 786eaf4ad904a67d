// The browser's PoST worker: computes labels with WebGPU (navigator.gpu inside the worker) so
// neither the page nor the node worker blocks on GPU round trips, and runs PoST initialization
// into OPFS — a dedicated worker is the only place FileSystemSyncAccessHandle exists. The node
// worker (or a page) wraps it with comlink and calls it through PostWorkerApi; label buffers are
// transferred, progress comes back through a comlink-proxied callback.
import { expose, transfer } from 'comlink';
import { CpuLabelProvider, type LabelWorker } from '../lib/post/cpu-provider.ts';
import {
  initialize,
  InitError,
  PauseControl,
  type InitOptions,
  type InitProgress,
} from '../lib/post/init.ts';
import type { LabelBatch, LabelProvider } from '../lib/post/interface.ts';
import type { PostMetadata } from '../lib/post/metadata.ts';
import { OpfsPostStorage } from '../lib/post/opfs-storage.ts';
import {
  createWebGpuProvider,
  type WebGpuLabelProvider,
  type WebGpuProviderOptions,
} from '../lib/post/webgpu/provider.ts';
import { WebGpuError } from '../lib/post/webgpu/errors.ts';

/** What `init` needs; mirrors `smesh post init`. */
export interface PostInitParams extends Pick<
  InitOptions,
  | 'nodeId'
  | 'commitmentAtxId'
  | 'numUnits'
  | 'labelsPerUnit'
  | 'scryptN'
  | 'maxFileSize'
  | 'batchSize'
> {
  /** OPFS directory (under the origin's root) holding this data set. */
  readonly dir: string;
  /** 'auto' (default): WebGPU when an adapter opens, else the CPU over Web Workers. */
  readonly provider?: 'auto' | 'webgpu' | 'cpu';
  /** CPU label workers (default navigator.hardwareConcurrency). */
  readonly threads?: number;
  readonly gpu?: WebGpuProviderOptions;
}

export interface PostInitResult {
  readonly provider: string;
  readonly metadata: PostMetadata;
}

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
  /**
   * Initializes (or resumes) the data set in OPFS directory `params.dir`. One init at a time per
   * worker. Rejects with InitAbortedError's message after cancel(); calling again resumes.
   */
  init(params: PostInitParams, onProgress?: (p: InitProgress) => void): Promise<PostInitResult>;
  /**
   * Times `labels` labels at `scryptN` on one provider (the smeshing wizard's short benchmark);
   * rejects when that provider is unavailable (no WebGPU adapter).
   */
  bench(provider: 'webgpu' | 'cpu', labels: number, scryptN: number): Promise<PostBenchResult>;
  /** Pauses the running init after the batch in flight. */
  pause(): void;
  resume(): void;
  /** Stops the running init; the data stays resumable. */
  cancel(): void;
  close(): Promise<void>;
}

export interface PostBenchResult {
  /** The provider in words, e.g. 'webgpu: SwiftShader' or 'cpu: 4 workers'. */
  readonly provider: string;
  readonly labelsPerSecond: number;
}

export class PostWorkerError extends Error {
  override name = 'PostWorkerError';
}

let provider: Promise<WebGpuLabelProvider> | undefined;
let running: { abort: AbortController; pause: PauseControl } | undefined;

function opened(): Promise<WebGpuLabelProvider> {
  if (provider === undefined) throw new WebGpuError('closed', 'PoST worker: call open() first');
  return provider;
}

function openGpu(opts?: WebGpuProviderOptions): Promise<WebGpuLabelProvider> {
  const gpu = (self.navigator as Navigator & { gpu?: GPU }).gpu;
  if (gpu === undefined)
    return Promise.reject(new WebGpuError('no-adapter', 'WebGPU is not available here'));
  provider ??= createWebGpuProvider(gpu, opts);
  provider.catch(() => (provider = undefined));
  return provider;
}

/** The browser's SpawnLabelWorker: a module Web Worker per label thread. */
function spawnLabelWorker(): LabelWorker {
  const w = new Worker(new URL('./post-label.worker.ts', import.meta.url), { type: 'module' });
  return {
    post: (req) => w.postMessage(req),
    listen(onResponse, onFailure) {
      w.onmessage = (ev) => onResponse(ev.data);
      w.onerror = (ev) => onFailure(new Error(`label worker failed: ${ev.message}`));
      w.onmessageerror = () => onFailure(new Error('label worker sent an unreadable message'));
    },
    terminate: () => w.terminate(),
  };
}

/**
 * The provider for one init, and whether this init owns it (the shared WebGPU one stays open
 * for compute(); CPU workers are the init's own).
 */
async function pickProvider(p: PostInitParams): Promise<{ lp: LabelProvider; own: boolean }> {
  const cpu = () => ({
    lp: new CpuLabelProvider({
      spawn: spawnLabelWorker,
      threads: p.threads ?? self.navigator.hardwareConcurrency ?? 1,
    }),
    own: true,
  });
  const mode = p.provider ?? 'auto';
  if (mode === 'cpu') return cpu();
  try {
    return { lp: await openGpu(p.gpu), own: false };
  } catch (e) {
    if (mode === 'webgpu' || !(e instanceof WebGpuError)) throw e;
    return cpu();
  }
}

const api: PostWorkerApi = {
  async open(opts) {
    return (await openGpu(opts)).adapter;
  },
  async compute(commitment, start, count, scryptN, vrfDifficulty) {
    const batch = await (await opened()).compute(commitment, start, count, scryptN, vrfDifficulty);
    return transfer(batch, [batch.labels.buffer]);
  },
  async init(params, onProgress) {
    if (running) throw new PostWorkerError('an init is already running in this worker');
    const run = { abort: new AbortController(), pause: new PauseControl() };
    running = run;
    try {
      if (!params.dir || params.dir.includes('/'))
        throw new InitError(`bad OPFS directory name '${params.dir}'`);
      const root = await self.navigator.storage.getDirectory();
      const dir = await root.getDirectoryHandle(params.dir, { create: true });
      const { lp, own } = await pickProvider(params);
      try {
        const metadata = await initialize({
          storage: new OpfsPostStorage(dir),
          provider: lp,
          nodeId: params.nodeId,
          commitmentAtxId: params.commitmentAtxId,
          numUnits: params.numUnits,
          labelsPerUnit: params.labelsPerUnit,
          scryptN: params.scryptN,
          ...(params.maxFileSize !== undefined ? { maxFileSize: params.maxFileSize } : {}),
          ...(params.batchSize !== undefined ? { batchSize: params.batchSize } : {}),
          signal: run.abort.signal,
          pause: run.pause,
          // Fire-and-forget: the proxied call is async and init must not wait on the page (nor
          // fail when the page has gone away).
          ...(onProgress
            ? {
                onProgress: (p: InitProgress) =>
                  void Promise.resolve(onProgress(p) as unknown).catch(() => undefined),
              }
            : {}),
        });
        return { provider: lp.name, metadata };
      } finally {
        if (own) await lp.close();
      }
    } finally {
      running = undefined;
    }
  },
  async bench(which, labels, scryptN) {
    if (!Number.isInteger(labels) || labels < 1 || labels > 1 << 20)
      throw new PostWorkerError(`bench: labels must be 1..${1 << 20}`);
    const { lp, own } = await pickProvider({ provider: which } as PostInitParams);
    try {
      const commitment = new Uint8Array(32);
      // One warm-up batch (pipeline / worker start-up), then the timed one.
      await lp.compute(commitment, 0n, Math.min(labels, 64), scryptN);
      const t0 = performance.now();
      await lp.compute(commitment, 1n << 20n, labels, scryptN);
      const s = (performance.now() - t0) / 1000;
      const name =
        lp.name === 'cpu'
          ? `cpu: ${self.navigator.hardwareConcurrency ?? 1} workers`
          : `webgpu: ${(lp as WebGpuLabelProvider).adapter}`;
      return { provider: name, labelsPerSecond: labels / Math.max(s, 1e-6) };
    } finally {
      if (own) await lp.close();
    }
  },
  pause() {
    running?.pause.pause();
  },
  resume() {
    running?.pause.resume();
  },
  cancel() {
    running?.abort.abort();
    running?.pause.resume();
  },
  async close() {
    const p = provider;
    provider = undefined;
    if (p !== undefined) await (await p).close();
  },
};

expose(api);
