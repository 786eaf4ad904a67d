// Smeshing in the browser node, set up at runtime (the app's wizard calls StartSmeshing): PoST
// initialization runs in a PoST worker (WebGPU, or the CPU over Web Workers) into OPFS, resumable
// after a reload or a stop; then the node's ATX builder starts with a label reader over the same
// OPFS files and the network's PoET. The setup is kept in the node's store (host-state.ts), so a
// reload resumes initialization and smeshing as the user left them. StopSmeshing pauses both
// (a later start resumes); with deleteFiles it also removes the PoST data.
import { proxy, wrap, type Remote } from 'comlink';
import { bytesToHex } from '@noble/hashes/utils.js';
import { HttpPoetSeam } from '../../lib/activation/poet-seam.ts';
import { withInitProgress } from '../../lib/api/context.ts';
import type { PostSetupInfo, SmeshingControl, StartSmeshing } from '../../lib/api/context.ts';
import type { SmesherEventLog } from '../../lib/api/smesher-events.ts';
import { encodeBase64 } from '../../lib/api/v2alpha1/shape.ts';
import { configGoldenAtx } from '../../lib/config/genesis.ts';
import type { NetworkConfig } from '../../lib/config/types.ts';
import type { FullNode } from '../../lib/node/full-node.ts';
import {
  coinbaseBytes,
  deleteSmeshingSettings,
  loadSmeshingSettings,
  saveSmeshingSettings,
  type SmeshingSettings,
} from '../../lib/node/host-state.ts';
import { PoetClient } from '../../lib/poet/client.ts';
import type { InitProgress } from '../../lib/post/init.ts';
import { OpfsPostStorage } from '../../lib/post/opfs-storage.ts';
import { StorageLabelReader } from '../../lib/post/storage-reader.ts';
import type { Store } from '../../lib/store/interface.ts';
import type { PostWorkerApi } from '../post.worker.ts';

export interface BrowserSmeshingOptions {
  readonly node: FullNode;
  readonly store: Store;
  readonly network: NetworkConfig;
  readonly poets: readonly string[];
  readonly events: SmesherEventLog;
  readonly log: (line: string) => void;
}

/** The OPFS directory of this node's PoST data (one per network and node key). */
export function postDirName(network: NetworkConfig, nodeId: Uint8Array): string {
  return `post-${network.name}-${bytesToHex(nodeId).slice(0, 16)}`;
}

function providerOf(id: number | undefined): 'auto' | 'webgpu' | 'cpu' {
  return id === 0 ? 'webgpu' : id === 1 ? 'cpu' : 'auto';
}

export class BrowserSmeshing implements SmeshingControl {
  readonly #o: BrowserSmeshingOptions;
  #status: PostSetupInfo;
  /** The init in flight: its worker (cancel = stop resumably). */
  #init: { worker: Worker; api: Remote<PostWorkerApi>; done: Promise<void> } | null = null;
  readonly #nodeId: Uint8Array;
  /** The saved setup (the wizard's choice), once there is one. */
  #settings: SmeshingSettings | undefined;

  constructor(o: BrowserSmeshingOptions) {
    this.#o = o;
    const id = o.node.nodeId;
    if (id === null) throw new Error('the browser node has no key');
    this.#nodeId = id;
    this.#status = { state: 'not-started', numLabelsWritten: 0n, numUnits: 0, dataDir: '' };
  }

  get dir(): string {
    return postDirName(this.#o.network, this.#nodeId);
  }

  status(): PostSetupInfo {
    return this.#status;
  }

  /** The chosen reward address, also while stopped (the app resumes with it). */
  get coinbase(): Uint8Array | undefined {
    return this.#settings === undefined ? undefined : coinbaseBytes(this.#settings.coinbase);
  }

  /** After boot: resumes what the user left running. */
  async resume(): Promise<void> {
    const s = await loadSmeshingSettings(this.#o.store);
    if (s === undefined) return;
    this.#settings = s;
    this.#status = {
      state: 'paused',
      numLabelsWritten: 0n,
      numUnits: s.numUnits,
      dataDir: this.dir,
      totalLabels: this.#total(s.numUnits),
    };
    if (s.active) this.#begin(s);
  }

  async start(o: StartSmeshing): Promise<void> {
    const post = this.#o.network.post;
    if (o.numUnits < post.minNumUnits || o.numUnits > post.maxNumUnits)
      throw new Error(
        `numUnits must be between ${post.minNumUnits} and ${post.maxNumUnits} on ${this.#o.network.name}`,
      );
    if (this.#o.poets.length === 0)
      throw new Error('this network names no PoET server: smeshing needs one');
    if (this.#init !== null || this.#o.node.smeshing) throw new Error('already smeshing');
    const prev = await loadSmeshingSettings(this.#o.store);
    if (prev !== undefined && prev.numUnits !== o.numUnits && this.#status.state !== 'not-started')
      throw new Error(
        `PoST data of ${prev.numUnits} units exists: stop with deleteFiles to change the size`,
      );
    const s: SmeshingSettings = {
      coinbase: bytesToHex(o.coinbase),
      numUnits: o.numUnits,
      ...(o.providerId === undefined ? {} : { providerId: o.providerId }),
      maxFileSize: o.maxFileSize.toString(),
      active: true,
    };
    await saveSmeshingSettings(this.#o.store, s);
    this.#settings = s;
    this.#begin(s);
  }

  async stop(deleteFiles: boolean): Promise<void> {
    const s = await loadSmeshingSettings(this.#o.store);
    if (s !== undefined) {
      this.#settings = deleteFiles ? undefined : { ...s, active: false };
      if (deleteFiles) await deleteSmeshingSettings(this.#o.store);
      else await saveSmeshingSettings(this.#o.store, this.#settings!);
    }
    const init = this.#init;
    if (init !== null) {
      void init.api.cancel();
      await init.done;
    }
    const wasSmeshing = this.#o.node.smeshing;
    await this.#o.node.stopSmeshing();
    if (wasSmeshing) this.#o.events.smeshingStopped();
    if (deleteFiles) {
      const root = await navigator.storage.getDirectory();
      await root.removeEntry(this.dir, { recursive: true }).catch((e: unknown) => {
        if (!(e instanceof DOMException && e.name === 'NotFoundError')) throw e;
      });
      this.#status = { state: 'not-started', numLabelsWritten: 0n, numUnits: 0, dataDir: '' };
      this.#o.events.dataDeleted();
    } else if (this.#status.state !== 'complete' || wasSmeshing) {
      this.#status = { ...this.#status, state: 'paused' };
    }
  }

  #total(numUnits: number): bigint {
    return BigInt(numUnits) * BigInt(this.#o.network.post.labelsPerUnit);
  }

  /** Initializes (or resumes) the data, then starts the node's smeshing. */
  #begin(s: SmeshingSettings): void {
    const worker = new Worker(new URL('../post.worker.ts', import.meta.url), {
      type: 'module',
      name: 'smesh-post',
    });
    const api = wrap<PostWorkerApi>(worker);
    const golden = configGoldenAtx(this.#o.network);
    const total = this.#total(s.numUnits);
    const smesher = encodeBase64(this.#nodeId);
    this.#status = {
      state: 'in-progress',
      numLabelsWritten: 0n,
      numUnits: s.numUnits,
      dataDir: this.dir,
      totalLabels: total,
    };
    this.#o.events.initStarted(s.numUnits, smesher, golden);
    const onProgress = (p: InitProgress) => {
      this.#status = withInitProgress(this.#status, p);
    };
    const done = (async () => {
      try {
        const result = await api.init(
          {
            dir: this.dir,
            nodeId: this.#nodeId,
            commitmentAtxId: golden,
            numUnits: s.numUnits,
            labelsPerUnit: BigInt(this.#o.network.post.labelsPerUnit),
            scryptN: this.#o.network.post.scrypt.n,
            ...(s.maxFileSize === '0' ? {} : { maxFileSize: BigInt(s.maxFileSize) }),
            provider: providerOf(s.providerId),
          },
          proxy(onProgress),
        );
        this.#status = {
          ...this.#status,
          state: 'complete',
          numLabelsWritten: total,
          provider: result.provider,
          etaSeconds: 0,
        };
        this.#o.events.initComplete(smesher);
        const root = await navigator.storage.getDirectory();
        const dir = await root.getDirectoryHandle(this.dir);
        const reader = await StorageLabelReader.openStorage(new OpfsPostStorage(dir), this.dir);
        this.#o.node.startSmeshing({
          coinbase: coinbaseBytes(s.coinbase),
          post: { metadata: reader.metadata, reader },
          poet: new HttpPoetSeam(new PoetClient({ url: this.#o.poets[0]! })),
        });
        this.#o.events.smeshingStarted();
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        // A cancel (stop) leaves the data resumable: not a failure.
        if (/abort|cancel/i.test(message)) return;
        this.#status = { ...this.#status, state: 'error', error: message };
        this.#o.events.initFailed(smesher, golden, message);
        this.#o.log(`post init: ${message}`);
      } finally {
        this.#init = null;
        await api.close().catch(() => undefined);
        worker.terminate();
      }
    })();
    this.#init = { worker, api, done };
  }
}
