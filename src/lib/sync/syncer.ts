// Fetching what the node is missing, dependencies first (go-spacemesh syncer/ and the handlers'
// fetch of referenced objects): an ATX needs its previous, positioning and commitment ATXs; a
// ballot its ATX, reference ballot, base ballot and active set; a block its reward ATXs and
// transactions. Everything fetched goes through the same handlers as gossip (as synced data, not
// held to the gossip time window), so nothing unvalidated is stored. Concurrent requests for one
// object share one fetch.
import { bytesToHex } from '@noble/hashes/utils.js';
import { equalBytes } from '../bytes.ts';
import { configGoldenAtx } from '../config/genesis.ts';
import { AtxValidationError } from '../mesh/atx/errors.ts';
import type { AtxHeader } from '../mesh/atx/store.ts';
import { BallotValidationError } from '../mesh/ballot/errors.ts';
import type { NodeParts } from '../node/components.ts';
import { decodeAtxV1 } from '../types/atx.ts';
import type { ActivationTxV1 } from '../types/atx.ts';
import type { Ballot } from '../types/ballot.ts';
import { ballotId, decodeBallot, decodeEpochActiveSet } from '../types/ballot.ts';
import type { Block } from '../types/block.ts';
import { blockId, decodeBlock } from '../types/block.ts';
import { EMPTY_ATX_ID } from '../types/common.ts';
import type { Fetcher } from './fetcher.ts';
import { Hint } from './protocol.ts';

export interface SyncHooks {
  atxStored(header: AtxHeader): void;
  ballotStored(ballot: Ballot, id: Uint8Array): Promise<void>;
  blockStored(block: Block, id: Uint8Array): void;
}

const EMPTY20 = new Uint8Array(20);

export class Syncer {
  readonly #p: NodeParts;
  readonly #f: Fetcher;
  readonly #hooks: SyncHooks;
  readonly #golden: Uint8Array;
  readonly #inflight = new Map<string, Promise<boolean>>();
  /** Booted from a checkpoint at this layer (null: from genesis). */
  readonly #restoreLayer: number | null;

  constructor(
    parts: NodeParts,
    fetcher: Fetcher,
    hooks: SyncHooks,
    /** A node booted from a checkpoint: see ensureBallot. */
    options?: { readonly restoreLayer: number },
  ) {
    this.#p = parts;
    this.#f = fetcher;
    this.#hooks = hooks;
    this.#golden = configGoldenAtx(parts.network);
    this.#restoreLayer = options?.restoreLayer ?? null;
  }

  #once(kind: string, id: Uint8Array, run: () => Promise<boolean>): Promise<boolean> {
    const key = `${kind}:${bytesToHex(id)}`;
    const running = this.#inflight.get(key);
    if (running) return running;
    const p = run().finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, p);
    return p;
  }

  async #fetchOne(hint: Hint, id: Uint8Array, peer?: string): Promise<Uint8Array | undefined> {
    return (await this.#f.hashes(hint, [id], peer)).get(bytesToHex(id));
  }

  /** The ATX `id` is stored (fetched with its dependencies if needed); false when unobtainable. */
  ensureAtx(id: Uint8Array, peer?: string): Promise<boolean> {
    if (equalBytes(id, this.#golden) || equalBytes(id, EMPTY_ATX_ID)) return Promise.resolve(true);
    return this.#once('atx', id, async () => {
      if (await this.#p.atxHandler.atxs.has(id)) return true;
      const blob = await this.#fetchOne(Hint.ATX, id, peer);
      if (blob === undefined) return false;
      if (!(await this.ensureAtxDeps(decodeAtxV1(blob), peer))) return false;
      try {
        const r = await this.#p.atxHandler.handleAtx(blob);
        if (r.status === 'stored') {
          this.#hooks.atxStored(r.header);
          if (r.malfeasance !== null) await this.#p.malfeasance.publish(r.malfeasance);
        }
        return true;
      } catch (e) {
        if (e instanceof AtxValidationError) return false;
        throw e;
      }
    });
  }

  /** What an ATX needs before its handler can validate it: its previous, positioning and
   *  commitment ATXs. */
  async ensureAtxDeps(atx: ActivationTxV1, peer?: string): Promise<boolean> {
    for (const dep of [atx.prevATXID, atx.positioningATXID, atx.commitmentATXID])
      if (dep !== null && !(await this.ensureAtx(dep, peer))) return false;
    return true;
  }

  ensureActiveSet(hash: Uint8Array, peer?: string): Promise<boolean> {
    return this.#once('activeset', hash, async () => {
      if (await this.#p.activeSets.has(hash)) return true;
      const blob = await this.#fetchOne(Hint.ACTIVE_SET, hash, peer);
      if (blob === undefined) return false;
      const set = decodeEpochActiveSet(blob);
      for (const id of set.set) if (!(await this.ensureAtx(id, peer))) return false;
      await this.#p.activeSets.add(set);
      return true;
    });
  }

  /** What a ballot needs before its handler can validate it. */
  async ensureBallotDeps(b: Ballot, peer?: string): Promise<boolean> {
    if (!(await this.ensureAtx(b.atxID, peer))) return false;
    if (b.epochData !== null) {
      if (!(await this.ensureActiveSet(b.epochData.activeSetHash, peer))) return false;
    } else if (!equalBytes(b.refBallot, EMPTY20) && !(await this.ensureBallot(b.refBallot, peer)))
      return false;
    if (!equalBytes(b.votes.base, EMPTY20) && !(await this.ensureBallot(b.votes.base, peer)))
      return false;
    return true;
  }

  ensureBallot(id: Uint8Array, peer?: string): Promise<boolean> {
    return this.#once('ballot', id, async () => {
      if (await this.#p.ballots.ballots.has(id)) return true;
      const blob = await this.#fetchOne(Hint.BALLOT, id, peer);
      if (blob === undefined) return false;
      const ballot = decodeBallot(blob);
      if (this.#restoreLayer !== null && ballot.layer < this.#restoreLayer) {
        // Before a checkpoint's restore layer the mesh is the checkpoint's: such a ballot is
        // only ever a base ballot named by a later one, kept by id for the ballot handler and
        // never counted (the tortoise rebases the later ballot: node/restored.ts). Its
        // dependencies lie before the checkpoint, so none are fetched.
        if (!equalBytes(ballotId(ballot), id)) return false;
        const flags = { firstInLayer: false, refOfEpoch: false, malicious: false };
        await this.#p.store.batch(this.#p.ballots.ballots.addOps(ballot, flags));
        return true;
      }
      if (!(await this.ensureBallotDeps(ballot, peer))) return false;
      try {
        const r = await this.#p.ballots.handleBallot(blob);
        await this.#hooks.ballotStored(ballot, r.id);
        if (r.malfeasance !== null) await this.#p.malfeasance.publish(r.malfeasance);
        return true;
      } catch (e) {
        if (e instanceof BallotValidationError) return e.reason === 'known-ballot';
        throw e;
      }
    });
  }

  ensureBlock(id: Uint8Array, peer?: string): Promise<boolean> {
    return this.#once('block', id, async () => {
      const blocks = this.#p.executor.blocks;
      if (await blocks.has(id)) return true;
      const blob = await this.#fetchOne(Hint.BLOCK, id, peer);
      if (blob === undefined) return false;
      const block = decodeBlock(blob);
      for (const r of block.rewards) if (!(await this.ensureAtx(r.atxID, peer))) return false;
      const missing: Uint8Array[] = [];
      for (const tx of block.txIDs) if (!(await this.#p.txs.has(tx))) missing.push(tx);
      if (missing.length > 0) {
        const got = await this.#f.hashes(Hint.TX, missing, peer);
        if (got.size !== missing.length) return false;
        await this.#p.store.batch(
          missing.map((tx) => this.#p.txs.rawOp(tx, got.get(bytesToHex(tx))!)),
        );
      }
      await this.#p.store.batch(blocks.addOps(block));
      this.#hooks.blockStored(block, blockId(block));
      return true;
    });
  }

  /**
   * Fork finding (go-spacemesh syncer/find_fork.go, simplified): one peer in rotation is asked
   * for its mesh hashes of [from, to]; every layer where it has a hash and ours differs (or we
   * have none) is synced from that peer. After a partition heals this pulls in the other side's
   * ballots and blocks, so the tortoise can count them. Returns the layers synced.
   */
  async findForks(from: number, to: number): Promise<number[]> {
    const peer = this.#f.nextPeer();
    if (peer === undefined || to < from) return [];
    const theirs = await this.#f.meshHashes(peer, from, to);
    if (theirs === undefined) return [];
    const synced: number[] = [];
    for (let l = from; l <= to; l++) {
      const hash = theirs[l - from];
      if (hash === null || hash === undefined) continue;
      const ours = await this.#p.executor.blocks.meshHash(l);
      if (ours !== undefined && equalBytes(ours, hash)) continue;
      await this.syncLayer(l, peer);
      synced.push(l);
    }
    return synced;
  }

  /** ATXs published in `epoch` that a peer knows and we do not. */
  async syncEpoch(epoch: number, peer?: string): Promise<void> {
    const ids = await this.#f.epochAtxs(epoch, peer);
    for (const id of ids ?? []) await this.ensureAtx(id, peer);
  }

  /**
   * A layer's ballots and blocks that a peer has and we do not. Returns the peer's hare output
   * for the layer when it has one (certified elsewhere; the node decides what to do with it).
   */
  async syncLayer(
    layer: number,
    peer?: string,
  ): Promise<{ hareKnown: boolean; hareBlock: Uint8Array | null } | undefined> {
    const data = await this.#f.layerData(layer, peer);
    if (data === undefined) return undefined;
    for (const id of data.ballots) await this.ensureBallot(id, peer);
    for (const id of data.blocks) await this.ensureBlock(id, peer);
    return { hareKnown: data.hareKnown, hareBlock: data.hareBlock };
  }
}
