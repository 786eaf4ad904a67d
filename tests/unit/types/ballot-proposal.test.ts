// Ballots and proposals (go-spacemesh common/types/ballot.go, proposal.go and their *_scale.go,
// miner/proposal_builder.go for signing, proposals/handler.go for verification, at v1.7.6).
import { describe, expect, it } from 'vitest';
import { encode, Writer, writeCompact32 } from '../../../src/lib/codec/index.ts';
import { loadVectors } from '../vectors.ts';
import { blake3, hash20 } from '../../../src/lib/crypto/hash.ts';
import { Domain, publicKeyOf, sign } from '../../../src/lib/crypto/signing.ts';
import {
  activeSetHash,
  decodeEpochActiveSet,
  EpochActiveSetCodec,
  MAX_EPOCH_ACTIVE_SET,
  BallotCodec,
  ballotId,
  ballotInnerHash,
  ballotSignedBytes,
  ballotVrfMessage,
  decodeBallot,
  encodeBallot,
  InnerBallotCodec,
  MAX_ELIGIBILITY_PROOFS,
  verifyBallot,
} from '../../../src/lib/types/ballot.ts';
import type { Ballot } from '../../../src/lib/types/ballot.ts';
import { MAX_VOTES } from '../../../src/lib/types/common.ts';
import {
  decodeProposal,
  decodeSharedProposal,
  encodeProposal,
  InnerProposalCodec,
  MAX_PROPOSAL_TX_IDS,
  ProposalCodec,
  proposalId,
  proposalSignedBytes,
  verifyProposal,
} from '../../../src/lib/types/proposal.ts';
import type { Proposal } from '../../../src/lib/types/proposal.ts';
import {
  code,
  concat,
  fill,
  GENESIS,
  hex,
  OTHER_GENESIS,
  OTHER_SECRET,
  overMax,
  proposal,
  refBallot,
  SECRET,
  sharedDecode,
} from './fixtures.ts';

describe('ballot', () => {
  const ballot = refBallot();

  it('lays out InnerBallot as ballot_scale.go does', () => {
    const inner = {
      layer: 4033,
      atxID: fill(32, 1),
      opinionHash: fill(32, 2),
      refBallot: fill(20, 3),
      epochData: {
        activeSetHash: fill(32, 4),
        beacon: Uint8Array.of(9, 8, 7, 6),
        eligibilityCount: 70,
      },
    };
    const expected = concat(
      [0x05, 0x3f], // 4033 compact32: (4033 << 2) | 1, little-endian
      fill(32, 1),
      fill(32, 2),
      fill(20, 3),
      [0x01],
      fill(32, 4),
      [9, 8, 7, 6],
      [0x19, 0x01], // 70: two-byte mode
    );
    expect(hex(encode(InnerBallotCodec, inner))).toBe(hex(expected));
  });

  it('round-trips, and the full encoding starts with InnerBallot', () => {
    const b = encodeBallot(ballot);
    expect(decodeBallot(b)).toEqual(ballot);
    expect(hex(encodeBallot(decodeBallot(b)))).toBe(hex(b));
    const inner = encode(InnerBallotCodec, ballot);
    expect(hex(b.subarray(0, inner.length))).toBe(hex(inner));
    // then signature, smesher id: the votes are not covered by the id
    expect(hex(b.subarray(inner.length, inner.length + 64))).toBe(hex(ballot.signature));
  });

  it('id = blake3(SCALE(InnerBallot))[:20]; votes and proofs do not change it', () => {
    const inner = encode(InnerBallotCodec, ballot);
    expect(hex(ballotId(ballot))).toBe(hex(blake3(inner).subarray(0, 20)));
    const noVotes: Ballot = {
      ...ballot,
      votes: { ...ballot.votes, abstain: [] },
      eligibilityProofs: [],
    };
    expect(hex(ballotId(noVotes))).toBe(hex(ballotId(ballot)));
    expect(hex(ballotId({ ...ballot, layer: 4034 }))).not.toBe(hex(ballotId(ballot)));
  });

  it('signs SCALE(BallotMetadata{layer, blake3(InnerBallot)}) in the BALLOT domain', () => {
    expect(hex(ballotSignedBytes(ballot))).toBe(hex(concat([0x05, 0x3f], ballotInnerHash(ballot))));
    expect(verifyBallot(GENESIS, ballot)).toBe(true);
    expect(hex(ballot.smesherID)).toBe(hex(publicKeyOf(SECRET)));
    expect(verifyBallot(OTHER_GENESIS, ballot)).toBe(false);
    expect(verifyBallot(GENESIS, { ...ballot, smesherID: publicKeyOf(OTHER_SECRET) })).toBe(false);
    const wrongDomain = sign(SECRET, GENESIS, Domain.PROPOSAL, ballotSignedBytes(ballot));
    expect(verifyBallot(GENESIS, { ...ballot, signature: wrongDomain })).toBe(false);
    expect(verifyBallot(GENESIS, { ...ballot, opinionHash: fill(32, 0) })).toBe(false);
    // votes are outside the signature (ballot.go: "Votes field is not signed")
    expect(verifyBallot(GENESIS, { ...ballot, votes: { ...ballot.votes, abstain: [1] } })).toBe(
      true,
    );
  });

  it('encodes the eligibility VRF input as proposals.VrfMessage', () => {
    expect(hex(ballotVrfMessage(Uint8Array.of(1, 2, 3, 4), 5, 300n, 2))).toBe(
      hex(concat([0x0c], [1, 2, 3, 4], [0x14], [0xb1, 0x04], [0x08])),
    );
  });

  it('rejects truncation and trailing bytes', () => {
    const b = encodeBallot(ballot);
    for (let n = 0; n < b.length; n++)
      expect(code(() => decodeBallot(b.subarray(0, n)))).not.toBe('decoded');
    expect(code(() => decodeBallot(concat(b, [0])))).toBe('trailing-bytes');
  });

  const vote = { id: fill(20, 5), layerID: 1, height: 1n };
  const cases: [string, (n: number) => Ballot, number][] = [
    [
      'support votes',
      (n) => ({ ...ballot, votes: { ...ballot.votes, support: Array(n).fill(vote) } }),
      MAX_VOTES,
    ],
    [
      'against votes',
      (n) => ({ ...ballot, votes: { ...ballot.votes, against: Array(n).fill(vote) } }),
      MAX_VOTES,
    ],
    [
      'abstain layers',
      (n) => ({ ...ballot, votes: { ...ballot.votes, abstain: Array(n).fill(7) } }),
      MAX_VOTES,
    ],
    [
      'eligibility proofs',
      (n) => ({ ...ballot, eligibilityProofs: Array(n).fill({ j: 1, sig: fill(80, 1) }) }),
      MAX_ELIGIBILITY_PROOFS,
    ],
    ['active set', (n) => ({ ...ballot, activeSet: Array(n).fill(fill(32, 1)) }), 1],
  ];
  for (const [name, make, max] of cases)
    it(`accepts ${max} ${name} and rejects ${max + 1}`, () => {
      const full = encode(BallotCodec, make(max));
      expect(decodeBallot(full)).toEqual(make(max));
      const over = overMax(encode(BallotCodec, make(0)), full, max);
      expect(code(() => decodeBallot(over))).toBe('too-long');
      expect(() => encode(BallotCodec, make(max + 1))).toThrow();
    });
});

describe('active set', () => {
  it('hashes as types.ATXIDList.Hash (vectors/consensus_fixtures.json atxid_list_hash, from common/types/atxid_list_test.go)', () => {
    const v = loadVectors<{ atxid_list_hash: { hash: string }[] }>('consensus_fixtures.json')
      .atxid_list_hash[0]!;
    const id = blake3(new TextEncoder().encode('1')); // CalcHash32([]byte("1"))
    expect(hex(activeSetHash([id]))).toBe(v.hash);
    expect(hex(activeSetHash([id]))).toBe(
      '3c462dd7363d6e6fb7d5085679d2ee7de30f2d939722882be0816387983051f6',
    );
    expect(hex(activeSetHash([id, id]))).toBe(hex(blake3(id, id)));
  });

  it('round-trips EpochActiveSet and rejects more than 8,000,000 ids without reading them', () => {
    const set = { epoch: 5, set: [fill(32, 1), fill(32, 2)] };
    const b = encode(EpochActiveSetCodec, set);
    expect(hex(b)).toBe(hex(concat([0x14, 0x08], fill(32, 1), fill(32, 2))));
    expect(decodeEpochActiveSet(b)).toEqual(set);
    const over = new Writer();
    over.byte(0x14);
    writeCompact32(over, MAX_EPOCH_ACTIVE_SET + 1);
    expect(code(() => decodeEpochActiveSet(over.finish()))).toBe('too-long');
    const at = new Writer();
    at.byte(0x14);
    writeCompact32(at, MAX_EPOCH_ACTIVE_SET);
    expect(code(() => decodeEpochActiveSet(at.finish()))).toBe('truncated');
  });
});

describe('proposal', () => {
  const p = proposal();

  it('round-trips; the wire is ballot ‖ tx ids ‖ mesh hash ‖ signature', () => {
    const b = encodeProposal(p);
    expect(decodeProposal(b)).toEqual(p);
    expect(hex(encodeProposal(decodeProposal(b)))).toBe(hex(b));
    expect(hex(b)).toBe(
      hex(concat(encodeBallot(p.ballot), [0x0c], ...p.txIDs, p.meshHash, p.signature)),
    );
  });

  it('id = blake3(SCALE(BallotMetadata{layer, blake3(InnerProposal)}))[:20]', () => {
    const innerHash = blake3(encode(InnerProposalCodec, p));
    const signed = concat([0x05, 0x3f], innerHash);
    expect(hex(proposalSignedBytes(p))).toBe(hex(signed));
    expect(hex(proposalId(p))).toBe(hex(hash20(signed)));
    // not the ballot id, and not a hash of the inner bytes themselves
    expect(hex(proposalId(p))).not.toBe(hex(ballotId(p.ballot)));
    expect(hex(proposalId(p))).not.toBe(hex(innerHash.subarray(0, 20)));
  });

  it('signs in the PROPOSAL domain with the ballot smesher key; the ballot keeps its own', () => {
    expect(verifyProposal(GENESIS, p)).toBe(true);
    expect(verifyBallot(GENESIS, p.ballot)).toBe(true);
    expect(verifyProposal(OTHER_GENESIS, p)).toBe(false);
    const ballotDomain = sign(SECRET, GENESIS, Domain.BALLOT, proposalSignedBytes(p));
    expect(verifyProposal(GENESIS, { ...p, signature: ballotDomain })).toBe(false);
    const otherKey = sign(OTHER_SECRET, GENESIS, Domain.PROPOSAL, proposalSignedBytes(p));
    expect(verifyProposal(GENESIS, { ...p, signature: otherKey })).toBe(false);
    expect(verifyProposal(GENESIS, { ...p, txIDs: p.txIDs.slice(1) })).toBe(false);
    // the inner proposal covers the ballot's votes too
    const votes = { ...p.ballot.votes, abstain: [] };
    expect(verifyProposal(GENESIS, { ...p, ballot: { ...p.ballot, votes } })).toBe(false);
  });

  it('a received proposal is one frozen object per bytes; its id is worked out once, a built one each time', () => {
    const b = encodeProposal(p);
    const shared = sharedDecode(decodeSharedProposal, b, p);
    expect(hex(proposalId(shared))).toBe(hex(proposalId(p)));
    expect(verifyProposal(GENESIS, shared)).toBe(true);
    // The remembered id is not the caller's to change.
    proposalId(shared).fill(0);
    expect(hex(proposalId(shared))).toBe(hex(proposalId(p)));
    expect(code(() => decodeSharedProposal(b.subarray(1)))).not.toBe('decoded');
    // A proposal still being built (not frozen) is hashed as it is now.
    const built: { -readonly [K in keyof Proposal]: Proposal[K] } = { ...p };
    const before = hex(proposalId(built));
    built.meshHash = fill(32, 9);
    expect(hex(proposalId(built))).not.toBe(before);
    expect(hex(proposalId(built))).toBe(hex(proposalId({ ...p, meshHash: fill(32, 9) })));
  });

  it('rejects truncation, trailing bytes and more than 100000 tx ids', () => {
    const b = encodeProposal(p);
    for (let n = 0; n < b.length; n += 7)
      expect(code(() => decodeProposal(b.subarray(0, n)))).not.toBe('decoded');
    expect(code(() => decodeProposal(b.subarray(0, b.length - 1)))).toBe('truncated');
    expect(code(() => decodeProposal(concat(b, [0])))).toBe('trailing-bytes');
    const make = (n: number): Proposal => ({ ...p, txIDs: Array(n).fill(fill(32, 1)) });
    const full = encode(ProposalCodec, make(MAX_PROPOSAL_TX_IDS));
    expect(decodeProposal(full).txIDs.length).toBe(MAX_PROPOSAL_TX_IDS);
    const over = overMax(encode(ProposalCodec, make(0)), full, MAX_PROPOSAL_TX_IDS);
    expect(code(() => decodeProposal(over))).toBe('too-long');
  });
});
