// Committee eligibility for hare and the certifier (go-spacemesh hare3/eligibility/oracle.go and
// hare3/legacy_oracle.go). A smesher proves a VRF over hareVrfMessage(beacon, round, layer); the
// proof's draw and the smesher's share of the epoch weight fix how many seats it holds.
import type { HareConfig } from '../../config/types.ts';
import { vrfProver, vrfVerify } from '../../crypto/vrf.ts';
import type { HareEligibility } from '../../types/common.ts';
import { absoluteRound, HareRound, hareVrfMessage } from '../../types/hare.ts';
import { BinomialRangeError, eligibleCount, vrfFraction } from './binomial.ts';
import { EligibilityError } from './errors.ts';
import type { CommitteeWeights } from './interface.ts';

/** oracle.go CertifyRound: the certifier shares hare's oracle under this round number. */
export const CERTIFY_ROUND = 0x7fffffff;

/** hare3 Config.CommitteeFor. */
export function hareCommitteeFor(config: HareConfig, layer: number): number {
  const up = config.committeeUpgrade;
  return up !== null && layer >= up.layer ? up.size : config.committee;
}

/** legacy_oracle.go: propose rounds draw `leaders` seats, every other round the committee. */
export function hareRoundCommittee(config: HareConfig, layer: number, round: number): number {
  return round === HareRound.PROPOSE ? config.leaders : hareCommitteeFor(config, layer);
}

export interface HareOracleOptions {
  readonly weights: CommitteeWeights;
  readonly layersPerEpoch: number;
  /** hareEligibility.confidenceParam: the first layers of an epoch use the previous active set. */
  readonly confidenceParam: number;
}

export class HareOracle {
  readonly #weights: CommitteeWeights;
  readonly #layersPerEpoch: number;
  readonly #confidence: number;

  constructor(options: HareOracleOptions) {
    this.#weights = options.weights;
    this.#layersPerEpoch = options.layersPerEpoch;
    this.#confidence = options.confidenceParam;
  }

  /**
   * oracle.go actives(): the epoch whose active set (weights) rules `layer`. Nothing at or before
   * the effective genesis (last layer of epoch 1); from epoch 3 on, the first confidenceParam
   * layers of an epoch still use the previous epoch's set.
   */
  activeEpoch(layer: number): number {
    const effectiveGenesis = this.#layersPerEpoch * 2 - 1;
    if (layer <= effectiveGenesis)
      throw new EligibilityError('before-genesis', `layer ${layer} has no active set`);
    const epoch = Math.floor(layer / this.#layersPerEpoch);
    const firstBootstrapEpoch = Math.floor((effectiveGenesis + 1) / this.#layersPerEpoch);
    if (epoch > firstBootstrapEpoch && layer - epoch * this.#layersPerEpoch < this.#confidence)
      return epoch - 1;
    return epoch;
  }

  /** The VRF message of a round; the beacon is the layer's own epoch's (buildVRFMessage). */
  async vrfMessage(layer: number, round: number): Promise<Uint8Array> {
    const epoch = Math.floor(layer / this.#layersPerEpoch);
    const beacon = await this.#weights.beacon(epoch);
    if (beacon === undefined) throw new EligibilityError('no-beacon', `no beacon for ${epoch}`);
    return hareVrfMessage(beacon, round, layer);
  }

  /**
   * The sender's side (legacy_oracle.go active): the proof and the count it grants, or null when
   * the count is zero or the smesher is not active. `round` is the absolute round (iter·7 +
   * round) or CERTIFY_ROUND. Throws EligibilityError only for a missing beacon or active set.
   */
  async prove(
    secretKey: Uint8Array,
    nodeId: Uint8Array,
    layer: number,
    round: number,
    committee: number,
  ): Promise<HareEligibility | null> {
    // The count reads π[0:8], which is Γ's: the rest of the proof only for a seat.
    const prover = vrfProver(secretKey, await this.vrfMessage(layer, round));
    let count: number;
    try {
      count = await this.#count(nodeId, layer, committee, prover.gamma);
    } catch (err) {
      if (err instanceof EligibilityError && err.reason === 'not-active') return null;
      throw err;
    }
    return count === 0 ? null : { proof: prover.proof(), count };
  }

  /** The receiver's side (oracle.go Validate): throws EligibilityError unless all holds. */
  async validate(
    nodeId: Uint8Array,
    layer: number,
    round: number,
    committee: number,
    eligibility: HareEligibility,
  ): Promise<void> {
    if (eligibility.count === 0) throw new EligibilityError('wrong-count', 'zero eligibility');
    const msg = await this.vrfMessage(layer, round);
    // Cheap checks first, as prepareEligibilityCheck does: unknown smeshers cost no VRF check.
    const epoch = this.activeEpoch(layer);
    if ((await this.#weights.atx(epoch, nodeId)) === undefined)
      throw new EligibilityError('not-active', `no active ATX in epoch ${epoch}`);
    if (!vrfVerify(nodeId, msg, eligibility.proof))
      throw new EligibilityError('invalid-proof', 'VRF proof does not verify');
    const count = await this.#count(nodeId, layer, committee, eligibility.proof);
    if (count !== eligibility.count)
      throw new EligibilityError(
        'wrong-count',
        `claimed ${eligibility.count} seats, the proof grants ${count}`,
      );
  }

  /** Hare message eligibility: the round's committee (leaders in propose) at its absolute round. */
  async validateHare(
    config: HareConfig,
    nodeId: Uint8Array,
    layer: number,
    iter: number,
    round: number,
    eligibility: HareEligibility,
  ): Promise<void> {
    const committee = hareRoundCommittee(config, layer, round);
    await this.validate(nodeId, layer, absoluteRound(iter, round), committee, eligibility);
  }

  async #count(
    nodeId: Uint8Array,
    layer: number,
    committee: number,
    proof: Uint8Array,
  ): Promise<number> {
    if (committee < 1) throw new EligibilityError('zero-committee', 'committee size is zero');
    const epoch = this.activeEpoch(layer);
    const atx = await this.#weights.atx(epoch, nodeId);
    if (atx === undefined)
      throw new EligibilityError('not-active', `no active ATX in epoch ${epoch}`);
    const total = await this.#weights.totalWeight(epoch);
    if (total <= 0n) throw new EligibilityError('zero-total-weight', `epoch ${epoch}`);
    try {
      return eligibleCount(atx.weight, total, committee, vrfFraction(proof));
    } catch (err) {
      if (err instanceof BinomialRangeError)
        throw new EligibilityError('unsupported-weight', err.message);
      throw err;
    }
  }
}
