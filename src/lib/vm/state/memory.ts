// An in-memory StateStore with go-spacemesh's versioning: one version of an account per layer
// that changed it, so revert(layer) restores any earlier state (snapshot/rollback by layer).
// Also an AccountReader over the latest versions, for tests, tools and the mempool.
import { addressKey, emptyAccount, type Account } from './account.ts';
import type { AccountReader, StateStore } from './store.ts';

export class MemoryStateStore implements StateStore, AccountReader {
  /** Versions per address, ascending by layer; the last one is the latest. */
  private readonly versions = new Map<string, Account[]>();
  private readonly roots = new Map<number, Uint8Array>();

  get(address: Uint8Array): Account {
    return this.latest(address) ?? emptyAccount(address);
  }

  latest(address: Uint8Array): Account | undefined {
    const v = this.versions.get(addressKey(address));
    return v?.[v.length - 1];
  }

  account(address: Uint8Array): Promise<Account | undefined> {
    return Promise.resolve(this.latest(address));
  }

  commit(layer: number, accounts: readonly Account[], stateRoot?: Uint8Array): Promise<void> {
    this.commitSync(layer, accounts, stateRoot);
    return Promise.resolve();
  }

  commitSync(layer: number, accounts: readonly Account[], stateRoot?: Uint8Array): void {
    for (const a of accounts) {
      const key = addressKey(a.address);
      const list = this.versions.get(key) ?? [];
      const last = list[list.length - 1];
      const version = { ...a, layer };
      // A second write in the same layer replaces that layer's row (accounts.Update upserts).
      if (last !== undefined && last.layer === layer) list[list.length - 1] = version;
      else list.push(version);
      this.versions.set(key, list);
    }
    if (stateRoot !== undefined) this.roots.set(layer, stateRoot);
  }

  revert(layer: number): Promise<void> {
    for (const [key, list] of this.versions) {
      while (list.length > 0 && list[list.length - 1]!.layer > layer) list.pop();
      if (list.length === 0) this.versions.delete(key);
    }
    for (const l of [...this.roots.keys()]) if (l > layer) this.roots.delete(l);
    return Promise.resolve();
  }

  stateRoot(layer: number): Promise<Uint8Array | undefined> {
    return Promise.resolve(this.roots.get(layer));
  }

  lastAppliedLayer(): Promise<number | undefined> {
    let max: number | undefined;
    for (const l of this.roots.keys()) if (max === undefined || l > max) max = l;
    return Promise.resolve(max);
  }

  /** Every account's latest state (accounts.All). */
  all(): Account[] {
    return [...this.versions.values()].map((v) => v[v.length - 1]!);
  }
}
