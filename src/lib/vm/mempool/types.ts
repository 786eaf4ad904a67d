// What the mempool (go-spacemesh txs conservative state) keeps of a transaction: its id, its
// bytes for the proposal, and its header as parsed against state when it arrived (NanoTX).
import type { TxHeader } from '../core/header.ts';

export interface MempoolTx {
  readonly id: Uint8Array;
  readonly raw: Uint8Array;
  readonly header: TxHeader;
  /** Arrival time in ms: among equal fees, earlier wins. */
  readonly received: number;
}

export interface MempoolLimits {
  /** Candidates kept per account (go-spacemesh maxTXsPerAcct); more are parked. */
  readonly perAccount: number;
  /** Transactions of one account with the same nonce (maxTXsPerNonce). */
  readonly perNonce: number;
  /** Transactions kept in all (ours: go-spacemesh leaves the rest in its database). */
  readonly total: number;
}

export const DEFAULT_MEMPOOL_LIMITS: MempoolLimits = {
  perAccount: 100,
  perNonce: 100,
  total: 100_000,
};

/** Outcome of offering a transaction. */
export type AddResult =
  /** A candidate for the next proposal. */
  | { readonly status: 'added' }
  /** Took the place of `replaced`, same nonce, lower fee. */
  | { readonly status: 'replaced'; readonly replaced: Uint8Array }
  /** Kept, but not a candidate now: the account has too many pending, or a better tx holds its nonce. */
  | { readonly status: 'parked'; readonly reason: 'too-many-for-account' | 'not-better' }
  | { readonly status: 'rejected'; readonly reason: MempoolRejection };

export type MempoolRejection =
  | 'duplicate'
  | 'nonce-too-low'
  /** Projected balance (after the account's earlier pending txs) below fee + max spend. */
  | 'insufficient-balance'
  | 'zero-gas-price'
  | 'too-many-for-nonce'
  | 'mempool-full';
