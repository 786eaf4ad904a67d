// genvm/templates/wallet: a single-key account that spawns and spends.
import {
  ACCOUNT_ACCESS,
  ACCOUNT_BALANCE_SIZE,
  ACCOUNT_HEADER_SIZE,
  EDVERIFY,
  LOAD,
  PUBLIC_KEY_SIZE,
  SPAWN,
  STORE,
  TX,
  UPDATE,
  sizeGas,
} from '../../core/gas.ts';
import type { Context } from '../../core/context.ts';
import type { ExecFailure } from '../../core/errors.ts';
import type { TemplateHandler } from '../../core/handler.ts';
import type { MethodName, Transaction } from '../../tx/types.ts';

/** Gas of a spend's execution, shared by wallet, multisig and vesting (their gas.go agree). */
export const SPEND_EXEC_GAS =
  ACCOUNT_ACCESS +
  sizeGas(LOAD, ACCOUNT_BALANCE_SIZE) +
  sizeGas(UPDATE, ACCOUNT_HEADER_SIZE) +
  sizeGas(UPDATE, ACCOUNT_BALANCE_SIZE);

const UNKNOWN = 0xffff_ffff_ffff_ffffn; // math.MaxUint64 for a method the template lacks

export function walletBaseGas(method: MethodName): bigint {
  if (method === 'spawn') return TX + EDVERIFY + SPAWN;
  if (method === 'spend') return TX + EDVERIFY;
  return UNKNOWN;
}

export const WALLET_LOAD_GAS =
  ACCOUNT_ACCESS + sizeGas(LOAD, PUBLIC_KEY_SIZE + ACCOUNT_HEADER_SIZE);

export function walletExecGas(method: MethodName): bigint {
  if (method === 'spawn') return sizeGas(STORE, PUBLIC_KEY_SIZE + ACCOUNT_HEADER_SIZE);
  if (method === 'spend') return SPEND_EXEC_GAS;
  return UNKNOWN;
}

/** MaxSpend of wallet and multisig: the spend amount. */
export function spendMaxSpend(tx: Transaction): bigint {
  return tx.method === 'spend' ? tx.args.amount : 0n;
}

/** Exec of spawn and spend, the same for wallet, multisig and vesting. */
export function execSpawnOrSpend(ctx: Context, tx: Transaction): ExecFailure | undefined {
  if (tx.method === 'spawn') return ctx.spawn(tx.template, tx.args as never);
  if (tx.method === 'spend') return ctx.transfer(tx.args.destination, tx.args.amount);
  return 'malformed';
}

export const walletHandler: TemplateHandler<'wallet'> = {
  name: 'wallet',
  methods: new Set<MethodName>(['spend']),
  validate: () => undefined,
  baseGas: (method) => walletBaseGas(method),
  loadGas: () => WALLET_LOAD_GAS,
  execGas: (method) => walletExecGas(method),
  maxSpend: spendMaxSpend,
  exec: (ctx, tx) => execSpawnOrSpend(ctx, tx),
};
