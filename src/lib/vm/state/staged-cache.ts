// genvm core.StagedCache: a pass-through cache over account state that collects one layer's
// changes and remembers the order in which accounts were first changed — the state root
// hashes changed accounts in exactly that order.
import { addressKey, type Account } from './account.ts';
import type { AccountReader } from './store.ts';

export class StagedCache implements AccountReader {
  private readonly cache = new Map<string, { account: Account; changed: boolean }>();
  private readonly touched: string[] = [];

  private readonly loader: AccountReader;

  constructor(loader: AccountReader) {
    this.loader = loader;
  }

  get(address: Uint8Array): Account {
    const key = addressKey(address);
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit.account;
    const account = this.loader.get(address);
    this.cache.set(key, { account, changed: false });
    return account;
  }

  update(account: Account): void {
    const key = addressKey(account.address);
    const hit = this.cache.get(key);
    if (hit === undefined || !hit.changed) this.touched.push(key);
    this.cache.set(key, { account, changed: true });
  }

  /** Changed accounts in the order they were first updated. */
  changed(): Account[] {
    return this.touched.map((k) => this.cache.get(k)!.account);
  }
}
