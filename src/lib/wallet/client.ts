// What a wallet asks a node, over the one SmeshApi (HTTP to a remote node, or the app's own
// worker): account state, submitting a signed transaction, waiting for it, and an address's
// history. Follows how smapp-lite (src/api/requests/*) uses the v2alpha1 JSON API.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { decodeAddress, encodeAddress } from '../crypto/address.ts';
import type { SmeshApi } from '../api/interface.ts';
import { decodeBase64, encodeBase64 } from '../api/v2alpha1/shape.ts';
import type { Reward } from '../api/v2alpha1/reward.ts';
import type { TransactionResponse, TransactionState } from '../api/v2alpha1/tx.ts';
import { templateAt, type TemplateName } from '../vm/tx/index.ts';
import { WalletError } from './errors.ts';

export interface AccountStatus {
  readonly address: string;
  /** Applied state. */
  readonly balance: bigint;
  /** The next nonce the applied state expects. */
  readonly nonce: bigint;
  /** With the node's pending transactions applied: what the next transaction should use. */
  readonly projectedBalance: bigint;
  readonly projectedNonce: bigint;
  /** The template the account was spawned with; null while unspawned. */
  readonly template: TemplateName | null;
  readonly layer: number;
}

/** An account's state; an address the node has never seen reads as empty and unspawned. */
export async function getAccount(api: SmeshApi, address: string): Promise<AccountStatus> {
  const r = await api.call('spacemesh.v2alpha1.AccountService/List', {
    addresses: [address],
    limit: '1',
  });
  const a = r.accounts[0];
  if (a === undefined)
    return {
      address,
      balance: 0n,
      nonce: 0n,
      projectedBalance: 0n,
      projectedNonce: 0n,
      template: null,
      layer: 0,
    };
  const current = a.current ?? { balance: '0', counter: '0', layer: 0 };
  const projected = a.projected ?? current;
  return {
    address,
    balance: BigInt(current.balance),
    nonce: BigInt(current.counter),
    projectedBalance: BigInt(projected.balance),
    projectedNonce: BigInt(projected.counter),
    template: a.template === '' ? null : (templateAt(decodeAddress(a.template)) ?? null),
    layer: current.layer,
  };
}

/** Gas the node expects the transaction to use at most (EstimateGas). */
export async function estimateGas(api: SmeshApi, raw: Uint8Array): Promise<bigint> {
  const r = await api.call('spacemesh.v2alpha1.TransactionService/EstimateGas', {
    transaction: encodeBase64(raw),
  });
  return BigInt(r.recommendedMaxGas);
}

/** Submits a signed transaction; its id as hex. The node's refusal comes as an ApiError. */
export async function submitTx(api: SmeshApi, raw: Uint8Array): Promise<string> {
  const r = await api.call('spacemesh.v2alpha1.TransactionService/SubmitTransaction', {
    transaction: encodeBase64(raw),
  });
  return bytesToHex(decodeBase64(r.txId));
}

/** Refuses a transaction the account cannot pay for: amount + maxGas · gasPrice. */
export function checkFunds(
  account: AccountStatus,
  amount: bigint,
  maxGas: bigint,
  gasPrice: bigint,
): void {
  const need = amount + maxGas * gasPrice;
  if (account.projectedBalance < need)
    throw new WalletError(
      'insufficient-balance',
      `${account.address} has ${account.projectedBalance} smidge, needs ${need} ` +
        `(${amount} + max fee ${maxGas} gas × ${gasPrice})`,
    );
}

export interface TxStatus {
  readonly id: string;
  readonly state: TransactionState | 'TRANSACTION_STATE_UNSPECIFIED';
  /** Present once executed. */
  readonly result: TransactionResponse['txResult'];
  readonly tx: TransactionResponse['tx'] | null;
}

/** A transaction's state and result; state UNSPECIFIED when the node does not know it. */
export async function txStatus(api: SmeshApi, id: string): Promise<TxStatus> {
  const r = await api.call('spacemesh.v2alpha1.TransactionService/List', {
    txid: [encodeBase64(hexToBytes(id))],
    includeState: true,
    includeResult: true,
    limit: '1',
  });
  const t = r.transactions[0];
  return {
    id,
    state: t?.txState ?? 'TRANSACTION_STATE_UNSPECIFIED',
    result: t?.txResult ?? null,
    tx: t?.tx ?? null,
  };
}

export interface WaitOptions {
  /** Gives up after this long (milliseconds of the host's clock). */
  readonly timeoutMs: number;
  readonly pollMs: number;
  /** The host's clock and sleep: the CLI passes the system's, tests their own. */
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
}

/** Polls until the transaction is executed (PROCESSED with a result); null on timeout. */
export async function waitForTx(
  api: SmeshApi,
  id: string,
  o: WaitOptions,
): Promise<TxStatus | null> {
  const deadline = o.now() + o.timeoutMs;
  for (;;) {
    const s = await txStatus(api, id);
    if (s.state === 'TRANSACTION_STATE_PROCESSED' && s.result !== null) return s;
    if (o.now() >= deadline) return null;
    await o.sleep(o.pollMs);
  }
}

export interface History {
  readonly transactions: TransactionResponse[];
  readonly rewards: Reward[];
}

/** Transactions touching `address` (oldest first) and rewards paid to it as coinbase. */
export async function history(api: SmeshApi, address: string, limit = 100): Promise<History> {
  const [txs, rewards] = await Promise.all([
    api.call('spacemesh.v2alpha1.TransactionService/List', {
      address,
      includeState: true,
      includeResult: true,
      limit: String(limit),
    }),
    api.call('spacemesh.v2alpha1.RewardService/List', { coinbase: address, limit: String(limit) }),
  ]);
  return { transactions: txs.transactions, rewards: rewards.rewards };
}

/** bech32 of a 24-byte address. */
export function addressText(address: Uint8Array, hrp: string): string {
  return encodeAddress(address, hrp);
}
