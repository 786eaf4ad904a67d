// Spacemesh transactions (go-spacemesh genvm): types, codec, signing, verification, display.
export {
  decodeTx,
  decodeTxBody,
  decodeUnsignedTx,
  encodeSignedTx,
  encodeTx,
  readTxBody,
  writeTxBody,
} from './codec.ts';
export type { TxBody } from './codec.ts';
export { describeTx, principalTemplateOf } from './describe.ts';
export type { TxArgsDescription, TxDescription } from './describe.ts';
export { txId } from './id.ts';
export { isSelfSpawn, principalOf, selfSpawnAccount, spawnedAccount } from './principal.ts';
export type { PrincipalAccount } from './principal.ts';
export { assembleMultisigTx, selfSpawnTx, signMultisigTx, signPart, signWalletTx } from './sign.ts';
export {
  decodeSignature,
  encodeSignature,
  readSignatureFor,
  readSignatureShape,
  schemeOf,
  writeSignature,
} from './signature.ts';
export type { SignatureScheme } from './signature.ts';
export { TEMPLATES, templateAt } from './templates.ts';
export type { SpawnArgumentsOf, TemplateInfo } from './templates.ts';
export { Method, TX_SIZE_LIMIT, TX_VERSION } from './types.ts';
export type {
  DrainVaultTx,
  MethodName,
  MultisigSpawnTx,
  SignedTx,
  SpawnTx,
  SpendTx,
  TemplateName,
  Transaction,
  TxCommon,
  TxSignature,
  VaultSpawnTx,
  VestingSpawnTx,
  WalletSpawnTx,
} from './types.ts';
export { verifySignedTx } from './verify.ts';
export {
  MAX_MULTISIG_KEYS,
  MultisigSpawnArguments,
  SignaturePart,
} from '../templates/multisig/types.ts';
export { VaultSpawnArguments } from '../templates/vault/types.ts';
export { DrainVaultArguments } from '../templates/vesting/types.ts';
export { SpendArguments, WalletSpawnArguments } from '../templates/wallet/types.ts';
