// Ballots as the node stored them: Smesh's own BallotService / BallotStreamService, served under
// /smesh.v1.BallotService/List and /smesh.v1.BallotStreamService/Stream with the v2alpha1 JSON
// mapping (bytes as base64, u64 as decimal strings). Field meaning follows go-spacemesh
// common/types/ballot.go (Ballot, InnerBallot) and block.go (Votes).
import { LayerRequest, LayerStreamRequest } from '../v2alpha1/layer.ts';
import type { Infer } from '../v2alpha1/shape.ts';

/** types.Votes: the ballot's opinion as a diff against its base ballot's. */
export const BallotVotes = {
  /** The base ballot's id (20 bytes; all zero for a ballot without a base). */
  base: 'bytes',
  /** Ids of the blocks voted for (types.Vote.ID). */
  support: { list: 'bytes' },
  /** Ids of the blocks voted against. */
  against: { list: 'bytes' },
  /** Layers the ballot abstains on (hare did not terminate there). */
  abstain: { list: 'u32' },
} as const;
export type BallotVotes = Infer<typeof BallotVotes>;

export const Ballot = {
  /** Ballot id (20 bytes). */
  id: 'bytes',
  layer: 'u32',
  /** The smesher's node id (32 bytes). */
  smesherId: 'bytes',
  /** The ATX the ballot's weight comes from (32 bytes). */
  atxId: 'bytes',
  /** Eligibility proofs the ballot carries: its weight is this many times the per-slot weight. */
  eligibilities: 'u32',
  /** The smesher's reference (first) ballot of the epoch: carries the epoch data. */
  isReference: 'bool',
  /** Its reference ballot's id; empty for a reference ballot. */
  refBallot: 'bytes',
  /** Hash of the aggregated opinion on every earlier layer (32 bytes). */
  opinionHash: 'bytes',
  votes: { msg: BallotVotes },
  /** The smesher was known malicious when the ballot was stored. */
  malicious: 'bool',
} as const;
export type Ballot = Infer<typeof Ballot>;

/**
 * Layers in [startLayer, endLayer] (endLayer 0: up to the newest ballot), paged like layers
 * (limit 1..100): the same request as LayerService.List.
 */
export const BallotRequest = LayerRequest;
export type BallotRequest = Infer<typeof BallotRequest>;

export const BallotList = { ballots: { list: { msg: Ballot } } } as const;
export type BallotList = Infer<typeof BallotList>;

/** Stored ballots in the range, ascending, then with `watch` every ballot stored from now on. */
export const BallotStreamRequest = LayerStreamRequest;
export type BallotStreamRequest = Infer<typeof BallotStreamRequest>;
