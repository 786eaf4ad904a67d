// TransactionService (go-spacemesh api/grpcserver/v2alpha1/transaction.go): List over executed
// transactions (the API index) and pending ones (the mempool), ParseTransaction, EstimateGas
// and SubmitTransaction, which admits the tx like a gossiped one and publishes it.
import { bytesToHex } from '@noble/hashes/utils.js';
import { compareBytes } from '../../bytes.ts';
import { Topic } from '../../p2p/interface.ts';
import { parseTx, verifyParsedTx } from '../../vm/core/parse.ts';
import { admitTx } from '../../vm/mempool/admit.ts';
import { txId } from '../../vm/tx/id.ts';
import { checkLimit, offsetOf, page, parseAddress, parseId, type ApiContext } from '../context.ts';
import { toTransaction, toTxResult } from '../convert.ts';
import { isSynced } from './node.ts';
import { ApiError, GrpcCode } from '../errors.ts';
import { decodeBase64, encodeBase64 } from '../v2alpha1/shape.ts';
import type {
  EstimateGasRequest,
  EstimateGasResponse,
  ParseTransactionRequest,
  ParseTransactionResponse,
  SubmitTransactionRequest,
  SubmitTransactionResponse,
  TransactionList,
  TransactionRequest,
  TransactionResponse,
  TransactionState,
} from '../v2alpha1/tx.ts';

function rawOf(b64: string): Uint8Array {
  const raw = decodeBase64(b64);
  if (raw.length === 0)
    throw new ApiError(GrpcCode.INVALID_ARGUMENT, 'empty-transaction', 'transaction is empty');
  return raw;
}

/** conState.Validation(raw).Parse(), with go-spacemesh's codes. */
function parse(ctx: ApiContext, raw: Uint8Array) {
  const r = parseTx(raw, ctx.node.parts.state);
  if (r.ok) return r.parsed;
  if (r.reason === 'not-spawned')
    throw new ApiError(GrpcCode.NOT_FOUND, 'not-spawned', 'account is not spawned');
  throw new ApiError(
    GrpcCode.INVALID_ARGUMENT,
    'malformed-transaction',
    `${r.reason}: ${r.detail}`,
  );
}

export function parseTransaction(
  ctx: ApiContext,
  req: ParseTransactionRequest,
): ParseTransactionResponse {
  const raw = rawOf(req.transaction);
  const parsed = parse(ctx, raw);
  if (req.verify && !verifyParsedTx(parsed, ctx.node.parts.genesisId))
    throw new ApiError(GrpcCode.INVALID_ARGUMENT, 'bad-signature', 'signature is invalid');
  return { status: null, tx: toTransaction(raw, null, ctx.hrp, parsed.header) };
}

export function estimateGas(ctx: ApiContext, req: EstimateGasRequest): EstimateGasResponse {
  const parsed = parse(ctx, rawOf(req.transaction));
  return { status: null, recommendedMaxGas: parsed.header.maxGas.toString() };
}

/**
 * VerifyAndCacheTx then Publish. Every refusal is INVALID_ARGUMENT "Failed to verify
 * transaction: …" as in go-spacemesh; nothing is stored or sent for a refused tx.
 */
export async function submitTransaction(
  ctx: ApiContext,
  req: SubmitTransactionRequest,
): Promise<SubmitTransactionResponse> {
  const raw = rawOf(req.transaction);
  const p = ctx.node.parts;
  if (!isSynced(ctx))
    throw new ApiError(
      GrpcCode.FAILED_PRECONDITION,
      'not-synced',
      'Cannot submit transaction, node is not in sync yet, try again later',
    );
  const refuse = (why: string): never => {
    throw new ApiError(
      GrpcCode.INVALID_ARGUMENT,
      'rejected-transaction',
      `Failed to verify transaction: ${why}`,
    );
  };
  const admitted = admitTx(raw, p.state, p.genesisId, p.clock.now());
  if (!admitted.ok) refuse(`${admitted.reason}: ${admitted.detail}`);
  const id = txId(raw);
  if (admitted.ok) {
    const next = p.state.get(admitted.tx.header.principal).nextNonce;
    if (admitted.tx.header.nonce < next)
      refuse(`nonce-too-low: nonce ${admitted.tx.header.nonce} below the account's next ${next}`);
  }
  const known = p.mempool.has(id) || (await p.txs.has(id));
  if (!known) {
    // The local handler (gossip-handlers handleTx) admits it to the mempool and store; its
    // refusal reason comes as a 'refused' event while publish runs.
    let reason: string | null = null;
    const off = ctx.node.onEvent((e) => {
      if (e.type === 'refused' && e.kind === 'tx') reason = e.reason;
    });
    let result;
    try {
      result = await p.gossip.publish(Topic.TX, raw);
    } finally {
      off();
    }
    if (result !== 'accept' && !(p.mempool.has(id) || (await p.txs.has(id))))
      refuse(reason ?? `refused by the mempool (${result})`);
  }
  return { status: { code: 0, message: '', details: [] }, txId: encodeBase64(id) };
}

const SORT_DESC = 'DESC';

/** go-spacemesh convertTxState, plus MESH for a tx known but not executed nor pending. */
async function stateOf(
  ctx: ApiContext,
  id: Uint8Array,
  executed: boolean,
): Promise<TransactionState> {
  if (executed) return 'TRANSACTION_STATE_PROCESSED';
  if (ctx.node.parts.mempool.has(id)) return 'TRANSACTION_STATE_MEMPOOL';
  if (await ctx.node.parts.txs.has(id)) return 'TRANSACTION_STATE_MESH';
  return 'TRANSACTION_STATE_UNSPECIFIED';
}

export async function toTxResponse(
  ctx: ApiContext,
  id: Uint8Array,
  includeResult: boolean,
  includeState: boolean,
): Promise<TransactionResponse | undefined> {
  const p = ctx.node.parts;
  const raw = (await p.txs.raw(id)) ?? p.mempool.get(id)?.raw;
  if (raw === undefined) return undefined;
  const result = await ctx.indexer.txResult(id);
  const header = p.mempool.get(id)?.header;
  const info = header === undefined ? await p.txs.info(id) : undefined;
  const parsed = header === undefined ? parseTx(raw, p.state) : undefined;
  const h =
    header ??
    (parsed?.ok === true
      ? {
          ...parsed.parsed.header,
          ...(info === undefined ? {} : { maxGas: info.maxGas, maxSpend: info.maxSpend }),
        }
      : undefined);
  const out: TransactionResponse = {
    tx: toTransaction(raw, id, ctx.hrp, h),
    txResult: includeResult && result !== undefined ? toTxResult(result, ctx.hrp) : null,
  };
  if (includeState) out.txState = await stateOf(ctx, id, result !== undefined);
  return out;
}

export async function listTransactions(
  ctx: ApiContext,
  req: TransactionRequest,
): Promise<TransactionList> {
  const limit = checkLimit(req.limit);
  const address =
    req.address === undefined || req.address === ''
      ? undefined
      : parseAddress(req.address, ctx.hrp);
  const ids = req.txid.map((t) => parseId(t, 32, 'txid'));
  const start = req.startLayer ?? 0;
  const end = req.endLayer ?? 0xffffffff;
  const reverse = req.sortOrder === SORT_DESC;
  const p = ctx.node.parts;
  async function* candidates(): AsyncGenerator<Uint8Array> {
    if (ids.length > 0) {
      // Explicit ids: each once, executed ones by layer, pending ones (layer 0) first.
      const keyed = await Promise.all(
        ids.map(async (id) => ({ id, layer: (await ctx.indexer.txResult(id))?.layer ?? 0 })),
      );
      keyed.sort((a, b) => a.layer - b.layer || compareBytes(a.id, b.id));
      if (reverse) keyed.reverse();
      const seen = new Set<string>();
      for (const k of keyed) {
        const hex = bytesToHex(k.id);
        if (seen.has(hex) || k.layer < start || k.layer > end) continue;
        seen.add(hex);
        if (address !== undefined) {
          const r = await ctx.indexer.txResult(k.id);
          const touched = r?.addresses ?? [
            p.mempool.get(k.id)?.header.principal ?? new Uint8Array(),
          ];
          if (!touched.some((a) => compareBytes(a, address) === 0)) continue;
        }
        yield k.id;
      }
      return;
    }
    // Pending txs have no layer yet (go-spacemesh stores them with layer 0): they come first in
    // ascending order. Without an address there is no per-account list to walk; they are left out.
    // The mempool lets go of a tx a little after its block executed: one already indexed is
    // listed once, by its layer, not again as pending.
    const pending: Uint8Array[] = [];
    if (address !== undefined && start === 0)
      for (const t of p.mempool.pending(address))
        if ((await ctx.indexer.txResult(t.id)) === undefined) pending.push(t.id);
    if (!reverse) yield* pending;
    yield* ctx.indexer.txIds(start, end, address, reverse);
    if (reverse) yield* pending;
  }
  const chosen = await page(candidates(), offsetOf(req.offset), limit);
  const out: TransactionResponse[] = [];
  for (const id of chosen) {
    const r = await toTxResponse(ctx, id, req.includeResult, req.includeState);
    if (r !== undefined) out.push(r);
  }
  return { transactions: out };
}
