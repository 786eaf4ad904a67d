// The proposal builder's public surface (go-spacemesh miner/).
export { ProposalBuilder } from './builder.ts';
export type {
  Built,
  BuildInput,
  EpochSession,
  NewEpoch,
  ProposalBuilderOptions,
  ResumedEpoch,
} from './builder.ts';
export { buildBallot, buildProposal } from './build.ts';
export type { BallotSpec, Opinion } from './build.ts';
export {
  activeSetFromGrades,
  activeSetFromStore,
  AtxGrade,
  gradeAtx,
  sortActiveSet,
} from './active-set.ts';
export type { ActiveSet, ActiveSetCandidate } from './active-set.ts';
