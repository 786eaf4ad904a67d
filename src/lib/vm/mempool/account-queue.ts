// One account's pending transactions (go-spacemesh txs/cache.go accountCache). Candidates form
// a chain ordered by nonce, one per nonce (the best by fee), each with the balance projected
// after it: start balance minus every earlier candidate's max spending (fee + max spend). A
// tx that does not fit the projection is refused; a better tx for a nonce replaces the old
// one, and later candidates that no longer fit drop out of the chain (they stay known, so a
// later reset can bring them back — go-spacemesh re-reads them from its database).
import { bytesToHex } from '@noble/hashes/utils.js';
import { headerFee, headerSpending } from '../core/header.ts';
import type { MempoolTx } from './types.ts';
import { compareBytes } from '../../bytes.ts';

export interface Candidate {
  best: MempoolTx;
  postBalance: bigint;
}

/** NanoTX.Better without a block seed: higher fee, then earlier arrival, then lower id. */
export function better(a: MempoolTx, b: MempoolTx): boolean {
  const fa = headerFee(a.header);
  const fb = headerFee(b.header);
  if (fa !== fb) return fa > fb;
  if (a.received !== b.received) return a.received < b.received;
  return compareBytes(a.id, b.id) < 0;
}

export class AccountQueue {
  startNonce: bigint;
  startBalance: bigint;
  /** Feasible chain, ascending nonces. */
  candidates: Candidate[] = [];
  /** Every known tx of the account by nonce, candidates included. */
  readonly known = new Map<bigint, MempoolTx[]>();
  private readonly perAccount: number;

  constructor(startNonce: bigint, startBalance: bigint, perAccount: number) {
    this.startNonce = startNonce;
    this.startBalance = startBalance;
    this.perAccount = perAccount;
  }

  nextNonce(): bigint {
    const last = this.candidates[this.candidates.length - 1];
    return last === undefined ? this.startNonce : last.best.header.nonce + 1n;
  }

  availableBalance(): bigint {
    const last = this.candidates[this.candidates.length - 1];
    return last === undefined ? this.startBalance : last.postBalance;
  }

  knownCount(): number {
    let n = 0;
    for (const l of this.known.values()) n += l.length;
    return n;
  }

  isCandidate(id: Uint8Array): boolean {
    const key = bytesToHex(id);
    return this.candidates.some((c) => bytesToHex(c.best.id) === key);
  }

  /**
   * accountCache.accept: places `tx` in the chain. Returns what happened to the chain; throws
   * nothing. The caller has recorded `tx` in `known`.
   */
  accept(
    tx: MempoolTx,
  ):
    | 'added'
    | { replaced: MempoolTx }
    | 'too-many-for-account'
    | 'insufficient-balance'
    | 'not-better' {
    const nonce = tx.header.nonce;
    let at = this.candidates.length - 1;
    while (at >= 0 && this.candidates[at]!.best.header.nonce > nonce) at--;
    const prev = at >= 0 ? this.candidates[at]! : undefined;
    const same = prev !== undefined && prev.best.header.nonce === nonce;
    if (this.candidates.length >= this.perAccount) return 'too-many-for-account';
    const balance =
      prev === undefined
        ? this.startBalance
        : same
          ? prev.postBalance + headerSpending(prev.best.header)
          : prev.postBalance;
    const spending = headerSpending(tx.header);
    if (balance < spending) return 'insufficient-balance';
    let result: 'added' | { replaced: MempoolTx };
    let index: number;
    if (same) {
      if (!better(tx, prev.best)) return 'not-better';
      result = { replaced: prev.best };
      prev.best = tx;
      prev.postBalance = balance - spending;
      index = at;
    } else {
      index = at + 1;
      this.candidates.splice(index, 0, { best: tx, postBalance: balance - spending });
      result = 'added';
    }
    // Propagate the new projection. Later candidates that no longer fit leave the chain one by
    // one, as in go-spacemesh (which may leave a nonce gap: genvm executes across gaps).
    let running = this.candidates[index]!.postBalance;
    for (let i = index + 1; i < this.candidates.length;) {
      const c = this.candidates[i]!;
      const s = headerSpending(c.best.header);
      if (running < s) {
        this.candidates.splice(i, 1);
        continue;
      }
      running -= s;
      c.postBalance = running;
      i++;
    }
    return result;
  }

  /**
   * accountCache.resetAfterApply: new start from state, known txs below the next nonce are
   * forgotten (they can only be ineffective now), and the chain is rebuilt from the rest —
   * for each nonce, the best tx that fits (addBatch).
   */
  reset(nextNonce: bigint, balance: bigint): MempoolTx[] {
    const evicted: MempoolTx[] = [];
    for (const [nonce, txs] of this.known) {
      if (nonce < nextNonce) {
        evicted.push(...txs);
        this.known.delete(nonce);
      }
    }
    this.startNonce = nextNonce;
    this.startBalance = balance;
    this.candidates = [];
    const nonces = [...this.known.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const nonce of nonces) {
      const avail = this.availableBalance();
      let best: MempoolTx | undefined;
      for (const tx of this.known.get(nonce)!)
        if (avail >= headerSpending(tx.header) && (best === undefined || better(tx, best)))
          best = tx;
      if (best === undefined) continue;
      if (this.accept(best) === 'too-many-for-account') break;
    }
    return evicted;
  }
}
