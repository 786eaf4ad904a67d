// The v1 SmesherService methods the smeshing UI needs (go-spacemesh api/grpcserver
// smesher_service.go), over what FullNode offers. StartSmeshing / StopSmeshing go to the host's
// SmeshingControl (the browser node sets PoST up in OPFS at runtime); a host without one (the CLI
// node smeshes as started with --smesh) answers UNIMPLEMENTED rather than pretend.
import { encodeAddress } from '../../crypto/address.ts';
import { layerSubsidy } from '../../vm/subsidy.ts';
import { parseAddress, type ApiContext, type SmeshingControl } from '../context.ts';
import { ApiError, GrpcCode } from '../errors.ts';
import { encodeBase64 } from '../v2alpha1/shape.ts';
import type {
  CoinbaseResponse,
  EligibilitiesResponse,
  IsSmeshingResponse,
  NextRewardResponse,
  PostSetupStatusResponse,
  SmesherIDsResponse,
  StartSmeshingRequest,
  StartSmeshingResponse,
  StopSmeshingRequest,
  StopSmeshingResponse,
} from '../v1/smesher.ts';

export function isSmeshing(ctx: ApiContext): IsSmeshingResponse {
  return { isSmeshing: ctx.node.smeshing };
}

function control(ctx: ApiContext, what: 'start' | 'stop'): SmeshingControl {
  const c = ctx.host.smeshing;
  if (c === undefined)
    throw new ApiError(
      GrpcCode.UNIMPLEMENTED,
      'unimplemented',
      `cannot ${what} smeshing at runtime: this node's smeshing is fixed when it starts ` +
        `(smesh node --smesh); restart it with or without --smesh`,
    );
  return c;
}

const OK = { status: { code: 0, message: '', details: [] } };

/** smesher_service.go StartSmeshing: coinbase and PoST options are required. */
export async function startSmeshing(
  ctx: ApiContext,
  req: StartSmeshingRequest,
): Promise<StartSmeshingResponse> {
  const c = control(ctx, 'start');
  if (req.coinbase === null)
    throw new ApiError(
      GrpcCode.INVALID_ARGUMENT,
      'invalid-argument',
      '`Coinbase` must be provided',
    );
  if (req.opts === null)
    throw new ApiError(GrpcCode.INVALID_ARGUMENT, 'invalid-argument', '`Opts` must be provided');
  if (req.opts.numUnits < 1)
    throw new ApiError(GrpcCode.INVALID_ARGUMENT, 'invalid-argument', 'numUnits must be >= 1');
  const coinbase = parseAddress(req.coinbase.address, ctx.hrp);
  if (ctx.node.smeshing)
    throw new ApiError(GrpcCode.FAILED_PRECONDITION, 'already-smeshing', 'already smeshing');
  try {
    await c.start({
      coinbase,
      numUnits: req.opts.numUnits,
      maxFileSize: BigInt(req.opts.maxFileSize),
      ...(req.opts.providerId === undefined ? {} : { providerId: req.opts.providerId }),
    });
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(
      GrpcCode.FAILED_PRECONDITION,
      'smeshing-refused',
      e instanceof Error ? e.message : String(e),
    );
  }
  return OK;
}

export async function stopSmeshing(
  ctx: ApiContext,
  req: StopSmeshingRequest,
): Promise<StopSmeshingResponse> {
  await control(ctx, 'stop').stop(req.deleteFiles);
  return OK;
}

export function smesherIds(ctx: ApiContext): SmesherIDsResponse {
  const id = ctx.node.nodeId;
  return { publicKeys: id === null ? [] : [encodeBase64(id)] };
}

export function coinbase(ctx: ApiContext): CoinbaseResponse {
  const c = ctx.node.coinbase ?? ctx.host.coinbase;
  return { accountId: c === undefined ? null : { address: encodeAddress(c, ctx.hrp) } };
}

const POST_STATE = {
  'not-started': 'STATE_NOT_STARTED',
  'in-progress': 'STATE_IN_PROGRESS',
  paused: 'STATE_PAUSED',
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
      ...(s.totalLabels === undefined ? {} : { totalLabels: s.totalLabels.toString() }),
      ...(s.labelsPerSecond === undefined
        ? {}
        : { labelsPerSecond: Math.round(s.labelsPerSecond) }),
      ...(s.etaSeconds === undefined || !Number.isFinite(s.etaSeconds)
        ? {}
        : { etaSeconds: Math.ceil(s.etaSeconds) }),
      ...(s.provider === undefined ? {} : { provider: s.provider }),
      ...(s.error === undefined ? {} : { error: s.error }),
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
  const cb = ctx.node.coinbase ?? ctx.host.coinbase;
  const base = { coinbase: cb === undefined ? '' : encodeAddress(cb, ctx.hrp) };
  const next =
    s === undefined
      ? undefined
      : [...s.eligibilities.entries()]
          .filter(([layer, e]) => layer >= current && e.length > 0)
          .sort((a, b) => a[0] - b[0])[0];
  if (next === undefined) return { ...base, count: 0, inSeconds: 0 };
  const wait = Math.max(0, clock.layerToTime(next[0]) - clock.now());
  const n = ctx.node.parts.network;
  const expected =
    (layerSubsidy(next[0], n.layersPerEpoch) * BigInt(next[1].length)) / BigInt(n.layerAvgSize);
  return {
    ...base,
    layer: next[0],
    count: next[1].length,
    inSeconds: Math.ceil(wait / 1000),
    expectedSmidge: expected.toString(),
  };
}
