/// <reference types="@webgpu/types" />
// LabelProvider on WebGPU: drives the WGSL scrypt-jane stages in batches sized from the
// adapter's limits and runs the VRF-nonce search on the GPU over the full 32-byte outputs.
// The host only passes a `GPU` object in (navigator.gpu in a browser, the `webgpu` package's
// Dawn under Node), so this module stays isomorphic.

import type { LabelBatch, LabelProvider, NonceCandidate } from '../interface.ts';
import { LABEL_SIZE } from '../interface.ts';
import { WebGpuError } from './errors.ts';
import {
  allocateBuffers,
  destroyBuffers,
  PARAM_SLOT,
  type BatchBuffers,
  type Readback,
} from './buffers.ts';
import { BufferUsage, MapMode } from './flags.ts';
import { dispatchGrid, effectiveGap, isPowerOfTwo, planLanes } from './sizing.ts';
import { compilePipelines, type Pipelines } from './pipelines.ts';
import { NONCE_SCANNERS } from './wgsl/nonce.ts';
import { compareBytes } from '../../bytes.ts';

export interface WebGpuProviderOptions {
  /** Keep every g-th ROMix block (power of two); the rest are recomputed. Default 2. */
  readonly lookupGap?: number;
  /** Invocations per workgroup. Default 64. */
  readonly workgroupSize?: number;
  /** Upper bound on the scratchpad bytes of one batch (the adapter's limits also apply). */
  readonly memoryBudget?: number;
  /** ROMix steps per dispatch; keeps each dispatch short enough for browser GPU watchdogs. */
  readonly stepsPerDispatch?: number;
  readonly powerPreference?: GPUPowerPreference;
  /**
   * Caps workgroups per grid dimension below the device limit, so that a batch spreads over a
   * 2-D grid sooner (lets tests reach the 2-D lane numbering with small batches).
   */
  readonly maxWorkgroupsPerDimension?: number;
}

const NONCE_NONE = 0xffffffff;
const U64_LIMIT = 1n << 64n;

export class WebGpuLabelProvider implements LabelProvider {
  readonly name = 'webgpu';
  /** The adapter, in words (vendor, architecture, description), for logs and benchmarks. */
  readonly adapter: string;
  readonly device: GPUDevice;
  readonly gap: number;
  readonly workgroupSize: number;
  readonly memoryBudget: number;
  readonly stepsPerDispatch: number;
  readonly maxWorkgroupsPerDimension: number;
  readonly #pipelines = new Map<number, Promise<Pipelines>>();
  readonly #commitment: GPUBuffer;
  #buffers: BatchBuffers | undefined;
  #queue: Promise<unknown> = Promise.resolve();
  #lost: string | undefined;
  #closed = false;
  /** Lanes that fit after an out-of-memory error (no cap until one happens). */
  #laneCap = Infinity;

  constructor(device: GPUDevice, adapter: string, opts: WebGpuProviderOptions) {
    this.device = device;
    this.adapter = adapter;
    this.gap = opts.lookupGap ?? 2;
    this.workgroupSize = opts.workgroupSize ?? 64;
    this.memoryBudget = opts.memoryBudget ?? Number.MAX_SAFE_INTEGER;
    this.stepsPerDispatch = opts.stepsPerDispatch ?? 2048;
    this.maxWorkgroupsPerDimension = Math.min(
      opts.maxWorkgroupsPerDimension ?? Infinity,
      device.limits.maxComputeWorkgroupsPerDimension,
    );
    if (!(this.maxWorkgroupsPerDimension >= 1))
      throw new WebGpuError('invalid-argument', 'maxWorkgroupsPerDimension must be ≥ 1');
    if (!isPowerOfTwo(this.gap))
      throw new WebGpuError('invalid-argument', 'lookupGap must be a power of two');
    if (
      !isPowerOfTwo(this.workgroupSize) ||
      this.workgroupSize > device.limits.maxComputeInvocationsPerWorkgroup
    ) {
      throw new WebGpuError(
        'invalid-argument',
        `workgroupSize ${this.workgroupSize} is not usable here`,
      );
    }
    if (!(this.stepsPerDispatch >= 1))
      throw new WebGpuError('invalid-argument', 'stepsPerDispatch must be ≥ 1');
    this.#commitment = device.createBuffer({
      size: 32,
      usage: BufferUsage.STORAGE | BufferUsage.COPY_DST,
    });
    void device.lost.then((info) => {
      this.#lost = info.message || info.reason;
    });
  }

  compute(
    commitment: Uint8Array,
    start: bigint,
    count: number,
    scryptN: number,
    vrfDifficulty?: Uint8Array,
  ): Promise<LabelBatch> {
    // Batches share the GPU buffers, so calls run one after another.
    const run = this.#queue.then(() =>
      this.#compute(commitment, start, count, scryptN, vrfDifficulty),
    );
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    await this.#queue;
    this.#release();
    this.#commitment.destroy();
    this.#closed = true;
    this.device.destroy();
  }

  async #compute(
    commitment: Uint8Array,
    start: bigint,
    count: number,
    n: number,
    difficulty: Uint8Array | undefined,
  ): Promise<LabelBatch> {
    if (this.#closed) throw new WebGpuError('closed', 'the WebGPU label provider is closed');
    if (this.#lost !== undefined) {
      throw new WebGpuError('device-lost', `GPU device lost: ${this.#lost}`);
    }
    if (commitment.length !== 32)
      throw new WebGpuError('invalid-argument', 'commitment must be 32 bytes');
    if (difficulty !== undefined && difficulty.length !== 32) {
      throw new WebGpuError('invalid-argument', 'vrfDifficulty must be 32 bytes');
    }
    if (!isPowerOfTwo(n) || n < 2)
      throw new WebGpuError('invalid-argument', `scrypt N=${n} is not a power of two ≥ 2`);
    if (!Number.isSafeInteger(count) || count < 0)
      throw new WebGpuError('invalid-argument', `bad count ${count}`);
    if (start < 0n || start + BigInt(count) > U64_LIMIT) {
      throw new WebGpuError('invalid-argument', 'label range outside u64');
    }
    const labels = new Uint8Array(count * LABEL_SIZE);
    if (count === 0) return { labels };

    const bufs = await this.#ensureBuffers(n, count);
    this.device.queue.writeBuffer(this.#commitment, 0, commitment);
    if (difficulty !== undefined) {
      // Words big-endian so the shader compares them as numbers in string order.
      const d = new DataView(difficulty.buffer, difficulty.byteOffset, 32);
      const p = new DataView(new ArrayBuffer(48));
      for (let i = 0; i < 8; i++) p.setUint32(16 + 4 * i, d.getUint32(4 * i, false), true);
      this.device.queue.writeBuffer(bufs.nonceParams, 0, p.buffer);
    }

    // Sub-batch k + 1 is submitted before k is read back, so the GPU never waits for the
    // host; the two readback slots alternate (k + 2 reuses k's slot after k was read).
    let best: NonceCandidate | undefined;
    let inFlight: Promise<NonceCandidate | undefined> | undefined;
    const take = (found: NonceCandidate | undefined): void => {
      if (found !== undefined && (best === undefined || compareBytes(found.value, best.value) < 0))
        best = found;
    };
    for (let off = 0, k = 0; off < count; off += bufs.lanes, k++) {
      const c = Math.min(bufs.lanes, count - off);
      const done = this.#runBatch(
        bufs,
        bufs.readback[k % 2]!,
        start + BigInt(off),
        c,
        difficulty !== undefined,
        labels.subarray(off * LABEL_SIZE),
      ).then((found) => found && { index: found.index + BigInt(off), value: found.value });
      done.catch(() => undefined); // awaited below; this only silences an early rejection
      if (inFlight !== undefined) take(await inFlight);
      inFlight = done;
    }
    if (inFlight !== undefined) take(await inFlight);
    return best === undefined
      ? { labels }
      : { labels, nonce: { index: start + best.index, value: best.value } };
  }

  /** Submits one sub-batch at once (before the first await), then reads it back. */
  async #runBatch(
    bufs: BatchBuffers,
    slot: Readback,
    start: bigint,
    count: number,
    searchNonce: boolean,
    out: Uint8Array,
  ): Promise<NonceCandidate | undefined> {
    const device = this.device;
    const params = new DataView(new ArrayBuffer(bufs.stages.length * PARAM_SLOT));
    bufs.stages.forEach((s, i) => {
      const words = [
        Number(start & 0xffffffffn),
        Number(start >> 32n),
        count,
        bufs.n,
        s.from,
        s.to,
        bufs.lanes,
        0,
      ];
      words.forEach((w, j) => params.setUint32(i * PARAM_SLOT + 4 * j, w, true));
    });
    device.queue.writeBuffer(bufs.params, 0, params.buffer);
    if (searchNonce) device.queue.writeBuffer(bufs.nonceParams, 0, new Uint32Array([count]));

    const [gx, gy] = dispatchGrid(count, this.workgroupSize, this.maxWorkgroupsPerDimension);
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginComputePass();
    bufs.stages.forEach((s, i) => {
      pass.setPipeline(s.pipeline);
      pass.setBindGroup(0, bufs.bindGroup, [i * PARAM_SLOT]);
      pass.dispatchWorkgroups(gx, gy);
    });
    if (searchNonce) {
      pass.setBindGroup(0, bufs.nonceBindGroup);
      pass.setPipeline(bufs.nonceScan);
      pass.dispatchWorkgroups(NONCE_SCANNERS / 64);
      pass.setPipeline(bufs.nonceReduce);
      pass.dispatchWorkgroups(1);
    }
    pass.end();
    encoder.copyBufferToBuffer(bufs.labels, 0, slot.labels, 0, count * LABEL_SIZE);
    if (searchNonce) encoder.copyBufferToBuffer(bufs.nonceResult, 0, slot.nonce, 0, 36);
    device.queue.submit([encoder.finish()]);

    await slot.labels.mapAsync(MapMode.READ, 0, count * LABEL_SIZE);
    out.set(new Uint8Array(slot.labels.getMappedRange(0, count * LABEL_SIZE)));
    slot.labels.unmap();
    if (!searchNonce) return undefined;
    await slot.nonce.mapAsync(MapMode.READ);
    const result = new Uint8Array(slot.nonce.getMappedRange().slice(0));
    slot.nonce.unmap();
    const index = new DataView(result.buffer).getUint32(0, true);
    if (index === NONCE_NONE) return undefined;
    return { index: BigInt(index), value: result.slice(4, 36) };
  }

  /** Compiles (once per lookup gap) the four scrypt stages and the nonce search. */
  #pipelinesFor(n: number): Promise<Pipelines> {
    const gap = effectiveGap(n, this.gap);
    const cached = this.#pipelines.get(gap);
    if (cached !== undefined) return cached;
    const made = compilePipelines(this.device, gap, this.workgroupSize);
    this.#pipelines.set(gap, made);
    // A failed compile is not cached: the next call reports it again instead of using it.
    made.catch(() => this.#pipelines.delete(gap));
    return made;
  }

  async #ensureBuffers(n: number, count: number): Promise<BatchBuffers> {
    const gap = effectiveGap(n, this.gap);
    const planned = planLanes(
      this.device.limits,
      n,
      gap,
      this.workgroupSize,
      this.memoryBudget,
      count,
    );
    let lanes = Math.min(planned, this.#laneCap);
    const have = this.#buffers;
    if (have !== undefined && have.n === n && have.lanes >= lanes) return have;
    this.#release();
    const pipelines = await this.#pipelinesFor(n);
    // Buffer limits say what may be asked for, not what the GPU has free: on an out-of-memory
    // error, halve the batch and remember the cap.
    for (;;) {
      const device = this.device;
      device.pushErrorScope('out-of-memory');
      device.pushErrorScope('validation');
      const buffers = allocateBuffers(device, pipelines, this.#commitment, {
        n,
        gap,
        lanes,
        stepsPerDispatch: this.stepsPerDispatch,
      });
      const validation = await device.popErrorScope();
      const oom = await device.popErrorScope();
      if (oom === null && validation === null) {
        this.#buffers = buffers;
        return buffers;
      }
      destroyBuffers(buffers);
      if (validation !== null || lanes === 1) {
        const e = validation ?? oom;
        const code = validation !== null ? 'pipeline' : 'out-of-memory';
        throw new WebGpuError(code, `GPU setup failed: ${e?.message ?? ''}`);
      }
      lanes = Math.max(1, Math.floor(lanes / 2));
      this.#laneCap = lanes;
    }
  }

  #release(): void {
    if (this.#buffers !== undefined) destroyBuffers(this.#buffers);
    this.#buffers = undefined;
  }
}

/**
 * Opens an adapter and device with the buffer limits the scratchpad needs and returns the
 * 'webgpu' LabelProvider. Rejects with WebGpuError('no-adapter') when WebGPU is unusable.
 */
export async function createWebGpuProvider(
  gpu: GPU,
  opts: WebGpuProviderOptions = {},
): Promise<WebGpuLabelProvider> {
  const adapter = await gpu.requestAdapter({
    powerPreference: opts.powerPreference ?? 'high-performance',
  });
  if (adapter === null) throw new WebGpuError('no-adapter', 'no WebGPU adapter available');
  const a = adapter.limits;
  const device = await adapter.requestDevice({
    requiredLimits: {
      maxStorageBufferBindingSize: a.maxStorageBufferBindingSize,
      maxBufferSize: a.maxBufferSize,
      maxComputeWorkgroupsPerDimension: a.maxComputeWorkgroupsPerDimension,
      maxComputeInvocationsPerWorkgroup: a.maxComputeInvocationsPerWorkgroup,
      maxComputeWorkgroupSizeX: a.maxComputeWorkgroupSizeX,
    },
  });
  const i = adapter.info;
  const words = [i.vendor, i.architecture, i.description].filter((w) => w !== '');
  return new WebGpuLabelProvider(device, words.join(' / ') || 'unknown adapter', opts);
}
