// The in-process SmeshApi over a running FullNode: what the browser's node worker exposes over
// comlink and what the CLI's HTTP server serves. Every request is read through its v2alpha1
// shape first (defaults filled, types checked), so an in-process caller gets exactly the
// answers and errors an HTTP caller gets.
import { bytesToHex } from '@noble/hashes/utils.js';
import type { FullNode } from '../node/full-node.ts';
import { VERSION } from '../version.ts';
import type { ApiContext, ApiHost } from './context.ts';
import { SmesherEventLog } from './smesher-events.ts';
import { ApiError, GrpcCode } from './errors.ts';
import { ApiIndexer } from './indexer.ts';
import type { NodeInfo, SmeshApi, StreamHandle, StreamListener } from './interface.ts';
import {
  STREAMS,
  UNARY,
  isStream,
  isUnary,
  type RequestOf,
  type ResponseOf,
  type StreamItemOf,
  type StreamMethod,
  type StreamRequestOf,
  type UnaryMethod,
} from './methods.ts';
import { listAccounts } from './services/account.ts';
import { ballotStream, listBallots } from './services/ballots.ts';
import {
  activationsCount,
  highestActivation,
  listActivations,
  listLayers,
  listMalfeasance,
  listRewards,
} from './services/mesh.ts';
import { networkInfo, nodeStatus } from './services/node.ts';
import * as smesher from './services/smesher.ts';
import {
  activationStream,
  layerStream,
  malfeasanceStream,
  rewardStream,
  transactionStream,
} from './services/streams.ts';
import {
  estimateGas,
  listTransactions,
  parseTransaction,
  submitTransaction,
} from './services/tx.ts';
import { parseMessage } from './v2alpha1/shape.ts';

type Handlers = {
  [K in UnaryMethod]: (
    ctx: ApiContext,
    req: RequestOf<K>,
  ) => ResponseOf<K> | Promise<ResponseOf<K>>;
};
type StreamHandlers = {
  [K in StreamMethod]: (
    ctx: ApiContext,
    req: StreamRequestOf<K>,
    l: StreamListener<StreamItemOf<K>>,
  ) => StreamHandle;
};

const HANDLERS: Handlers = {
  'spacemesh.v2alpha1.NodeService/Status': (c) => nodeStatus(c),
  'spacemesh.v2alpha1.NetworkService/Info': (c) => networkInfo(c),
  'spacemesh.v2alpha1.AccountService/List': listAccounts,
  'spacemesh.v2alpha1.TransactionService/List': listTransactions,
  'spacemesh.v2alpha1.TransactionService/ParseTransaction': parseTransaction,
  'spacemesh.v2alpha1.TransactionService/SubmitTransaction': submitTransaction,
  'spacemesh.v2alpha1.TransactionService/EstimateGas': estimateGas,
  'spacemesh.v2alpha1.LayerService/List': listLayers,
  'spacemesh.v2alpha1.ActivationService/List': listActivations,
  'spacemesh.v2alpha1.ActivationService/ActivationsCount': activationsCount,
  'spacemesh.v2alpha1.ActivationService/Highest': (c) => highestActivation(c),
  'spacemesh.v2alpha1.RewardService/List': listRewards,
  'spacemesh.v2alpha1.MalfeasanceService/List': listMalfeasance,
  'spacemesh.v1.SmesherService/IsSmeshing': (c) => smesher.isSmeshing(c),
  'spacemesh.v1.SmesherService/StartSmeshing': smesher.startSmeshing,
  'spacemesh.v1.SmesherService/StopSmeshing': smesher.stopSmeshing,
  'spacemesh.v1.SmesherService/SmesherIDs': (c) => smesher.smesherIds(c),
  'spacemesh.v1.SmesherService/Coinbase': (c) => smesher.coinbase(c),
  'spacemesh.v1.SmesherService/PostSetupStatus': (c) => smesher.postSetupStatus(c),
  'spacemesh.v1.SmesherService/Eligibilities': (c) => smesher.eligibilities(c),
  'spacemesh.v1.SmesherService/NextReward': (c) => smesher.nextReward(c),
  'smesh.v1.BallotService/List': listBallots,
};

const STREAM_HANDLERS: StreamHandlers = {
  'spacemesh.v2alpha1.TransactionStreamService/Stream': transactionStream,
  'spacemesh.v2alpha1.LayerStreamService/Stream': layerStream,
  'spacemesh.v2alpha1.ActivationStreamService/Stream': activationStream,
  'spacemesh.v2alpha1.RewardStreamService/Stream': rewardStream,
  'spacemesh.v2alpha1.MalfeasanceStreamService/Stream': malfeasanceStream,
  'spacemesh.v1.AdminService/EventsStream': (c, req, l) => c.events.stream(req.watch, l),
  'smesh.v1.BallotStreamService/Stream': ballotStream,
};

export interface LocalApiOptions {
  readonly node: FullNode;
  readonly host: ApiHost;
  /**
   * The API's index; by default one on the node's store, attached here (attach before
   * node.start() — pass your own, already attached, when the node starts first).
   */
  readonly indexer?: ApiIndexer;
}

/** An in-process API with the indexer it uses (flush it in tests before reading). */
export interface LocalApi extends SmeshApi {
  readonly indexer: ApiIndexer;
  /** The smesher's event log: hosts record what only they see (PoST initialization). */
  readonly events: SmesherEventLog;
  /** Stops following the node. */
  close(): void;
}

function unknownMethod(method: string): ApiError {
  return new ApiError(GrpcCode.NOT_FOUND, 'unknown-method', `unknown method ${method}`);
}

export function createLocalApi(o: LocalApiOptions): LocalApi {
  const node = o.node;
  let indexer = o.indexer;
  let detach = () => {};
  if (indexer === undefined) {
    indexer = new ApiIndexer(node.parts.store);
    detach = indexer.attach(node);
  }
  const events = new SmesherEventLog(node);
  const detachEvents = events.attach();
  const ctx: ApiContext = { node, indexer, host: o.host, hrp: node.parts.network.hrp, events };
  const n = node.parts.network;
  const info: NodeInfo = {
    version: VERSION,
    preset: n.name,
    genesisId: bytesToHex(node.parts.genesisId),
    hrp: n.hrp,
    genesisTime: n.genesis.time ?? '',
    layerDurationSeconds: n.layerDurationMs / 1000,
    layersPerEpoch: n.layersPerEpoch,
    post: {
      labelsPerUnit: n.post.labelsPerUnit,
      minNumUnits: n.post.minNumUnits,
      maxNumUnits: n.post.maxNumUnits,
      scryptN: n.post.scrypt.n,
    },
    host: o.host.kind,
  };
  return {
    indexer,
    info: () => Promise.resolve(info),
    async call(method, request) {
      if (!isUnary(method)) throw unknownMethod(method);
      const req = parseMessage(UNARY[method][0], request ?? {});
      const handler = HANDLERS[method] as (c: ApiContext, r: unknown) => unknown;
      try {
        return (await handler(ctx, req)) as never;
      } catch (e) {
        if (e instanceof ApiError) throw e;
        throw new ApiError(
          GrpcCode.INTERNAL,
          'internal',
          e instanceof Error ? e.message : String(e),
        );
      }
    },
    stream(method, request, listener) {
      if (!isStream(method)) throw unknownMethod(method);
      const req = parseMessage(STREAMS[method][0], request);
      const handler = STREAM_HANDLERS[method] as (
        c: ApiContext,
        r: unknown,
        l: StreamListener<unknown>,
      ) => StreamHandle;
      return handler(ctx, req, listener as StreamListener<unknown>);
    },
    events,
    close: () => {
      detachEvents();
      detach();
    },
  };
}
