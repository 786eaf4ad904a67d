// Genesis accounts (genvm ApplyGenesis): balances that exist before any transaction, written as
// layer-0 rows of unspawned accounts. Their owners spawn them later like any other account;
// a vault funded at genesis is spawned by its vesting owner.
import { decodeAddress } from '../crypto/address.ts';
import { VmError } from './core/errors.ts';
import { UINT64_MAX } from './core/uint64.ts';
import { addressKey, emptyAccount, type Account } from './state/account.ts';
import type { StateStore } from './state/store.ts';

export interface GenesisAccount {
  readonly address: Uint8Array;
  /** Smidge. */
  readonly balance: bigint;
}

/** The accounts of a genesis list; the same address twice is an error, as is a non-uint64. */
export function genesisAccounts(list: readonly GenesisAccount[]): Account[] {
  const seen = new Set<string>();
  return list.map(({ address, balance }) => {
    const key = addressKey(address);
    if (seen.has(key)) throw new VmError(`genesis account ${key} is listed twice`);
    seen.add(key);
    if (balance < 0n || balance > UINT64_MAX)
      throw new VmError(`genesis balance ${balance} is not a uint64`);
    return { ...emptyAccount(address), balance };
  });
}

/**
 * Genesis accounts from a preset's map of bech32 address → smidge (go-spacemesh
 * config.GenesisConfig.Accounts has this shape), checked against the network's `hrp`.
 */
export function genesisAccountsFromConfig(
  accounts: Readonly<Record<string, bigint>>,
  hrp: string,
): Account[] {
  return genesisAccounts(
    Object.entries(accounts).map(([address, balance]) => ({
      address: decodeAddress(address, hrp),
      balance,
    })),
  );
}

/** Writes the genesis accounts at layer 0, before any layer executes. */
export async function applyGenesis(store: StateStore, accounts: readonly Account[]): Promise<void> {
  await store.commit(0, accounts);
}
