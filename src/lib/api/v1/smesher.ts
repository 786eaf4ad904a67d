// The smeshing part the UI needs and v2alpha1 lacks, named after spacemesh/v1/smesher.proto
// (SmesherService) and v1 admin events (EventEligibilities). Served under
// /spacemesh.v1.SmesherService/<Method> with the same JSON mapping as v2alpha1.
// Eligibilities and NextReward are Smesh's own additions in that service.
import type { Infer } from '../v2alpha1/shape.ts';

export const Empty = {} as const;
export type Empty = Infer<typeof Empty>;

export const AccountId = { address: 'string' } as const;
export const RpcStatus = { code: 'u32', message: 'string', details: { list: 'string' } } as const;

export const IsSmeshingResponse = { isSmeshing: 'bool' } as const;
export type IsSmeshingResponse = Infer<typeof IsSmeshingResponse>;

export const PostSetupOpts = {
  dataDir: 'string',
  numUnits: 'u32',
  maxFileSize: 'u64',
  providerId: { opt: 'u32' },
  throttle: 'bool',
} as const;

export const StartSmeshingRequest = {
  coinbase: { msg: AccountId },
  opts: { msg: PostSetupOpts },
} as const;
export type StartSmeshingRequest = Infer<typeof StartSmeshingRequest>;
export const StartSmeshingResponse = { status: { msg: RpcStatus } } as const;
export type StartSmeshingResponse = Infer<typeof StartSmeshingResponse>;

export const StopSmeshingRequest = { deleteFiles: 'bool' } as const;
export type StopSmeshingRequest = Infer<typeof StopSmeshingRequest>;
export const StopSmeshingResponse = { status: { msg: RpcStatus } } as const;
export type StopSmeshingResponse = Infer<typeof StopSmeshingResponse>;

export const SmesherIDsResponse = { publicKeys: { list: 'bytes' } } as const;
export type SmesherIDsResponse = Infer<typeof SmesherIDsResponse>;

export const CoinbaseResponse = { accountId: { msg: AccountId } } as const;
export type CoinbaseResponse = Infer<typeof CoinbaseResponse>;

export const POST_SETUP_STATE = [
  'STATE_UNSPECIFIED',
  'STATE_NOT_STARTED',
  'STATE_PREPARED',
  'STATE_IN_PROGRESS',
  'STATE_PAUSED',
  'STATE_COMPLETE',
  'STATE_ERROR',
] as const;

export const PostSetupStatus = {
  state: { enum: POST_SETUP_STATE },
  numLabelsWritten: 'u64',
  opts: { msg: PostSetupOpts },
  // Smesh additions (left out when unknown), for the app's progress view:
  /** numUnits × labelsPerUnit. */
  totalLabels: { opt: 'u64' },
  /** Labels per second of the running initialization, rounded. */
  labelsPerSecond: { opt: 'u32' },
  /** Seconds left at that rate. */
  etaSeconds: { opt: 'u32' },
  /** The label provider, e.g. 'webgpu: <adapter>' or 'cpu: 4 workers'. */
  provider: { opt: 'string' },
  /** What failed, in STATE_ERROR. */
  error: { opt: 'string' },
} as const;
export const PostSetupStatusResponse = { status: { msg: PostSetupStatus } } as const;
export type PostSetupStatusResponse = Infer<typeof PostSetupStatusResponse>;

export const ProposalEligibility = { layer: 'u32', count: 'u32' } as const;
/** v1 EventEligibilities: the smesher's proposal eligibilities in its current epoch. */
export const EligibilitiesResponse = {
  epoch: 'u32',
  atx: 'bytes',
  activeSetSize: 'u64',
  eligibilities: { list: { msg: ProposalEligibility } },
} as const;
export type EligibilitiesResponse = Infer<typeof EligibilitiesResponse>;

/** The next layer the smesher is eligible in, from now on; null fields when none is known. */
export const NextRewardResponse = {
  layer: { opt: 'u32' },
  count: 'u32',
  /** Seconds from now until that layer starts. */
  inSeconds: 'u32',
  coinbase: 'string',
  /**
   * Smesh addition: the layer's subsidy × count / the network's average ballots per layer, in
   * smidge — what those eligibilities earn when the layer gets a block (fees not counted).
   */
  expectedSmidge: { opt: 'u64' },
} as const;
export type NextRewardResponse = Infer<typeof NextRewardResponse>;
