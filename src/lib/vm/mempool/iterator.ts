// Choosing transactions for a proposal (go-spacemesh txs/mempool_iterator.go): a priority
// queue holding each account's lowest pending nonce, ordered by fee (desc), arrival (asc), id;
// popping a tx exposes the account's next one, so an account's txs leave in nonce order. A tx
// whose max gas no longer fits the remaining gas removes its whole account (its later nonces
// would only fail on the missing one).
import { better } from './account-queue.ts';
import type { MempoolTx } from './types.ts';

/** A binary heap over accounts' queues, best head first. */
class Heap {
  readonly items: MempoolTx[][] = [];
  private less(a: MempoolTx[], b: MempoolTx[]): boolean {
    return better(a[0]!, b[0]!);
  }
  push(q: MempoolTx[]): void {
    this.items.push(q);
    let i = this.items.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(this.items[i]!, this.items[p]!)) break;
      [this.items[i], this.items[p]] = [this.items[p]!, this.items[i]!];
      i = p;
    }
  }
  pop(): MempoolTx[] | undefined {
    const top = this.items[0];
    const last = this.items.pop();
    if (this.items.length > 0 && last !== undefined) {
      this.items[0] = last;
      this.down(0);
    }
    return top;
  }
  private down(i: number): void {
    const n = this.items.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < n && this.less(this.items[l]!, this.items[m]!)) m = l;
      if (r < n && this.less(this.items[r]!, this.items[m]!)) m = r;
      if (m === i) return;
      [this.items[i], this.items[m]] = [this.items[m]!, this.items[i]!];
      i = m;
    }
  }
}

/**
 * The txs a proposal should carry, in the order chosen: up to `gasLimit` of max gas and at most
 * `maxCount` txs. `queues` are each account's pending txs in nonce order.
 */
export function selectTxs(
  queues: Iterable<readonly MempoolTx[]>,
  gasLimit: bigint,
  maxCount = Number.POSITIVE_INFINITY,
): MempoolTx[] {
  const heap = new Heap();
  for (const q of queues) if (q.length > 0) heap.push([...q]);
  const out: MempoolTx[] = [];
  let gas = gasLimit;
  while (out.length < maxCount && gas >= 1n) {
    const q = heap.pop();
    if (q === undefined) break;
    const tx = q[0]!;
    if (tx.header.maxGas > gas) continue; // drop the account
    gas -= tx.header.maxGas;
    out.push(tx);
    q.shift();
    if (q.length > 0) heap.push(q);
  }
  return out;
}
