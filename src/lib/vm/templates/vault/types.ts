// Wire types of the vault template, go-spacemesh genvm/templates/vault: coins that unlock
// linearly between two layers and can only be moved by the owner (a vesting account) through
// its drain method. A vault never signs anything itself.
import { compact32, compact64, fixedBytes, struct, type Codec } from '../../../codec/index.ts';
import { ADDRESS_LENGTH } from '../../../crypto/address.ts';

/** Layers are uint32 (types.LayerID), so the vesting bounds are compact32 on the wire. */
export interface VaultSpawnArguments {
  readonly owner: Uint8Array;
  readonly totalAmount: bigint;
  readonly initialUnlockAmount: bigint;
  readonly vestingStart: number;
  readonly vestingEnd: number;
}

export const VaultSpawnArguments: Codec<VaultSpawnArguments> = struct({
  owner: fixedBytes(ADDRESS_LENGTH),
  totalAmount: compact64,
  initialUnlockAmount: compact64,
  vestingStart: compact32,
  vestingEnd: compact32,
});
