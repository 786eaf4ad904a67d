// Small wire types shared by ATXs, ballots, proposals, blocks, hare and beacon messages
// (go-spacemesh common/types: hashes.go, layer.go, activation.go, ballot.go, eligibility.go,
// post.go). Widths and maxima follow the scalegen output (*_scale.go): every integer field of a
// Go struct is a compact integer, every [N]byte is raw, every slice carries its `max=`.
import {
  byteSlice,
  compact16,
  compact32,
  compact64,
  fixedBytes,
  option,
  slice,
  struct,
} from '../codec/index.ts';
import type { Codec } from '../codec/index.ts';
import type { Proof } from '../post/proof.ts';
import { ProofCodec } from '../post/proof.ts';

/** types.Hash32: blake3 output. */
export const Hash32 = fixedBytes(32);
/** types.Hash20: first 20 bytes of blake3 (ballot, proposal and block ids). */
export const Hash20 = fixedBytes(20);
/** types.NodeID: the smesher's ed25519 public key. */
export const NodeID = fixedBytes(32);
/** types.ATXID (Hash32). */
export const ATXID = fixedBytes(32);
/** types.BallotID (Hash20). */
export const BallotID = fixedBytes(20);
/** types.ProposalID (Hash20). */
export const ProposalID = fixedBytes(20);
/** types.BlockID (Hash20). */
export const BlockID = fixedBytes(20);
/** types.TransactionID (Hash32). */
export const TransactionID = fixedBytes(32);
/** types.EdSignature. */
export const EdSignature = fixedBytes(64);
/** types.VrfSignature: the 80-byte ECVRF proof π. */
export const VrfSignature = fixedBytes(80);
/** types.Beacon: 4 bytes per epoch. */
export const Beacon = fixedBytes(4);
/** types.Address: 4 reserved zero bytes ‖ 20 bytes. */
export const Address = fixedBytes(24);

/** types.LayerID and types.EpochID are uint32 in Go, compact32 on the wire. */
export const LayerID: Codec<number> = compact32;
export const EpochID: Codec<number> = compact32;

/** types.EmptyATXID, the all-zero id an initial ATX has as its previous ATX. */
export const EMPTY_ATX_ID: Uint8Array = new Uint8Array(32);

/** types.EligibilityType (compact16 in VRF messages). */
export const EligibilityType = {
  BEACON: 1,
  HARE: 2,
  VOTING: 3,
  BEACON_WC: 4,
} as const;
export type EligibilityType = (typeof EligibilityType)[keyof typeof EligibilityType];

/** types.MerkleProof / wire.MerkleProofV1: PoET membership path, at most 32 nodes. */
export interface MerkleProof {
  readonly nodes: Uint8Array[];
  readonly leafIndex: bigint;
}
export const MAX_MERKLE_PROOF_NODES = 32;
export const MerkleProofCodec: Codec<MerkleProof> = struct<MerkleProof>({
  nodes: slice(Hash32, MAX_MERKLE_PROOF_NODES),
  leafIndex: compact64,
});

/** wire.PostV1: the PoST proof (src/lib/post/proof.ts owns its codec). */
export type PostV1 = Proof;
export const PostV1Codec: Codec<PostV1> = ProofCodec;

/** wire.PostMetadataV1: the PoST challenge (the PoET root, ≤ 32 bytes) and labels per unit. */
export interface PostMetadataV1 {
  readonly challenge: Uint8Array;
  readonly labelsPerUnit: bigint;
}
export const PostMetadataV1Codec: Codec<PostMetadataV1> = struct<PostMetadataV1>({
  challenge: byteSlice(32),
  labelsPerUnit: compact64,
});

/** wire.NIPostV1: PoET membership, PoST proof and its metadata. */
export interface NIPostV1 {
  readonly membership: MerkleProof;
  readonly post: PostV1 | null;
  readonly postMetadata: PostMetadataV1 | null;
}
export const NIPostV1Codec: Codec<NIPostV1> = struct<NIPostV1>({
  membership: MerkleProofCodec,
  post: option(PostV1Codec),
  postMetadata: option(PostMetadataV1Codec),
});

/** types.EpochData: carried by the first (reference) ballot of an epoch. */
export interface EpochData {
  readonly activeSetHash: Uint8Array;
  readonly beacon: Uint8Array;
  readonly eligibilityCount: number;
}
export const EpochDataCodec: Codec<EpochData> = struct<EpochData>({
  activeSetHash: Hash32,
  beacon: Beacon,
  eligibilityCount: compact32,
});

/** types.BlockHeader, a.k.a. types.Vote: block id with its layer and tick height. */
export interface Vote {
  readonly id: Uint8Array;
  readonly layerID: number;
  readonly height: bigint;
}
export const VoteCodec: Codec<Vote> = struct<Vote>({
  id: BlockID,
  layerID: LayerID,
  height: compact64,
});

/** Votes slices cover a sliding window of 10k layers (ballot.go). */
export const MAX_VOTES = 10000;

/** types.Votes: a diff against a base ballot's opinion. */
export interface Votes {
  readonly base: Uint8Array;
  readonly support: Vote[];
  readonly against: Vote[];
  readonly abstain: number[];
}
export const VotesCodec: Codec<Votes> = struct<Votes>({
  base: BallotID,
  support: slice(VoteCodec, MAX_VOTES),
  against: slice(VoteCodec, MAX_VOTES),
  abstain: slice(LayerID, MAX_VOTES),
});

/** types.VotingEligibility: the j-th ballot slot of the epoch and its VRF proof. */
export interface VotingEligibility {
  readonly j: number;
  readonly sig: Uint8Array;
}
export const VotingEligibilityCodec: Codec<VotingEligibility> = struct<VotingEligibility>({
  j: compact32,
  sig: VrfSignature,
});

/** types.HareEligibility: VRF proof over the hare VrfMessage and the count it grants. */
export interface HareEligibility {
  readonly proof: Uint8Array;
  readonly count: number;
}
export const HareEligibilityCodec: Codec<HareEligibility> = struct<HareEligibility>({
  proof: VrfSignature,
  count: compact16,
});

/** types.HareEligibilityGossip (still carried, deprecated, by MalfeasanceGossip). */
export interface HareEligibilityGossip {
  readonly layer: number;
  readonly round: number;
  readonly nodeID: Uint8Array;
  readonly eligibility: HareEligibility;
}
export const HareEligibilityGossipCodec: Codec<HareEligibilityGossip> =
  struct<HareEligibilityGossip>({
    layer: LayerID,
    round: compact32,
    nodeID: NodeID,
    eligibility: HareEligibilityCodec,
  });

/** Byte equality for ids and hashes (public values: no constant-time need). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
