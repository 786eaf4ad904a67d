// spacemesh/v2alpha1/tx.proto: TransactionService (List, ParseTransaction, SubmitTransaction,
// EstimateGas) and TransactionStreamService.Stream.
import { RpcStatus, SORT_ORDER } from './common.ts';
import type { Infer } from './shape.ts';

export const TRANSACTION_TYPE = [
  'TRANSACTION_TYPE_UNSPECIFIED',
  'TRANSACTION_TYPE_SINGLE_SIG_SEND',
  'TRANSACTION_TYPE_SINGLE_SIG_SPAWN',
  'TRANSACTION_TYPE_SINGLE_SIG_SELFSPAWN',
  'TRANSACTION_TYPE_MULTI_SIG_SEND',
  'TRANSACTION_TYPE_MULTI_SIG_SPAWN',
  'TRANSACTION_TYPE_MULTI_SIG_SELFSPAWN',
  'TRANSACTION_TYPE_VESTING_SPAWN',
  'TRANSACTION_TYPE_VAULT_SPAWN',
  'TRANSACTION_TYPE_DRAIN_VAULT',
] as const;
export type TransactionType = (typeof TRANSACTION_TYPE)[number];

export const TRANSACTION_STATE = [
  'TRANSACTION_STATE_UNSPECIFIED',
  'TRANSACTION_STATE_REJECTED',
  'TRANSACTION_STATE_INSUFFICIENT_FUNDS',
  'TRANSACTION_STATE_CONFLICTING',
  'TRANSACTION_STATE_MEMPOOL',
  'TRANSACTION_STATE_MESH',
  'TRANSACTION_STATE_PROCESSED',
  'TRANSACTION_STATE_INEFFECTUAL',
] as const;
export type TransactionState = (typeof TRANSACTION_STATE)[number];

export const TRANSACTION_STATUS = [
  'TRANSACTION_STATUS_UNSPECIFIED',
  'TRANSACTION_STATUS_SUCCESS',
  'TRANSACTION_STATUS_FAILURE',
  'TRANSACTION_STATUS_INVALID',
] as const;

export const ContentsSend = { destination: 'string', amount: 'u64' } as const;
export const ContentsSingleSigSpawn = { pubkey: 'string' } as const;
export const ContentsMultiSigSpawn = { required: 'u32', pubkey: { list: 'string' } } as const;
export const ContentsVaultSpawn = {
  owner: 'string',
  totalAmount: 'u64',
  initialUnlockAmount: 'u64',
  vestingStart: 'u32',
  vestingEnd: 'u32',
} as const;
export const ContentsDrainVault = {
  vault: 'string',
  destination: 'string',
  amount: 'u64',
} as const;

/** A oneof: exactly one member is present. */
export const TransactionContents = {
  send: { opt: { msg: ContentsSend } },
  singleSigSpawn: { opt: { msg: ContentsSingleSigSpawn } },
  multiSigSpawn: { opt: { msg: ContentsMultiSigSpawn } },
  vestingSpawn: { opt: { msg: ContentsMultiSigSpawn } },
  vaultSpawn: { opt: { msg: ContentsVaultSpawn } },
  drainVault: { opt: { msg: ContentsDrainVault } },
} as const;
export type TransactionContents = Infer<typeof TransactionContents>;

export const Nonce = { counter: 'u64' } as const;

export const Transaction = {
  id: 'bytes',
  principal: 'string',
  template: 'string',
  method: 'u32',
  nonce: { msg: Nonce },
  maxGas: 'u64',
  gasPrice: 'u64',
  maxSpend: 'u64',
  raw: 'bytes',
  type: { enum: TRANSACTION_TYPE },
  contents: { msg: TransactionContents },
} as const;
export type Transaction = Infer<typeof Transaction>;

export const TransactionResult = {
  status: { enum: TRANSACTION_STATUS },
  message: 'string',
  gasConsumed: 'u64',
  fee: 'u64',
  block: 'bytes',
  layer: 'u32',
  touchedAddresses: { list: 'string' },
} as const;
export type TransactionResult = Infer<typeof TransactionResult>;

export const TransactionResponse = {
  tx: { msg: Transaction },
  txResult: { msg: TransactionResult },
  txState: { opt: { enum: TRANSACTION_STATE } },
} as const;
export type TransactionResponse = Infer<typeof TransactionResponse>;

export const TransactionRequest = {
  startLayer: { opt: 'u32' },
  endLayer: { opt: 'u32' },
  txid: { list: 'bytes' },
  address: { opt: 'string' },
  offset: 'u64',
  limit: 'u64',
  includeState: 'bool',
  includeResult: 'bool',
  sortOrder: { enum: SORT_ORDER },
} as const;
export type TransactionRequest = Infer<typeof TransactionRequest>;

export const TransactionList = { transactions: { list: { msg: TransactionResponse } } } as const;
export type TransactionList = Infer<typeof TransactionList>;

export const TransactionStreamRequest = {
  startLayer: 'u32',
  endLayer: { opt: 'u32' },
  txid: { list: 'bytes' },
  principal: { opt: 'string' },
  watch: 'bool',
} as const;
export type TransactionStreamRequest = Infer<typeof TransactionStreamRequest>;

export const ParseTransactionRequest = { transaction: 'bytes', verify: 'bool' } as const;
export type ParseTransactionRequest = Infer<typeof ParseTransactionRequest>;
export const ParseTransactionResponse = {
  status: { msg: RpcStatus },
  tx: { msg: Transaction },
} as const;
export type ParseTransactionResponse = Infer<typeof ParseTransactionResponse>;

export const SubmitTransactionRequest = { transaction: 'bytes' } as const;
export type SubmitTransactionRequest = Infer<typeof SubmitTransactionRequest>;
export const SubmitTransactionResponse = { status: { msg: RpcStatus }, txId: 'bytes' } as const;
export type SubmitTransactionResponse = Infer<typeof SubmitTransactionResponse>;

export const EstimateGasRequest = { transaction: 'bytes' } as const;
export type EstimateGasRequest = Infer<typeof EstimateGasRequest>;
export const EstimateGasResponse = {
  status: { msg: RpcStatus },
  recommendedMaxGas: 'u64',
} as const;
export type EstimateGasResponse = Infer<typeof EstimateGasResponse>;
