// A fetched blob is only used when it is what was asked for: its id, recomputed from its bytes
// the way go-spacemesh computes ids, equals the requested one. Anything else is the peer's fault.
import { equalBytes } from '../bytes.ts';
import { atxIdV1, decodeAtxV1 } from '../types/atx.ts';
import { activeSetHash, ballotId, decodeBallot, decodeEpochActiveSet } from '../types/ballot.ts';
import { blockId, decodeBlock } from '../types/block.ts';
import { decodeMalfeasanceProof } from '../types/malfeasance.ts';
import { decodeProposal, proposalId } from '../types/proposal.ts';
import { txId } from '../vm/tx/id.ts';
import { Hint } from './protocol.ts';

function idOf(hint: Hint, blob: Uint8Array): Uint8Array | null {
  switch (hint) {
    case Hint.ATX:
      return atxIdV1(decodeAtxV1(blob));
    case Hint.BALLOT:
      return ballotId(decodeBallot(blob));
    case Hint.PROPOSAL:
      return proposalId(decodeProposal(blob));
    case Hint.BLOCK:
      return blockId(decodeBlock(blob));
    case Hint.TX:
      return txId(blob);
    case Hint.ACTIVE_SET:
      return activeSetHash(decodeEpochActiveSet(blob).set);
    case Hint.MALFEASANCE:
      // Keyed by node id: the malfeasance handler checks the proof names that identity.
      decodeMalfeasanceProof(blob);
      return null;
  }
}

/** True when `blob` decodes and is the object `id` names. Never throws. */
export function blobMatches(hint: Hint, id: Uint8Array, blob: Uint8Array): boolean {
  try {
    const computed = idOf(hint, blob);
    return computed === null || equalBytes(computed, id);
  } catch {
    return false;
  }
}
