// Beacon protocol messages as go-spacemesh v1.7 gossips them (beacon/message.go,
// beacon/weakcoin/weak_coin.go and their *_scale.go). Proposals and weak-coin messages are
// authenticated by their VRF proof alone; voting messages are ed25519-signed over their body in
// the BEACON_FIRST / BEACON_FOLLOWUP domains.
import {
  byteSlice,
  compact16,
  compact32,
  compact64,
  decode,
  encode,
  slice,
  struct,
} from '../codec/index.ts';
import type { Codec, StructFields } from '../codec/index.ts';
import { Domain, publicKeyOf, sign, verify } from '../crypto/signing.ts';
import { Beacon, EdSignature, EligibilityType, EpochID, NodeID, VrfSignature } from './common.ts';

/** FirstVotingMessageBody proposal lists max. */
export const MAX_BEACON_PROPOSALS = 1000;
/** FollowingVotingMessageBody.VotesBitVector max: 1024 bits cover the 1000 proposals. */
export const MAX_VOTES_BIT_VECTOR = 128;

/** beacon.ProposalVrfMessage: the VRF input of a beacon proposal (type EligibilityBeacon). */
export interface ProposalVrfMessage {
  readonly type: number;
  readonly nonce: bigint;
  readonly epoch: number;
}
export const ProposalVrfMessageCodec: Codec<ProposalVrfMessage> = struct<ProposalVrfMessage>({
  type: compact16,
  nonce: compact64,
  epoch: EpochID,
});

export function beaconProposalVrfMessage(nonce: bigint, epoch: number): Uint8Array {
  return encode(ProposalVrfMessageCodec, { type: EligibilityType.BEACON, nonce, epoch });
}

/** beacon.ProposalMessage (topic `bp1`). The proposal itself is the VRF proof's first 4 bytes. */
export interface BeaconProposalMessage {
  readonly epochID: number;
  readonly nodeID: Uint8Array;
  readonly vrfSignature: Uint8Array;
}
export const BeaconProposalMessageCodec: Codec<BeaconProposalMessage> =
  struct<BeaconProposalMessage>({ epochID: EpochID, nodeID: NodeID, vrfSignature: VrfSignature });

/** beacon.ProposalFromVrf. */
export function beaconProposalFromVrf(vrf: Uint8Array): Uint8Array {
  return vrf.slice(0, 4);
}

export interface FirstVotingMessageBody {
  readonly epochID: number;
  readonly validProposals: Uint8Array[];
  readonly potentiallyValidProposals: Uint8Array[];
}

/** beacon.FirstVotingMessage (topic `bf1`). */
export interface FirstVotingMessage extends FirstVotingMessageBody {
  readonly smesherID: Uint8Array;
  readonly signature: Uint8Array;
}

const firstFields: StructFields<FirstVotingMessageBody> = {
  epochID: EpochID,
  validProposals: slice(Beacon, MAX_BEACON_PROPOSALS),
  potentiallyValidProposals: slice(Beacon, MAX_BEACON_PROPOSALS),
};
export const FirstVotingMessageBodyCodec: Codec<FirstVotingMessageBody> =
  struct<FirstVotingMessageBody>(firstFields);
export const FirstVotingMessageCodec: Codec<FirstVotingMessage> = struct<FirstVotingMessage>({
  ...firstFields,
  smesherID: NodeID,
  signature: EdSignature,
});

export interface FollowingVotingMessageBody {
  readonly epochID: number;
  readonly roundID: number;
  readonly votesBitVector: Uint8Array;
}

/** beacon.FollowingVotingMessage (topic `bo1`). */
export interface FollowingVotingMessage extends FollowingVotingMessageBody {
  readonly smesherID: Uint8Array;
  readonly signature: Uint8Array;
}

const followingFields: StructFields<FollowingVotingMessageBody> = {
  epochID: EpochID,
  roundID: compact32,
  votesBitVector: byteSlice(MAX_VOTES_BIT_VECTOR),
};
export const FollowingVotingMessageBodyCodec: Codec<FollowingVotingMessageBody> =
  struct<FollowingVotingMessageBody>(followingFields);
export const FollowingVotingMessageCodec: Codec<FollowingVotingMessage> =
  struct<FollowingVotingMessage>({ ...followingFields, smesherID: NodeID, signature: EdSignature });

export function signFirstVotingMessage(
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  body: FirstVotingMessageBody,
): FirstVotingMessage {
  const bytes = encode(FirstVotingMessageBodyCodec, body);
  return {
    ...body,
    smesherID: publicKeyOf(secretKey),
    signature: sign(secretKey, genesisId, Domain.BEACON_FIRST, bytes),
  };
}

export function verifyFirstVotingMessage(genesisId: Uint8Array, m: FirstVotingMessage): boolean {
  const bytes = encode(FirstVotingMessageBodyCodec, m);
  return verify(m.smesherID, genesisId, Domain.BEACON_FIRST, bytes, m.signature);
}

export function signFollowingVotingMessage(
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  body: FollowingVotingMessageBody,
): FollowingVotingMessage {
  const bytes = encode(FollowingVotingMessageBodyCodec, body);
  return {
    ...body,
    smesherID: publicKeyOf(secretKey),
    signature: sign(secretKey, genesisId, Domain.BEACON_FOLLOWUP, bytes),
  };
}

export function verifyFollowingVotingMessage(
  genesisId: Uint8Array,
  m: FollowingVotingMessage,
): boolean {
  const bytes = encode(FollowingVotingMessageBodyCodec, m);
  return verify(m.smesherID, genesisId, Domain.BEACON_FOLLOWUP, bytes, m.signature);
}

/** weakcoin.Message (topic `bw1`). */
export interface WeakCoinMessage {
  readonly epoch: number;
  readonly round: number;
  readonly unit: number;
  readonly nodeID: Uint8Array;
  readonly vrfSignature: Uint8Array;
}
export const WeakCoinMessageCodec: Codec<WeakCoinMessage> = struct<WeakCoinMessage>({
  epoch: EpochID,
  round: compact32,
  unit: compact32,
  nodeID: NodeID,
  vrfSignature: VrfSignature,
});

/** weakcoin.VrfMessage: the VRF input of a weak-coin message (type EligibilityBeaconWC). */
export interface WeakCoinVrfMessage {
  readonly type: number;
  readonly nonce: bigint;
  readonly epoch: number;
  readonly round: number;
  readonly unit: number;
}
export const WeakCoinVrfMessageCodec: Codec<WeakCoinVrfMessage> = struct<WeakCoinVrfMessage>({
  type: compact16,
  nonce: compact64,
  epoch: EpochID,
  round: compact32,
  unit: compact32,
});

export function weakCoinVrfMessage(
  nonce: bigint,
  epoch: number,
  round: number,
  unit: number,
): Uint8Array {
  return encode(WeakCoinVrfMessageCodec, {
    type: EligibilityType.BEACON_WC,
    nonce,
    epoch,
    round,
    unit,
  });
}

export function decodeBeaconProposalMessage(bytes: Uint8Array): BeaconProposalMessage {
  return decode(BeaconProposalMessageCodec, bytes, 'ProposalMessage');
}
export function decodeFirstVotingMessage(bytes: Uint8Array): FirstVotingMessage {
  return decode(FirstVotingMessageCodec, bytes, 'FirstVotingMessage');
}
export function decodeFollowingVotingMessage(bytes: Uint8Array): FollowingVotingMessage {
  return decode(FollowingVotingMessageCodec, bytes, 'FollowingVotingMessage');
}
export function decodeWeakCoinMessage(bytes: Uint8Array): WeakCoinMessage {
  return decode(WeakCoinMessageCodec, bytes, 'WeakCoinMessage');
}
