// spacemesh/v2alpha1/account.proto: AccountService.List.
import type { Infer } from './shape.ts';

export const AccountState = { counter: 'u64', balance: 'u64', layer: 'u32' } as const;
export type AccountState = Infer<typeof AccountState>;

export const Account = {
  address: 'string',
  current: { msg: AccountState },
  projected: { msg: AccountState },
  template: 'string',
} as const;
export type Account = Infer<typeof Account>;

export const AccountRequest = {
  addresses: { list: 'string' },
  offset: 'u64',
  limit: 'u64',
} as const;
export type AccountRequest = Infer<typeof AccountRequest>;

export const AccountList = { accounts: { list: { msg: Account } } } as const;
export type AccountList = Infer<typeof AccountList>;
