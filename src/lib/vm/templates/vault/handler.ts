// genvm/templates/vault: coins that vest linearly between two layers and leave only through
// the owner's drain (the owner is a vesting account). A vault never signs, so as a principal
// every transaction of it is ineffective; its gas is zero because the owner pays.
import type { Context, MutableAccount } from '../../core/context.ts';
import type { ExecFailure } from '../../core/errors.ts';
import type { TemplateHandler } from '../../core/handler.ts';
import type { MethodName } from '../../tx/types.ts';
import { vaultVested } from '../../subsidy.ts';
import type { VaultSpawnArguments } from './types.ts';

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Vault.Spend, run through the owner's relay: only the owner may move coins, and only what has
 * vested plus whatever the vault received beyond its total (balance − unvested part).
 */
export function vaultSpend(
  ctx: Context,
  vault: MutableAccount,
  state: VaultSpawnArguments,
  to: Uint8Array,
  amount: bigint,
): ExecFailure | undefined {
  if (!equal(state.owner, ctx.principal.address)) return 'vault-not-owner';
  const vested = vaultVested(state, ctx.layer);
  const unvested = state.totalAmount - vested;
  if (vault.balance < unvested) return 'vault-misconfigured';
  if (amount > vault.balance - unvested) return 'vault-amount-not-available';
  return ctx.transferFrom(vault, to, amount, amount);
}

/** handler.New: the initial unlock may not exceed the total, the end may not precede the start. */
export function validateVault(args: VaultSpawnArguments): string | undefined {
  if (args.initialUnlockAmount > args.totalAmount)
    return `initial ${args.initialUnlockAmount} should be less or equal to total ${args.totalAmount}`;
  if (args.vestingEnd < args.vestingStart)
    return `vesting end ${args.vestingEnd} should be at least equal to start ${args.vestingStart}`;
  return undefined;
}

export const vaultHandler: TemplateHandler<'vault'> = {
  name: 'vault',
  methods: new Set<MethodName>(['spend']),
  validate: validateVault,
  baseGas: () => 0n,
  loadGas: () => 0n,
  execGas: () => 0n,
  maxSpend: () => 0n,
  // Reached only as a principal, which parsing already made ineffective (see core/parse.ts).
  exec: () => 'malformed',
};
