// The proposal builder's per-smesher state (go-spacemesh miner/proposal_builder.go session,
// initSignerData and build): once per epoch the slot count and every VRF eligibility, and the id
// of the reference ballot once it exists; per layer one proposal when the smesher is eligible.
// Timing (when to build, which mesh hash, which txs) belongs to the node.
import { equalBytes } from '../../bytes.ts';
import type { EpochMinimalActiveWeight } from '../../config/types.ts';
import type { AtxHeader } from '../../mesh/atx/store.ts';
import { activeSetHash, ballotId } from '../../types/ballot.ts';
import type { Ballot } from '../../types/ballot.ts';
import type { EpochData, VotingEligibility } from '../../types/common.ts';
import type { Proposal } from '../../types/proposal.ts';
import { epochEligibilities } from '../eligibility/proofs.ts';
import { eligibilitySlots, minimalActiveSetWeight } from '../eligibility/slots.ts';
import type { ActiveSet } from './active-set.ts';
import { buildBallot, buildProposal } from './build.ts';
import type { Opinion } from './build.ts';

export interface ProposalBuilderOptions {
  readonly secretKey: Uint8Array;
  readonly genesisId: Uint8Array;
  readonly layersPerEpoch: number;
  readonly layerAvgSize: number;
  readonly txsPerProposal: number;
  readonly minimalActiveSetWeight: readonly EpochMinimalActiveWeight[];
}

/** A fresh epoch: the smesher has no reference ballot yet. */
export interface NewEpoch {
  readonly epoch: number;
  readonly atx: AtxHeader;
  readonly beacon: Uint8Array;
  readonly activeSet: ActiveSet;
}

/** A restart inside an epoch: the smesher's stored reference ballot fixes beacon and slots. */
export interface ResumedEpoch {
  readonly epoch: number;
  readonly atx: AtxHeader;
  readonly refBallot: Ballot;
}

export interface EpochSession {
  readonly epoch: number;
  readonly atx: AtxHeader;
  readonly beacon: Uint8Array;
  readonly slots: number;
  /** Undefined when resumed from a stored reference ballot (its set is stored already). */
  readonly activeSet: ActiveSet | undefined;
  readonly activeSetHash: Uint8Array;
  /** Layer → eligibilities (ascending j), ascending layers. */
  readonly eligibilities: ReadonlyMap<number, VotingEligibility[]>;
  /** The reference ballot's id once built (or stored), else null. */
  ref: Uint8Array | null;
}

export interface BuildInput {
  readonly opinion: Opinion;
  /** From the mempool, in its order; cut to txsPerProposal. */
  readonly txIds: readonly Uint8Array[];
  readonly meshHash: Uint8Array;
}

export interface Built {
  readonly proposal: Proposal;
  readonly ballotId: Uint8Array;
  /** True for the epoch's reference ballot: the node must have stored the active set first. */
  readonly reference: boolean;
}

export class ProposalBuilder {
  readonly #o: ProposalBuilderOptions;
  #session: EpochSession | undefined;

  constructor(options: ProposalBuilderOptions) {
    this.#o = options;
  }

  get session(): EpochSession | undefined {
    return this.#session;
  }

  /** initSignerData: computes the epoch's slots and eligibilities (slots VRF proofs). */
  startEpoch(e: NewEpoch | ResumedEpoch): EpochSession {
    const o = this.#o;
    let beacon: Uint8Array, slots: number, hash: Uint8Array;
    let activeSet: ActiveSet | undefined;
    let ref: Uint8Array | null = null;
    if ('refBallot' in e) {
      const ed = e.refBallot.epochData;
      if (ed === null) throw new TypeError('the stored reference ballot has no epoch data');
      ({ beacon, eligibilityCount: slots, activeSetHash: hash } = ed);
      ref = ballotId(e.refBallot);
    } else {
      activeSet = e.activeSet;
      beacon = e.beacon;
      hash = activeSetHash(e.activeSet.ids);
      slots = eligibilitySlots(
        e.atx.weight,
        e.activeSet.weight,
        minimalActiveSetWeight(e.epoch, o.minimalActiveSetWeight),
        o.layerAvgSize,
        o.layersPerEpoch,
      );
    }
    const eligibilities = epochEligibilities(
      o.secretKey,
      e.epoch,
      beacon,
      e.atx.vrfNonce,
      slots,
      o.layersPerEpoch,
    );
    this.#session = {
      epoch: e.epoch,
      atx: e.atx,
      beacon,
      slots,
      activeSet,
      activeSetHash: hash,
      eligibilities,
      ref,
    };
    return this.#session;
  }

  /** The smesher's eligibilities in `layer` (empty when not eligible or no session). */
  eligibilities(layer: number): VotingEligibility[] {
    const s = this.#session;
    if (s === undefined || Math.floor(layer / this.#o.layersPerEpoch) !== s.epoch) return [];
    return s.eligibilities.get(layer) ?? [];
  }

  /**
   * createProposal: the signed proposal for `layer`, or undefined when the smesher is not
   * eligible there. The first build of an epoch makes the reference ballot (epoch data); its id
   * is remembered and later ballots of the epoch name it.
   */
  build(layer: number, input: BuildInput): Built | undefined {
    const s = this.#session;
    const o = this.#o;
    const eligibilities = this.eligibilities(layer);
    if (s === undefined || eligibilities.length === 0) return undefined;
    const epochData: EpochData = {
      activeSetHash: s.activeSetHash,
      beacon: s.beacon,
      eligibilityCount: s.slots,
    };
    const reference = s.ref === null;
    const ballot = buildBallot({
      secretKey: o.secretKey,
      genesisId: o.genesisId,
      layer,
      atx: s.atx,
      opinion: input.opinion,
      eligibilities,
      ref: s.ref === null ? { epochData } : { refBallot: s.ref },
    });
    const id = ballotId(ballot);
    if (reference) s.ref = id;
    const proposal = buildProposal(
      o.secretKey,
      o.genesisId,
      ballot,
      input.txIds,
      o.txsPerProposal,
      input.meshHash,
    );
    return { proposal, ballotId: id, reference };
  }

  /**
   * The network (our own gossip validation first) refused a built proposal. A refused reference
   * ballot is stored nowhere, so later ballots must not name it: the next build makes a new one.
   */
  refused(built: Built): void {
    const s = this.#session;
    if (built.reference && s !== undefined && s.ref !== null && equalBytes(s.ref, built.ballotId))
      s.ref = null;
  }
}
