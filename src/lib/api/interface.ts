// The one node API the app talks to. The browser's node worker implements it in-process
// (bridged with comlink), and later an HTTP client implements it against a remote Smesh node,
// so pages never know which one they are using.

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
  /** Which host runs the node: 'browser-worker' or 'node'. */
  readonly host: 'browser-worker' | 'node';
}

export interface NodeApi {
  info(): Promise<NodeInfo>;
}
