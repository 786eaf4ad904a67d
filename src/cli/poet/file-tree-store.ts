// The prover's tree on disk: one file per layer (layercache_<height>.bin, 32-byte nodes, as poet
// names them). Appends collect in a buffer per layer and reach the file in large positional
// writes; checkpoint() writes out and fsyncs every layer, so what the execution state then
// records is on disk. Reopening cuts each layer back to the checkpoint's width.
import {
  closeSync,
  fsyncSync,
  ftruncateSync,
  fstatSync,
  openSync,
  readSync,
  writeSync,
} from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { NODE_SIZE } from '../../lib/poet/shared.ts';
import { shr } from '../../lib/poet/merkle.ts';
import type { CheckpointedTreeStore } from '../../lib/poet/store.ts';
import { PoetProverError } from '../../lib/poet/errors.ts';

const BUFFER_NODES = 4096;

interface Layer {
  fd: number;
  /** Nodes in the file. */
  flushed: number;
  pending: Buffer;
  pendingCount: number;
}

export const layerFileName = (height: number) => `layercache_${height}.bin`;

export class FileTreeStore implements CheckpointedTreeStore {
  readonly #dir: string;
  readonly #layers: Layer[] = [];

  private constructor(dir: string) {
    this.#dir = dir;
  }

  /**
   * Opens the layers in `dir` for a tree of `leaves` leaves: longer files (work after the last
   * checkpoint) are truncated; a shorter one means the checkpoint lies, which is an error.
   */
  static async open(dir: string, leaves: number): Promise<FileTreeStore> {
    const store = new FileTreeStore(dir);
    const files = (await readdir(dir)).filter((f) => /^layercache_\d+\.bin$/.test(f));
    for (let h = 0; leaves > 0 ? 2 ** h <= leaves : false; h++) {
      const want = shr(leaves, h);
      const layer = store.#layer(h);
      const have = fstatSync(layer.fd).size / NODE_SIZE;
      if (have < want)
        throw new PoetProverError(`layer ${h} has ${have} nodes, checkpoint says ${want}`);
      ftruncateSync(layer.fd, want * NODE_SIZE);
      layer.flushed = want;
    }
    // Layers above the checkpoint's tree height hold only lost work.
    for (const f of files) {
      const h = Number(/\d+/.exec(f)![0]);
      if (leaves === 0 || 2 ** h > leaves) {
        const layer = store.#layer(h);
        ftruncateSync(layer.fd, 0);
        layer.flushed = 0;
      }
    }
    return store;
  }

  #layer(height: number): Layer {
    while (this.#layers.length <= height) {
      const fd = openSync(join(this.#dir, layerFileName(this.#layers.length)), 'a+');
      closeSync(fd);
      this.#layers.push({
        fd: openSync(join(this.#dir, layerFileName(this.#layers.length)), 'r+'),
        flushed: 0,
        pending: Buffer.alloc(BUFFER_NODES * NODE_SIZE),
        pendingCount: 0,
      });
    }
    return this.#layers[height]!;
  }

  #flush(layer: Layer): void {
    if (layer.pendingCount === 0) return;
    const bytes = layer.pendingCount * NODE_SIZE;
    let done = 0;
    while (done < bytes)
      done += writeSync(
        layer.fd,
        layer.pending,
        done,
        bytes - done,
        layer.flushed * NODE_SIZE + done,
      );
    layer.flushed += layer.pendingCount;
    layer.pendingCount = 0;
  }

  width(height: number): number {
    const l = this.#layers[height];
    return l ? l.flushed + l.pendingCount : 0;
  }

  append(height: number, node: Uint8Array): void {
    const layer = this.#layer(height);
    layer.pending.set(node, layer.pendingCount * NODE_SIZE);
    if (++layer.pendingCount === BUFFER_NODES) this.#flush(layer);
  }

  read(height: number, index: number): Uint8Array {
    const layer = this.#layers[height];
    if (!layer || index >= layer.flushed + layer.pendingCount)
      throw new PoetProverError(`no node at height ${height} index ${index}`);
    if (index >= layer.flushed) {
      const at = (index - layer.flushed) * NODE_SIZE;
      return layer.pending.subarray(at, at + NODE_SIZE).slice();
    }
    const out = Buffer.alloc(NODE_SIZE);
    if (readSync(layer.fd, out, 0, NODE_SIZE, index * NODE_SIZE) !== NODE_SIZE)
      throw new PoetProverError(`short read at height ${height} index ${index}`);
    return new Uint8Array(out.buffer, out.byteOffset, NODE_SIZE);
  }

  async checkpoint(): Promise<void> {
    for (const layer of this.#layers) {
      this.#flush(layer);
      fsyncSync(layer.fd);
    }
  }

  async close(): Promise<void> {
    for (const layer of this.#layers.splice(0)) closeSync(layer.fd);
  }

  /** Deletes the layer files of a finished round. */
  static async remove(dir: string): Promise<void> {
    for (const f of await readdir(dir).catch(() => [] as string[]))
      if (/^layercache_\d+\.bin$/.test(f)) await rm(join(dir, f), { force: true });
  }
}
