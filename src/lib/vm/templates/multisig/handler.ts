// genvm/templates/multisig: k-of-n keys. Gas grows with the signatures to check (required)
// and the keys to load and store (n).
import {
  ACCOUNT_ACCESS,
  ACCOUNT_HEADER_SIZE,
  EDVERIFY,
  LOAD,
  PUBLIC_KEY_SIZE,
  SPAWN,
  STORE,
  TX,
  sizeGas,
} from '../../core/gas.ts';
import type { TemplateHandler } from '../../core/handler.ts';
import type { MethodName } from '../../tx/types.ts';
import { SPEND_EXEC_GAS, execSpawnOrSpend, spendMaxSpend } from '../wallet/handler.ts';
import type { MultisigSpawnArguments } from './types.ts';

const UNKNOWN = 0xffff_ffff_ffff_ffffn;

export function multisigBaseGas(method: MethodName, signatures: number): bigint {
  const verify = EDVERIFY * BigInt(signatures);
  if (method === 'spawn') return TX + verify + SPAWN;
  if (method === 'spend') return TX + verify;
  return UNKNOWN;
}

export function multisigLoadGas(keys: number): bigint {
  return ACCOUNT_ACCESS + sizeGas(LOAD, PUBLIC_KEY_SIZE * keys + ACCOUNT_HEADER_SIZE);
}

export function multisigExecGas(method: MethodName, keys: number): bigint {
  if (method === 'spawn') return sizeGas(STORE, PUBLIC_KEY_SIZE * keys + ACCOUNT_HEADER_SIZE);
  if (method === 'spend') return SPEND_EXEC_GAS;
  return UNKNOWN;
}

/** handler.New of multisig (and vesting): at least one signer and enough keys. */
export function validateMultisig(args: MultisigSpawnArguments): string | undefined {
  if (args.required === 0) return 'number of required signatures must be larger than zero';
  if (args.publicKeys.length < args.required)
    return `multisig requires at least ${args.required} keys`;
  return undefined;
}

export const multisigHandler: TemplateHandler<'multisig'> = {
  name: 'multisig',
  methods: new Set<MethodName>(['spend']),
  validate: validateMultisig,
  baseGas: (method, s) => multisigBaseGas(method, s.required),
  loadGas: (s) => multisigLoadGas(s.publicKeys.length),
  execGas: (method, s) => multisigExecGas(method, s.publicKeys.length),
  maxSpend: spendMaxSpend,
  exec: (ctx, tx) => execSpawnOrSpend(ctx, tx),
};
