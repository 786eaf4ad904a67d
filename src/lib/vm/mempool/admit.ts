// Admission of a gossiped or submitted transaction (go-spacemesh txs/handler.go
// verifyAndCache): parse against current state, refuse a zero gas price, check the signature,
// then hand the header to the mempool.
import type { IneffectiveReason } from '../core/errors.ts';
import { headerFee } from '../core/header.ts';
import { parseTx, verifyParsedTx } from '../core/parse.ts';
import type { AccountReader } from '../state/store.ts';
import { txId } from '../tx/id.ts';
import type { MempoolTx } from './types.ts';

export type AdmitResult =
  | { readonly ok: true; readonly tx: MempoolTx }
  | { readonly ok: false; readonly reason: IneffectiveReason; readonly detail: string };

export function admitTx(
  raw: Uint8Array,
  state: AccountReader,
  genesisId: Uint8Array,
  received: number,
): AdmitResult {
  const parsed = parseTx(raw, state);
  if (!parsed.ok) return parsed;
  const { header } = parsed.parsed;
  if (header.gasPrice === 0n || headerFee(header) === 0n)
    return { ok: false, reason: 'zero-gas-price', detail: 'zero gas price' };
  if (!verifyParsedTx(parsed.parsed, genesisId))
    return { ok: false, reason: 'bad-signature', detail: 'signature does not verify' };
  return { ok: true, tx: { id: txId(raw), raw, header, received } };
}
