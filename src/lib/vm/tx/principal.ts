// Account addresses derived from spawn arguments (genvm core.ComputePrincipal):
// 0x00000000 ‖ blake3(templateAddress ‖ SCALE(spawnArgs))[12:32].
import { encode } from '../../codec/index.ts';
import { computePrincipal } from '../../crypto/address.ts';
import { TEMPLATES, type SpawnArgumentsOf } from './templates.ts';
import type { SpawnTx, TemplateName, Transaction } from './types.ts';

/** A principal's template with the arguments it was spawned with: all that signing depends on. */
export type PrincipalAccount = {
  [T in TemplateName]: { readonly template: T; readonly args: SpawnArgumentsOf[T] };
}[TemplateName];

/** The address of the account that `template` spawned with `args` gets. */
export function principalOf<T extends TemplateName>(
  template: T,
  args: SpawnArgumentsOf[T],
): Uint8Array {
  const t = TEMPLATES[template];
  return computePrincipal(t.address, encode(t.spawnArguments, args));
}

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** The spawned account, as a PrincipalAccount. */
export function spawnedAccount(tx: SpawnTx): PrincipalAccount {
  return { template: tx.template, args: tx.args } as PrincipalAccount;
}

/**
 * True for a spawn whose principal is the account it creates (go-spacemesh: "self spawn").
 * Any other spawn is sent by an existing account, e.g. a vesting account spawning its vault.
 */
export function isSelfSpawn(tx: Transaction): tx is SpawnTx {
  if (tx.method !== 'spawn') return false;
  const { template, args } = spawnedAccount(tx);
  return equal(principalOf(template, args as never), tx.principal);
}

/**
 * The principal's account when the transaction itself defines it (a self-spawn), so it can be
 * verified without state; undefined otherwise.
 */
export function selfSpawnAccount(tx: Transaction): PrincipalAccount | undefined {
  return isSelfSpawn(tx) ? spawnedAccount(tx) : undefined;
}
