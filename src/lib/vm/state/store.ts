// The seam between the VM and persistent account state. go-spacemesh keeps one row per
// (account, layer) so that a reorg can drop every row above a layer (accounts.Revert); the
// same model lets this interface sit on the ordered key-value store (src/lib/store) with
// keys address ‖ layer. Reads are async because that store is.
import type { Account } from './account.ts';

export interface StateStore {
  /** The latest state of `address`, or undefined when it has no row. */
  account(address: Uint8Array): Promise<Account | undefined>;
  /**
   * Writes the accounts changed in `layer` (each with `layer` set) and, for executed layers,
   * the layer's state root — all or nothing.
   */
  commit(layer: number, accounts: readonly Account[], stateRoot?: Uint8Array): Promise<void>;
  /** Drops every account row and state root above `layer`. */
  revert(layer: number): Promise<void>;
  /** State root recorded for `layer`, if it was executed. */
  stateRoot(layer: number): Promise<Uint8Array | undefined>;
  /** Highest layer with a state root, or undefined before the first executed layer. */
  lastAppliedLayer(): Promise<number | undefined>;
}

/** Synchronous reads for code that must not await per account (execution, the mempool). */
export interface AccountReader {
  /** Latest state, or the empty account for an address with no row. */
  get(address: Uint8Array): Account;
}
