// Typed outcomes of the VM. A transaction is either ineffective (not executed: no fee, no nonce
// change; go-spacemesh returns it in the "skipped" list) or executed, successfully or not (a
// failed transaction still pays its fee and advances the nonce).

/** Why a transaction was not executed (genvm/vm.go execute, in the order checked). */
export type IneffectiveReason =
  /** Not decodable, over the size limit, or a method the principal's template lacks. */
  | 'malformed'
  /** A non-spawn from an account that was never spawned, or a spawn of another account by one. */
  | 'not-spawned'
  /** Spawn arguments the template refuses (handler.New: e.g. required 0, initial > total). */
  | 'invalid-spawn'
  | 'zero-gas-price'
  /** Balance below the intrinsic gas (base gas + tx data gas, in gas units as genvm compares). */
  | 'intrinsic-gas'
  /** The block has less gas left than the transaction's max gas. */
  | 'block-gas'
  | 'bad-signature'
  /** Nonce below the account's next nonce (replay). */
  | 'nonce-too-low';

/** Why an executed transaction failed (genvm core/errors.go and the vault's errors). */
export type ExecFailure =
  | 'no-balance'
  | 'out-of-gas'
  | 'max-gas'
  | 'max-spend'
  | 'spawned'
  | 'not-spawned'
  | 'template-mismatch'
  | 'malformed'
  | 'vault-not-owner'
  | 'vault-amount-not-available'
  | 'vault-misconfigured';

/** Failures of the VM itself (bad input from the caller, state inconsistency): not a tx result. */
export class VmError extends Error {
  override readonly name = 'VmError';
}
