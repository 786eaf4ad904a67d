// The ballot handler (go-spacemesh proposals/handler.go HandleSyncedBallot and processBallot):
// decodes a ballot, checks its layer window and signature, its data integrity (reference ballot
// with well-formed epoch data, or a reference to one; eligibility proofs sorted by j), the
// consistency of its votes, what it depends on (ATX of the smesher for this epoch, reference
// ballot, base ballot; votes may name blocks not downloaded yet, as the tortoise decodes such
// votes), its eligibility through the BallotEligibilityValidator
// seam, and stores it. A second ballot of one smesher in one layer yields a MultipleBallots
// malfeasance proof (mesh.AddBallot), stored with the ballot in one batch. Every refusal is a
// BallotValidationError and writes nothing.
import { DecodeError } from '../../codec/index.ts';
import type { BatchOp, Store } from '../../store/interface.ts';
import { ballotId, ballotInnerHash, decodeBallot, verifyBallot } from '../../types/ballot.ts';
import type { Ballot } from '../../types/ballot.ts';
import { bytesEqual } from '../../types/common.ts';
import type { EpochData } from '../../types/common.ts';
import { MalfeasanceType } from '../../types/malfeasance.ts';
import type { MalfeasanceProof } from '../../types/malfeasance.ts';
import { AtxStore } from '../atx/store.ts';
import type { AtxHeader } from '../atx/store.ts';
import type { BallotEligibilityValidator } from '../eligibility.ts';
import { BallotValidationError } from './errors.ts';
import type { BallotValidationReason } from './errors.ts';
import { BallotStore } from './store.ts';

export interface BallotHandlerOptions {
  readonly store: Store;
  readonly genesisId: Uint8Array;
  readonly layersPerEpoch: number;
  /** Required: there is no default validator. */
  readonly eligibility: BallotEligibilityValidator;
  /** The current layer, for the future-layer bound of gossiped ballots. */
  readonly currentLayer: () => number;
  /** How many layers ahead of the current one a gossiped ballot may be (default 1). */
  readonly futureLayers?: number;
  /** The network's golden ATX id: no ballot may name it (errInvalidATXID). */
  readonly goldenAtxId: Uint8Array;
  /** Tortoise Hdist (mainnet 10): double support in a layer within it is refused. */
  readonly hdist: number;
  /** Tortoise MaxExceptions (mainnet 1000): most distinct blocks voted on by one ballot. */
  readonly maxExceptions: number;
}

export interface BallotHandleOptions {
  /** Arrived by gossip: held to the future-layer bound. Synced ballots are not. */
  readonly gossip?: boolean;
}

/** What validating a ballot established, before anything is written. */
export interface ValidatedBallot {
  readonly ballot: Ballot;
  readonly id: Uint8Array;
  readonly atx: AtxHeader;
  readonly epochData: EpochData;
}

export type BallotHandled = {
  readonly status: 'stored';
  readonly id: Uint8Array;
  /** Set when this ballot made its smesher malicious (a second ballot in the layer). */
  readonly malfeasance: MalfeasanceProof | null;
};

const EMPTY_ID20 = new Uint8Array(20);
const EMPTY_ID32 = new Uint8Array(32);
const EMPTY_BEACON = new Uint8Array(4);
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export class BallotHandler {
  readonly ballots: BallotStore;
  readonly atxs: AtxStore;
  readonly #o: BallotHandlerOptions;

  constructor(options: BallotHandlerOptions) {
    if ((options.eligibility as unknown) == null)
      throw new TypeError('BallotHandler needs an eligibility validator');
    this.#o = options;
    this.ballots = new BallotStore(options.store, options.layersPerEpoch);
    this.atxs = new AtxStore(options.store);
  }

  /** Decodes, validates and stores a ballot. */
  async handleBallot(bytes: Uint8Array, opts: BallotHandleOptions = {}): Promise<BallotHandled> {
    let ballot: Ballot;
    try {
      ballot = decodeBallot(bytes);
    } catch (e) {
      if (e instanceof DecodeError)
        throw new BallotValidationError('malformed', `ballot does not decode: ${e.message}`, {
          cause: e,
        });
      throw e;
    }
    const v = await this.validate(ballot, opts);
    if (await this.ballots.has(v.id))
      throw new BallotValidationError('known-ballot', `ballot ${hex(v.id)} is already stored`, {
        ballotId: v.id,
      });
    const { ops, malfeasance } = await this.storeOps(v);
    await this.#o.store.batch(ops);
    return { status: 'stored', id: v.id, malfeasance };
  }

  /**
   * Every check of a ballot, reading the store only. Does not refuse a known ballot (a proposal
   * may carry a ballot that arrived on its own before).
   */
  async validate(ballot: Ballot, opts: BallotHandleOptions = {}): Promise<ValidatedBallot> {
    const id = ballotId(ballot);
    const fail = (reason: BallotValidationReason, message: string): never => {
      throw new BallotValidationError(reason, message, { ballotId: id });
    };
    const lpe = this.#o.layersPerEpoch;
    const epoch = Math.floor(ballot.layer / lpe);
    if (ballot.layer < 2 * lpe)
      fail('layer-before-genesis', `ballot layer ${ballot.layer} is in epoch ${epoch} (< 2)`);
    if (opts.gossip === true) {
      const limit = this.#o.currentLayer() + (this.#o.futureLayers ?? 1);
      if (ballot.layer > limit)
        fail('layer-in-future', `ballot layer ${ballot.layer} is after layer ${limit}`);
    }
    if (!verifyBallot(this.#o.genesisId, ballot))
      fail('invalid-signature', 'ballot signature does not verify');

    // checkBallotDataIntegrity
    if (bytesEqual(ballot.atxID, EMPTY_ID32)) fail('empty-atx', 'ballot ATX id is empty');
    if (bytesEqual(ballot.atxID, this.#o.goldenAtxId))
      fail('golden-atx', 'ballot names the golden ATX');
    const isRef = bytesEqual(ballot.refBallot, EMPTY_ID20);
    if (isRef) {
      const ed = ballot.epochData;
      if (ed === null) return fail('missing-epoch-data', 'reference ballot without epoch data');
      if (bytesEqual(ed.beacon, EMPTY_BEACON)) fail('empty-beacon', 'epoch data beacon is empty');
      if (bytesEqual(ed.activeSetHash, EMPTY_ID32))
        fail('empty-active-set', 'epoch data active set hash is empty');
      if (ed.eligibilityCount === 0)
        fail('zero-eligibility-count', 'epoch data eligibility count is 0');
    } else if (ballot.epochData !== null) {
      fail('unexpected-epoch-data', 'non-reference ballot carries epoch data');
    }
    if (ballot.eligibilityProofs.length === 0)
      fail('missing-eligibility', 'ballot has no eligibility proofs');
    for (let i = 1; i < ballot.eligibilityProofs.length; i++)
      if (ballot.eligibilityProofs[i - 1]!.j >= ballot.eligibilityProofs[i]!.j)
        fail('eligibility-order', 'eligibility proofs are not strictly ascending in j');

    // checkVotesConsistency. Two supported blocks in one layer are double voting only within
    // hdist of the ballot (hare outputs one block per layer; older layers may differ by tortoise).
    const layers = new Map<number, Uint8Array>();
    const exceptions = new Set<string>();
    for (const vote of ballot.votes.support) {
      if (vote.layerID >= ballot.layer)
        fail('vote-layer', `support for layer ${vote.layerID} from layer ${ballot.layer}`);
      exceptions.add(hex(vote.id));
      const voted = layers.get(vote.layerID);
      if (voted === undefined) layers.set(vote.layerID, vote.id);
      else if (!bytesEqual(voted, vote.id) && vote.layerID + this.#o.hdist > ballot.layer)
        fail('conflicting-votes', `two supported blocks in layer ${vote.layerID} within hdist`);
    }
    for (const vote of ballot.votes.against) {
      if (vote.layerID >= ballot.layer)
        fail('vote-layer', `vote against layer ${vote.layerID} from layer ${ballot.layer}`);
      if (exceptions.has(hex(vote.id)))
        fail('conflicting-votes', `block ${hex(vote.id)} both supported and against`);
      layers.set(vote.layerID, vote.id);
    }
    if (exceptions.size > this.#o.maxExceptions)
      fail('too-many-exceptions', `${exceptions.size} exceptions > ${this.#o.maxExceptions}`);
    for (const layer of ballot.votes.abstain) {
      if (layer >= ballot.layer)
        fail('vote-layer', `abstain on layer ${layer} from layer ${ballot.layer}`);
      if (layers.has(layer)) fail('conflicting-votes', `abstain on voted layer ${layer}`);
    }

    // checkBallotDataAvailability
    const atx = await this.atxs.header(ballot.atxID);
    if (atx === undefined) return fail('unknown-atx', `ATX ${hex(ballot.atxID)} is not known`);
    if (!bytesEqual(atx.smesher, ballot.smesherID))
      fail('atx-smesher', 'the ATX belongs to another smesher');
    if (atx.publishEpoch + 1 !== epoch)
      fail('atx-target-epoch', `ATX targets epoch ${atx.publishEpoch + 1}, ballot is in ${epoch}`);
    let epochData: EpochData;
    if (isRef) {
      epochData = ballot.epochData!;
    } else {
      const ref = await this.ballots.get(ballot.refBallot);
      if (ref === undefined)
        return fail('unknown-ref-ballot', `reference ballot ${hex(ballot.refBallot)} is not known`);
      if (
        ref.epochData === null ||
        !bytesEqual(ref.smesherID, ballot.smesherID) ||
        Math.floor(ref.layer / lpe) !== epoch ||
        !bytesEqual(ref.atxID, ballot.atxID)
      )
        fail('ref-ballot-mismatch', 'reference ballot is of another smesher, epoch or ATX');
      epochData = ref.epochData!;
    }
    if (!bytesEqual(ballot.votes.base, EMPTY_ID20) && !(await this.ballots.has(ballot.votes.base)))
      fail('unknown-base-ballot', `base ballot ${hex(ballot.votes.base)} is not known`);

    // checkEligibility
    try {
      await this.#o.eligibility.validate(ballot, atx, epochData);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      throw new BallotValidationError('not-eligible', `ballot not eligible: ${message}`, {
        ballotId: id,
        cause: e,
      });
    }
    return { ballot, id, atx, epochData };
  }

  /**
   * The writes that store a validated ballot (mesh.AddBallot): the ballot, its indexes, and, for
   * a second ballot of the smesher in the layer, a MultipleBallots proof that marks it malicious.
   */
  async storeOps(
    v: ValidatedBallot,
  ): Promise<{ ops: BatchOp[]; malfeasance: MalfeasanceProof | null }> {
    const { ballot } = v;
    const malicious = await this.atxs.isMalicious(ballot.smesherID);
    const first = await this.ballots.firstInLayer(ballot.layer, ballot.smesherID);
    const epoch = Math.floor(ballot.layer / this.#o.layersPerEpoch);
    const refOfEpoch =
      ballot.epochData !== null &&
      (await this.ballots.refBallotId(epoch, ballot.smesherID)) === undefined;
    let malfeasance: MalfeasanceProof | null = null;
    if (first !== undefined && !malicious) {
      malfeasance = {
        layer: ballot.layer,
        proof: {
          type: MalfeasanceType.MULTIPLE_BALLOTS,
          messages: [first, ballot].map((b) => ({
            innerMsg: { layer: b.layer, msgHash: ballotInnerHash(b) },
            smesherID: b.smesherID,
            signature: b.signature,
          })),
        },
      };
    }
    const ops = this.ballots.addOps(ballot, {
      firstInLayer: first === undefined,
      refOfEpoch,
      malicious: malicious || malfeasance !== null,
    });
    if (malfeasance !== null) ops.push(this.atxs.malfeasanceOp(ballot.smesherID, malfeasance));
    return { ops, malfeasance };
  }
}
