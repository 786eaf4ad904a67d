// Ballots on a node booted from a checkpoint (src/lib/checkpoint): its tortoise starts at the
// effective genesis restore − 1 and has no ballot from before it. Two things differ from a node
// that has the whole mesh:
// - A ballot in the first layers after the restore layer usually names a base ballot from before
//   it (stored, unvalidated, only so the ballot handler finds it: Syncer's restoreLayer option).
//   Such a ballot's opinion of every layer from its base's layer on is in its own exceptions (a
//   layer after the base counts as "against" unless supported or abstained), so the tortoise
//   gets it rebased on the empty base — decoded from the effective genesis — with the votes on
//   layers before the restore layer dropped.
// - A ballot's signed opinion hash chains over every layer since the network's genesis; this
//   tortoise's chain starts at the restore layer, so it never matches. The tortoise is given the
//   opinion hash of the votes as it decodes them instead (the votes themselves are what it
//   counts). go-spacemesh's OnRecoveredBallot likewise skips recomputing opinions of recovered
//   ballots. The same offset makes this node's mesh hashes differ from its peers', so a booted
//   node follows the network but must not smesh (its ballots' opinion hashes would be refused).
// The tortoise's state is read through its private `t` (the Turtle): a proper seam for
// recovered ballots belongs in src/lib/consensus/tortoise.
import { tortoiseBallot } from '../consensus/tortoise/inputs.ts';
import type { Tortoise, TortoiseBallot } from '../consensus/tortoise/tortoise.ts';
import { hexKey } from '../consensus/tortoise/state.ts';
import type { VoteChain } from '../consensus/tortoise/state.ts';
import { chainOpinion, decodeVotes } from '../consensus/tortoise/votes.ts';
import type { Ballot } from '../types/ballot.ts';
import type { NodeParts } from './components.ts';

const EMPTY20 = new Uint8Array(20);

interface TurtleView {
  readonly genesis: number;
  readonly ballotRefs: ReadonlyMap<string, { readonly layer: number; readonly votes: VoteChain }>;
}

function turtleOf(t: Tortoise): TurtleView | undefined {
  const turtle = (t as unknown as { t?: TurtleView }).t;
  return turtle?.ballotRefs instanceof Map ? turtle : undefined;
}

export async function tortoiseBallotAfterRestore(
  p: Pick<NodeParts, 'ballots' | 'tortoise'>,
  restoreLayer: number,
  id: Uint8Array,
  b: Ballot,
  malicious: boolean,
): Promise<TortoiseBallot> {
  let votes = b.votes;
  if (!votes.base.every((x) => x === 0)) {
    const base = await p.ballots.ballots.get(votes.base);
    if (base !== undefined && base.layer < restoreLayer) {
      const after = (layer: number) => layer >= restoreLayer;
      votes = {
        base: EMPTY20,
        support: votes.support.filter((v) => after(v.layerID)),
        against: votes.against.filter((v) => after(v.layerID)),
        abstain: votes.abstain.filter(after),
      };
    }
  }
  const ballot = tortoiseBallot(id, { ...b, votes }, malicious);
  const turtle = turtleOf(p.tortoise);
  if (turtle === undefined) return ballot;
  let baseLayer = turtle.genesis;
  let baseChain: VoteChain = { tail: null };
  if (!votes.base.every((x) => x === 0)) {
    const stored = turtle.ballotRefs.get(hexKey(votes.base));
    // unknown base: the tortoise refuses the ballot itself (dangling-base)
    if (stored === undefined || stored.layer >= b.layer) return ballot;
    baseLayer = stored.layer;
    baseChain = stored.votes;
  }
  const decoded = decodeVotes(baseLayer, baseChain, b.layer, votes);
  return { ...ballot, opinionHash: chainOpinion(decoded.chain) };
}
