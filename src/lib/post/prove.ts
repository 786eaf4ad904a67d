// Generating a PoST proof (post-rs src/prove.rs generate_proof): find a nonce for which K2
// labels of the stored data pass the K1 difficulty, and return {nonce, packed indices, pow}.
// Nonces are tried in passes of `nonces` (each pass needs one k2pow per group of 16); a pass
// reads all the data once, scanning on the calling thread or on host workers.
import { compressIndices, requiredBits } from './compression.ts';
import { NONCES_PER_AES } from './cipher.ts';
import type { AesFactory } from './cipher.ts';
import { provingDifficulty, scalePowDifficulty } from './difficulty.ts';
import { LABEL_SIZE } from './interface.ts';
import type { LabelReader } from './interface.ts';
import { noK2Pow } from './k2pow.ts';
import type { K2Pow } from './k2pow.ts';
import type { Proof } from './proof.ts';
import { ScanPool, scanParallel } from './prove-workers.ts';
import type { SpawnProveWorker } from './prove-workers.ts';
import { MAX_NONCE, Prover8_56, ProvingError, checkAbort, readBatches } from './prover.ts';
import type { Consume, Found } from './prover.ts';

export { MAX_NONCE, Prover8_56, ProvingError } from './prover.ts';
export type { Consume, ProvingErrorCode } from './prover.ts';
export { createScanRequestHandler } from './prove-workers.ts';
export type { ProveWorker, ScanRequest, ScanResponse, SpawnProveWorker } from './prove-workers.ts';

export interface ProofConfig {
  readonly k1: number;
  readonly k2: number;
  /** k2pow threshold before scaling by numUnits, 32 bytes big-endian. */
  readonly powDifficulty: Uint8Array;
}

export interface ProvingData {
  readonly nodeId: Uint8Array;
  readonly numUnits: number;
  readonly labelsPerUnit: bigint;
}

export interface ProveProgress {
  readonly nonceStart: number;
  readonly nonceEnd: number;
  readonly labelsDone: bigint;
  readonly totalLabels: bigint;
}

export interface ProveOptions {
  /** Nonces tried per pass over the data (a multiple of 16); default 128, as postcli. */
  readonly nonces?: number;
  readonly k2pow?: K2Pow;
  readonly aes?: AesFactory;
  /** Labels per read; default 65,536 (1 MiB, as post-rs's reader). */
  readonly batchLabels?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (p: ProveProgress) => void;
  /**
   * Scan on host workers (one slice of each batch per worker) instead of the calling thread.
   * The proof is the same: hits are consumed in the single-threaded order. `aes` applies to the
   * calling thread only; workers use the cipher their host handler was made with.
   */
  readonly workers?: { readonly spawn: SpawnProveWorker; readonly threads: number };
}

/** Proves that `reader` holds the data of `data` for `challenge`. */
export async function generateProof(
  reader: LabelReader,
  challenge: Uint8Array,
  cfg: ProofConfig,
  data: ProvingData,
  opts: ProveOptions = {},
): Promise<Proof> {
  if (challenge.length !== 32) throw new RangeError('challenge must be 32 bytes');
  const nonces = opts.nonces ?? 128;
  if (!Number.isInteger(nonces) || nonces <= 0 || nonces % NONCES_PER_AES !== 0)
    throw new ProvingError('bad-nonces', `nonces must be a positive multiple of 16, got ${nonces}`);
  const numLabels = BigInt(data.numUnits) * data.labelsPerUnit;
  if (reader.totalLabels !== numLabels)
    throw new ProvingError(
      'data-size',
      `data holds ${reader.totalLabels} labels, expected ${numLabels}`,
    );
  const difficulty = provingDifficulty(cfg.k1, numLabels);
  const powDifficulty = scalePowDifficulty(cfg.powDifficulty, data.numUnits);
  const k2pow = opts.k2pow ?? noK2Pow;
  const pool = opts.workers ? new ScanPool(opts.workers.spawn, opts.workers.threads) : undefined;
  const batchLabels = opts.batchLabels ?? 65536 * (pool?.size ?? 1);
  const bits = requiredBits(numLabels);
  try {
    return await provePasses();
  } finally {
    await pool?.close();
  }

  async function provePasses(): Promise<Proof> {
    for (let start = 0; start < MAX_NONCE; start += nonces) {
      const count = Math.min(nonces, MAX_NONCE - start);
      const pows: bigint[] = [];
      for (let g = start / NONCES_PER_AES; g < (start + count) / NONCES_PER_AES; g++) {
        pows.push(
          await k2pow.prove({
            nonceGroup: g,
            challenge8: challenge.subarray(0, 8),
            difficulty: powDifficulty,
            nodeId: data.nodeId,
          }),
        );
      }
      const found = new Map<number, bigint[]>();
      const consume: Consume = (nonce, index) => {
        let list = found.get(nonce);
        if (list === undefined) found.set(nonce, (list = []));
        list.push(index);
        return list.length >= cfg.k2 ? list : null;
      };
      const progress = (labelsDone: bigint) =>
        opts.onProgress?.({
          nonceStart: start,
          nonceEnd: start + count,
          labelsDone,
          totalLabels: numLabels,
        });
      const pass = pool
        ? await scanParallel(
            pool,
            reader,
            batchLabels,
            { challenge, nonceStart: start, pows, difficulty },
            consume,
            progress,
            opts.signal,
          )
        : await scanHere(
            new Prover8_56(challenge, start, count, pows, difficulty, opts.aes),
            reader,
            batchLabels,
            consume,
            progress,
            opts.signal,
          );
      if (pass !== null)
        return {
          nonce: pass.nonce,
          indices: compressIndices(pass.indices, bits),
          pow: pows[Math.floor((pass.nonce - start) / NONCES_PER_AES)]!,
        };
    }
    throw new ProvingError(
      'nonces-exhausted',
      `no nonce below ${MAX_NONCE} gives ${cfg.k2} labels`,
    );
  }
}

/** One pass on the calling thread; the next read overlaps the current scan. */
async function scanHere(
  prover: Prover8_56,
  reader: LabelReader,
  batchLabels: number,
  consume: Consume,
  progress: (done: bigint) => void,
  signal: AbortSignal | undefined,
): Promise<Found> {
  const read = readBatches(reader, batchLabels);
  let pos = 0n;
  let next = read(pos);
  while (next !== null) {
    const batch = await next;
    checkAbort(signal);
    const at = pos;
    pos += BigInt(batch.length / LABEL_SIZE);
    next = read(pos);
    const hit = prover.prove(batch, at, consume);
    progress(pos);
    if (hit !== null) {
      if (next !== null) void next.catch(() => {}); // not awaited: its result is not needed
      return hit;
    }
  }
  return null;
}
