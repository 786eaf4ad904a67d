// Gas schedule of go-spacemesh genvm/core/gas.go. Gas is uint64 there; bigint here so that
// fee arithmetic can wrap exactly as Go's does (see fee.ts).

/** Storing transaction data in a block, per 8 bytes (rounded up). */
export const TXDATA = 128n;
/** Intrinsic cost of every transaction. */
export const TX = 20_000n;
/** Intrinsic cost of a spawn, on top of TX. */
export const SPAWN = 30_000n;
/** Storing new data (spawns), per 8 bytes. */
export const STORE = 5_000n;
/** Updating mutable state (nonce, balance, template state), per 8 bytes. */
export const UPDATE = 725n;
/** Loading state from disk, per 8 bytes. */
export const LOAD = 182n;
/** Accessing an account. */
export const ACCOUNT_ACCESS = 2_500n;
/** One ed25519 verification. */
export const EDVERIFY = 3_000n;

export const PUBLIC_KEY_SIZE = 32;
/** Balance (8), nonce (8) and template address (24), as go-spacemesh counts it. */
export const ACCOUNT_HEADER_SIZE = 36;
export const ACCOUNT_BALANCE_SIZE = 8;
/** genvm/templates/vault: ACCOUNT_HEADER_SIZE + 56. */
export const VAULT_STATE_SIZE = ACCOUNT_HEADER_SIZE + 56;
export const DRAINED_SIZE = 8;

/** core.SizeGas: `gas` for every started 8 bytes of `size`. */
export function sizeGas(gas: bigint, size: number): bigint {
  return gas * BigInt(Math.ceil(size / 8));
}

/** core.TxDataGas. */
export function txDataGas(size: number): bigint {
  return sizeGas(TXDATA, size);
}

/** core.IntrinsicGas: what the principal must hold for the transaction to be effective. */
export function intrinsicGas(baseGas: bigint, txLength: number): bigint {
  return baseGas + txDataGas(txLength);
}

/** core.MaxGas: intrinsic gas plus the template's fixed load and execution gas. */
export function maxGas(baseGas: bigint, fixedGas: bigint, txLength: number): bigint {
  return intrinsicGas(baseGas, txLength) + fixedGas;
}
