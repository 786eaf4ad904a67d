// Transactions as go-spacemesh genvm parses them (vm.go parse, core/types.go):
//
//   compact8 version (0) ‖ principal[24] ‖ compact8 method ‖ [template[24] if method = spawn]
//   ‖ compact64 nonce ‖ compact64 gasPrice ‖ method arguments ‖ signature
//
// The body names a template only for spawns. For every other method the principal's template
// comes from account state, and the body reads the same whatever it is (spend arguments are
// one struct shared by every template; only vesting has drain). So a Transaction is a union over
// method, and spawns over the template they create.
import type { MultisigSpawnArguments, SignaturePart } from '../templates/multisig/types.ts';
import type { VaultSpawnArguments } from '../templates/vault/types.ts';
import type { DrainVaultArguments } from '../templates/vesting/types.ts';
import type { SpendArguments, WalletSpawnArguments } from '../templates/wallet/types.ts';

/** The only transaction version go-spacemesh accepts. */
export const TX_VERSION = 0;

/** Method selectors (core.MethodSpawn, core.MethodSpend, vesting.MethodDrainVault). */
export const Method = { spawn: 0, spend: 16, drain: 17 } as const;
export type MethodName = keyof typeof Method;

/** core.TxSizeLimit: larger raw transactions are refused before parsing. */
export const TX_SIZE_LIMIT = 1024;

export type TemplateName = 'wallet' | 'multisig' | 'vesting' | 'vault';

/** Fields every transaction has. Amounts and nonces are uint64: bigint. */
export interface TxCommon {
  /** The account that pays and signs (24-byte address). */
  readonly principal: Uint8Array;
  readonly nonce: bigint;
  /** Smidge per unit of gas. */
  readonly gasPrice: bigint;
}

export interface WalletSpawnTx extends TxCommon {
  readonly method: 'spawn';
  readonly template: 'wallet';
  readonly args: WalletSpawnArguments;
}

export interface MultisigSpawnTx extends TxCommon {
  readonly method: 'spawn';
  readonly template: 'multisig';
  readonly args: MultisigSpawnArguments;
}

export interface VestingSpawnTx extends TxCommon {
  readonly method: 'spawn';
  readonly template: 'vesting';
  readonly args: MultisigSpawnArguments;
}

/** Spawned by its owner, a vesting account (principal = the vesting address). */
export interface VaultSpawnTx extends TxCommon {
  readonly method: 'spawn';
  readonly template: 'vault';
  readonly args: VaultSpawnArguments;
}

export type SpawnTx = WalletSpawnTx | MultisigSpawnTx | VestingSpawnTx | VaultSpawnTx;

/** Spend from a wallet, multisig or vesting account (the template is not in the bytes). */
export interface SpendTx extends TxCommon {
  readonly method: 'spend';
  readonly args: SpendArguments;
}

/** Vesting only: move coins out of a vault the principal owns. */
export interface DrainVaultTx extends TxCommon {
  readonly method: 'drain';
  readonly args: DrainVaultArguments;
}

export type Transaction = SpawnTx | SpendTx | DrainVaultTx;

/**
 * The signature after the body. Wallets append one 64-byte signature; multisig and vesting
 * accounts append `required` parts (compact8 ref ‖ 64-byte signature), refs ascending, with no
 * count in front: the account's `required` says how many.
 */
export type TxSignature =
  | { readonly kind: 'single'; readonly sig: Uint8Array }
  | { readonly kind: 'multi'; readonly parts: readonly SignaturePart[] };

/** A signed transaction as received: the parsed body, its signature and the raw bytes. */
export interface SignedTx {
  readonly tx: Transaction;
  readonly signature: TxSignature;
  /** The whole transaction: what its id hashes and what gossip carries. */
  readonly raw: Uint8Array;
  /** raw without the signature: what every signature signs (after the genesis id). */
  readonly unsigned: Uint8Array;
}
