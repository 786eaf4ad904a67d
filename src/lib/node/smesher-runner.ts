// The node's ATX builder, started and stopped at runtime (go-spacemesh's StartSmeshing /
// StopSmeshing around activation.Builder): one run at a time, stopped with the node, and
// resumable — the builder keeps its progress in the store, so a stop and a later start lose
// nothing. The builder of the last run stays reachable for its PoET proofs.
import { AtxBuilder } from '../activation/builder.ts';
import type { BuilderEvent } from '../activation/builder.ts';
import type { PoetSeam } from '../activation/poet-seam.ts';
import type { NetworkConfig } from '../config/types.ts';
import type { TimeSource, Timer } from '../clock/interface.ts';
import type { LabelReader } from '../post/interface.ts';
import type { PostMetadata } from '../post/metadata.ts';
import type { Store } from '../store/interface.ts';
import { Topic } from '../p2p/interface.ts';
import type { NodeParts } from './components.ts';

/** What smeshing needs besides the node's key: where rewards go, the PoST data, a PoET. */
export interface SmeshingOptions {
  /** 24-byte reward address. */
  readonly coinbase: Uint8Array;
  readonly post: { readonly metadata: PostMetadata; readonly reader: LabelReader };
  readonly poet: PoetSeam;
}

export interface SmesherOptions extends SmeshingOptions {
  readonly secretKey: Uint8Array;
}

export interface SmesherRunnerDeps {
  readonly network: NetworkConfig;
  readonly store: Store;
  readonly time: TimeSource;
  readonly timer: Timer;
  readonly parts: NodeParts;
  /** The node's lifetime: a run stops with it. */
  readonly signal: AbortSignal;
  readonly onEvent: (e: BuilderEvent) => void;
  readonly onError: (e: unknown) => void;
}

export class SmesherRunner {
  readonly #d: SmesherRunnerDeps;
  #builder: AtxBuilder | null = null;
  #run: { abort: AbortController; done: Promise<void>; coinbase: Uint8Array } | null = null;

  constructor(d: SmesherRunnerDeps) {
    this.#d = d;
  }

  get running(): boolean {
    return this.#run !== null;
  }

  get coinbase(): Uint8Array | null {
    return this.#run?.coinbase ?? null;
  }

  /** The latest run's builder (its PoET proofs outlive a stop). */
  get builder(): AtxBuilder | null {
    return this.#builder;
  }

  start(s: SmesherOptions): void {
    if (this.#run !== null) throw new Error('already smeshing');
    const d = this.#d;
    const p = d.parts;
    const builder = new AtxBuilder({
      network: d.network,
      secretKey: s.secretKey,
      store: d.store,
      post: { metadata: s.post.metadata, reader: s.post.reader },
      poet: s.poet,
      atxStore: p.atxHandler.atxs,
      publish: async (bytes) => {
        const r = await p.gossip.publish(Topic.ATX, bytes);
        if (r === 'reject') throw new Error('own ATX refused by the local handler');
      },
      coinbase: s.coinbase,
      time: d.time,
      timer: d.timer,
      onEvent: d.onEvent,
    });
    this.#builder = builder;
    const abort = new AbortController();
    const stop = () => abort.abort();
    d.signal.addEventListener('abort', stop);
    const done = builder
      .run(abort.signal)
      .catch((e: unknown) => d.onError(e))
      .finally(() => d.signal.removeEventListener('abort', stop));
    this.#run = { abort, done, coinbase: s.coinbase };
  }

  /** Stops the run and waits until it has. */
  async stop(): Promise<void> {
    const r = this.#run;
    if (r === null) return;
    this.#run = null;
    r.abort.abort();
    await r.done;
  }
}
