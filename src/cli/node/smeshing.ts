// Smeshing started and stopped at runtime on `smesh node` (v1 SmesherService StartSmeshing /
// StopSmeshing through its HTTP API, as smapp drives go-spacemesh): PoST data initialized — or
// resumed — in <data-dir>/post with the CPU worker pool, then the node's ATX builder started;
// PostSetupStatus reports labels written, labels/s and ETA meanwhile. What a runtime start chose
// is not kept across restarts: the flags (--smesh, --num-units, --coinbase) say what a restarted
// node does, as go-spacemesh's config does. The browser node's counterpart, which does keep it,
// is src/workers/node/smeshing.ts.
import { rm } from 'node:fs/promises';
import { bytesToHex } from '@noble/hashes/utils.js';
import { HttpPoetSeam } from '../../lib/activation/poet-seam.ts';
import { withInitProgress } from '../../lib/api/context.ts';
import type { PostSetupInfo, SmeshingControl, StartSmeshing } from '../../lib/api/context.ts';
import { encodeBase64 } from '../../lib/api/v2alpha1/shape.ts';
import type { SmesherEventLog } from '../../lib/api/smesher-events.ts';
import { configGoldenAtx } from '../../lib/config/genesis.ts';
import type { NetworkConfig } from '../../lib/config/types.ts';
import type { FullNode } from '../../lib/node/full-node.ts';
import { PoetClient } from '../../lib/poet/client.ts';
import { ensurePostData } from './post-data.ts';

/** StartSmeshing's providerId for the CPU (0 is WebGPU, which only the browser node offers). */
export const CPU_PROVIDER_ID = 1;

export interface CliSmeshingOptions {
  readonly node: FullNode;
  readonly network: NetworkConfig;
  /** Where the PoST data lives: <data-dir>/post. */
  readonly postDir: string;
  readonly poets: readonly string[];
  /** CPU threads for PoST initialization (default: all cores). */
  readonly postThreads?: number;
  readonly events: SmesherEventLog;
  readonly log: (line: string) => void;
  /** The node was started smeshing (--smesh): its complete PoST setup and reward address. */
  readonly started?: { readonly status: PostSetupInfo; readonly coinbase: Uint8Array };
}

const NOT_STARTED: PostSetupInfo = {
  state: 'not-started',
  numLabelsWritten: 0n,
  numUnits: 0,
  dataDir: '',
};

export class CliSmeshing implements SmeshingControl {
  readonly #o: CliSmeshingOptions;
  #status: PostSetupInfo;
  #coinbase: Uint8Array | undefined;
  #init: { readonly abort: AbortController; readonly done: Promise<void> } | null = null;

  constructor(o: CliSmeshingOptions) {
    this.#o = o;
    this.#status = o.started?.status ?? NOT_STARTED;
    this.#coinbase = o.started?.coinbase;
  }

  status(): PostSetupInfo {
    return this.#status;
  }

  /** The reward address of the last start, also while stopped. */
  get coinbase(): Uint8Array | undefined {
    return this.#coinbase;
  }

  async start(o: StartSmeshing): Promise<void> {
    const post = this.#o.network.post;
    if (o.numUnits < post.minNumUnits || o.numUnits > post.maxNumUnits)
      throw new Error(
        `numUnits must be between ${post.minNumUnits} and ${post.maxNumUnits} on ${this.#o.network.name}`,
      );
    if (o.providerId !== undefined && o.providerId !== CPU_PROVIDER_ID)
      throw new Error(
        `provider ${o.providerId} is not offered by smesh node: PoST data is written on the CPU ` +
          `(providerId ${CPU_PROVIDER_ID}); \`smesh post init --provider webgpu\` writes it on a GPU`,
      );
    if (o.maxFileSize !== 0n && (o.maxFileSize < 16n || o.maxFileSize % 16n !== 0n))
      throw new Error('maxFileSize must be a positive multiple of 16 bytes (a label), or 0');
    if (this.#o.poets.length === 0)
      throw new Error('this node names no PoET server (--poet): smeshing needs one');
    if (this.#init !== null || this.#o.node.smeshing) throw new Error('already smeshing');
    const nodeId = this.#o.node.nodeId;
    if (nodeId === null) throw new Error('the node has no key');
    this.#coinbase = o.coinbase;
    this.#begin(nodeId, o);
  }

  async stop(deleteFiles: boolean): Promise<void> {
    const init = this.#init;
    if (init !== null) {
      init.abort.abort();
      await init.done;
    }
    const wasSmeshing = this.#o.node.smeshing;
    await this.#o.node.stopSmeshing();
    if (wasSmeshing) this.#o.events.smeshingStopped();
    if (deleteFiles) {
      await rm(this.#o.postDir, { recursive: true, force: true });
      this.#status = NOT_STARTED;
      this.#o.events.dataDeleted();
      this.#o.log(`smeshing stopped; PoST data deleted (${this.#o.postDir})`);
    } else {
      if (this.#status.state === 'in-progress' || wasSmeshing)
        this.#status = { ...this.#status, state: 'paused' };
      this.#o.log('smeshing stopped');
    }
  }

  /** Ends an initialization in progress (the node is stopping); the data stays resumable. */
  async close(): Promise<void> {
    const init = this.#init;
    if (init === null) return;
    init.abort.abort();
    await init.done;
  }

  /** Initializes (or resumes) the data, then starts the node's ATX builder. */
  #begin(nodeId: Uint8Array, o: StartSmeshing): void {
    const network = this.#o.network;
    const total = BigInt(o.numUnits) * BigInt(network.post.labelsPerUnit);
    const golden = configGoldenAtx(network);
    const smesher = encodeBase64(nodeId);
    const abort = new AbortController();
    this.#status = {
      state: 'in-progress',
      numLabelsWritten: 0n,
      numUnits: o.numUnits,
      dataDir: this.#o.postDir,
      totalLabels: total,
      provider: 'cpu',
    };
    this.#o.events.initStarted(o.numUnits, smesher, golden);
    this.#o.log(
      `smeshing started: ${o.numUnits} units, coinbase ${bytesToHex(o.coinbase)}; PoST data in ${this.#o.postDir}`,
    );
    const done = (async () => {
      try {
        const post = await ensurePostData({
          dir: this.#o.postDir,
          network,
          nodeId,
          numUnits: o.numUnits,
          ...(this.#o.postThreads === undefined ? {} : { threads: this.#o.postThreads }),
          ...(o.maxFileSize === 0n ? {} : { maxFileSize: o.maxFileSize }),
          signal: abort.signal,
          onProgress: (p) => (this.#status = withInitProgress(this.#status, p)),
          log: this.#o.log,
        });
        this.#status = {
          ...this.#status,
          state: 'complete',
          numLabelsWritten: total,
          etaSeconds: 0,
        };
        this.#o.events.initComplete(smesher);
        this.#o.node.startSmeshing({
          coinbase: o.coinbase,
          post,
          poet: new HttpPoetSeam(new PoetClient({ url: this.#o.poets[0]! })),
        });
        this.#o.events.smeshingStarted();
      } catch (e) {
        // A stop leaves the data resumable: not a failure.
        if (abort.signal.aborted) return;
        const message = e instanceof Error ? e.message : String(e);
        this.#status = { ...this.#status, state: 'error', error: message };
        this.#o.events.initFailed(smesher, golden, message);
        this.#o.log(`post init: ${message}`);
      } finally {
        this.#init = null;
      }
    })();
    this.#init = { abort, done };
  }
}
