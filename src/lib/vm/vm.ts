// The VM over a StateStore: loads what a layer needs, executes it (execute.ts) and commits the
// changes with the layer's state root in one write. Execution itself is synchronous, so every
// account a layer can touch is read first; they are all named by the transactions' bodies.
import { DecodeError } from '../codec/index.ts';
import { addressKey, emptyAccount, type Account } from './state/account.ts';
import type { AccountReader, StateStore } from './state/store.ts';
import { executeLayer, type BlockTx, type LayerResult, type VmConfig } from './execute.ts';
import type { CoinbaseReward } from './rewards.ts';
import { decodeTxBody } from './tx/codec.ts';
import { principalOf } from './tx/principal.ts';

/** Every address executing `txs` and paying `rewards` may read. */
export function touchedAddresses(
  txs: readonly BlockTx[],
  rewards: readonly CoinbaseReward[],
): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (const { raw } of txs) {
    let tx;
    try {
      tx = decodeTxBody(raw).tx;
    } catch (e) {
      if (e instanceof DecodeError) continue; // ineffective: reads nothing
      throw e;
    }
    out.push(tx.principal);
    if (tx.method === 'spawn') out.push(principalOf(tx.template, tx.args as never));
    else if (tx.method === 'spend') out.push(tx.args.destination);
    else out.push(tx.args.vault, tx.args.destination);
  }
  for (const r of rewards) out.push(r.coinbase);
  return out;
}

class Prefetched implements AccountReader {
  readonly accounts = new Map<string, Account>();
  get(address: Uint8Array): Account {
    return this.accounts.get(addressKey(address)) ?? emptyAccount(address);
  }
}

export class Vm {
  readonly store: StateStore;
  readonly config: VmConfig;

  constructor(store: StateStore, config: VmConfig) {
    this.store = store;
    this.config = config;
  }

  /** Executes and commits `layer`; returns what execute.ts reports. */
  async apply(
    layer: number,
    txs: readonly BlockTx[],
    rewards: readonly CoinbaseReward[],
  ): Promise<LayerResult> {
    const state = new Prefetched();
    for (const address of touchedAddresses(txs, rewards)) {
      const key = addressKey(address);
      if (state.accounts.has(key)) continue;
      const account = await this.store.account(address);
      if (account !== undefined) state.accounts.set(key, account);
    }
    const result = executeLayer(state, layer, txs, rewards, this.config);
    await this.store.commit(layer, result.changed, result.stateRoot);
    return result;
  }

  /** Undoes every layer above `layer` (a reorg). */
  revert(layer: number): Promise<void> {
    return this.store.revert(layer);
  }
}
