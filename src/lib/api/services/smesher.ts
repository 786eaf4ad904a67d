// The v1 SmesherService methods the smeshing UI needs (go-spacemesh api/grpcserver
// smesher_service.go), over what FullNode offers: it smeshes when built with a smesher and
// cannot start or stop that at runtime, so StartSmeshing / StopSmeshing answer UNIMPLEMENTED
// rather than pretend.
import { encodeAddress } from '../../crypto/address.ts';
import type { ApiContext } from '../context.ts';
import { ApiError, GrpcCode } from '../errors.ts';
import { encodeBase64 } from '../v2alpha1/shape.ts';
import type {
  CoinbaseResponse,
  EligibilitiesResponse,
  IsSmeshingResponse,
  NextRewardResponse,
  PostSetupStatusResponse,
  SmesherIDsResponse,
} from '../v1/smesher.ts';

export function isSmeshing(ctx: ApiContext): IsSmeshingResponse {
  return { isSmeshing: ctx.node.parts.builder !== null };
}

export function startStopUnimplemented(what: 'start' | 'stop'): never {
  throw new ApiError(
    GrpcCode.UNIMPLEMENTED,
    'unimplemented',
    `cannot ${what} smeshing at runtime: this node's smeshing is fixed when it starts ` +
      `(smesh node --smesh); restart it with or without --smesh`,
  );
}

export function smesherIds(ctx: ApiContext): SmesherIDsResponse {
  const id = ctx.node.nodeId;
  return { publicKeys: id === null ? [] : [encodeBase64(id)] };
}

export function coinbase(ctx: ApiContext): CoinbaseResponse {
  const c = ctx.host.coinbase;
  return { accountId: c === undefined ? null : { address: encodeAddress(c, ctx.hrp) } };
}

const POST_STATE = {
  'not-started': 'STATE_NOT_STARTED',
  'in-progress': 'STATE_IN_PROGRESS',
  complete: 'STATE_COMPLETE',
  error: 'STATE_ERROR',
} as const;

export function postSetupStatus(ctx: ApiContext): PostSetupStatusResponse {
  const s = ctx.host.postSetup?.();
  if (s === undefined)
    return { status: { state: 'STATE_NOT_STARTED', numLabelsWritten: '0', opts: null } };
  return {
    status: {
      state: POST_STATE[s.state],
      numLabelsWritten: s.numLabelsWritten.toString(),
      opts: {
        dataDir: s.dataDir,
        numUnits: s.numUnits,
        maxFileSize: '0',
        throttle: false,
      },
    },
  };
}

function session(ctx: ApiContext) {
  const b = ctx.node.parts.builder;
  if (b === null)
    throw new ApiError(GrpcCode.FAILED_PRECONDITION, 'not-smeshing', 'node is not smeshing');
  return b.session;
}

/** v1 EventEligibilities for the epoch the proposal builder is in. */
export function eligibilities(ctx: ApiContext): EligibilitiesResponse {
  const s = session(ctx);
  if (s === undefined) return { epoch: 0, atx: '', activeSetSize: '0', eligibilities: [] };
  const list = [...s.eligibilities.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([layer, e]) => ({ layer, count: e.length }));
  return {
    epoch: s.epoch,
    atx: encodeBase64(s.atx.id),
    activeSetSize: String(s.activeSet?.ids.length ?? 0),
    eligibilities: list,
  };
}

/** The next layer (from the current one on) the smesher is eligible in, and when it starts. */
export function nextReward(ctx: ApiContext): NextRewardResponse {
  const s = session(ctx);
  const clock = ctx.node.parts.clock;
  const current = clock.hasStarted() ? clock.currentLayer() : 0;
  const cb = ctx.host.coinbase;
  const base = { coinbase: cb === undefined ? '' : encodeAddress(cb, ctx.hrp) };
  const next =
    s === undefined
      ? undefined
      : [...s.eligibilities.entries()]
          .filter(([layer, e]) => layer >= current && e.length > 0)
          .sort((a, b) => a[0] - b[0])[0];
  if (next === undefined) return { ...base, count: 0, inSeconds: 0 };
  const wait = Math.max(0, clock.layerToTime(next[0]) - clock.now());
  return { ...base, layer: next[0], count: next[1].length, inSeconds: Math.ceil(wait / 1000) };
}
