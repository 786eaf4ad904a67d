// Proving across cores: each batch of labels is cut into one slice per worker, the workers run
// Prover8_56 over their slices and return every hit, and the main thread consumes the hits in
// the single-threaded order, so the proof does not depend on the number of workers. The host
// supplies the workers (Node worker_threads, browser Web Workers), as for the CPU labels.
import type { AesFactory } from './cipher.ts';
import { NONCES_PER_AES } from './cipher.ts';
import type { LabelReader } from './interface.ts';
import { CHUNK_LABELS, Prover8_56, checkAbort } from './prover.ts';
import type { Consume, Found } from './prover.ts';

/** Main thread → prove worker: scan one slice of labels for a range of nonces. */
export interface ScanRequest {
  readonly id: number;
  readonly challenge: Uint8Array;
  readonly nonceStart: number;
  /** k2pow of each nonce group from nonceStart / 16 on; their count sets the nonce range. */
  readonly pows: readonly bigint[];
  readonly difficulty: bigint;
  /** Whole labels; a multiple of 8 except for the data's last slice. */
  readonly labels: Uint8Array;
}

/** Prove worker → main thread: every hit of the slice, in post-rs order, or the error. */
export interface ScanResponse {
  readonly id: number;
  readonly nonces?: Uint32Array;
  /** Label positions within the slice. */
  readonly offsets?: Uint32Array;
  readonly error?: string;
}

/** One worker as the host exposes it (Node worker_threads, a Web Worker). */
export interface ProveWorker {
  post(request: ScanRequest): void;
  /** Called for every response, and with an Error when the worker dies. */
  listen(onResponse: (r: ScanResponse) => void, onFailure: (e: Error) => void): void;
  terminate(): Promise<void> | void;
}

export type SpawnProveWorker = () => ProveWorker;

/** The worker side: scans slices, keeping the prover of the last nonce range. */
export function createScanRequestHandler(aes?: AesFactory): (req: ScanRequest) => ScanResponse {
  let cached: { key: string; prover: Prover8_56 } | undefined;
  return (req) => {
    try {
      const key = [
        ...req.challenge,
        '|',
        req.nonceStart,
        '|',
        ...req.pows,
        '|',
        req.difficulty,
      ].join(',');
      if (cached?.key !== key) {
        const count = req.pows.length * NONCES_PER_AES;
        cached = {
          key,
          prover: new Prover8_56(
            req.challenge,
            req.nonceStart,
            count,
            req.pows,
            req.difficulty,
            aes,
          ),
        };
      }
      const nonces: number[] = [];
      const offsets: number[] = [];
      cached.prover.prove(req.labels, 0n, (n, i) => {
        nonces.push(n);
        offsets.push(Number(i));
        return null;
      });
      return { id: req.id, nonces: Uint32Array.from(nonces), offsets: Uint32Array.from(offsets) };
    } catch (e) {
      return { id: req.id, error: e instanceof Error ? e.message : String(e) };
    }
  };
}

/** Round-robin dispatch of scan requests over host workers. */
export class ScanPool {
  readonly #workers: ProveWorker[];
  readonly #pending = new Map<
    number,
    { resolve: (r: ScanResponse) => void; reject: (e: Error) => void }
  >();
  #nextId = 0;
  #turn = 0;
  #failed: Error | undefined;

  constructor(spawn: SpawnProveWorker, threads: number) {
    this.#workers = Array.from({ length: threads }, () => spawn());
    for (const w of this.#workers)
      w.listen(
        (r) => {
          const p = this.#pending.get(r.id);
          this.#pending.delete(r.id);
          if (r.error !== undefined) p?.reject(new Error(`prove worker: ${r.error}`));
          else p?.resolve(r);
        },
        (e) => {
          this.#failed = e;
          for (const p of this.#pending.values()) p.reject(e);
          this.#pending.clear();
        },
      );
  }

  get size(): number {
    return this.#workers.length;
  }

  scan(req: Omit<ScanRequest, 'id'>): Promise<ScanResponse> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#nextId++;
    const w = this.#workers[this.#turn++ % this.#workers.length]!;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      w.post({ ...req, id });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.terminate()));
  }
}

/**
 * One pass on workers: each batch is cut into one slice per worker (multiples of 8 labels, so
 * post-rs's chunk order holds inside slices), two batches are in flight at a time, and the hits
 * are consumed batch by batch, slice by slice, in order.
 */
export async function scanParallel(
  pool: ScanPool,
  reader: LabelReader,
  batchLabels: number,
  req: Omit<ScanRequest, 'id' | 'labels'>,
  consume: Consume,
  progress: (done: bigint) => void,
  signal: AbortSignal | undefined,
): Promise<Found> {
  // Each worker's slice is read on its own, so the reader's fresh buffer is what is transferred
  // to the worker: no copy on the main thread besides the read itself.
  const submit = async (at: bigint, n: number) => {
    const per = Math.ceil(n / pool.size / CHUNK_LABELS) * CHUNK_LABELS;
    const parts: Promise<[number, ScanResponse]>[] = [];
    for (let s = 0; s < n; s += per) {
      const count = Math.min(n, s + per) - s;
      parts.push(
        reader.read(at + BigInt(s), count).then(async (read) => {
          const owned = read.byteOffset === 0 && read.byteLength === read.buffer.byteLength;
          const labels = owned ? read : read.slice();
          return [s, await pool.scan({ ...req, labels })];
        }),
      );
    }
    return { at, n, parts: await Promise.all(parts) };
  };
  type Pending = ReturnType<typeof submit>;
  const queue: Pending[] = [];
  let pos = 0n;
  const fill = () => {
    while (queue.length < 2) {
      if (pos >= reader.totalLabels) return;
      const at = pos;
      const n = Math.min(batchLabels, Number(reader.totalLabels - at));
      pos += BigInt(n);
      const p = submit(at, n);
      p.catch(() => {}); // surfaced when awaited below
      queue.push(p);
    }
  };
  fill();
  while (queue.length > 0) {
    const { at, n, parts } = await queue.shift()!;
    checkAbort(signal);
    fill();
    for (const [s, r] of parts) {
      const nonces = r.nonces!;
      const offsets = r.offsets!;
      for (let i = 0; i < nonces.length; i++) {
        const nonce = nonces[i]!;
        const done = consume(nonce, at + BigInt(s + offsets[i]!));
        if (done !== null) return { nonce, indices: done };
      }
    }
    progress(at + BigInt(n));
  }
  return null;
}
