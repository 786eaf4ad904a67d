// The conservative state's transaction cache (go-spacemesh txs/cache.go Cache): pending txs per
// account with projected nonce and balance, replacement by a higher fee, eviction of what a
// block made ineffective, and selection for proposals (iterator.ts). It reads account state
// through an AccountReader that must reflect the last applied layer.
import { bytesToHex } from '@noble/hashes/utils.js';
import { addressKey } from '../state/account.ts';
import type { AccountReader } from '../state/store.ts';
import { AccountQueue } from './account-queue.ts';
import { selectTxs } from './iterator.ts';
import {
  DEFAULT_MEMPOOL_LIMITS,
  type AddResult,
  type MempoolLimits,
  type MempoolTx,
} from './types.ts';

/** What applying a layer reports that the mempool needs (a subset of execute.ts LayerResult). */
export interface AppliedLayer {
  readonly results: readonly { readonly header: { readonly principal: Uint8Array } }[];
  readonly ineffective: readonly { readonly header?: { readonly principal: Uint8Array } }[];
  readonly changed: readonly { readonly address: Uint8Array }[];
}

export class Mempool {
  private readonly state: AccountReader;
  private readonly limits: MempoolLimits;
  private readonly accounts = new Map<string, AccountQueue>();
  private readonly byId = new Map<string, MempoolTx>();

  constructor(state: AccountReader, limits: Partial<MempoolLimits> = {}) {
    this.state = state;
    this.limits = { ...DEFAULT_MEMPOOL_LIMITS, ...limits };
  }

  /** Transactions held (candidates and parked). */
  get size(): number {
    return this.byId.size;
  }

  has(id: Uint8Array): boolean {
    return this.byId.has(bytesToHex(id));
  }

  get(id: Uint8Array): MempoolTx | undefined {
    return this.byId.get(bytesToHex(id));
  }

  /** Cache.Add. */
  add(tx: MempoolTx): AddResult {
    const id = bytesToHex(tx.id);
    if (this.byId.has(id)) return { status: 'rejected', reason: 'duplicate' };
    if (tx.header.gasPrice === 0n) return { status: 'rejected', reason: 'zero-gas-price' };
    if (this.byId.size >= this.limits.total) return { status: 'rejected', reason: 'mempool-full' };
    const key = addressKey(tx.header.principal);
    const queue = this.queueOf(tx.header.principal);
    const nonce = tx.header.nonce;
    if (nonce < queue.startNonce) {
      this.cleanup(key, queue);
      return { status: 'rejected', reason: 'nonce-too-low' };
    }
    const sameNonce = queue.known.get(nonce) ?? [];
    if (sameNonce.length >= this.limits.perNonce)
      return { status: 'rejected', reason: 'too-many-for-nonce' };
    const outcome = queue.accept(tx);
    if (outcome === 'insufficient-balance') {
      this.cleanup(key, queue);
      return { status: 'rejected', reason: 'insufficient-balance' };
    }
    queue.known.set(nonce, [...sameNonce, tx]);
    this.byId.set(id, tx);
    if (outcome === 'added') return { status: 'added' };
    if (outcome === 'too-many-for-account' || outcome === 'not-better')
      return { status: 'parked', reason: outcome };
    return { status: 'replaced', replaced: outcome.replaced.id };
  }

  /** Cache.GetProjection: next nonce and balance after every pending candidate. */
  projection(address: Uint8Array): { nextNonce: bigint; balance: bigint } {
    const queue = this.accounts.get(addressKey(address));
    if (queue === undefined) {
      const a = this.state.get(address);
      return { nextNonce: a.nextNonce, balance: a.balance };
    }
    return { nextNonce: queue.nextNonce(), balance: queue.availableBalance() };
  }

  /** An account's candidates in nonce order. */
  pending(address: Uint8Array): MempoolTx[] {
    return (this.accounts.get(addressKey(address))?.candidates ?? []).map((c) => c.best);
  }

  /** Txs for a proposal: by fee, each account's in nonce order, within `gasLimit`. */
  select(gasLimit: bigint, maxCount?: number): MempoolTx[] {
    const queues = [...this.accounts.values()].map((q) => q.candidates.map((c) => c.best));
    return selectTxs(queues, gasLimit, maxCount);
  }

  /**
   * Cache.ApplyLayer, after the layer's state is committed: accounts whose state moved are
   * re-based on it, txs whose nonce is now used are evicted, and the rest re-chained. Returns
   * the evicted txs.
   */
  applyLayer(layer: AppliedLayer): MempoolTx[] {
    const reset = new Set<string>();
    for (const r of layer.results) reset.add(addressKey(r.header.principal));
    for (const r of layer.ineffective) if (r.header) reset.add(addressKey(r.header.principal));
    // Received coins can make refused or parked txs feasible (go-spacemesh resets accounts
    // with txs left in its database; we also re-base every pending account the layer changed).
    for (const a of layer.changed) reset.add(addressKey(a.address));
    for (const [key, q] of this.accounts) if (q.knownCount() > q.candidates.length) reset.add(key);
    const evicted: MempoolTx[] = [];
    for (const key of reset) evicted.push(...this.resetAccount(key));
    return evicted;
  }

  private resetAccount(key: string): MempoolTx[] {
    const queue = this.accounts.get(key);
    if (queue === undefined) return [];
    const address = [...queue.known.values()][0]?.[0]?.header.principal;
    if (address === undefined) {
      this.accounts.delete(key);
      return [];
    }
    const a = this.state.get(address);
    const evicted = queue.reset(a.nextNonce, a.balance);
    for (const tx of evicted) this.byId.delete(bytesToHex(tx.id));
    this.cleanup(key, queue);
    return evicted;
  }

  /**
   * Re-bases every account on current state, after the state was reverted (Cache.RevertToLayer
   * rebuilds from its database). Txs the reverted layers had executed are not held here: the
   * caller re-adds them. Returns the txs evicted.
   */
  rebase(): MempoolTx[] {
    const evicted: MempoolTx[] = [];
    for (const key of [...this.accounts.keys()]) evicted.push(...this.resetAccount(key));
    return evicted;
  }

  private queueOf(address: Uint8Array): AccountQueue {
    const key = addressKey(address);
    let q = this.accounts.get(key);
    if (q === undefined) {
      const a = this.state.get(address);
      q = new AccountQueue(a.nextNonce, a.balance, this.limits.perAccount);
      this.accounts.set(key, q);
    }
    return q;
  }

  private cleanup(key: string, queue: AccountQueue): void {
    if (queue.known.size === 0) this.accounts.delete(key);
  }
}
