// The tortoise input of a ballot on a node booted from a checkpoint (src/lib/node/restored.ts):
// a ballot whose base ballot lies before the restore layer is rebased on the empty base with its
// votes before the restore layer dropped; any other ballot goes to the tortoise unchanged.
import { describe, expect, it } from 'vitest';
import { devnet } from '../../../src/lib/config/devnet.ts';
import { tortoiseBallot } from '../../../src/lib/consensus/tortoise/inputs.ts';
import { Tortoise } from '../../../src/lib/consensus/tortoise/tortoise.ts';
import { chainOpinion, decodeVotes } from '../../../src/lib/consensus/tortoise/votes.ts';
import { tortoiseBallotAfterRestore } from '../../../src/lib/node/restored.ts';
import type { Ballot } from '../../../src/lib/types/ballot.ts';
import { bytes } from './fixture.ts';

const RESTORE = 30;

function ballot(layer: number, base: Uint8Array): Ballot {
  return {
    layer,
    atxID: bytes(32, 1),
    opinionHash: bytes(32, 2),
    refBallot: new Uint8Array(20),
    epochData: null,
    signature: bytes(64, 3),
    smesherID: bytes(32, 4),
    votes: {
      base,
      support: [
        { id: bytes(20, 5), layerID: 29, height: 1n },
        { id: bytes(20, 6), layerID: 30, height: 1n },
      ],
      against: [{ id: bytes(20, 7), layerID: 28, height: 1n }],
      abstain: [27],
    },
    eligibilityProofs: [],
    activeSet: [],
  };
}

/** A ballot store that knows two base ballots: one before the restore layer, one after. */
const before = bytes(20, 0xb0);
const after = bytes(20, 0xa0);
const tortoise = new Tortoise({ network: devnet, genesisLayer: RESTORE - 1 });
const parts = {
  tortoise,
  ballots: {
    ballots: {
      get: (id: Uint8Array) =>
        Promise.resolve(
          id[0] === 0xb0 ? ballot(29, before) : id[0] === 0xa0 ? ballot(30, after) : undefined,
        ),
    },
  },
} as unknown as Parameters<typeof tortoiseBallotAfterRestore>[0];

describe('ballots after a checkpoint restore', () => {
  it('rebases a ballot whose base is before the restore layer', async () => {
    const b = ballot(31, before);
    const t = await tortoiseBallotAfterRestore(parts, RESTORE, bytes(20, 9), b, false);
    expect(t.votes.base).toEqual(new Uint8Array(20));
    expect(t.votes.support.map((v) => v.layerID)).toEqual([30]);
    expect(t.votes.against).toEqual([]);
    expect(t.votes.abstain).toEqual([]);
    expect(t.layer).toBe(31);
    // the opinion hash is the one this tortoise computes from the restore layer on
    const own = chainOpinion(decodeVotes(RESTORE - 1, { tail: null }, 31, t.votes).chain);
    expect(t.opinionHash).toEqual(own);
    expect(t.opinionHash).not.toEqual(b.opinionHash);
  });

  it('keeps the votes of a ballot whose base is at or after the restore layer', async () => {
    const b = ballot(31, after);
    const t = await tortoiseBallotAfterRestore(parts, RESTORE, bytes(20, 9), b, true);
    // the base is not in this tortoise: the ballot goes as it is, to be refused (dangling-base)
    expect(t).toEqual(tortoiseBallot(bytes(20, 9), b, true));
  });

  it('keeps the votes of a ballot with the empty base; an unknown base goes as it is', async () => {
    const empty = ballot(31, new Uint8Array(20));
    const t = await tortoiseBallotAfterRestore(parts, RESTORE, bytes(20, 9), empty, false);
    expect(t.votes).toEqual(empty.votes);
    const unknown = ballot(31, bytes(20, 0x11));
    expect(await tortoiseBallotAfterRestore(parts, RESTORE, bytes(20, 9), unknown, false)).toEqual(
      tortoiseBallot(bytes(20, 9), unknown, false),
    );
  });
});
