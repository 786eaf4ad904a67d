// types.TxHeader: what parsing a transaction against state tells about it. The mempool and
// block builder work on headers alone.
import type { MethodName, TemplateName } from '../tx/types.ts';
import { u64 } from './uint64.ts';

export interface TxHeader {
  readonly principal: Uint8Array;
  /** For a spawn, the template spawned; otherwise the principal's template. */
  readonly template: TemplateName;
  readonly method: MethodName;
  readonly nonce: bigint;
  readonly gasPrice: bigint;
  /** Base gas + tx data gas + the template's fixed gas: what execution consumes. */
  readonly maxGas: bigint;
  /** The most the transaction may transfer (the spend amount; 0 for spawns and drains). */
  readonly maxSpend: bigint;
}

/** TxHeader.Fee: maxGas × gasPrice, in uint64 as Go computes it. */
export function headerFee(h: Pick<TxHeader, 'maxGas' | 'gasPrice'>): bigint {
  return u64(h.maxGas * h.gasPrice);
}

/** TxHeader.Spending: fee + maxSpend (uint64). */
export function headerSpending(h: Pick<TxHeader, 'maxGas' | 'gasPrice' | 'maxSpend'>): bigint {
  return u64(headerFee(h) + h.maxSpend);
}
