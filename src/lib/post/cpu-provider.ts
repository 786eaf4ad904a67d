// The CPU LabelProvider: a batch is cut into one contiguous range per worker, every worker runs
// LabelHasher on its range, and the results are joined in index order. The host supplies the
// workers (Node: worker_threads, src/cli/post/worker-pool.ts; browser: Web Workers) through
// SpawnLabelWorker, so this file stays isomorphic. Without a spawner it computes inline on the
// calling thread (tests, tiny inputs, environments without workers).
import {
  LABEL_SIZE,
  type LabelBatch,
  type LabelProvider,
  type NonceCandidate,
} from './interface.ts';
import { compareBytes, LabelHasher } from './labels.ts';

/** Main thread → worker. */
export interface LabelRequest {
  readonly id: number;
  readonly commitment: Uint8Array;
  readonly start: bigint;
  readonly count: number;
  readonly scryptN: number;
  readonly vrfDifficulty?: Uint8Array;
}

/** Worker → main thread: the batch, or the error that stopped it. */
export interface LabelResponse {
  readonly id: number;
  readonly labels?: Uint8Array;
  readonly nonce?: NonceCandidate;
  readonly error?: string;
}

/** One worker as the host exposes it. Messages are structured-cloned (bigint included). */
export interface LabelWorker {
  post(request: LabelRequest): void;
  /** Called for every response, and with an Error when the worker dies. */
  listen(onResponse: (r: LabelResponse) => void, onFailure: (e: Error) => void): void;
  terminate(): Promise<void> | void;
}

export type SpawnLabelWorker = () => LabelWorker;

export class LabelWorkerError extends Error {
  override name = 'LabelWorkerError';
}

/**
 * The worker side: answers one request. Keeps one LabelHasher (and its 128·N-byte scratch) per
 * N for the life of the worker.
 */
export function createLabelRequestHandler(): (req: LabelRequest) => LabelResponse {
  const hashers = new Map<number, LabelHasher>();
  return (req) => {
    try {
      let h = hashers.get(req.scryptN);
      if (!h) {
        hashers.clear();
        h = new LabelHasher(req.scryptN);
        hashers.set(req.scryptN, h);
      }
      const b = h.batch(req.commitment, req.start, req.count, req.vrfDifficulty);
      return b.nonce
        ? { id: req.id, labels: b.labels, nonce: b.nonce }
        : { id: req.id, labels: b.labels };
    } catch (e) {
      return { id: req.id, error: e instanceof Error ? e.message : String(e) };
    }
  };
}

export interface CpuProviderOptions {
  /** Host's worker factory; inline computation on this thread when absent. */
  readonly spawn?: SpawnLabelWorker;
  /** Number of workers (default 1 without `spawn`). */
  readonly threads?: number;
}

interface Pending {
  resolve(r: LabelResponse): void;
  reject(e: Error): void;
}

/** Joins per-range results: labels in index order, nonce = lowest value, earliest on ties. */
export function joinBatches(parts: LabelBatch[]): LabelBatch {
  const total = parts.reduce((s, p) => s + p.labels.length, 0);
  const labels = new Uint8Array(total);
  let off = 0;
  let nonce: NonceCandidate | undefined;
  for (const p of parts) {
    labels.set(p.labels, off);
    off += p.labels.length;
    if (p.nonce && (!nonce || compareBytes(p.nonce.value, nonce.value) < 0)) nonce = p.nonce;
  }
  return nonce ? { labels, nonce } : { labels };
}

export class CpuLabelProvider implements LabelProvider {
  readonly name = 'cpu';
  readonly threads: number;
  private readonly workers: LabelWorker[] = [];
  private readonly pending = new Map<number, Pending>();
  private readonly inline?: (req: LabelRequest) => LabelResponse;
  private nextId = 1;
  private closed = false;
  /** Set when a worker died: later batches would wait on it forever. */
  private broken?: Error;

  constructor(opts: CpuProviderOptions = {}) {
    this.threads = Math.max(1, Math.floor(opts.threads ?? 1));
    if (!opts.spawn) {
      this.inline = createLabelRequestHandler();
      return;
    }
    for (let i = 0; i < this.threads; i++) {
      const w = opts.spawn();
      w.listen(
        (r) => this.settle(r),
        (e) => {
          this.broken = e;
          this.failAll(e);
        },
      );
      this.workers.push(w);
    }
  }

  async compute(
    commitment: Uint8Array,
    start: bigint,
    count: number,
    scryptN: number,
    vrfDifficulty?: Uint8Array,
  ): Promise<LabelBatch> {
    if (this.closed) throw new LabelWorkerError('provider is closed');
    if (this.broken) throw new LabelWorkerError(`a label worker failed: ${this.broken.message}`);
    if (!Number.isSafeInteger(count) || count < 0) throw new RangeError(`bad count ${count}`);
    const ways = this.inline ? 1 : Math.min(this.threads, Math.max(1, count));
    const parts: Promise<LabelBatch>[] = [];
    let from = 0;
    for (let w = 0; w < ways; w++) {
      // Near-equal contiguous ranges: the first (count % ways) get one label more.
      const n = Math.floor(count / ways) + (w < count % ways ? 1 : 0);
      const req: LabelRequest = {
        id: this.nextId++,
        commitment,
        start: start + BigInt(from),
        count: n,
        scryptN,
        ...(vrfDifficulty ? { vrfDifficulty } : {}),
      };
      parts.push(this.run(w, req));
      from += n;
    }
    return joinBatches(await Promise.all(parts));
  }

  private async run(worker: number, req: LabelRequest): Promise<LabelBatch> {
    let r: LabelResponse;
    if (this.inline) {
      // Yield first so a caller's pause/abort handlers can run between inline batches.
      await Promise.resolve();
      r = this.inline(req);
    } else {
      r = await new Promise<LabelResponse>((resolve, reject) => {
        this.pending.set(req.id, { resolve, reject });
        this.workers[worker]!.post(req);
      });
    }
    if (r.error !== undefined || !r.labels) throw new LabelWorkerError(r.error ?? 'no labels');
    if (r.labels.length !== req.count * LABEL_SIZE)
      throw new LabelWorkerError(`worker returned ${r.labels.length} bytes for ${req.count}`);
    return r.nonce ? { labels: r.labels, nonce: r.nonce } : { labels: r.labels };
  }

  private settle(r: LabelResponse): void {
    const p = this.pending.get(r.id);
    if (!p) return;
    this.pending.delete(r.id);
    p.resolve(r);
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(new LabelWorkerError(e.message));
    this.pending.clear();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.failAll(new LabelWorkerError('provider closed'));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
