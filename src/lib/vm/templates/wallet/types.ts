// Wire types of the wallet (single-signature) template, go-spacemesh genvm/templates/wallet.
import { compact64, fixedBytes, struct, type Codec } from '../../../codec/index.ts';
import { ADDRESS_LENGTH } from '../../../crypto/address.ts';
import { PUBLIC_KEY_LENGTH } from '../../../crypto/signing.ts';

/** The key that owns the account; the principal is derived from it. */
export interface WalletSpawnArguments {
  readonly publicKey: Uint8Array;
}

export const WalletSpawnArguments: Codec<WalletSpawnArguments> = struct({
  publicKey: fixedBytes(PUBLIC_KEY_LENGTH),
});

/** Method 16 of wallet, multisig, vesting and vault: move `amount` smidge to `destination`. */
export interface SpendArguments {
  readonly destination: Uint8Array;
  readonly amount: bigint;
}

export const SpendArguments: Codec<SpendArguments> = struct({
  destination: fixedBytes(ADDRESS_LENGTH),
  amount: compact64,
});
