// What the gossip handlers report to the node after a component accepted or refused something:
// the node turns it into tortoise / beacon input and into events for the API.
import type { AtxHeader } from '../mesh/atx/store.ts';
import type { Proposal } from '../types/proposal.ts';

export interface NodeEvents {
  atxStored(header: AtxHeader): void;
  proposalStored(proposal: Proposal, ballotId: Uint8Array): Promise<void>;
  refused(kind: 'atx' | 'proposal' | 'tx', reason: string): void;
  /** The message names objects we do not have; `from` may have them. */
  missingDependencies(kind: 'atx' | 'proposal', bytes: Uint8Array, from: string): void;
}
