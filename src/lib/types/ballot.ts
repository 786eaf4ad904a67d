// Ballot as go-spacemesh v1.7 defines it (common/types/ballot.go, ballot_scale.go).
//
// Ballot ID = blake3(SCALE(InnerBallot))[:20]. The signature (BALLOT domain) is over
// SCALE(BallotMetadata{layer, blake3(SCALE(InnerBallot))}); votes and eligibility proofs are
// outside both: the opinion hash in InnerBallot commits to the votes, and eligibilities are VRF
// proofs that verify on their own.
import {
  compact16,
  compact32,
  compact64,
  decode,
  encode,
  option,
  slice,
  struct,
} from '../codec/index.ts';
import type { Codec, StructFields } from '../codec/index.ts';
import { blake3, hash20 } from '../crypto/hash.ts';
import { Domain, publicKeyOf, sign, verify } from '../crypto/signing.ts';
import {
  ATXID,
  Beacon,
  BallotID,
  EdSignature,
  EligibilityType,
  EpochDataCodec,
  EpochID,
  Hash32,
  LayerID,
  NodeID,
  VotesCodec,
  VotingEligibilityCodec,
} from './common.ts';
import type { EpochData, Votes, VotingEligibility } from './common.ts';

/**
 * Ballot.EligibilityProofs max: a smesher with 10% of the network's space gets about
 * 10% · 4032 layers · 50 slots ≈ 20160 eligibilities per epoch (ballot.go).
 */
export const MAX_ELIGIBILITY_PROOFS = 25000;
/** Ballot.ActiveSet: no longer used (EpochData replaced it), kept on the wire with max 1. */
export const MAX_BALLOT_ACTIVE_SET = 1;

/** types.InnerBallot: the part the ballot id and signature cover. */
export interface InnerBallot {
  readonly layer: number;
  readonly atxID: Uint8Array;
  /** Aggregated opinion on all previous layers; commits to `votes`. */
  readonly opinionHash: Uint8Array;
  /** The smesher's first ballot in the epoch (empty in that first ballot itself). */
  readonly refBallot: Uint8Array;
  /** Only in the reference (first) ballot of the epoch. */
  readonly epochData: EpochData | null;
}

/** types.Ballot. */
export interface Ballot extends InnerBallot {
  readonly signature: Uint8Array;
  readonly smesherID: Uint8Array;
  readonly votes: Votes;
  /** In ascending order of j. */
  readonly eligibilityProofs: VotingEligibility[];
  readonly activeSet: Uint8Array[];
}

/** types.BallotMetadata: the signed bytes of ballots and proposals. */
export interface BallotMetadata {
  readonly layer: number;
  readonly msgHash: Uint8Array;
}

const innerFields: StructFields<InnerBallot> = {
  layer: LayerID,
  atxID: ATXID,
  opinionHash: Hash32,
  refBallot: BallotID,
  epochData: option(EpochDataCodec),
};

export const InnerBallotCodec: Codec<InnerBallot> = struct<InnerBallot>(innerFields);
export const BallotCodec: Codec<Ballot> = struct<Ballot>({
  ...innerFields,
  signature: EdSignature,
  smesherID: NodeID,
  votes: VotesCodec,
  eligibilityProofs: slice(VotingEligibilityCodec, MAX_ELIGIBILITY_PROOFS),
  activeSet: slice(ATXID, MAX_BALLOT_ACTIVE_SET),
});
export const BallotMetadataCodec: Codec<BallotMetadata> = struct<BallotMetadata>({
  layer: LayerID,
  msgHash: Hash32,
});

/** Ballot.HashInnerBytes: blake3(SCALE(InnerBallot)). */
export function ballotInnerHash(b: InnerBallot): Uint8Array {
  return blake3(encode(InnerBallotCodec, b));
}

/** Ballot.Initialize: the id is the first 20 bytes of the inner hash. */
export function ballotId(b: InnerBallot): Uint8Array {
  return hash20(encode(InnerBallotCodec, b));
}

/** Ballot.SignedBytes. */
export function ballotSignedBytes(b: InnerBallot): Uint8Array {
  return encode(BallotMetadataCodec, { layer: b.layer, msgHash: ballotInnerHash(b) });
}

/** Signs a ballot (miner/proposal_builder.go): sets smesher id and signature. */
export function signBallot(
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  unsigned: Omit<Ballot, 'signature' | 'smesherID'>,
): Ballot {
  const signature = sign(secretKey, genesisId, Domain.BALLOT, ballotSignedBytes(unsigned));
  return { ...unsigned, signature, smesherID: publicKeyOf(secretKey) };
}

/** proposals/handler.go's ballot signature check. */
export function verifyBallot(genesisId: Uint8Array, b: Ballot): boolean {
  return verify(b.smesherID, genesisId, Domain.BALLOT, ballotSignedBytes(b), b.signature);
}

export function encodeBallot(b: Ballot): Uint8Array {
  return encode(BallotCodec, b);
}

/** Exactly one ballot, no trailing bytes; throws only DecodeError. */
export function decodeBallot(bytes: Uint8Array): Ballot {
  return decode(BallotCodec, bytes, 'Ballot');
}

/**
 * proposals.VrfMessage: the VRF input of the j-th ballot eligibility of an epoch
 * (type = EligibilityVoting). The proof's first 8 bytes pick the layer.
 */
export interface BallotVrfMessage {
  readonly type: number;
  readonly beacon: Uint8Array;
  readonly epoch: number;
  readonly nonce: bigint;
  readonly counter: number;
}
export const BallotVrfMessageCodec: Codec<BallotVrfMessage> = struct<BallotVrfMessage>({
  type: compact16,
  beacon: Beacon,
  epoch: EpochID,
  nonce: compact64,
  counter: compact32,
});

/** proposals.MustSerializeVRFMessage. */
export function ballotVrfMessage(
  beacon: Uint8Array,
  epoch: number,
  nonce: bigint,
  counter: number,
): Uint8Array {
  return encode(BallotVrfMessageCodec, {
    type: EligibilityType.VOTING,
    beacon,
    epoch,
    nonce,
    counter,
  });
}

/** types.EpochActiveSet max (in line with fetch's EpochData). */
export const MAX_EPOCH_ACTIVE_SET = 8_000_000;

/** types.EpochActiveSet: what a peer serves for an active-set hash (fetch hint "active set"). */
export interface EpochActiveSet {
  readonly epoch: number;
  readonly set: Uint8Array[];
}
export const EpochActiveSetCodec: Codec<EpochActiveSet> = struct<EpochActiveSet>({
  epoch: EpochID,
  set: slice(ATXID, MAX_EPOCH_ACTIVE_SET),
});

/**
 * types.ATXIDList.Hash, the EpochData.activeSetHash: blake3 over the ids' plain concatenation,
 * in the order given (the ballot's author sorts them; receivers hash what they got).
 */
export function activeSetHash(ids: readonly Uint8Array[]): Uint8Array {
  return blake3(...ids);
}

export function decodeEpochActiveSet(bytes: Uint8Array): EpochActiveSet {
  return decode(EpochActiveSetCodec, bytes, 'EpochActiveSet');
}
