// genvm/templates/vesting: a multisig account with one more method, drain (17), which relays a
// spend to a vault it owns.
import {
  ACCOUNT_ACCESS,
  ACCOUNT_BALANCE_SIZE,
  ACCOUNT_HEADER_SIZE,
  DRAINED_SIZE,
  EDVERIFY,
  LOAD,
  TX,
  UPDATE,
  VAULT_STATE_SIZE,
  sizeGas,
} from '../../core/gas.ts';
import type { TemplateHandler } from '../../core/handler.ts';
import type { MethodName } from '../../tx/types.ts';
import {
  multisigBaseGas,
  multisigExecGas,
  multisigLoadGas,
  validateMultisig,
} from '../multisig/handler.ts';
import { vaultSpend } from '../vault/handler.ts';
import type { VaultSpawnArguments } from '../vault/types.ts';
import { execSpawnOrSpend, spendMaxSpend } from '../wallet/handler.ts';

export const DRAIN_EXEC_GAS =
  ACCOUNT_ACCESS +
  sizeGas(LOAD, VAULT_STATE_SIZE) +
  sizeGas(UPDATE, ACCOUNT_HEADER_SIZE) +
  sizeGas(UPDATE, ACCOUNT_BALANCE_SIZE + DRAINED_SIZE);

export function vestingBaseGas(method: MethodName, signatures: number): bigint {
  if (method === 'drain') return TX + EDVERIFY * BigInt(signatures);
  return multisigBaseGas(method, signatures);
}

export function vestingExecGas(method: MethodName, keys: number): bigint {
  if (method === 'drain') return DRAIN_EXEC_GAS;
  return multisigExecGas(method, keys);
}

export const vestingHandler: TemplateHandler<'vesting'> = {
  name: 'vesting',
  methods: new Set<MethodName>(['spend', 'drain']),
  validate: validateMultisig,
  baseGas: (method, s) => vestingBaseGas(method, s.required),
  loadGas: (s) => multisigLoadGas(s.publicKeys.length),
  execGas: (method, s) => vestingExecGas(method, s.publicKeys.length),
  // A drain moves the vault's coins, not the principal's: MaxSpend 0.
  maxSpend: spendMaxSpend,
  exec: (ctx, tx) => {
    if (tx.method !== 'drain') return execSpawnOrSpend(ctx, tx);
    const { vault, destination, amount } = tx.args;
    return ctx.relay('vault', vault, (remote, state) =>
      vaultSpend(ctx, remote, state as VaultSpawnArguments, destination, amount),
    );
  },
};
