// A transaction's fields as the explorer shows them.
import type { TransactionResponse } from '../../api/v2alpha1/tx.ts';
import { decodeAddress } from '../../crypto/address.ts';
import { b64ToHex, methodName, templateName, txState, txStatus, txType } from './format.ts';

export interface TxRow {
  readonly id: string;
  readonly principal: string;
  readonly template: string;
  readonly method: string;
  readonly type: string;
  /** Smidge moved (send / drain), '' when the tx moves none. */
  readonly amount: string;
  readonly destination: string;
  /** Fee paid, '' before execution. */
  readonly fee: string;
  readonly layer: number | undefined;
  /** "success", "failure: …", or the state ("mempool", …). */
  readonly status: string;
}

export function txRow(t: TransactionResponse): TxRow {
  const tx = t.tx;
  const r = t.txResult;
  const c = tx?.contents;
  const amount = c?.send?.amount ?? c?.drainVault?.amount ?? '';
  const destination = c?.send?.destination ?? c?.drainVault?.destination ?? '';
  const status =
    r !== null && r !== undefined
      ? `${txStatus(r.status)}${r.message === '' ? '' : `: ${r.message}`}`
      : txState(t.txState) || 'unknown';
  return {
    id: b64ToHex(tx?.id ?? ''),
    principal: tx?.principal ?? '',
    template: templateName(tx?.template ?? '', (a) => decodeAddress(a)),
    method: methodName(tx?.method ?? 0),
    type: txType(tx?.type),
    amount,
    destination,
    fee: r?.fee ?? '',
    layer: r !== null && r !== undefined && r.layer > 0 ? r.layer : undefined,
    status,
  };
}
