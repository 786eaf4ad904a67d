// The one node API the app talks to. The browser's node worker implements it in-process
// (bridged with comlink), the HTTP client implements it against a remote Smesh node, so pages
// never know which one they are using. Methods are named by their gateway path
// ('spacemesh.v2alpha1.NodeService/Status'); requests and responses are the JSON shapes of
// spacemeshos/api v2alpha1 (v2alpha1/*.ts), the same objects the HTTP API sends.
import type {
  Partial1,
  RequestOf,
  ResponseOf,
  StreamItemOf,
  StreamMethod,
  StreamRequestOf,
  UnaryMethod,
} from './methods.ts';

/** What a node says about itself: enough for the app to show which network it is on. */
export interface NodeInfo {
  /** Smesh version of the node. */
  readonly version: string;
  /** Network preset name, e.g. 'devnet'. */
  readonly preset: string;
  /** Genesis id, 20 bytes as lowercase hex. */
  readonly genesisId: string;
  /** Bech32 HRP of the network's addresses. */
  readonly hrp: string;
  /** Genesis time, RFC 3339. */
  readonly genesisTime: string;
  /** Layer duration in seconds. */
  readonly layerDurationSeconds: number;
  readonly layersPerEpoch: number;
  /** The network's PoST sizes (for the smeshing setup). */
  readonly post?: {
    readonly labelsPerUnit: number;
    readonly minNumUnits: number;
    readonly maxNumUnits: number;
    readonly scryptN: number;
  };
  /** Which host runs the node: 'browser-worker' or 'node'. */
  readonly host: 'browser-worker' | 'node';
}

export interface NodeApi {
  info(): Promise<NodeInfo>;
}

/** Receives a stream's items; `end` once, with the error when it failed (an ApiError). */
export interface StreamListener<T> {
  item(value: T): void;
  end?(error?: unknown): void;
}

/** A running stream. close() stops it (a watching stream runs until closed). */
export interface StreamHandle {
  close(): void;
  /** Resolves when the stream ended: history sent and not watching, closed, or failed. */
  readonly done: Promise<void>;
}

/** The full API: node info, every unary method, every stream. Rejects with ApiError. */
export interface SmeshApi extends NodeApi {
  call<K extends UnaryMethod>(method: K, request?: Partial1<RequestOf<K>>): Promise<ResponseOf<K>>;
  stream<K extends StreamMethod>(
    method: K,
    request: Partial1<StreamRequestOf<K>>,
    listener: StreamListener<StreamItemOf<K>>,
  ): StreamHandle;
}
