// LayerService, ActivationService, RewardService and MalfeasanceService lists (go-spacemesh
// api/grpcserver/v2alpha1 layer.go, activation.go, reward.go, malfeasance.go).
import { bytesToHex } from '@noble/hashes/utils.js';
import { compareBytes } from '../../bytes.ts';
import type { AtxHeader } from '../../mesh/atx/store.ts';
import type { AppliedLayer } from '../../node/applier.ts';
import { checkLimit, offsetOf, page, parseAddress, parseId, type ApiContext } from '../context.ts';
import { toActivation, toLayer, toMalfeasance, toReward } from '../convert.ts';
import { ApiError, GrpcCode } from '../errors.ts';
import type {
  ActivationList,
  ActivationRequest,
  ActivationsCountRequest,
  ActivationsCountResponse,
  HighestResponse,
} from '../v2alpha1/activation.ts';
import type { LayerList, LayerRequest } from '../v2alpha1/layer.ts';
import type {
  MalfeasanceList,
  MalfeasanceProof,
  MalfeasanceRequest,
} from '../v2alpha1/malfeasance.ts';
import type { RewardList, RewardRequest } from '../v2alpha1/reward.ts';

/** Executed layers in [start, end] (0: open), ascending or descending. */
export function appliedLayers(
  ctx: ApiContext,
  start: number,
  end: number,
  reverse: boolean,
): AppliedLayer[] {
  const list = ctx.node.applied.filter(
    (a) => (start === 0 || a.layer >= start) && (end === 0 || a.layer <= end),
  );
  return reverse ? [...list].reverse() : list;
}

export async function listLayers(ctx: ApiContext, req: LayerRequest): Promise<LayerList> {
  const limit = checkLimit(req.limit);
  const layers = appliedLayers(ctx, req.startLayer, req.endLayer, req.sortOrder === 'DESC');
  return { layers: (await page(layers, offsetOf(req.offset), limit)).map(toLayer) };
}

export interface AtxFilter {
  readonly startEpoch: number;
  readonly endEpoch: number;
  readonly ids: Uint8Array[];
  readonly smeshers: Uint8Array[];
  readonly coinbase: Uint8Array | undefined;
}

export function atxFilter(
  ctx: ApiContext,
  req: {
    startEpoch: number;
    endEpoch: number;
    id: string[];
    smesherId: string[];
    coinbase: string;
  },
): AtxFilter {
  return {
    startEpoch: req.startEpoch,
    endEpoch: req.endEpoch,
    ids: req.id.map((b) => parseId(b, 32, 'id')),
    smeshers: req.smesherId.map((b) => parseId(b, 32, 'smesher_id')),
    coinbase: req.coinbase === '' ? undefined : parseAddress(req.coinbase, ctx.hrp),
  };
}

export function atxMatches(f: AtxFilter, h: AtxHeader): boolean {
  if (f.startEpoch !== 0 && h.publishEpoch < f.startEpoch) return false;
  if (f.endEpoch !== 0 && h.publishEpoch > f.endEpoch) return false;
  if (f.ids.length > 0 && !f.ids.some((id) => compareBytes(id, h.id) === 0)) return false;
  if (f.smeshers.length > 0 && !f.smeshers.some((s) => compareBytes(s, h.smesher) === 0))
    return false;
  if (f.coinbase !== undefined && compareBytes(f.coinbase, h.coinbase) !== 0) return false;
  return true;
}

/** ATXs by publish epoch, ascending; within an epoch by id. */
export async function* atxsInOrder(ctx: ApiContext, f: AtxFilter): AsyncGenerator<AtxHeader> {
  const atxs = ctx.node.parts.atxHandler.atxs;
  const last = await atxs.lastEpoch();
  if (last === undefined) return;
  const from = f.startEpoch;
  const to = f.endEpoch === 0 ? last : Math.min(f.endEpoch, last);
  for (let epoch = from; epoch <= to; epoch++) {
    const list: AtxHeader[] = [];
    for await (const h of atxs.epochHeaders(epoch)) if (atxMatches(f, h)) list.push(h);
    list.sort((a, b) => compareBytes(a.id, b.id));
    yield* list;
  }
}

export async function listActivations(
  ctx: ApiContext,
  req: ActivationRequest,
): Promise<ActivationList> {
  const limit = checkLimit(req.limit);
  const f = atxFilter(ctx, req);
  const items = await page(atxsInOrder(ctx, f), offsetOf(req.offset), limit);
  return { activations: items.map((h) => toActivation(h, ctx.hrp)) };
}

export async function activationsCount(
  ctx: ApiContext,
  req: ActivationsCountRequest,
): Promise<ActivationsCountResponse> {
  const atxs = ctx.node.parts.atxHandler.atxs;
  // Without an epoch go-spacemesh counts every ATX.
  const last = await atxs.lastEpoch();
  if (last === undefined) return { count: 0 };
  const [from, to] = req.epoch === undefined ? [0, last] : [req.epoch, req.epoch];
  let count = 0;
  for (let e = from; e <= to; e++) for await (const _ of atxs.epochHeaders(e)) count++;
  return { count };
}

/** atxs.GetIDWithMaxHeight: the highest tick height, ties by id. */
export async function highestActivation(ctx: ApiContext): Promise<HighestResponse> {
  const atxs = ctx.node.parts.atxHandler.atxs;
  const last = await atxs.lastEpoch();
  let best: AtxHeader | undefined;
  for (let e = last ?? -1; e >= 0 && best === undefined; e--) {
    for await (const h of atxs.epochHeaders(e)) {
      const hh = h.baseTickHeight + h.tickCount;
      const bh = best === undefined ? -1n : best.baseTickHeight + best.tickCount;
      if (hh > bh || (hh === bh && best !== undefined && compareBytes(h.id, best.id) > 0)) best = h;
    }
  }
  if (best === undefined) throw new ApiError(GrpcCode.NOT_FOUND, 'not-found', 'no activations yet');
  return { activation: toActivation(best, ctx.hrp) };
}

export function rewardFilter(
  ctx: ApiContext,
  req: { coinbase?: string; smesher?: string },
): { coinbase?: Uint8Array; smesher?: Uint8Array } {
  if (
    req.coinbase !== undefined &&
    req.coinbase !== '' &&
    req.smesher !== undefined &&
    req.smesher !== ''
  )
    throw new ApiError(
      GrpcCode.INVALID_ARGUMENT,
      'invalid-argument',
      'filter_by is a oneof: give coinbase or smesher, not both',
    );
  if (req.coinbase !== undefined && req.coinbase !== '')
    return { coinbase: parseAddress(req.coinbase, ctx.hrp) };
  if (req.smesher !== undefined && req.smesher !== '')
    return { smesher: parseId(req.smesher, 32, 'smesher') };
  return {};
}

export async function listRewards(ctx: ApiContext, req: RewardRequest): Promise<RewardList> {
  const f = rewardFilter(ctx, req);
  const limit = checkLimit(req.limit);
  const end = req.endLayer === 0 ? 0xffffffff : req.endLayer;
  const rewards = ctx.indexer.rewards(req.startLayer, end, f, req.sortOrder === 'DESC');
  const items = await page(rewards, offsetOf(req.offset), limit);
  return { rewards: items.map((r) => toReward(r, ctx.hrp)) };
}

/** Malicious smeshers, by id, with their proofs. */
export async function malfeasanceProofs(
  ctx: ApiContext,
  smeshers: Uint8Array[],
): Promise<MalfeasanceProof[]> {
  const atxs = ctx.node.parts.atxHandler.atxs;
  let ids = await ctx.indexer.malicious();
  if (smeshers.length > 0) {
    const want = new Set(smeshers.map((s) => bytesToHex(s)));
    ids = ids.filter((id) => want.has(bytesToHex(id)));
  }
  const out: MalfeasanceProof[] = [];
  for (const id of ids) out.push(toMalfeasance(id, await atxs.malfeasanceProof(id)));
  return out;
}

export async function listMalfeasance(
  ctx: ApiContext,
  req: MalfeasanceRequest,
): Promise<MalfeasanceList> {
  const limit = checkLimit(req.limit);
  const smeshers = req.smesherId.map((b) => parseId(b, 32, 'smesher_id'));
  const all = await malfeasanceProofs(ctx, smeshers);
  return { proofs: await page(all, offsetOf(req.offset), limit) };
}
