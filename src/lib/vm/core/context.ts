// genvm core.Context: one transaction's view of state while it executes. Changes stay here
// until apply() hands them to the staged cache, and the principal is a private copy whose
// balance pays gas first, so a failed method leaves only the fee and the nonce behind.
import { principalOf } from '../tx/principal.ts';
import type { SpawnArgumentsOf } from '../tx/templates.ts';
import type { TemplateName } from '../tx/types.ts';
import {
  accountTemplate,
  addressKey,
  encodeTemplateState,
  type Account,
} from '../state/account.ts';
import type { StagedCache } from '../state/staged-cache.ts';
import type { ExecFailure } from './errors.ts';
import type { TxHeader } from './header.ts';
import { u64 } from './uint64.ts';

export type MutableAccount = { -readonly [K in keyof Account]: Account[K] };

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class Context {
  readonly layer: number;
  readonly header: TxHeader;
  readonly principal: MutableAccount;
  private readonly loader: StagedCache;
  /** Gas units consumed. */
  consumed = 0n;
  /** Smidge charged for the gas. */
  fee = 0n;
  /** Smidge moved out of the principal, checked against header.maxSpend. */
  private transferred = 0n;
  private readonly touched: string[] = [];
  private readonly changedAccounts = new Map<string, MutableAccount>();
  private readonly principalKey: string;

  constructor(loader: StagedCache, layer: number, header: TxHeader, principal: Account) {
    this.loader = loader;
    this.layer = layer;
    this.header = header;
    this.principal = { ...principal };
    this.principalKey = addressKey(principal.address);
  }

  /**
   * Context.Consume: charges `gas` at the header's price. If the balance cannot pay, takes
   * all of it ('out-of-gas'); past maxGas, charges up to maxGas ('max-gas').
   */
  consume(gas: bigint): ExecFailure | undefined {
    let failure: ExecFailure | undefined;
    let amount = u64(gas * this.header.gasPrice);
    if (amount > this.principal.balance) {
      amount = this.principal.balance;
      failure = 'out-of-gas';
    } else if (this.consumed + gas > this.header.maxGas) {
      gas = this.header.maxGas - this.consumed;
      amount = u64(gas * this.header.gasPrice);
      failure = 'max-gas';
    }
    this.consumed += gas;
    this.fee += amount;
    this.principal.balance -= amount;
    return failure;
  }

  /** Context.Transfer: from the principal, limited by the header's maxSpend. */
  transfer(to: Uint8Array, amount: bigint): ExecFailure | undefined {
    return this.transferFrom(this.principal, to, amount, this.header.maxSpend);
  }

  /** Context.transfer; `from` is the principal or a relayed account loaded through load(). */
  transferFrom(
    from: MutableAccount,
    to: Uint8Array,
    amount: bigint,
    max: bigint,
  ): ExecFailure | undefined {
    const target = this.load(to);
    if (amount > from.balance) return 'no-balance';
    if (this.transferred + amount > max) return 'max-spend';
    // Sending to oneself only costs gas.
    if (equal(from.address, to)) return undefined;
    this.transferred += amount;
    from.balance -= amount;
    target.balance += amount;
    this.change(target);
    return undefined;
  }

  /** Context.Spawn: creates the account that `template` with `args` addresses. */
  spawn<T extends TemplateName>(template: T, args: SpawnArgumentsOf[T]): ExecFailure | undefined {
    const account = this.load(principalOf(template, args));
    if (account.template !== null) return 'spawned';
    account.template = template;
    account.state = encodeTemplateState(template, args);
    this.change(account);
    return undefined;
  }

  /**
   * Context.Relay: runs `call` against the account at `address`, which must be spawned with
   * `template` (a vesting account draining its vault).
   */
  relay(
    template: TemplateName,
    address: Uint8Array,
    call: (remote: MutableAccount, state: unknown) => ExecFailure | undefined,
  ): ExecFailure | undefined {
    const remote = this.load(address);
    if (remote.template === null) return 'not-spawned';
    if (remote.template !== template) return 'template-mismatch';
    const failure = call(remote, accountTemplate(remote)!.args);
    if (failure !== undefined) return failure;
    this.change(remote);
    return undefined;
  }

  /** Context.Apply: nonce = tx nonce + 1, then the principal and every changed account. */
  apply(cache: StagedCache): void {
    this.principal.nextNonce = u64(this.header.nonce + 1n);
    cache.update(this.principal);
    for (const key of this.touched) cache.update(this.changedAccounts.get(key)!);
  }

  /** Context.Updated: the principal, then changed accounts in order. */
  updated(): Uint8Array[] {
    return [
      this.principal.address,
      ...this.touched.map((k) => this.changedAccounts.get(k)!.address),
    ];
  }

  private load(address: Uint8Array): MutableAccount {
    const key = addressKey(address);
    if (key === this.principalKey) return this.principal;
    return this.changedAccounts.get(key) ?? { ...this.loader.get(address) };
  }

  private change(account: MutableAccount): void {
    const key = addressKey(account.address);
    if (key === this.principalKey) return;
    if (!this.changedAccounts.has(key)) this.touched.push(key);
    this.changedAccounts.set(key, account);
  }
}
