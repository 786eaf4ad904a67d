// A full node: the parts of components.ts driven by the layer clock. Per layer (DESIGN.md, "Data
// flow of one layer"): at its start the tortoise tallies what arrived, verified layers are
// executed by the VM, the smesher publishes its proposal when eligible and hare starts; hare's
// output becomes a block, the block is certified and handed to the tortoise. At an epoch's first
// layer the beacon protocol starts for the next epoch and the smesher opens its epoch session.
// The same class runs in the browser worker, under Node and in the deterministic simulation; the
// host passes the store, the clock's time and timer, and the gossip transport.
import type { BuilderEvent } from '../activation/builder.ts';
import type { EpochSession } from '../consensus/miner/builder.ts';
import type { TimeSource, Timer } from '../clock/interface.ts';
import type { NetworkConfig } from '../config/types.ts';
import type { ModeChange } from '../consensus/tortoise/tortoise.ts';
import { activeSetFromStore } from '../consensus/miner/active-set.ts';
import { BeaconStore } from '../consensus/beacon/store.ts';
import { GENESIS_BEACON_EPOCH } from '../consensus/beacon/votes.ts';
import { tortoiseAtx, tortoiseBallot, tortoiseBlock } from '../consensus/tortoise/inputs.ts';
import type { AtxHeader } from '../mesh/atx/store.ts';
import type { PoetProofProvider } from '../mesh/atx/validation.ts';
import { generateBlock } from '../mesh/block/generator.ts';
import type { Gossip, Requester } from '../p2p/interface.ts';
import { Topic } from '../p2p/interface.ts';
import { equalBytes } from '../bytes.ts';
import type { Store } from '../store/interface.ts';
import { blockId } from '../types/block.ts';
import type { Block } from '../types/block.ts';
import type { Ballot } from '../types/ballot.ts';
import { encodeProposal, proposalId } from '../types/proposal.ts';
import type { Proposal } from '../types/proposal.ts';
import type { Account } from '../vm/state/account.ts';
import { createParts, initState } from './components.ts';
import type { NodeParts } from './components.ts';
import type { NodeEvents } from './events.ts';
import { LayerApplier } from './applier.ts';
import { SmesherRunner, type SmesherOptions, type SmeshingOptions } from './smesher-runner.ts';
import type { AppliedLayer } from './applier.ts';
import { handleAtx, subscribeMeshTopics } from './gossip-handlers.ts';
import { NodeSync } from './node-sync.ts';
import { recoverMesh } from './recover.ts';
import type { Restore } from '../checkpoint/restore.ts';
import { tortoiseBallotAfterRestore } from './restored.ts';

export type { SmeshingOptions, SmesherOptions } from './smesher-runner.ts';

export interface FullNodeOptions {
  /** The network, with its genesis time fixed. */
  readonly network: NetworkConfig;
  readonly store: Store;
  readonly time: TimeSource;
  readonly timer: Timer;
  readonly gossip: Gossip;
  /** Request/response with peers: fetch of missing objects and layer sync. Without it the node
   *  relies on gossip alone. */
  readonly requester?: Requester;
  /** PoET proofs of other smeshers' ATXs by ref (go-spacemesh's poetDb, fed by PoET clients). */
  readonly poetProofs: PoetProofProvider;
  readonly smesher?: SmesherOptions;
  /**
   * The node's key when it does not smesh from the start (go-spacemesh's node always has one):
   * it can then start smeshing at runtime (startSmeshing). Equal to smesher.secretKey when both
   * are given.
   */
  readonly identity?: Uint8Array;
  readonly genesisAccounts?: readonly Account[];
  /** Booted from a checkpoint (src/lib/checkpoint, loadRestore): the mesh starts at
   *  restore.layer with restore.accounts as the state; genesisAccounts are then ignored. */
  readonly restore?: Restore;
  readonly log?: (line: string) => void;
}

export type { AppliedLayer } from './applier.ts';

export type NodeEvent =
  | { readonly type: 'layer'; readonly layer: number }
  | { readonly type: 'applied'; readonly applied: AppliedLayer }
  | { readonly type: 'mode'; readonly change: ModeChange }
  | { readonly type: 'atx'; readonly header: AtxHeader }
  | { readonly type: 'proposal'; readonly layer: number; readonly id: Uint8Array }
  /** A ballot stored (with its proposal, or alone from sync): `id` is the ballot id. */
  | { readonly type: 'ballot'; readonly layer: number; readonly id: Uint8Array }
  | { readonly type: 'hare'; readonly layer: number; readonly proposals: number }
  | { readonly type: 'block'; readonly layer: number; readonly id: Uint8Array | null }
  | { readonly type: 'certificate'; readonly layer: number; readonly block: Uint8Array }
  | { readonly type: 'beacon'; readonly epoch: number; readonly beacon: Uint8Array }
  | { readonly type: 'malicious'; readonly nodeId: Uint8Array }
  | { readonly type: 'smesher'; readonly event: BuilderEvent }
  /** This smesher's epoch session opened: its proposal eligibilities for the epoch. */
  | { readonly type: 'eligibilities'; readonly session: EpochSession }
  /** This smesher's proposal went out. */
  | { readonly type: 'own-proposal'; readonly layer: number; readonly id: Uint8Array }
  | { readonly type: 'refused'; readonly kind: string; readonly reason: string }
  | { readonly type: 'reorg'; readonly layer: number }
  | { readonly type: 'error'; readonly where: string; readonly error: unknown };

const ZERO32 = new Uint8Array(32);

export class FullNode implements NodeEvents {
  readonly parts: NodeParts;
  readonly #o: FullNodeOptions;
  readonly #listeners: ((e: NodeEvent) => void)[] = [];
  readonly #abort = new AbortController();
  readonly #unsubscribe: (() => void)[] = [];
  /** The ATX builder, started with the node (options.smesher) or at runtime. */
  readonly #smesher: SmesherRunner;
  readonly #beacons: BeaconStore;
  /** Fetch and sync with peers; null without a requester (gossip alone). */
  #sync: NodeSync | null = null;
  /** Layer work runs one layer at a time, in order. */
  #tail: Promise<void> = Promise.resolve();
  readonly #applier: LayerApplier;
  #sessionEpoch = -1;
  /** The epoch of the last layer the clock announced (undefined before the first). */
  #layerEpoch: number | undefined;
  #started = false;

  constructor(o: FullNodeOptions) {
    if (
      o.smesher !== undefined &&
      o.identity !== undefined &&
      !equalBytes(o.smesher.secretKey, o.identity)
    )
      throw new Error('identity and smesher.secretKey differ');
    this.#o = o;
    this.parts = createParts({
      network: o.network,
      store: o.store,
      time: o.time,
      timer: o.timer,
      gossip: o.gossip,
      poetProofs: {
        get: async (ref) =>
          (await this.#smesher.builder?.poetProofs.get(ref)) ?? (await o.poetProofs.get(ref)),
      },
      secretKey: o.smesher?.secretKey ?? o.identity ?? null,
      onModeChange: (change) => this.#emit({ type: 'mode', change }),
      onError: (where, error) => this.#emit({ type: 'error', where, error }),
      ...(o.restore === undefined ? {} : { genesisLayer: o.restore.layer - 1 }),
    });
    this.#applier = new LayerApplier(this.parts, this.effectiveGenesis, {
      applied: (applied) => this.#emit({ type: 'applied', applied }),
      reverted: (layer) => this.#emit({ type: 'reorg', layer }),
      missingBlock: (id) => this.#sync?.ensureBlock(id),
    });
    this.#beacons = new BeaconStore(o.store);
    this.#smesher = new SmesherRunner({
      network: o.network,
      store: o.store,
      time: o.time,
      timer: o.timer,
      parts: this.parts,
      signal: this.#abort.signal,
      onEvent: (event) => this.#emit({ type: 'smesher', event }),
      onError: (e) => this.#error('atx-builder', e),
    });
  }

  /** The last layer of genesis: layers up to it have no ballots and execute nothing. */
  get effectiveGenesis(): number {
    // go-spacemesh checkpoint recovery: SetEffectiveGenesis(restore - 1)
    if (this.#o.restore !== undefined) return this.#o.restore.layer - 1;
    return this.#o.network.layersPerEpoch * 2 - 1;
  }

  get nodeId(): Uint8Array | null {
    return this.parts.nodeId;
  }

  /** Executed layers, in order. */
  get applied(): readonly AppliedLayer[] {
    return this.#applier.applied;
  }

  get lastApplied(): number {
    return this.#applier.lastApplied;
  }

  onEvent(listener: (e: NodeEvent) => void): () => void {
    this.#listeners.push(listener);
    return () => {
      const i = this.#listeners.indexOf(listener);
      if (i >= 0) this.#listeners.splice(i, 1);
    };
  }

  #emit(e: NodeEvent): void {
    for (const l of this.#listeners) l(e);
  }

  #error(where: string, error: unknown): void {
    this.#emit({ type: 'error', where, error });
    this.#o.log?.(`${where}: ${error instanceof Error ? error.message : String(error)}`);
  }

  async start(): Promise<void> {
    if (this.#started) throw new Error('node already started');
    this.#started = true;
    const p = this.parts;
    const restore = this.#o.restore;
    if (restore === undefined) await initState(p, this.#o.genesisAccounts ?? []);
    else await p.state.commit(restore.layer - 1, restore.accounts);
    // Genesis epochs' beacons are known without a protocol run, never stored and never announced:
    // the tortoise gets them here, or a node that joins after them (a late joiner syncing their
    // ballots) counts none of those ballots and can never encode its votes, so never proposes.
    for (let epoch = 0; epoch <= GENESIS_BEACON_EPOCH; epoch++) {
      const beacon = p.beacon.get(epoch);
      if (beacon !== undefined) p.tortoise.onBeacon(epoch, beacon);
    }
    await recoverMesh(p, this.#beacons, this, this.effectiveGenesis);
    this.#unsubscribe.push(...subscribeMeshTopics(p, this));
    const requester = this.#o.requester;
    if (requester !== undefined) {
      this.#unsubscribe.push(NodeSync.serve(requester, p));
      this.#sync = new NodeSync(
        p,
        requester,
        this,
        this.effectiveGenesis,
        (e) => this.#error('sync', e),
        restore === undefined ? undefined : { restoreLayer: restore.layer },
      );
    }
    p.malfeasance.subscribe();
    p.malfeasance.onMalicious((nodeId) => {
      p.epochAtxs.invalidate();
      p.tortoise.onMalfeasance(nodeId);
      this.#emit({ type: 'malicious', nodeId });
    });
    p.beacon.onBeacon((epoch, beacon) => {
      p.tortoise.onBeacon(epoch, beacon);
      this.#beacons.put(epoch, beacon).catch((e: unknown) => this.#error('beacon-store', e));
      this.#emit({ type: 'beacon', epoch, beacon });
    });
    p.hare.onOutput((out) => this.#queue(() => this.#onHareOutput(out.layer, out.proposals)));
    p.hare.onCoin((c) => p.tortoise.onWeakCoin(c.layer, c.coin));
    p.hare.onMalfeasance((proof) => {
      p.malfeasance.publish(proof).catch((e: unknown) => this.#error('malfeasance', e));
    });
    p.certifier.onCertificate((c) =>
      this.#emit({ type: 'certificate', layer: c.layer, block: c.blockId }),
    );
    if (this.#o.smesher !== undefined) this.#smesher.start(this.#o.smesher);
    this.#unsubscribe.push(p.clock.onLayer((layer) => this.#queue(() => this.#onLayer(layer))));
  }

  /** Whether the ATX builder runs (this node works towards its next ATX). */
  get smeshing(): boolean {
    return this.#smesher.running;
  }

  /** The reward address while smeshing. */
  get coinbase(): Uint8Array | null {
    return this.#smesher.coinbase;
  }

  /**
   * Starts smeshing on a running node with a key (go-spacemesh's StartSmeshing): the ATX
   * builder resumes from its persisted state, so stopping and starting again loses nothing.
   */
  startSmeshing(o: SmeshingOptions): void {
    const secretKey = this.#o.smesher?.secretKey ?? this.#o.identity;
    if (secretKey === undefined) throw new Error('this node has no key to smesh with');
    if (!this.#started || this.#abort.signal.aborted) throw new Error('node is not running');
    this.#smesher.start({ ...o, secretKey });
  }

  /**
   * Stops the ATX builder (go-spacemesh's StopSmeshing) and waits until it has. What it has
   * published stays; ballots of epochs it already has an ATX for are still built.
   */
  stopSmeshing(): Promise<void> {
    return this.#smesher.stop();
  }

  async stop(): Promise<void> {
    this.#abort.abort();
    for (const u of this.#unsubscribe.splice(0)) u();
    this.parts.hare.stop();
    this.parts.certifier.stop();
    this.parts.beacon.stop();
    this.parts.clock.close();
    await this.#tail;
  }

  #queue(job: () => Promise<void>): void {
    this.#tail = this.#tail.then(job).catch((e: unknown) => this.#error('layer', e));
  }

  // --- NodeEvents (from the gossip handlers) ---------------------------------------------------

  atxStored(header: AtxHeader): void {
    this.parts.epochAtxs.invalidate(header.publishEpoch + 1);
    this.parts.tortoise.onAtx(header.publishEpoch + 1, tortoiseAtx(header));
    this.#emit({ type: 'atx', header });
  }

  async proposalStored(proposal: Proposal, ballotId: Uint8Array): Promise<void> {
    await this.ballotStored(proposal.ballot, ballotId);
    this.#emit({ type: 'proposal', layer: proposal.ballot.layer, id: ballotId });
  }

  /** A stored ballot: its votes go to the tortoise, its epoch's beacon to the beacon. */
  async ballotStored(b: Ballot, ballotId: Uint8Array): Promise<void> {
    const p = this.parts;
    this.#emit({ type: 'ballot', layer: b.layer, id: ballotId });
    const malicious = await p.malfeasance.isMalicious(b.smesherID);
    try {
      const restore = this.#o.restore;
      p.tortoise.onBallot(
        restore === undefined
          ? tortoiseBallot(ballotId, b, malicious)
          : await tortoiseBallotAfterRestore(p, restore.layer, ballotId, b, malicious),
      );
    } catch (e) {
      this.#error('tortoise-ballot', e);
    }
    // Blocks the ballot supports and we never saw (our hare failed or we were cut off): the
    // tortoise votes against a block without data, so fetch it.
    const sync = this.#sync;
    if (sync !== null)
      for (const v of b.votes.support)
        if (!(await p.executor.blocks.has(v.id))) sync.ensureBlock(v.id);
    if (b.epochData !== null) {
      const atx = await p.atxHandler.atxs.header(b.atxID);
      if (atx !== undefined)
        p.beacon.reportBeaconFromBallot(
          Math.floor(b.layer / this.#o.network.layersPerEpoch),
          b.epochData.beacon,
          atx.weight,
          { eligibilities: b.epochData.eligibilityCount, ballotId },
        );
    }
  }

  /** A block fetched from a peer: the tortoise learns it has the data. */
  blockStored(block: Block, id: Uint8Array): void {
    this.parts.tortoise.onBlock(tortoiseBlock(id, block));
  }

  missingDependencies(kind: 'atx' | 'proposal', bytes: Uint8Array, from: string): void {
    this.#sync?.missingDependencies(kind, bytes, from);
  }

  refused(kind: 'atx' | 'proposal' | 'tx', reason: string): void {
    this.#emit({ type: 'refused', kind, reason });
  }

  /** Hands ATX bytes to the handler as if synced (tests, checkpoints). */
  handleAtx(bytes: Uint8Array): Promise<string> {
    return handleAtx(this.parts, this, bytes, false);
  }

  // --- per layer -------------------------------------------------------------------------------

  async #onLayer(layer: number): Promise<void> {
    const p = this.parts;
    const lpe = this.#o.network.layersPerEpoch;
    const epoch = Math.floor(layer / lpe);
    this.#emit({ type: 'layer', layer });
    // The epoch's start work runs on its first layer, or on the first layer the clock announces
    // in it when the host slept across the boundary (a throttled tab): a late beacon run is
    // better than none, which would leave the node without the next epoch's beacon.
    // (go-spacemesh's beacon walks every layer too; a node started mid-epoch waits for the next.)
    const crossed = this.#layerEpoch !== undefined && epoch > this.#layerEpoch;
    this.#layerEpoch = epoch;
    // (The tortoise has every beacon already: the genesis ones from start(), the others from the
    // beacon's onBeacon.)
    if (layer % lpe === 0 || crossed)
      void p.beacon.startEpoch(epoch).catch((e: unknown) => this.#error('beacon', e));
    if (layer <= this.effectiveGenesis) {
      if (layer === this.effectiveGenesis) await this.#prepareNextEpoch(layer);
      return;
    }
    this.#sync?.recent(layer);
    await this.#tally(layer);
    // Hare first: a smesher that cannot build its ballot this layer (e.g. the tortoise lacks a
    // weak coin it needs to vote) must still take part in hare, or it never gets the next coin.
    p.hare.start(layer);
    if (p.builder === null) return;
    try {
      if (this.#sessionEpoch !== epoch) await this.#openSession(epoch);
      await this.#propose(layer);
    } catch (e) {
      this.#error('proposal', e);
    }
    await this.#prepareNextEpoch(layer);
  }

  /**
   * On an epoch's last layer, once this layer's proposal is out: the next epoch's session. Its
   * VRF eligibilities take seconds for a smesher with many slots, and computed at the first layer
   * they made the reference ballot late (refused as too-late) on short-layer devnets. The active
   * set is then taken one layer early, which only leaves out ATXs that arrive in the epoch's last
   * layer: too late for a "good" grade anyway (go-spacemesh also prepares it ahead of the epoch).
   */
  async #prepareNextEpoch(layer: number): Promise<void> {
    const lpe = this.#o.network.layersPerEpoch;
    if (this.parts.builder === null || (layer + 1) % lpe !== 0) return;
    const next = (layer + 1) / lpe;
    if (this.#sessionEpoch === next) return;
    try {
      await this.#openSession(next);
    } catch (e) {
      this.#error('proposal', e);
    }
  }

  /** The smesher's epoch: its ATX targeting the epoch, the beacon and the active set. */
  async #openSession(epoch: number): Promise<void> {
    const p = this.parts;
    const me = p.nodeId!;
    const atx = await p.epochAtxs.bySmesher(epoch, me);
    const beacon = p.beacon.get(epoch);
    if (atx === undefined || beacon === undefined) return;
    this.#sessionEpoch = epoch;
    const refId = await p.ballots.ballots.refBallotId(epoch, me);
    const ref = refId === undefined ? undefined : await p.ballots.ballots.get(refId);
    if (ref !== undefined) {
      const session = p.builder!.startEpoch({ epoch, atx, refBallot: ref });
      this.#emit({ type: 'eligibilities', session });
      return;
    }
    const activeSet = await activeSetFromStore(p.atxHandler.atxs, epoch);
    if (activeSet === undefined) return;
    await p.activeSets.add({ epoch, set: activeSet.ids });
    const session = p.builder!.startEpoch({ epoch, atx, beacon, activeSet });
    this.#emit({ type: 'eligibilities', session });
  }

  async #propose(layer: number): Promise<void> {
    const p = this.parts;
    if (p.builder!.eligibilities(layer).length === 0) return;
    const meshHash = (await p.executor.blocks.meshHash(layer - 1)) ?? ZERO32;
    const txIds = p.mempool
      .select(this.#o.network.blockGasLimit, this.#o.network.txsPerProposal)
      .map((t) => t.id);
    const built = p.builder!.build(layer, {
      opinion: p.tortoise.encodeVotes(layer),
      txIds,
      meshHash,
    });
    if (built === undefined) return;
    const r = await p.gossip.publish(Topic.PROPOSAL, encodeProposal(built.proposal));
    if (r !== 'accept') {
      p.builder!.refused(built);
      this.#error('proposal', new Error(`own proposal for ${layer}: ${r}`));
    } else this.#emit({ type: 'own-proposal', layer, id: proposalId(built.proposal) });
  }

  async #onHareOutput(layer: number, ids: Uint8Array[]): Promise<void> {
    const p = this.parts;
    this.#emit({ type: 'hare', layer, proposals: ids.length });
    const proposals = await p.proposals.proposals.getAll(ids);
    if (proposals === undefined) {
      this.#error('hare-output', new Error(`layer ${layer}: hare output names unknown proposals`));
      return;
    }
    const generated = await generateBlock(
      layer,
      proposals,
      ids,
      {
        gasLimit: this.#o.network.blockGasLimit,
        minTxGas: 0n,
        optFilterThreshold: this.#o.network.optFilterThreshold,
      },
      {
        atxHeader: (id) => p.atxHandler.atxs.header(id),
        epochData: (b) => p.ballots.ballots.epochData(b),
        tx: (id) => p.txs.info(id),
        meshHash: (l) => p.executor.blocks.meshHash(l),
      },
    );
    await p.store.batch([
      p.executor.blocks.hareOutputOp(layer, generated === null ? null : blockId(generated.block)),
    ]);
    if (generated === null) {
      p.tortoise.onHareOutput(layer, null);
      this.#emit({ type: 'block', layer, id: null });
    } else {
      const block = generated.block;
      const id = blockId(block);
      if (!(await p.executor.blocks.has(id))) await p.store.batch(p.executor.blocks.addOps(block));
      p.tortoise.onBlock(tortoiseBlock(id, block));
      p.tortoise.onHareOutput(layer, id);
      this.#emit({ type: 'block', layer, id });
      p.certifier.certify(layer, id);
    }
    // mesh.ProcessLayer: the layer's ballots are in now, so the previous layer can verify.
    await this.#tally(layer);
  }

  async #tally(layer: number): Promise<void> {
    this.parts.tortoise.tallyVotes(layer);
    this.#applier.checkReorgs();
    await this.#applier.applyVerified();
  }
}
