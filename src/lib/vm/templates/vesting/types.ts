// Wire types of the vesting template, go-spacemesh genvm/templates/vesting: a multisig account
// (same spawn arguments and signatures) with one more method, 17, that drains a vault it owns.
import { fixedBytes, compact64, struct, type Codec } from '../../../codec/index.ts';
import { ADDRESS_LENGTH } from '../../../crypto/address.ts';

/**
 * Method 17: the vesting account asks `vault` to send `amount` to `destination`. In Go this is
 * `struct { Vault Address; vault.SpendArguments }`: the embedded struct's fields follow inline.
 */
export interface DrainVaultArguments {
  readonly vault: Uint8Array;
  readonly destination: Uint8Array;
  readonly amount: bigint;
}

export const DrainVaultArguments: Codec<DrainVaultArguments> = struct({
  vault: fixedBytes(ADDRESS_LENGTH),
  destination: fixedBytes(ADDRESS_LENGTH),
  amount: compact64,
});
