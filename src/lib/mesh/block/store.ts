// The block and layer store (go-spacemesh sql/blocks, sql/layers) on its own bucket. Keys:
//   0x01 ‖ id                 → the block (SCALE Block)
//   0x02 ‖ u32be layer ‖ id   → empty: the layer's blocks, in id order
//   0x03 ‖ u32be layer        → the applied block's id, or empty for an applied empty layer
//   0x04 ‖ u32be layer        → the layer's state hash (what Vm.apply returned as stateRoot)
//   0x05 ‖ u32be layer        → the layer's mesh hash (aggregated opinion hash, meshhash.ts)
//   0x06 ‖ u32be layer        → hare's output for the layer: the block id, or empty for an empty
//                               layer (go-spacemesh certificates / layers.hare_output)
import { concatBytes, defineBucket, u32Key } from '../../store/buckets.ts';
import type { BatchOp, Store } from '../../store/interface.ts';
import { blockId, decodeBlock, encodeBlock } from '../../types/block.ts';
import type { Block } from '../../types/block.ts';

export const BLOCK_BUCKET = defineBucket(0x22, 'blocks');

const BLOB = 0x01;
const BY_LAYER = 0x02;
const APPLIED = 0x03;
const STATE_HASH = 0x04;
const MESH_HASH = 0x05;
const HARE_OUTPUT = 0x06;

const EMPTY = new Uint8Array(0);
const key = (tag: number, ...parts: Uint8Array[]) => concatBytes(Uint8Array.of(tag), ...parts);

export class BlockStore {
  readonly store: Store;
  readonly #view;

  constructor(store: Store) {
    this.store = store;
    this.#view = BLOCK_BUCKET.view(store);
  }

  async has(id: Uint8Array): Promise<boolean> {
    return this.#view.has(key(BLOB, id));
  }

  async get(id: Uint8Array): Promise<Block | undefined> {
    const b = await this.#view.get(key(BLOB, id));
    return b === undefined ? undefined : decodeBlock(b);
  }

  async layerIds(layer: number): Promise<Uint8Array[]> {
    const prefix = key(BY_LAYER, u32Key(layer));
    const out: Uint8Array[] = [];
    for await (const e of this.#view.iterate({ prefix })) out.push(e.key.slice(prefix.length));
    return out;
  }

  /**
   * The applied block of `layer`: its id, `null` for a layer applied empty, `undefined` for a
   * layer not applied yet.
   */
  async applied(layer: number): Promise<Uint8Array | null | undefined> {
    const v = await this.#view.get(key(APPLIED, u32Key(layer)));
    if (v === undefined) return undefined;
    return v.length === 0 ? null : v;
  }

  async stateHash(layer: number): Promise<Uint8Array | undefined> {
    return this.#view.get(key(STATE_HASH, u32Key(layer)));
  }

  async meshHash(layer: number): Promise<Uint8Array | undefined> {
    return this.#view.get(key(MESH_HASH, u32Key(layer)));
  }

  /** The highest layer with a mesh hash, with its hash. */
  async lastMeshHash(): Promise<{ layer: number; hash: Uint8Array } | undefined> {
    for await (const e of this.#view.iterate({
      prefix: Uint8Array.of(MESH_HASH),
      reverse: true,
      limit: 1,
    })) {
      const layer = new DataView(e.key.buffer, e.key.byteOffset + 1, 4).getUint32(0);
      return { layer, hash: e.value };
    }
    return undefined;
  }

  addOps(block: Block): BatchOp[] {
    const id = blockId(block);
    return [
      BLOCK_BUCKET.putOp(key(BLOB, id), encodeBlock(block)),
      BLOCK_BUCKET.putOp(key(BY_LAYER, u32Key(block.layerIndex), id), EMPTY),
    ];
  }

  appliedOps(layer: number, block: Uint8Array | null, stateHash: Uint8Array): BatchOp[] {
    const l = u32Key(layer);
    return [
      BLOCK_BUCKET.putOp(key(APPLIED, l), block ?? EMPTY),
      BLOCK_BUCKET.putOp(key(STATE_HASH, l), stateHash),
    ];
  }

  /** Hare's output for `layer`: a block id, null for an empty layer, undefined when unknown. */
  async hareOutput(layer: number): Promise<Uint8Array | null | undefined> {
    const v = await this.#view.get(key(HARE_OUTPUT, u32Key(layer)));
    return v === undefined ? undefined : v.length === 0 ? null : v;
  }

  hareOutputOp(layer: number, block: Uint8Array | null): BatchOp {
    return BLOCK_BUCKET.putOp(key(HARE_OUTPUT, u32Key(layer)), block ?? EMPTY);
  }

  /** Forgets that `layer` was applied (a reorg re-executes it). */
  unappliedOps(layer: number): BatchOp[] {
    const l = u32Key(layer);
    return [BLOCK_BUCKET.delOp(key(APPLIED, l)), BLOCK_BUCKET.delOp(key(STATE_HASH, l))];
  }

  meshHashOp(layer: number, hash: Uint8Array): BatchOp {
    return BLOCK_BUCKET.putOp(key(MESH_HASH, u32Key(layer)), hash);
  }
}
