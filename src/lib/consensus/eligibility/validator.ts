// The ballot eligibility validator (go-spacemesh proposals/eligibility_validator.go
// CheckEligibility): a reference ballot must claim exactly the slots its ATX's weight earns
// against the active set's total weight; every proof j must be below that count, in ascending
// order, a valid VRF of the smesher over {beacon, epoch, vrfNonce, j}, and pick the ballot's
// layer. The ballot handler has already checked the signature, ATX ownership and target epoch,
// and the epoch data's shape.
import { vrfVerify } from '../../crypto/vrf.ts';
import type { EpochMinimalActiveWeight } from '../../config/types.ts';
import type { AtxHeader } from '../../mesh/atx/store.ts';
import type { BallotEligibilityValidator } from '../../mesh/eligibility.ts';
import { ballotVrfMessage } from '../../types/ballot.ts';
import type { Ballot } from '../../types/ballot.ts';
import type { EpochData } from '../../types/common.ts';
import { equalBytes } from '../../bytes.ts';
import { activeSetWeight } from './active-set-weight.ts';
import { EligibilityError } from './errors.ts';
import type { EligibilitySource } from './interface.ts';
import { eligibilitySlots, eligibleLayer, minimalActiveSetWeight } from './slots.ts';

export interface EligibilityValidatorOptions {
  readonly source: EligibilitySource;
  readonly layersPerEpoch: number;
  readonly layerAvgSize: number;
  /** config.tortoise.minimalActiveSetWeight. */
  readonly minimalActiveSetWeight: readonly EpochMinimalActiveWeight[];
  /**
   * The current layer. When given, a reference ballot of a past epoch (synced history, whose
   * active set may never be fetched) keeps its claimed count, as in go-spacemesh; the count is
   * recomputed for the current epoch and, unlike go (which checks only the current epoch), also
   * for a ballot of the next one (gossip admits a layer ahead across the epoch boundary).
   * Without it every count is recomputed.
   */
  readonly currentLayer?: () => number;
}

const EMPTY_BEACON = new Uint8Array(4);
/** Active-set weights remembered (go keeps an LRU of 10 000; a set's weight never changes). */
const WEIGHT_CACHE_SIZE = 64;
const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export class EligibilityValidator implements BallotEligibilityValidator {
  readonly #o: EligibilityValidatorOptions;
  /** activeSetHash ‖ epoch (hex) → total weight; insertion order is eviction order. */
  readonly #weights = new Map<string, bigint>();

  constructor(options: EligibilityValidatorOptions) {
    this.#o = options;
  }

  /** The active set's total weight for `epoch`, cached once it could be computed. */
  async totalWeight(activeSetHash: Uint8Array, epoch: number): Promise<bigint> {
    const key = `${hex(activeSetHash)}:${epoch}`;
    const cached = this.#weights.get(key);
    if (cached !== undefined) return cached;
    const total = await activeSetWeight(this.#o.source, activeSetHash, epoch);
    if (this.#weights.size >= WEIGHT_CACHE_SIZE)
      this.#weights.delete(this.#weights.keys().next().value!);
    this.#weights.set(key, total);
    return total;
  }

  /** The slots `weight` earns in `epoch` against the active set `activeSetHash`. */
  async slots(weight: bigint, activeSetHash: Uint8Array, epoch: number): Promise<number> {
    const total = await this.totalWeight(activeSetHash, epoch);
    return eligibilitySlots(
      weight,
      total,
      minimalActiveSetWeight(epoch, this.#o.minimalActiveSetWeight),
      this.#o.layerAvgSize,
      this.#o.layersPerEpoch,
    );
  }

  /** Resolves when eligible; rejects with an EligibilityError otherwise. */
  async validate(ballot: Ballot, atx: AtxHeader, epochData: EpochData): Promise<void> {
    const fail = (reason: EligibilityError['reason'], message: string): never => {
      throw new EligibilityError(reason, message);
    };
    const lpe = this.#o.layersPerEpoch;
    const epoch = Math.floor(ballot.layer / lpe);
    const proofs = ballot.eligibilityProofs;
    if (proofs.length === 0) fail('no-proofs', 'ballot has no eligibility proofs');
    if (!equalBytes(atx.smesher, ballot.smesherID))
      fail('atx-smesher', 'the ATX belongs to another smesher');
    if (equalBytes(epochData.beacon, EMPTY_BEACON)) fail('empty-beacon', 'epoch beacon is empty');

    // validateReference: only the reference ballot's count is recomputed; later ballots of the
    // epoch inherit the count stored with the reference ballot.
    const current = this.#o.currentLayer;
    if (
      ballot.epochData !== null &&
      (current === undefined || epoch >= Math.floor(current() / lpe))
    ) {
      const slots = await this.slots(atx.weight, epochData.activeSetHash, epoch);
      if (epochData.eligibilityCount !== slots)
        fail(
          'eligibility-count',
          `reference ballot claims ${epochData.eligibilityCount} slots, its weight earns ${slots}`,
        );
    }

    for (let i = 0; i < proofs.length; i++) {
      const p = proofs[i]!;
      if (p.j >= epochData.eligibilityCount)
        fail('j-out-of-range', `proof j ${p.j} ≥ ${epochData.eligibilityCount} slots`);
      if (i > 0 && p.j <= proofs[i - 1]!.j)
        fail('proof-order', `proofs out of order: ${p.j} after ${proofs[i - 1]!.j}`);
      const alpha = ballotVrfMessage(epochData.beacon, epoch, atx.vrfNonce, p.j);
      if (!vrfVerify(ballot.smesherID, alpha, p.sig))
        fail('invalid-vrf', `proof j ${p.j} is not the smesher's VRF for epoch ${epoch}`);
      const layer = eligibleLayer(epoch, lpe, p.sig);
      if (layer !== ballot.layer)
        fail('wrong-layer', `proof j ${p.j} is for layer ${layer}, ballot is in ${ballot.layer}`);
    }
  }
}
