// Shared by the ballot and proposal tests: smeshers with stored ATX headers, a real VRF slot
// eligibility check (PROTOCOL.md "Ballots, proposals, eligibility"), and signed ballots placed in
// layers the smesher is actually eligible for.
import { bytesToHex } from '@noble/hashes/utils.js';
import { vrfProofPrefixU64, vrfProve, vrfVerify } from '../../../src/lib/crypto/vrf.ts';
import { publicKeyOf } from '../../../src/lib/crypto/signing.ts';
import { AtxStore } from '../../../src/lib/mesh/atx/store.ts';
import type { AtxHeader } from '../../../src/lib/mesh/atx/store.ts';
import type { BallotEligibilityValidator } from '../../../src/lib/mesh/eligibility.ts';
import { collect } from '../../../src/lib/store/iterate.ts';
import type { Store } from '../../../src/lib/store/interface.ts';
import { activeSetHash, ballotVrfMessage, signBallot } from '../../../src/lib/types/ballot.ts';
import type { Ballot } from '../../../src/lib/types/ballot.ts';
import type { EpochData, VotingEligibility } from '../../../src/lib/types/common.ts';
import { syntheticAtxHeader } from './atx/fixture.ts';

export const GENESIS = new Uint8Array(20).fill(0x61);
export const LPE = 10;
export const EPOCH = 2;
export const LAYER_AVG_SIZE = 5;
export const MIN_ACTIVE_WEIGHT = 1n;
export const BEACON = Uint8Array.of(0xbe, 0xac, 0x04, 0x01);

/**
 * The VRF slot check: slots = max(1, ⌊w · layerAvgSize · layersPerEpoch / max(minActive,
 * total)⌋); the ref ballot must claim exactly that many; every proof j < slots is a valid VRF
 * proof over {type 3, beacon, epoch, vrfNonce, j} that maps to the ballot's layer.
 */
export class VrfSlotValidator implements BallotEligibilityValidator {
  /** Total active weight per active set hash (hex). */
  readonly totals = new Map<string, bigint>();

  validate(ballot: Ballot, atx: AtxHeader, epochData: EpochData): Promise<void> {
    const total = this.totals.get(bytesToHex(epochData.activeSetHash));
    if (total === undefined) return Promise.reject(new Error('unknown active set'));
    const slots = numSlots(atx.weight, total);
    if (epochData.eligibilityCount !== slots)
      return Promise.reject(new Error(`claims ${epochData.eligibilityCount} slots, has ${slots}`));
    const epoch = Math.floor(ballot.layer / LPE);
    for (const p of ballot.eligibilityProofs) {
      if (p.j >= slots) return Promise.reject(new Error(`j ${p.j} ≥ ${slots}`));
      const alpha = ballotVrfMessage(epochData.beacon, epoch, atx.vrfNonce, p.j);
      if (!vrfVerify(ballot.smesherID, alpha, p.sig))
        return Promise.reject(new Error(`bad VRF proof for j ${p.j}`));
      if (eligibleLayer(epoch, p.sig) !== ballot.layer)
        return Promise.reject(new Error(`j ${p.j} is not for layer ${ballot.layer}`));
    }
    return Promise.resolve();
  }
}

export function numSlots(weight: bigint, total: bigint): number {
  const d = total > MIN_ACTIVE_WEIGHT ? total : MIN_ACTIVE_WEIGHT;
  const n = (weight * BigInt(LAYER_AVG_SIZE) * BigInt(LPE)) / d;
  return Number(n === 0n ? 1n : n);
}

export function eligibleLayer(epoch: number, proof: Uint8Array): number {
  return epoch * LPE + Number(vrfProofPrefixU64(proof) % BigInt(LPE));
}

export interface Smesher {
  readonly sk: Uint8Array;
  readonly id: Uint8Array;
  readonly atx: AtxHeader;
  /** Eligibility proofs of the epoch by layer. */
  readonly byLayer: Map<number, VotingEligibility[]>;
  readonly slots: number;
}

export const ACTIVE_SET = [new Uint8Array(32).fill(0xa1), new Uint8Array(32).fill(0xa2)];
export const ACTIVE_SET_HASH = activeSetHash(ACTIVE_SET);
export const TOTAL_WEIGHT = 300n;

export function smesher(i: number, weight = 100n, publishEpoch = EPOCH - 1): Smesher {
  const sk = new Uint8Array(32).fill(0x30 + i);
  const id = publicKeyOf(sk);
  const atx = syntheticAtxHeader({
    id: new Uint8Array(32).fill(0x70 + i),
    smesher: id,
    publishEpoch,
    weight,
    vrfNonce: BigInt(1000 + i),
    coinbaseByte: i,
  });
  const slots = numSlots(weight, TOTAL_WEIGHT);
  const byLayer = new Map<number, VotingEligibility[]>();
  for (let j = 0; j < slots; j++) {
    const sig = vrfProve(sk, ballotVrfMessage(BEACON, EPOCH, atx.vrfNonce, j));
    const layer = eligibleLayer(EPOCH, sig);
    const list = byLayer.get(layer) ?? [];
    list.push({ j, sig });
    byLayer.set(layer, list);
  }
  return { sk, id, atx, byLayer, slots };
}

export async function storeAtx(store: Store, s: Smesher): Promise<void> {
  await store.batch(new AtxStore(store).addOps(s.atx, Uint8Array.of(1), true));
}

/** The smesher's eligible layers, ascending. */
export function layersOf(s: Smesher): number[] {
  return [...s.byLayer.keys()].sort((a, b) => a - b);
}

export interface BallotParts {
  layer?: number;
  atxID?: Uint8Array;
  opinionHash?: Uint8Array;
  refBallot?: Uint8Array;
  epochData?: EpochData | null;
  votes?: Ballot['votes'];
  eligibilityProofs?: VotingEligibility[];
  signer?: Uint8Array;
}

/** A signed ballot of `s` (a reference ballot unless refBallot is given). */
export function makeBallot(s: Smesher, parts: BallotParts = {}): Ballot {
  const layer = parts.layer ?? layersOf(s)[0]!;
  const refBallot = parts.refBallot ?? new Uint8Array(20);
  const isRef = refBallot.every((b) => b === 0);
  return signBallot(parts.signer ?? s.sk, GENESIS, {
    layer,
    atxID: parts.atxID ?? s.atx.id,
    opinionHash: parts.opinionHash ?? new Uint8Array(32).fill(0x0b),
    refBallot,
    epochData:
      parts.epochData !== undefined
        ? parts.epochData
        : isRef
          ? { activeSetHash: ACTIVE_SET_HASH, beacon: BEACON, eligibilityCount: s.slots }
          : null,
    votes: parts.votes ?? { base: new Uint8Array(20), support: [], against: [], abstain: [] },
    eligibilityProofs: parts.eligibilityProofs ?? s.byLayer.get(layer) ?? [],
    activeSet: [],
  });
}

/** Every key and value of the store, to compare before and after a refusal. */
export async function dump(store: Store): Promise<string[]> {
  return (await collect(store.iterate())).map((e) => `${bytesToHex(e.key)}=${bytesToHex(e.value)}`);
}
