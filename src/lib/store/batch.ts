// A builder for atomic batches, so code that touches several buckets (an ATX and its epoch
// index, say) can collect its writes and commit them with one store.batch().
import { checkKey, checkValue } from './bytes.ts';
import type { BatchOp } from './interface.ts';

export class WriteBatch {
  readonly #ops: BatchOp[] = [];

  /** Holds the given arrays until commit: do not mutate them before store.batch(). */
  put(key: Uint8Array, value: Uint8Array): this {
    checkKey(key);
    checkValue(value);
    this.#ops.push({ type: 'put', key, value });
    return this;
  }

  del(key: Uint8Array): this {
    checkKey(key);
    this.#ops.push({ type: 'del', key });
    return this;
  }

  get length(): number {
    return this.#ops.length;
  }

  get ops(): readonly BatchOp[] {
    return this.#ops;
  }
}
