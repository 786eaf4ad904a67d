// Every method the API serves, by its gateway path (POST /<name>), with the request and response
// shapes. The HTTP server routes with it, the client and the in-process API are typed by it.
import * as A from './v2alpha1/account.ts';
import * as ACT from './v2alpha1/activation.ts';
import * as L from './v2alpha1/layer.ts';
import * as M from './v2alpha1/malfeasance.ts';
import * as N from './v2alpha1/node.ts';
import * as R from './v2alpha1/reward.ts';
import * as T from './v2alpha1/tx.ts';
import * as S from './v1/smesher.ts';
import * as E from './v1/events.ts';
import * as B from './v1/ballot.ts';
import type { Infer, Shape } from './v2alpha1/shape.ts';

const V2 = 'spacemesh.v2alpha1';
const V1 = 'spacemesh.v1';
/** Smesh's own services (no spacemeshos/api counterpart). */
const SMESH = 'smesh.v1';

/** Unary methods: name → [request, response]. */
export const UNARY = {
  [`${V2}.NodeService/Status`]: [N.NodeStatusRequest, N.NodeStatusResponse],
  [`${V2}.NetworkService/Info`]: [N.NetworkInfoRequest, N.NetworkInfoResponse],
  [`${V2}.AccountService/List`]: [A.AccountRequest, A.AccountList],
  [`${V2}.TransactionService/List`]: [T.TransactionRequest, T.TransactionList],
  [`${V2}.TransactionService/ParseTransaction`]: [
    T.ParseTransactionRequest,
    T.ParseTransactionResponse,
  ],
  [`${V2}.TransactionService/SubmitTransaction`]: [
    T.SubmitTransactionRequest,
    T.SubmitTransactionResponse,
  ],
  [`${V2}.TransactionService/EstimateGas`]: [T.EstimateGasRequest, T.EstimateGasResponse],
  [`${V2}.LayerService/List`]: [L.LayerRequest, L.LayerList],
  [`${V2}.ActivationService/List`]: [ACT.ActivationRequest, ACT.ActivationList],
  [`${V2}.ActivationService/ActivationsCount`]: [
    ACT.ActivationsCountRequest,
    ACT.ActivationsCountResponse,
  ],
  [`${V2}.ActivationService/Highest`]: [ACT.HighestRequest, ACT.HighestResponse],
  [`${V2}.RewardService/List`]: [R.RewardRequest, R.RewardList],
  [`${V2}.MalfeasanceService/List`]: [M.MalfeasanceRequest, M.MalfeasanceList],
  [`${V1}.SmesherService/IsSmeshing`]: [S.Empty, S.IsSmeshingResponse],
  [`${V1}.SmesherService/StartSmeshing`]: [S.StartSmeshingRequest, S.StartSmeshingResponse],
  [`${V1}.SmesherService/StopSmeshing`]: [S.StopSmeshingRequest, S.StopSmeshingResponse],
  [`${V1}.SmesherService/SmesherIDs`]: [S.Empty, S.SmesherIDsResponse],
  [`${V1}.SmesherService/Coinbase`]: [S.Empty, S.CoinbaseResponse],
  [`${V1}.SmesherService/PostSetupStatus`]: [S.Empty, S.PostSetupStatusResponse],
  [`${V1}.SmesherService/Eligibilities`]: [S.Empty, S.EligibilitiesResponse],
  [`${V1}.SmesherService/NextReward`]: [S.Empty, S.NextRewardResponse],
  [`${SMESH}.BallotService/List`]: [B.BallotRequest, B.BallotList],
} as const satisfies Record<string, readonly [Shape, Shape]>;

/** Server-streaming methods: name → [request, streamed item]. */
export const STREAMS = {
  [`${V2}.TransactionStreamService/Stream`]: [T.TransactionStreamRequest, T.TransactionResponse],
  [`${V2}.LayerStreamService/Stream`]: [L.LayerStreamRequest, L.Layer],
  [`${V2}.ActivationStreamService/Stream`]: [ACT.ActivationStreamRequest, ACT.Activation],
  [`${V2}.RewardStreamService/Stream`]: [R.RewardStreamRequest, R.Reward],
  [`${V2}.MalfeasanceStreamService/Stream`]: [M.MalfeasanceStreamRequest, M.MalfeasanceProof],
  [`${V1}.AdminService/EventsStream`]: [E.EventStreamRequest, E.Event],
  [`${SMESH}.BallotStreamService/Stream`]: [B.BallotStreamRequest, B.Ballot],
} as const satisfies Record<string, readonly [Shape, Shape]>;

export type UnaryMethod = keyof typeof UNARY;
export type StreamMethod = keyof typeof STREAMS;
export type RequestOf<K extends UnaryMethod> = Infer<(typeof UNARY)[K][0]>;
export type ResponseOf<K extends UnaryMethod> = Infer<(typeof UNARY)[K][1]>;
export type StreamRequestOf<K extends StreamMethod> = Infer<(typeof STREAMS)[K][0]>;
export type StreamItemOf<K extends StreamMethod> = Infer<(typeof STREAMS)[K][1]>;

/** A request as a caller may write it: every field optional (defaults fill the rest). */
export type Partial1<T> = { [K in keyof T]?: T[K] };

export function isUnary(name: string): name is UnaryMethod {
  return Object.hasOwn(UNARY, name);
}

export function isStream(name: string): name is StreamMethod {
  return Object.hasOwn(STREAMS, name);
}
