// Where the prover keeps the layers of its tree. Every full node of every layer is kept, so the
// proof's sibling nodes can be read back when the round ends, and the parked nodes can be
// recovered from the layers after a restart (poet keeps the same layers as layercache_N.bin).
import { NODE_SIZE } from './shared.ts';
import { PoetProverError } from './errors.ts';

export interface TreeStore {
  /** Number of nodes stored at `height`. */
  width(height: number): number;
  /** Appends one node to the layer at `height`. */
  append(height: number, node: Uint8Array): void;
  /** The node at (height, index); index < width(height). */
  read(height: number, index: number): Uint8Array;
}

/** Growable per-layer byte arrays: the browser's and the tests' store. */
export class MemoryTreeStore implements TreeStore {
  #layers: { buf: Uint8Array; width: number }[] = [];

  width(height: number): number {
    return this.#layers[height]?.width ?? 0;
  }

  append(height: number, node: Uint8Array): void {
    while (this.#layers.length <= height)
      this.#layers.push({ buf: new Uint8Array(64 * NODE_SIZE), width: 0 });
    const layer = this.#layers[height]!;
    const end = (layer.width + 1) * NODE_SIZE;
    if (end > layer.buf.length) {
      const grown = new Uint8Array(layer.buf.length * 2);
      grown.set(layer.buf);
      layer.buf = grown;
    }
    layer.buf.set(node, layer.width * NODE_SIZE);
    layer.width++;
  }

  read(height: number, index: number): Uint8Array {
    const layer = this.#layers[height];
    if (!layer || index >= layer.width)
      throw new PoetProverError(`no node at height ${height} index ${index}`);
    return layer.buf.slice(index * NODE_SIZE, (index + 1) * NODE_SIZE);
  }
}
