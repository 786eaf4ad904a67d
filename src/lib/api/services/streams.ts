// The *StreamService.Stream methods (go-spacemesh api/grpcserver/v2alpha1: history from the
// database, then with `watch` every new matching item from the node's events). The node's
// events are subscribed before the history is read and held back until it is sent, so nothing
// falls between the two; an item the history already sent is not sent again.
import { bytesToHex } from '@noble/hashes/utils.js';
import { compareBytes } from '../../bytes.ts';
import type { NodeEvent } from '../../node/full-node.ts';
import { ApiError, GrpcCode } from '../errors.ts';
import type { StreamHandle, StreamListener } from '../interface.ts';
import { layerEntries } from '../indexer.ts';
import type { IndexedReward, IndexedTxResult } from '../indexer.ts';
import { parseAddress, parseId, type ApiContext } from '../context.ts';
import { toActivation, toLayer, toMalfeasance, toReward, toTxResult } from '../convert.ts';
import type { Activation, ActivationStreamRequest } from '../v2alpha1/activation.ts';
import type { Layer, LayerStreamRequest } from '../v2alpha1/layer.ts';
import type { MalfeasanceProof, MalfeasanceStreamRequest } from '../v2alpha1/malfeasance.ts';
import type { Reward, RewardStreamRequest } from '../v2alpha1/reward.ts';
import type { TransactionResponse, TransactionStreamRequest } from '../v2alpha1/tx.ts';
import {
  appliedLayers,
  atxFilter,
  atxMatches,
  atxsInOrder,
  malfeasanceProofs,
  rewardFilter,
} from './mesh.ts';
import { toTxResponse } from './tx.ts';

export interface Source<T> {
  history(): AsyncIterable<T>;
  /** What a node event adds, already filtered. */
  live(e: NodeEvent): Promise<T[]> | T[];
  key(t: T): string;
}

export function runStream<T>(
  ctx: ApiContext,
  watch: boolean,
  listener: StreamListener<T>,
  source: Source<T>,
): StreamHandle {
  let closed = false;
  let finish: () => void = () => {};
  const done = new Promise<void>((r) => (finish = r));
  // Keys of what was sent, to drop duplicates where history and held events overlap; dropped
  // once the held events are replayed so a long watch does not grow it.
  const sent = new Set<string>();
  let dedupe = true;
  const held: NodeEvent[] = [];
  let historyDone = false;
  let tail: Promise<void> = Promise.resolve();
  const end = (error?: unknown) => {
    if (closed) return;
    closed = true;
    off?.();
    listener.end?.(error);
    finish();
  };
  const emit = (t: T) => {
    if (closed) return;
    if (dedupe) {
      const k = source.key(t);
      if (sent.has(k)) return;
      sent.add(k);
    }
    listener.item(t);
  };
  const onLive = (e: NodeEvent) => {
    tail = tail
      .then(async () => {
        for (const t of await source.live(e)) emit(t);
      })
      .catch((err: unknown) => end(err));
  };
  const off = watch
    ? ctx.node.onEvent((e) => {
        if (historyDone) onLive(e);
        else held.push(e);
      })
    : null;
  void (async () => {
    for await (const t of source.history()) {
      if (closed) return;
      emit(t);
    }
    if (!watch) return end();
    historyDone = true;
    for (const e of held.splice(0)) onLive(e);
    tail = tail.then(() => {
      dedupe = false;
      sent.clear();
    });
  })().catch((err: unknown) =>
    end(err instanceof ApiError ? err : new ApiError(GrpcCode.INTERNAL, 'internal', String(err))),
  );
  return { close: () => end(), done };
}

export function layerStream(
  ctx: ApiContext,
  req: LayerStreamRequest,
  listener: StreamListener<Layer>,
): StreamHandle {
  const match = (n: number) =>
    (req.startLayer === 0 || n >= req.startLayer) && (req.endLayer === 0 || n <= req.endLayer);
  return runStream(ctx, req.watch, listener, {
    async *history() {
      yield* appliedLayers(ctx, req.startLayer, req.endLayer, false).map(toLayer);
    },
    live: (e) => (e.type === 'applied' && match(e.applied.layer) ? [toLayer(e.applied)] : []),
    key: (l) => `${l.number}:${l.block?.id ?? ''}:${l.stateHash}`,
  });
}

export function activationStream(
  ctx: ApiContext,
  req: ActivationStreamRequest,
  listener: StreamListener<Activation>,
): StreamHandle {
  const f = atxFilter(ctx, req);
  return runStream(ctx, req.watch, listener, {
    async *history() {
      for await (const h of atxsInOrder(ctx, f)) yield toActivation(h, ctx.hrp);
    },
    live: (e) =>
      e.type === 'atx' && atxMatches(f, e.header) ? [toActivation(e.header, ctx.hrp)] : [],
    key: (a) => a.id,
  });
}

export function rewardStream(
  ctx: ApiContext,
  req: RewardStreamRequest,
  listener: StreamListener<Reward>,
): StreamHandle {
  const f = rewardFilter(ctx, req);
  const end = req.endLayer === 0 ? 0xffffffff : req.endLayer;
  const match = (r: IndexedReward) =>
    r.layer >= req.startLayer &&
    r.layer <= end &&
    (f.coinbase === undefined || compareBytes(f.coinbase, r.coinbase) === 0) &&
    (f.smesher === undefined || (r.smesher !== null && compareBytes(f.smesher, r.smesher) === 0));
  return runStream(ctx, req.watch, listener, {
    async *history() {
      for await (const r of ctx.indexer.rewards(req.startLayer, end, f, false))
        yield toReward(r, ctx.hrp);
    },
    live: (e) =>
      e.type === 'applied'
        ? layerEntries(e.applied)
            .rewards.filter(match)
            .map((r) => toReward(r, ctx.hrp))
        : [],
    key: (r) => `${r.layer}:${r.coinbase}:${r.smesher}:${r.total}`,
  });
}

export function transactionStream(
  ctx: ApiContext,
  req: TransactionStreamRequest,
  listener: StreamListener<TransactionResponse>,
): StreamHandle {
  const ids = new Set(req.txid.map((t) => bytesToHex(parseId(t, 32, 'txid'))));
  const principal =
    req.principal === undefined || req.principal === ''
      ? undefined
      : parseAddress(req.principal, ctx.hrp);
  const end = req.endLayer ?? 0xffffffff;
  const match = (r: IndexedTxResult) =>
    r.layer >= req.startLayer &&
    r.layer <= end &&
    (ids.size === 0 || ids.has(bytesToHex(r.id))) &&
    (principal === undefined ||
      (r.addresses[0] !== undefined && compareBytes(r.addresses[0], principal) === 0));
  const respond = async (id: Uint8Array) => toTxResponse(ctx, id, true, true);
  return runStream(ctx, req.watch, listener, {
    async *history() {
      for await (const id of ctx.indexer.txIds(req.startLayer, end, principal, false)) {
        const r = await ctx.indexer.txResult(id);
        if (r === undefined || !match(r)) continue;
        const t = await respond(id);
        if (t !== undefined) yield t;
      }
    },
    async live(e) {
      if (e.type !== 'applied') return [];
      const out: TransactionResponse[] = [];
      for (const r of layerEntries(e.applied).txs.filter(match)) {
        const t = await respond(r.id);
        if (t === undefined) continue;
        // The index may not have this layer yet: the result comes from the event itself.
        out.push({
          ...t,
          txResult: toTxResult(r, ctx.hrp),
          txState: 'TRANSACTION_STATE_PROCESSED',
        });
      }
      return out;
    },
    key: (t) => `${t.tx?.id ?? ''}:${t.txResult?.layer ?? 0}`,
  });
}

export function malfeasanceStream(
  ctx: ApiContext,
  req: MalfeasanceStreamRequest,
  listener: StreamListener<MalfeasanceProof>,
): StreamHandle {
  const smeshers = req.smesherId.map((b) => parseId(b, 32, 'smesher_id'));
  const want = new Set(smeshers.map((s) => bytesToHex(s)));
  return runStream(ctx, req.watch, listener, {
    async *history() {
      yield* await malfeasanceProofs(ctx, smeshers);
    },
    async live(e) {
      if (e.type !== 'malicious') return [];
      if (want.size > 0 && !want.has(bytesToHex(e.nodeId))) return [];
      const proof = await ctx.node.parts.atxHandler.atxs.malfeasanceProof(e.nodeId);
      return [toMalfeasance(e.nodeId, proof)];
    },
    key: (p) => p.smesher,
  });
}
