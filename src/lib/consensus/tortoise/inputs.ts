// Adapters from what the node already validated and stored to the tortoise's inputs (the node's
// side of go-spacemesh's types.BallotTortoiseData and atxsdata.ATX).
import { tickHeight } from '../../mesh/atx/store.ts';
import type { AtxHeader } from '../../mesh/atx/store.ts';
import type { Ballot } from '../../types/ballot.ts';
import type { TortoiseBallot } from './ballots.ts';
import type { TortoiseAtx, TortoiseBlockHeader } from './tortoise.ts';

function isZero(b: Uint8Array): boolean {
  return b.every((x) => x === 0);
}

/**
 * The tortoise's view of each header, made once: headers are shared by the nodes of a process
 * (codec/shared-decoder.ts), and so, through this, is what each node's tortoise keeps per ATX.
 */
const atxOfHeader = new WeakMap<AtxHeader, TortoiseAtx>();

/** A stored ATX, for onAtx(h.publishEpoch + 1, ...). Frozen: the tortoise keeps it as is. */
export function tortoiseAtx(h: AtxHeader): TortoiseAtx {
  let atx = atxOfHeader.get(h);
  if (atx === undefined) {
    atx = Object.freeze({
      id: h.id,
      nodeId: h.smesher,
      weight: h.weight,
      baseHeight: h.baseTickHeight,
      height: tickHeight(h),
    });
    atxOfHeader.set(h, atx);
  }
  return atx;
}

/** A validated ballot with its id; `malicious` when its smesher is a known equivocator. */
export function tortoiseBallot(id: Uint8Array, b: Ballot, malicious = false): TortoiseBallot {
  return {
    id,
    layer: b.layer,
    atxId: b.atxID,
    nodeId: b.smesherID,
    eligibilities: b.eligibilityProofs.length,
    refBallot: isZero(b.refBallot) ? null : b.refBallot,
    epochData: b.epochData,
    votes: b.votes,
    opinionHash: b.opinionHash,
    malicious,
  };
}

/** A stored block (types.Block), for onBlock. */
export function tortoiseBlock(
  id: Uint8Array,
  b: { readonly layerIndex: number; readonly tickHeight: bigint },
): TortoiseBlockHeader {
  return { id, layer: b.layerIndex, height: b.tickHeight };
}
