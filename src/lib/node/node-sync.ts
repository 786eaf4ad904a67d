// The node's side of fetch and sync (go-spacemesh syncer/ driving fetch/): it serves its stores
// to peers, and runs its own sync jobs one at a time beside the layer work — catching up on
// epochs' ATXs and layers each layer, fork finding after a healed partition, fetching what gossip
// named and we lack, and blocks the tortoise or a ballot needs.
import type { NodeParts } from './components.ts';
import type { NodeEvents } from './events.ts';
import type { Requester } from '../p2p/interface.ts';
import { Fetcher } from '../sync/fetcher.ts';
import { serveSync } from '../sync/server.ts';
import { Syncer } from '../sync/syncer.ts';
import type { SyncHooks } from '../sync/syncer.ts';
import { decodeAtxV1 } from '../types/atx.ts';
import { decodeProposal } from '../types/proposal.ts';
import { handleAtx, handleProposal } from './gossip-handlers.ts';

export class NodeSync {
  readonly #p: NodeParts;
  readonly #syncer: Syncer;
  readonly #events: NodeEvents;
  readonly #onError: (e: unknown) => void;
  readonly #effectiveGenesis: number;
  /** Layers up to this one were synced from a peer (or seen live). */
  #syncedUpTo: number;
  #syncedEpoch = -1;
  /** Sync work runs one job at a time, beside the layer work. */
  #tail: Promise<void> = Promise.resolve();

  constructor(
    parts: NodeParts,
    requester: Requester,
    events: NodeEvents & SyncHooks,
    effectiveGenesis: number,
    onError: (e: unknown) => void,
    /** Booted from a checkpoint: ATXs before the restore layer's epoch came with it, and
     *  ballots before it are kept as base ballots only (Syncer's restoreLayer). */
    restore?: { readonly restoreLayer: number },
  ) {
    this.#p = parts;
    this.#syncer = new Syncer(
      parts,
      new Fetcher(requester),
      events,
      restore === undefined ? undefined : { restoreLayer: restore.restoreLayer },
    );
    this.#events = events;
    this.#onError = onError;
    this.#effectiveGenesis = effectiveGenesis;
    this.#syncedUpTo = effectiveGenesis;
    // The epoch before the restore layer's is synced again: ATXs published late in it, after the
    // checkpoint was taken, still count for the restore layer's epoch.
    if (restore !== undefined)
      this.#syncedEpoch = Math.floor(restore.restoreLayer / parts.network.layersPerEpoch) - 2;
  }

  /** Starts answering peers' fetch and sync requests; returns the function that stops it. */
  static serve(requester: Requester, parts: NodeParts): () => void {
    return serveSync(requester, parts);
  }

  /** Queues `job` behind the sync work already queued. */
  run(job: () => Promise<void>): void {
    this.#tail = this.#tail.then(job).catch(this.#onError);
  }

  /** Fetches a block a ballot supports or the tortoise decided valid, unless we have it. */
  ensureBlock(id: Uint8Array): void {
    this.run(async () => void (await this.#syncer.ensureBlock(id)));
  }

  /**
   * Gossip named something we do not have (an ATX's previous ATX, a ballot's base ballot, …):
   * fetch it from the sender, then handle the message again, as synced data.
   */
  missingDependencies(kind: 'atx' | 'proposal', bytes: Uint8Array, from: string): void {
    this.run(async () => {
      if (kind === 'atx') {
        if (!(await this.#syncer.ensureAtxDeps(decodeAtxV1(bytes), from))) return;
        await handleAtx(this.#p, this.#events, bytes, false);
      } else {
        if (!(await this.#syncer.ensureBallotDeps(decodeProposal(bytes).ballot, from))) return;
        await handleProposal(this.#p, this.#events, bytes, from, false);
      }
    });
  }

  /**
   * Catching up at the start of `layer`: every epoch's ATXs we missed, then the epoch being
   * published now (ATXs that did not reach us by gossip, e.g. across a partition, still count
   * for the next epoch); every layer since the last synced one; and fork finding over the last
   * two epochs (layers we executed differently from a peer: fetch its side).
   */
  recent(layer: number): void {
    const syncer = this.#syncer;
    this.run(async () => {
      const lpe = this.#p.network.layersPerEpoch;
      const epoch = Math.floor(layer / lpe);
      for (let e = Math.max(0, this.#syncedEpoch + 1); e < epoch; e++) await syncer.syncEpoch(e);
      this.#syncedEpoch = Math.max(this.#syncedEpoch, epoch - 1);
      await syncer.syncEpoch(epoch);
      for (let l = this.#syncedUpTo + 1; l < layer; l++) {
        if ((await syncer.syncLayer(l)) === undefined) return;
        this.#syncedUpTo = l;
      }
      await syncer.findForks(Math.max(this.#effectiveGenesis + 1, layer - 2 * lpe), layer - 1);
    });
  }
}
