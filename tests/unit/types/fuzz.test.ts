// Every top-level wire decoder gets 100,000 inputs: random bytes and mutations (bit flips, cuts,
// insertions, boundary bytes) of real encodings. Anything but a DecodeError fails the test, and
// whatever decodes must re-encode to bytes that decode to the same value. Not always to the input
// bytes: go-scale (and so src/lib/codec) accepts a compact64 in big-integer mode with more bytes
// than the value needs (it only checks value > 2^30 - 1); go-spacemesh computes ids from the
// re-encoded value, as atxIdV1 / ballotId here do, so both sides still agree on ids.
import { describe, expect, it } from 'vitest';
import { encode } from '../../../src/lib/codec/index.ts';
import type { Codec } from '../../../src/lib/codec/index.ts';
import { ActivationTxV1Codec, atxIdV1, decodeAtxV1 } from '../../../src/lib/types/atx.ts';
import {
  BallotCodec,
  decodeBallot,
  decodeEpochActiveSet,
  EpochActiveSetCodec,
} from '../../../src/lib/types/ballot.ts';
import {
  BeaconProposalMessageCodec,
  decodeBeaconProposalMessage,
  decodeFirstVotingMessage,
  decodeFollowingVotingMessage,
  decodeWeakCoinMessage,
  FirstVotingMessageCodec,
  FollowingVotingMessageCodec,
  WeakCoinMessageCodec,
} from '../../../src/lib/types/beacon.ts';
import { BlockCodec, decodeBlock } from '../../../src/lib/types/block.ts';
import {
  CertificateCodec,
  CertifyMessageCodec,
  decodeCertificate,
  decodeCertifyMessage,
} from '../../../src/lib/types/certificate.ts';
import { decodeHareMessage, HareMessageCodec, HareRound } from '../../../src/lib/types/hare.ts';
import {
  decodeMalfeasanceGossip,
  decodeMalfeasanceProof,
  MalfeasanceGossipCodec,
  MalfeasanceProofCodec,
} from '../../../src/lib/types/malfeasance.ts';
import type { MalfeasanceProof } from '../../../src/lib/types/malfeasance.ts';
import { decodeProposal, ProposalCodec } from '../../../src/lib/types/proposal.ts';
import { deepEqual, fuzzDecoder, fuzzSeed, mutate, Rng, sameBytes } from '../codec/fuzz-kit.ts';
import {
  block,
  bytes,
  certificate,
  followupAtx,
  hareMessage,
  initialAtx,
  proposal,
  refBallot,
} from './fixtures.ts';

const COUNT = 100_000;

interface Target {
  name: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  codec: Codec<any>;
  decode: (b: Uint8Array) => unknown;
  seeds: Uint8Array[];
}

const atx = initialAtx();
const next = followupAtx(atxIdV1(atx));
const ballot = refBallot();
const cert = certificate();
const malfeasance: MalfeasanceProof[] = [
  { layer: 20, proof: { type: 4, atx, invalidIdx: 3 } },
  { layer: 21, proof: { type: 5, atx1: atx, atx2: next } },
  {
    layer: 22,
    proof: {
      type: 3,
      messages: [0, 1].map(() => ({
        innerMsg: { layer: 9, round: 2, msgHash: bytes(32) },
        smesherID: bytes(32),
        signature: bytes(64),
      })),
    },
  },
];

const targets: Target[] = [
  {
    name: 'ActivationTxV1',
    codec: ActivationTxV1Codec,
    decode: decodeAtxV1,
    seeds: [atx, next].map((a) => encode(ActivationTxV1Codec, a)),
  },
  {
    name: 'Ballot',
    codec: BallotCodec,
    decode: decodeBallot,
    seeds: [encode(BallotCodec, ballot)],
  },
  {
    name: 'Proposal',
    codec: ProposalCodec,
    decode: decodeProposal,
    seeds: [encode(ProposalCodec, proposal())],
  },
  {
    name: 'EpochActiveSet',
    codec: EpochActiveSetCodec,
    decode: decodeEpochActiveSet,
    seeds: [encode(EpochActiveSetCodec, { epoch: 9, set: [bytes(32), bytes(32), bytes(32)] })],
  },
  { name: 'Block', codec: BlockCodec, decode: decodeBlock, seeds: [encode(BlockCodec, block())] },
  {
    name: 'Certificate',
    codec: CertificateCodec,
    decode: decodeCertificate,
    seeds: [encode(CertificateCodec, cert)],
  },
  {
    name: 'CertifyMessage',
    codec: CertifyMessageCodec,
    decode: decodeCertifyMessage,
    seeds: [encode(CertifyMessageCodec, cert.signatures[0]!)],
  },
  {
    name: 'MalfeasanceProof',
    codec: MalfeasanceProofCodec,
    decode: decodeMalfeasanceProof,
    seeds: malfeasance.map((m) => encode(MalfeasanceProofCodec, m)),
  },
  {
    name: 'MalfeasanceGossip',
    codec: MalfeasanceGossipCodec,
    decode: decodeMalfeasanceGossip,
    seeds: malfeasance.map((m) => encode(MalfeasanceGossipCodec, { ...m, eligibility: null })),
  },
  {
    name: 'HareMessage',
    codec: HareMessageCodec,
    decode: decodeHareMessage,
    seeds: [hareMessage(HareRound.PREROUND), hareMessage(HareRound.NOTIFY, 1)].map((m) =>
      encode(HareMessageCodec, m),
    ),
  },
  {
    name: 'beacon ProposalMessage',
    codec: BeaconProposalMessageCodec,
    decode: decodeBeaconProposalMessage,
    seeds: [
      encode(BeaconProposalMessageCodec, {
        epochID: 3,
        nodeID: bytes(32),
        vrfSignature: bytes(80),
      }),
    ],
  },
  {
    name: 'FirstVotingMessage',
    codec: FirstVotingMessageCodec,
    decode: decodeFirstVotingMessage,
    seeds: [
      encode(FirstVotingMessageCodec, {
        epochID: 3,
        validProposals: [bytes(4), bytes(4)],
        potentiallyValidProposals: [bytes(4)],
        smesherID: bytes(32),
        signature: bytes(64),
      }),
    ],
  },
  {
    name: 'FollowingVotingMessage',
    codec: FollowingVotingMessageCodec,
    decode: decodeFollowingVotingMessage,
    seeds: [
      encode(FollowingVotingMessageCodec, {
        epochID: 3,
        roundID: 70,
        votesBitVector: bytes(3),
        smesherID: bytes(32),
        signature: bytes(64),
      }),
    ],
  },
  {
    name: 'WeakCoinMessage',
    codec: WeakCoinMessageCodec,
    decode: decodeWeakCoinMessage,
    seeds: [
      encode(WeakCoinMessageCodec, {
        epoch: 3,
        round: 2,
        unit: 1,
        nodeID: bytes(32),
        vrfSignature: bytes(80),
      }),
    ],
  },
];

describe('wire type decoders under fuzzing', () => {
  const seed = fuzzSeed('types fuzz');
  for (const t of targets)
    it(`${t.name}: ${COUNT} random and mutated inputs, only DecodeError`, () => {
      const rng = new Rng(seed ^ t.name.length);
      const maxLen = Math.max(...t.seeds.map((s) => s.length)) + 16;
      const stats = fuzzDecoder(
        t.name,
        COUNT,
        () => {
          // mostly mutations of real messages (they get deep into the decoder); some pure noise
          if (rng.int(8) === 0) return rng.bytes(rng.int(maxLen));
          let b = rng.pick(t.seeds);
          const rounds = 1 + rng.int(3);
          for (let i = 0; i < rounds; i++) b = mutate(rng, b);
          return b;
        },
        t.decode,
        (value) => {
          const again = encode(t.codec, value);
          if (!deepEqual(t.decode(again), value))
            throw new Error('re-encoding decodes differently');
          if (!sameBytes(encode(t.codec, t.decode(again)), again))
            throw new Error('encoding is not a fixed point');
        },
      );
      expect(stats.inputs).toBe(COUNT);
      // the seeds' mutations must reach both outcomes, or the fuzzer tests nothing
      expect(stats.decoded).toBeGreaterThan(0);
      expect(stats.rejected).toBeGreaterThan(0);
    });
});
