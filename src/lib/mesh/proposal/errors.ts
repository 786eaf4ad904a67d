// Why the proposal handler refused a proposal (go-spacemesh proposals/handler.go). The ballot a
// proposal carries is checked by the ballot handler: its refusals keep their ballot reason.
// A refused proposal leaves the store unchanged.
import type { BallotValidationReason } from '../ballot/errors.ts';

export type ProposalValidationReason =
  /** the bytes are not exactly one SCALE-encoded Proposal */
  | 'malformed'
  /** the proposal is already stored */
  | 'known-proposal'
  /** a gossiped proposal for a layer that has already started its block (layer < current) */
  | 'too-late'
  /** the PROPOSAL-domain signature is not the ballot smesher's */
  | 'invalid-signature'
  /** the same transaction id twice */
  | 'duplicate-tx'
  /** more transaction ids than a proposal may carry on this network */
  | 'too-many-txs'
  /** the proposal's (stored) ballot is already carried by another stored proposal */
  | 'duplicate-proposal';

export class ProposalValidationError extends Error {
  readonly reason: ProposalValidationReason | BallotValidationReason;
  /** Set when the reason comes from the ballot inside. */
  readonly ballotReason: boolean;
  readonly proposalId: Uint8Array | undefined;

  constructor(
    reason: ProposalValidationReason | BallotValidationReason,
    message: string,
    options?: { proposalId?: Uint8Array; ballotReason?: boolean; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProposalValidationError';
    this.reason = reason;
    this.ballotReason = options?.ballotReason ?? false;
    this.proposalId = options?.proposalId;
  }
}
