// The selected account's state and history as the node reports them, refreshed when the node
// processes a new layer (and when a reward for the account streams in, or after the wallet
// submits a transaction): no fast polling. One instance for all wallet pages.
import type { SmeshApi } from '../../api/interface.ts';
import { getAccount, history, type AccountStatus } from '../../wallet/client.ts';
import { historyRows, type HistoryRow } from './logic.ts';

class LiveAccount {
  address = $state<string | undefined>(undefined);
  status = $state.raw<AccountStatus | undefined>(undefined);
  rows = $state.raw<HistoryRow[]>([]);
  error = $state<string | undefined>(undefined);
  /** The layer the data was read at (the node's processed layer then). */
  layer = $state(0);
  #generation = 0;
  #api: SmeshApi | undefined;

  /** Re-reads the account; results for an account no longer shown are dropped. */
  async refresh(api: SmeshApi, address: string, layer = this.layer): Promise<void> {
    if (this.address !== address) {
      this.address = address;
      this.status = undefined;
      this.rows = [];
    }
    this.#api = api;
    const generation = ++this.#generation;
    try {
      const [status, h] = await Promise.all([getAccount(api, address), history(api, address)]);
      if (generation !== this.#generation) return;
      this.status = status;
      this.rows = historyRows(h.transactions, h.rewards, address);
      this.layer = layer;
      this.error = undefined;
    } catch (e) {
      if (generation === this.#generation) this.error = e instanceof Error ? e.message : String(e);
    }
  }

  /** Refresh now (after a submit, a faucet drip). */
  async again(): Promise<void> {
    if (this.#api !== undefined && this.address !== undefined)
      await this.refresh(this.#api, this.address);
  }

  /** Forget what was shown (on lock). */
  clear(): void {
    this.#generation++;
    this.address = undefined;
    this.status = undefined;
    this.rows = [];
  }
}

export const live = new LiveAccount();
