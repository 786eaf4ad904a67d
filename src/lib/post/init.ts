// Resumable PoST initialization (post-rs layout; resume rules after go post's initializer).
//
// Durability protocol, per batch: write the labels into their postdata file, sync it, and only
// then advance LastPosition in the metadata (atomic replace). A crash therefore leaves, at
// worst, label bytes beyond LastPosition that were never acknowledged; resuming truncates them
// and recomputes from LastPosition. Finished labels are never recomputed and files never hold
// garbage below LastPosition. The VRF nonce found so far rides in the same metadata write, so
// the best-so-far and the position always agree; its 32-byte value is recomputed on resume
// (one label) rather than stored, keeping the file exactly post-rs's.
import { LABEL_SIZE, type LabelBatch, type LabelProvider } from './interface.ts';
import { commitment as calcCommitment, compareBytes, vrfDifficulty } from './labels.ts';
import {
  decodeMetadata,
  encodeMetadata,
  labelsPerFile,
  numFiles,
  totalLabels,
  type PostMetadata,
} from './metadata.ts';
import type { PostDataFile, PostStorage } from './storage.ts';

export interface InitProgress {
  readonly labelsDone: bigint;
  readonly totalLabels: bigint;
  /** Labels computed per second in this run (excluding paused time). */
  readonly labelsPerSecond: number;
  /** Seconds left at that rate; Infinity before a rate is known. */
  readonly etaSeconds: number;
  readonly provider: string;
}

export interface InitOptions {
  readonly storage: PostStorage;
  readonly provider: LabelProvider;
  readonly nodeId: Uint8Array;
  readonly commitmentAtxId: Uint8Array;
  readonly numUnits: number;
  readonly labelsPerUnit: bigint;
  readonly scryptN: number;
  /** Bytes per postdata file, a multiple of 16 (default: everything in one file). */
  readonly maxFileSize?: bigint;
  /** Labels per provider call (default 1024). */
  readonly batchSize?: number;
  /** Cancels; the data stays resumable. */
  readonly signal?: AbortSignal;
  readonly pause?: PauseControl;
  readonly onProgress?: (p: InitProgress) => void;
  /** Clock in ms, for progress rates (default performance.now / Date.now). */
  readonly now?: () => number;
}

export class InitError extends Error {
  override name = 'InitError';
}

/** The existing data belongs to other parameters: refusing to mix them. */
export class InitMismatchError extends InitError {
  override name = 'InitMismatchError';
}

export class InitAbortedError extends InitError {
  override name = 'InitAbortedError';
}

/** Pause / resume between batches. A paused init finishes the batch in flight, then waits. */
export class PauseControl {
  private gate?: { promise: Promise<void>; resolve: () => void };

  get paused(): boolean {
    return this.gate !== undefined;
  }

  pause(): void {
    if (this.gate) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    this.gate = { promise, resolve };
  }

  resume(): void {
    const g = this.gate;
    this.gate = undefined;
    g?.resolve();
  }

  /** Resolves when not paused (or when `signal` aborts). */
  async wait(signal?: AbortSignal): Promise<void> {
    while (this.gate && !signal?.aborted) {
      const g = this.gate.promise;
      await new Promise<void>((resolve) => {
        const onAbort = () => resolve();
        signal?.addEventListener('abort', onAbort, { once: true });
        void g.then(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        });
      });
    }
  }
}

const DEFAULT_BATCH = 1024;

function checkOptions(o: InitOptions): void {
  if (o.nodeId.length !== 32) throw new InitError('nodeId must be 32 bytes');
  if (o.commitmentAtxId.length !== 32) throw new InitError('commitmentAtxId must be 32 bytes');
  if (!Number.isInteger(o.numUnits) || o.numUnits < 1 || o.numUnits > 0xffffffff)
    throw new InitError('numUnits must be an integer in [1, 2^32 - 1]');
  if (o.labelsPerUnit < 1n) throw new InitError('labelsPerUnit must be ≥ 1');
  if (o.maxFileSize !== undefined && (o.maxFileSize < 16n || o.maxFileSize % 16n !== 0n))
    throw new InitError('maxFileSize must be a positive multiple of 16');
  const b = o.batchSize ?? DEFAULT_BATCH;
  if (!Number.isSafeInteger(b) || b < 1) throw new InitError('batchSize must be ≥ 1');
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && compareBytes(a, b) === 0;
}

/**
 * Initializes (or resumes initializing) the PoST data in `storage` and returns the final
 * metadata. Throws InitAbortedError when `signal` aborts; calling again resumes.
 */
export async function initialize(o: InitOptions): Promise<PostMetadata> {
  checkOptions(o);
  const total = o.labelsPerUnit * BigInt(o.numUnits);
  const fresh: PostMetadata = {
    nodeId: o.nodeId,
    commitmentAtxId: o.commitmentAtxId,
    labelsPerUnit: o.labelsPerUnit,
    numUnits: o.numUnits,
    maxFileSize: o.maxFileSize ?? total * BigInt(LABEL_SIZE),
    nonce: null,
    lastPosition: 0n,
  };
  const existingText = await o.storage.readMetadata();
  let meta = fresh;
  if (existingText !== undefined) {
    const old = decodeMetadata(existingText);
    for (const [k, same] of [
      ['NodeId', sameBytes(old.nodeId, fresh.nodeId)],
      ['CommitmentAtxId', sameBytes(old.commitmentAtxId, fresh.commitmentAtxId)],
      ['LabelsPerUnit', old.labelsPerUnit === fresh.labelsPerUnit],
      ['NumUnits', old.numUnits === fresh.numUnits],
      ['MaxFileSize', old.maxFileSize === fresh.maxFileSize],
    ] as const) {
      if (!same) throw new InitMismatchError(`existing data has a different ${k}`);
    }
    // post-rs leaves LastPosition null (its init is not resumable): trust the files then.
    const pos = old.lastPosition ?? (await labelsInFiles(o.storage, old));
    meta = { ...old, lastPosition: pos };
  } else {
    // Label files without metadata are someone else's (or a damaged) data set: never overwrite.
    if (await o.storage.hasDataFile(0))
      throw new InitError('postdata files exist but no metadata: refusing to overwrite them');
    await o.storage.writeMetadata(encodeMetadata(fresh));
  }

  const commitment = calcCommitment(o.nodeId, o.commitmentAtxId);
  const perFile = labelsPerFile(meta);
  const files = numFiles(meta);
  // Beyond `total` only while searching for a nonce past the data (phase 2 below).
  let position = meta.lastPosition ?? 0n;

  // Bring every file to what `position` promises: cut unsynced tails, check nothing is missing.
  position = await reconcileFiles(o.storage, position, perFile, files, total);

  // The difficulty to beat: the stored nonce's own output, else the network difficulty.
  let difficulty = vrfDifficulty(total);
  let nonce = meta.nonce;
  if (nonce !== null)
    difficulty = (await outputAt(o.provider, commitment, nonce, o.scryptN)) ?? difficulty;

  const progress = new ProgressMeter(o, total);
  progress.add(0n, position);
  const batchSize = BigInt(o.batchSize ?? DEFAULT_BATCH);
  const save = async (pos: bigint) => {
    meta = { ...meta, nonce, lastPosition: pos };
    await o.storage.writeMetadata(encodeMetadata(meta));
  };
  const take = (b: LabelBatch) => {
    if (b.nonce && compareBytes(b.nonce.value, difficulty) < 0) {
      nonce = b.nonce.index;
      difficulty = b.nonce.value;
    }
  };

  // Phase 1: the data files. One batch is computed ahead while the previous one is written.
  let file: { index: number; handle: PostDataFile } | undefined;
  try {
    let ahead: Promise<LabelBatch> | undefined;
    const next = (at: bigint): Promise<LabelBatch> => {
      const fileEnd = (at / perFile + 1n) * perFile;
      const end = min(min(at + batchSize, fileEnd), total);
      return o.provider.compute(commitment, at, Number(end - at), o.scryptN, difficulty);
    };
    while (position < total) {
      progress.pausedMs += await checkpoint(o);
      const current = ahead ?? next(position);
      ahead = undefined;
      const batch = await current;
      const count = BigInt(batch.labels.length / LABEL_SIZE);
      const end = position + count;
      if (end < total && !o.signal?.aborted && !o.pause?.paused) {
        ahead = next(end);
        ahead.catch(() => {}); // surfaced when awaited
      }
      const fileIndex = Number(position / perFile);
      if (file?.index !== fileIndex) {
        await file?.handle.close();
        file = { index: fileIndex, handle: await o.storage.openDataFile(fileIndex) };
      }
      const offset = Number((position - BigInt(fileIndex) * perFile) * BigInt(LABEL_SIZE));
      await file.handle.write(offset, batch.labels);
      await file.handle.sync();
      take(batch);
      position = end;
      await save(position);
      progress.add(count, position);
    }
    if (ahead) await ahead.catch(() => undefined);
  } finally {
    await file?.handle.close();
  }

  // Phase 2 (rare): no output below the difficulty yet. Like go post, keep searching past the
  // stored labels, advancing LastPosition, until one turns up.
  while (nonce === null) {
    progress.pausedMs += await checkpoint(o);
    const b = await o.provider.compute(
      commitment,
      position,
      Number(batchSize),
      o.scryptN,
      difficulty,
    );
    take(b);
    position += batchSize;
    await save(position);
  }
  if (meta.nonce !== nonce || meta.lastPosition !== position) await save(position);
  return meta;
}

async function outputAt(
  provider: LabelProvider,
  commitment: Uint8Array,
  index: bigint,
  scryptN: number,
): Promise<Uint8Array | undefined> {
  // Ask with the loosest difficulty so the provider reports the full 32-byte output.
  const all = new Uint8Array(32).fill(0xff);
  const b = await provider.compute(commitment, index, 1, scryptN, all);
  return b.nonce?.value;
}

/** Labels present in the files, counted up to the first short file. */
async function labelsInFiles(storage: PostStorage, meta: PostMetadata): Promise<bigint> {
  const perFile = labelsPerFile(meta);
  const total = totalLabels(meta);
  let pos = 0n;
  for (let k = 0; k < numFiles(meta); k++) {
    if (!(await storage.hasDataFile(k))) break;
    const f = await storage.openDataFile(k);
    const have = BigInt(await f.size()) / BigInt(LABEL_SIZE);
    await f.close();
    const full = min(perFile, total - pos);
    pos += min(have, full);
    if (have < full) break;
  }
  return pos;
}

async function reconcileFiles(
  storage: PostStorage,
  position: bigint,
  perFile: bigint,
  files: number,
  total: bigint,
): Promise<bigint> {
  let pos = position < total ? position : total;
  for (let k = 0; k < files; k++) {
    const first = BigInt(k) * perFile;
    const inFile = min(perFile, total - first);
    const want = pos <= first ? 0n : min(pos - first, inFile);
    if (want === 0n && !(await storage.hasDataFile(k))) continue;
    const f = await storage.openDataFile(k);
    try {
      const size = BigInt(await f.size());
      const have = size / BigInt(LABEL_SIZE);
      if (have < want) {
        // The storage lost synced data (should not happen); recompute from there.
        pos = first + have;
        await f.truncate(Number(have * BigInt(LABEL_SIZE)));
      } else if (size !== want * BigInt(LABEL_SIZE)) {
        await f.truncate(Number(want * BigInt(LABEL_SIZE)));
        await f.sync();
      }
    } finally {
      await f.close();
    }
  }
  // Files exist past what the metadata describes only if it was edited; leave them be.
  return position > total ? position : pos;
}

/** Waits out a pause and honours cancellation; returns the milliseconds spent paused. */
async function checkpoint(o: InitOptions): Promise<number> {
  let paused = 0;
  if (o.pause?.paused) {
    const t = now(o);
    await o.pause.wait(o.signal);
    paused = now(o) - t;
  }
  if (o.signal?.aborted) throw new InitAbortedError('initialization cancelled');
  return paused;
}

function now(o: InitOptions): number {
  return o.now ? o.now() : (globalThis.performance ?? Date).now();
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

/** labels/s over this run's unpaused time, and the ETA from it. */
class ProgressMeter {
  private readonly o: InitOptions;
  private readonly total: bigint;
  private readonly started: number;
  private computed = 0n;
  /** Time spent paused, excluded from the rate. */
  pausedMs = 0;

  constructor(o: InitOptions, total: bigint) {
    this.o = o;
    this.total = total;
    this.started = now(o);
  }

  add(count: bigint, position: bigint): void {
    this.computed += count;
    const secs = Math.max(1e-3, (now(this.o) - this.started - this.pausedMs) / 1000);
    const rate = Number(this.computed) / secs;
    const done = position < this.total ? position : this.total;
    this.o.onProgress?.({
      labelsDone: done,
      totalLabels: this.total,
      labelsPerSecond: rate,
      etaSeconds: rate > 0 ? Number(this.total - done) / rate : Infinity,
      provider: this.o.provider.name,
    });
  }
}
