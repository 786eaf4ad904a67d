// Malfeasance proofs (go-spacemesh malfeasance/wire/malfeasance.go, malfeasance_scale.go; the
// signature checks of activation/malfeasance.go, mesh/malfeasance.go, hare3/malfeasance.go at
// v1.7.6). Proofs are built here from real signed ATXs, ballots and hare messages, so the proof
// messages verify exactly when the originals did.
import { describe, expect, it } from 'vitest';
import { encode, EncodeError } from '../../../src/lib/codec/index.ts';
import { atxIdV1, encodeAtxV1 } from '../../../src/lib/types/atx.ts';
import type { ActivationTxV1 } from '../../../src/lib/types/atx.ts';
import { ballotInnerHash, signBallot } from '../../../src/lib/types/ballot.ts';
import type { Ballot } from '../../../src/lib/types/ballot.ts';
import { HareEligibilityGossipCodec } from '../../../src/lib/types/common.ts';
import { hareMetadata, HareRound } from '../../../src/lib/types/hare.ts';
import type { HareMessage } from '../../../src/lib/types/hare.ts';
import {
  decodeMalfeasanceGossip,
  decodeMalfeasanceProof,
  encodeMalfeasanceProof,
  MalfeasanceGossipCodec,
  MalfeasanceType,
  verifyAtxProofMsg,
  verifyBallotProofMsg,
  verifyHareProofMsg,
} from '../../../src/lib/types/malfeasance.ts';
import type {
  AtxProofMsg,
  BallotProofMsg,
  HareProofMsg,
  MalfeasanceProof,
} from '../../../src/lib/types/malfeasance.ts';
import {
  code,
  concat,
  followupAtx,
  GENESIS,
  hareMessage,
  hex,
  initialAtx,
  OTHER_GENESIS,
  refBallot,
  SECRET,
} from './fixtures.ts';

const atxMsg = (a: ActivationTxV1): AtxProofMsg => ({
  innerMsg: { publishEpoch: a.publishEpoch, msgHash: atxIdV1(a) },
  smesherID: a.smesherID,
  signature: a.signature,
});
const ballotMsg = (b: Ballot): BallotProofMsg => ({
  innerMsg: { layer: b.layer, msgHash: ballotInnerHash(b) },
  smesherID: b.smesherID,
  signature: b.signature,
});
const hareMsg = (m: HareMessage): HareProofMsg => ({
  innerMsg: hareMetadata(m),
  smesherID: m.sender,
  signature: m.signature,
});

const atx1 = initialAtx();
const atx2 = followupAtx(atxIdV1(atx1));
const atx3 = followupAtx(atxIdV1(atx2));
const ballot1 = refBallot();
const ballot2 = signBallot(SECRET, GENESIS, { ...ballot1, opinionHash: new Uint8Array(32) });
const hare1 = hareMessage(HareRound.PREROUND);
const hare2 = hareMessage(HareRound.PREROUND);

const proofs: MalfeasanceProof[] = [
  {
    layer: 4033,
    proof: { type: MalfeasanceType.MULTIPLE_ATXS, messages: [atxMsg(atx2), atxMsg(atx3)] },
  },
  {
    layer: 4033,
    proof: {
      type: MalfeasanceType.MULTIPLE_BALLOTS,
      messages: [ballotMsg(ballot1), ballotMsg(ballot2)],
    },
  },
  {
    layer: 4033,
    proof: { type: MalfeasanceType.HARE_EQUIVOCATION, messages: [hareMsg(hare1), hareMsg(hare2)] },
  },
  { layer: 20, proof: { type: MalfeasanceType.INVALID_POST_INDEX, atx: atx1, invalidIdx: 99 } },
  { layer: 30, proof: { type: MalfeasanceType.INVALID_PREV_ATX, atx1: atx2, atx2: atx3 } },
];

describe('malfeasance proofs', () => {
  it('round-trip all five proof types', () => {
    for (const p of proofs) {
      const b = encodeMalfeasanceProof(p);
      expect(decodeMalfeasanceProof(b)).toEqual(p);
      expect(hex(encodeMalfeasanceProof(decodeMalfeasanceProof(b)))).toBe(hex(b));
    }
  });

  it('writes layer (compact) ‖ type (raw byte) ‖ body', () => {
    const [, , , postIndex, prevAtx] = proofs;
    expect(hex(encodeMalfeasanceProof(postIndex!))).toBe(
      hex(concat([0x50, 4], encodeAtxV1(atx1), [0x8d, 0x01])), // invalidIdx 99: (99 << 2) | 1
    );
    expect(hex(encodeMalfeasanceProof(prevAtx!))).toBe(
      hex(concat([0x78, 5], encodeAtxV1(atx2), encodeAtxV1(atx3))),
    );
    const atxProof = encodeMalfeasanceProof(proofs[0]!);
    // [2] array: no count; each message = ATXMetadata ‖ smesher id ‖ signature
    expect(hex(atxProof)).toBe(
      hex(
        concat(
          [0x05, 0x3f, 1],
          [0x0c],
          atxIdV1(atx2),
          atx2.smesherID,
          atx2.signature,
          [0x0c],
          atxIdV1(atx3),
          atx3.smesherID,
          atx3.signature,
        ),
      ),
    );
  });

  it('proof messages verify with their domain, and not with another genesis', () => {
    const [atxs, ballots, hares] = proofs;
    if (atxs!.proof.type !== 1 || ballots!.proof.type !== 2 || hares!.proof.type !== 3)
      throw new Error('fixture order');
    for (const m of atxs!.proof.messages) {
      expect(verifyAtxProofMsg(GENESIS, m)).toBe(true);
      expect(verifyAtxProofMsg(OTHER_GENESIS, m)).toBe(false);
      expect(
        verifyBallotProofMsg(GENESIS, {
          ...m,
          innerMsg: { layer: 3, msgHash: m.innerMsg.msgHash },
        }),
      ).toBe(false);
    }
    for (const m of ballots!.proof.messages) {
      expect(verifyBallotProofMsg(GENESIS, m)).toBe(true);
      expect(verifyBallotProofMsg(OTHER_GENESIS, m)).toBe(false);
    }
    for (const m of hares!.proof.messages) {
      expect(verifyHareProofMsg(GENESIS, m)).toBe(true);
      expect(verifyHareProofMsg(GENESIS, { ...m, innerMsg: { ...m.innerMsg, round: 1 } })).toBe(
        false,
      );
    }
    // a tampered ATX proof message fails
    const m = atxs!.proof.messages[0]!;
    expect(verifyAtxProofMsg(GENESIS, { ...m, innerMsg: { ...m.innerMsg, publishEpoch: 9 } })).toBe(
      false,
    );
  });

  it('rejects unknown proof types, truncation and trailing bytes', () => {
    const b = encodeMalfeasanceProof(proofs[1]!);
    for (const t of [0, 6, 255]) {
      const bad = b.slice();
      bad[2] = t; // after the 2-byte layer
      expect(code(() => decodeMalfeasanceProof(bad))).toBe('invalid-value');
    }
    for (const p of proofs) {
      const e = encodeMalfeasanceProof(p);
      for (let n = 0; n < e.length; n += 3)
        expect(code(() => decodeMalfeasanceProof(e.subarray(0, n)))).not.toBe('decoded');
      expect(code(() => decodeMalfeasanceProof(e.subarray(0, e.length - 1)))).toBe('truncated');
      expect(code(() => decodeMalfeasanceProof(concat(e, [0])))).toBe('trailing-bytes');
    }
  });

  it('refuses to encode an unknown proof type', () => {
    const bad = {
      layer: 1,
      proof: { type: 9, atx1: atx1, atx2: atx2 },
    } as unknown as MalfeasanceProof;
    expect(() => encodeMalfeasanceProof(bad)).toThrow(EncodeError);
  });

  it('gossip adds an optional (deprecated) hare eligibility', () => {
    const eligibility = {
      layer: 4033,
      round: 3,
      nodeID: atx1.smesherID,
      eligibility: { proof: new Uint8Array(80).fill(3), count: 2 },
    };
    for (const g of [
      { ...proofs[2]!, eligibility: null },
      { ...proofs[2]!, eligibility },
    ]) {
      const b = encode(MalfeasanceGossipCodec, g);
      expect(decodeMalfeasanceGossip(b)).toEqual(g);
    }
    const withElig = encode(MalfeasanceGossipCodec, { ...proofs[0]!, eligibility });
    expect(hex(withElig)).toBe(
      hex(
        concat(
          encodeMalfeasanceProof(proofs[0]!),
          [1],
          encode(HareEligibilityGossipCodec, eligibility),
        ),
      ),
    );
  });
});
