// Executing what the tortoise decided (go-spacemesh mesh.go ProcessLayer / applyResults /
// revertState): every verified layer in order with its valid block (an empty layer when none),
// its mesh hash recorded; and when the tortoise later decides an executed layer differently
// (more votes came in, e.g. after a partition healed), everything from that layer is undone and
// executed again.
import { equalBytes } from '../bytes.ts';
import { blake3 } from '../crypto/hash.ts';
import { blockId } from '../types/block.ts';
import type { Block } from '../types/block.ts';
import type { LayerResult } from '../vm/execute.ts';
import type { NodeParts } from './components.ts';

/** One executed layer, as the node reports it. */
export interface AppliedLayer {
  readonly layer: number;
  /** The executed block; null for an empty layer. */
  readonly block: Uint8Array | null;
  /** go-spacemesh's per-layer state hash (the accounts the layer changed). */
  readonly stateRoot: Uint8Array;
  /** blake3(previous ‖ stateRoot): one hash that covers every layer executed so far. */
  readonly stateHash: Uint8Array;
  /** The tortoise's opinion (mesh) hash of the layer. */
  readonly meshHash: Uint8Array;
  readonly result: LayerResult;
}

export interface ApplierHooks {
  applied(a: AppliedLayer): void;
  reverted(from: number): void;
  /** A valid block whose data is not here (hare failed for us, or we were away). */
  missingBlock(id: Uint8Array): void;
}

const ZERO32 = new Uint8Array(32);

export class LayerApplier {
  readonly #p: NodeParts;
  readonly #genesis: number;
  readonly #hooks: ApplierHooks;
  /** Executed layers, in order: index = layer − effective genesis − 1. */
  readonly #applied: AppliedLayer[] = [];
  #stateHash: Uint8Array = ZERO32;
  /** The first executed layer the tortoise has since decided differently (null: none). */
  #revertFrom: number | null = null;

  constructor(parts: NodeParts, effectiveGenesis: number, hooks: ApplierHooks) {
    this.#p = parts;
    this.#genesis = effectiveGenesis;
    this.#hooks = hooks;
  }

  get applied(): readonly AppliedLayer[] {
    return this.#applied;
  }

  get lastApplied(): number {
    return this.#genesis + this.#applied.length;
  }

  /** Notes executed layers whose valid block the tortoise's latest updates changed. */
  checkReorgs(): void {
    for (const r of this.#p.tortoise.updates()) {
      if (r.layer > this.lastApplied || r.layer <= this.#genesis) continue;
      const applied = this.#applied[r.layer - this.#genesis - 1]!;
      const valid = r.blocks.find((b) => b.valid)?.id ?? null;
      const same =
        valid === null
          ? applied.block === null
          : applied.block !== null && equalBytes(valid, applied.block);
      if (!same) this.#revertFrom = Math.min(this.#revertFrom ?? r.layer, r.layer);
    }
  }

  async #revert(from: number): Promise<void> {
    const p = this.#p;
    await p.vm.revert(from - 1);
    const ops = [];
    for (let l = from; l <= this.lastApplied; l++) ops.push(...p.executor.blocks.unappliedOps(l));
    await p.store.batch(ops);
    this.#applied.length = from - this.#genesis - 1;
    this.#stateHash = this.#applied.at(-1)?.stateHash ?? ZERO32;
    p.mempool.rebase();
    this.#hooks.reverted(from);
  }

  /** Undoes what a reorg changed, then executes every layer the tortoise has verified. */
  async applyVerified(): Promise<void> {
    const p = this.#p;
    if (this.#revertFrom !== null) {
      const from = this.#revertFrom;
      this.#revertFrom = null;
      await this.#revert(from);
    }
    const verified = p.tortoise.latestComplete();
    while (this.lastApplied < verified) {
      const layer = this.lastApplied + 1;
      const res = p.tortoise.results(layer, layer)[0];
      if (res === undefined) return;
      const validId = res.blocks.find((b) => b.valid)?.id;
      let block: Block | null = null;
      if (validId !== undefined) {
        block = (await p.executor.blocks.get(validId)) ?? null;
        if (block === null) {
          this.#hooks.missingBlock(validId);
          return;
        }
      }
      const result = await p.executor.execute(layer, block);
      await p.store.batch([p.executor.blocks.meshHashOp(layer, res.opinionHash)]);
      p.mempool.applyLayer(result);
      this.#stateHash = blake3(this.#stateHash, result.stateRoot);
      const applied: AppliedLayer = {
        layer,
        block: block === null ? null : blockId(block),
        stateRoot: result.stateRoot,
        stateHash: this.#stateHash,
        meshHash: res.opinionHash,
        result,
      };
      this.#applied.push(applied);
      this.#hooks.applied(applied);
    }
  }
}
