// Building and signing a ballot and its proposal (go-spacemesh miner/proposal_builder.go
// createProposal). Pure: everything the ballot commits to is passed in.
import type { AtxHeader } from '../../mesh/atx/store.ts';
import { signBallot } from '../../types/ballot.ts';
import type { Ballot } from '../../types/ballot.ts';
import type { EpochData, Votes, VotingEligibility } from '../../types/common.ts';
import { signProposal } from '../../types/proposal.ts';
import type { Proposal } from '../../types/proposal.ts';

/** The tortoise's EncodeVotes result (types.Opinion). */
export interface Opinion {
  readonly opinionHash: Uint8Array;
  readonly votes: Votes;
}

export interface BallotSpec {
  readonly secretKey: Uint8Array;
  readonly genesisId: Uint8Array;
  readonly layer: number;
  /** The smesher's ATX targeting the ballot's epoch. */
  readonly atx: AtxHeader;
  readonly opinion: Opinion;
  /** The layer's eligibilities, ascending j. */
  readonly eligibilities: readonly VotingEligibility[];
  /** First ballot of the epoch: its epoch data. Otherwise: the reference ballot's id. */
  readonly ref: { readonly epochData: EpochData } | { readonly refBallot: Uint8Array };
}

const EMPTY_BALLOT_ID = new Uint8Array(20);

export function buildBallot(s: BallotSpec): Ballot {
  const isRef = 'epochData' in s.ref;
  return signBallot(s.secretKey, s.genesisId, {
    layer: s.layer,
    atxID: s.atx.id,
    opinionHash: s.opinion.opinionHash,
    refBallot: isRef ? EMPTY_BALLOT_ID : (s.ref as { refBallot: Uint8Array }).refBallot,
    epochData: isRef ? (s.ref as { epochData: EpochData }).epochData : null,
    votes: s.opinion.votes,
    eligibilityProofs: [...s.eligibilities],
    activeSet: [],
  });
}

/**
 * The proposal around a signed ballot: at most `txsPerProposal` transaction ids in the order
 * given (the mempool's), the mesh hash, a PROPOSAL-domain signature.
 */
export function buildProposal(
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  ballot: Ballot,
  txIds: readonly Uint8Array[],
  txsPerProposal: number,
  meshHash: Uint8Array,
): Proposal {
  return signProposal(secretKey, genesisId, {
    ballot,
    txIDs: txIds.slice(0, txsPerProposal),
    meshHash,
  });
}
