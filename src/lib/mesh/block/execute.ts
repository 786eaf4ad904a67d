// Applying a layer's block through the VM (go-spacemesh mesh/executor.go Execute and
// ExecuteOptimistic): the block's rewards name ATXs, the VM pays coinbases, so each entry becomes
// {coinbase, smesher, weight} from the ATX's header; the block's tx ids are resolved to raw
// transactions in block order. Vm.apply commits the account changes to its state store; then the
// layer's applied block and state hash are recorded in the block store. A layer with no block is
// applied empty (no transactions, no rewards), as go's ExecuteEmpty does.
import type { Store } from '../../store/interface.ts';
import type { Block } from '../../types/block.ts';
import { blockId } from '../../types/block.ts';
import type { BlockTx, LayerResult } from '../../vm/execute.ts';
import type { CoinbaseReward } from '../../vm/rewards.ts';
import type { Vm } from '../../vm/vm.ts';
import type { AtxStore } from '../atx/store.ts';
import { meshHash } from '../meshhash.ts';
import type { LayerOpinion } from '../meshhash.ts';
import { BlockError } from './errors.ts';
import { BlockStore } from './store.ts';

export interface BlockExecutorSources {
  readonly atxs: AtxStore;
  /** The raw bytes of a transaction the block includes. */
  rawTx(id: Uint8Array): Promise<Uint8Array | undefined>;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export class BlockExecutor {
  readonly blocks: BlockStore;
  readonly #store: Store;
  readonly #vm: Vm;
  readonly #src: BlockExecutorSources;

  constructor(store: Store, vm: Vm, src: BlockExecutorSources) {
    this.#store = store;
    this.blocks = new BlockStore(store);
    this.#vm = vm;
    this.#src = src;
  }

  /** The VM's inputs for a block: its txs in order and its rewards by coinbase. */
  async inputs(block: Block): Promise<{ txs: BlockTx[]; rewards: CoinbaseReward[] }> {
    const rewards: CoinbaseReward[] = [];
    for (const r of block.rewards) {
      const atx = await this.#src.atxs.header(r.atxID);
      if (atx === undefined)
        throw new BlockError('unknown-atx', `reward ATX ${hex(r.atxID)} is not known`);
      rewards.push({
        coinbase: atx.coinbase,
        smesherId: atx.smesher,
        weight: { num: r.weight.num, den: r.weight.denom },
      });
    }
    const txs: BlockTx[] = [];
    for (const id of block.txIDs) {
      const raw = await this.#src.rawTx(id);
      if (raw === undefined) throw new BlockError('unknown-tx', `tx ${hex(id)} is not known`);
      txs.push({ raw, id });
    }
    return { txs, rewards };
  }

  /**
   * Applies `layer` with `block` (null: an empty layer). The block is stored too when it is not
   * yet. Refuses a layer already applied; nothing is written then.
   */
  async execute(layer: number, block: Block | null): Promise<LayerResult> {
    if ((await this.blocks.applied(layer)) !== undefined)
      throw new BlockError('layer-applied', `layer ${layer} is already applied`);
    if (block !== null && block.layerIndex !== layer)
      throw new BlockError('wrong-layer', `block of layer ${block.layerIndex} applied in ${layer}`);
    const { txs, rewards } = block === null ? { txs: [], rewards: [] } : await this.inputs(block);
    const result = await this.#vm.apply(layer, txs, rewards);
    const id = block === null ? null : blockId(block);
    const ops = this.blocks.appliedOps(layer, id, result.stateRoot);
    if (block !== null && id !== null && !(await this.blocks.has(id)))
      ops.push(...this.blocks.addOps(block));
    await this.#store.batch(ops);
    return result;
  }

  /**
   * Records the mesh hash of `layer` for `opinion` (mesh.go persistLayerHashes): chained on the
   * previous layer's hash for every layer after the effective genesis layer, which starts the
   * chain with no previous hash. Refuses ('layer-gap') when the previous hash is missing.
   */
  async recordMeshHash(
    layer: number,
    opinion: LayerOpinion,
    effectiveGenesis: number,
  ): Promise<Uint8Array> {
    let prev: Uint8Array | null = null;
    if (layer > effectiveGenesis) {
      const p = await this.blocks.meshHash(layer - 1);
      if (p === undefined) throw new BlockError('layer-gap', `no mesh hash for layer ${layer - 1}`);
      prev = p;
    }
    const hash = meshHash(prev, opinion);
    await this.#store.batch([this.blocks.meshHashOp(layer, hash)]);
    return hash;
  }
}
