// ATX v1 as go-spacemesh v1.7 puts it on the wire (activation/wire/wire_v1.go, challenge_v1.go).
// Go embeds NIPostChallengeV1 in InnerActivationTxV1 and that in ActivationTxV1; embedding adds
// no bytes, so here the three are flat interfaces that extend each other and codecs that list the
// same fields in the same order.
//
// ID = blake3(SCALE(InnerActivationTxV1)) (all but smesher id and signature). The signature is
// over SCALE(ATXMetadataV1{publishEpoch, id}) in the ATX domain, so a signature names the epoch.
import { compact32, compact64, decode, encode, option, struct } from '../codec/index.ts';
import type { Codec, StructFields } from '../codec/index.ts';
import { blake3 } from '../crypto/hash.ts';
import { Domain, publicKeyOf, sign, verify } from '../crypto/signing.ts';
import {
  Address,
  ATXID,
  bytesEqual,
  EdSignature,
  EMPTY_ATX_ID,
  EpochID,
  Hash32,
  NIPostV1Codec,
  NodeID,
  PostV1Codec,
} from './common.ts';
import type { NIPostV1, PostV1 } from './common.ts';

/** wire.NIPostChallengeV1: what the smesher submits (hashed) to a PoET. */
export interface NIPostChallengeV1 {
  readonly publishEpoch: number;
  /** Counts the smesher's earlier ATXs; two ATXs with one sequence prove malfeasance. */
  readonly sequence: bigint;
  /** Previous ATX id, all zeros for an initial ATX. */
  readonly prevATXID: Uint8Array;
  readonly positioningATXID: Uint8Array;
  /** Only in an initial ATX: the ATX the PoST commitment was made against. */
  readonly commitmentATXID: Uint8Array | null;
  /** Only in an initial ATX: a PoST proof over the initial challenge. */
  readonly initialPost: PostV1 | null;
}

/** wire.InnerActivationTxV1: everything the ATX id covers. */
export interface InnerActivationTxV1 extends NIPostChallengeV1 {
  readonly coinbase: Uint8Array;
  readonly numUnits: number;
  readonly nipost: NIPostV1 | null;
  /** Only in an initial ATX, so that initial ATXs of different smeshers differ. */
  readonly nodeID: Uint8Array | null;
  /** Present when the VRF nonce changed (always in an initial ATX). */
  readonly vrfNonce: bigint | null;
}

/** wire.ActivationTxV1: the gossiped ATX. */
export interface ActivationTxV1 extends InnerActivationTxV1 {
  readonly smesherID: Uint8Array;
  readonly signature: Uint8Array;
}

/** wire.ATXMetadataV1 (types.ATXMetadata): the signed bytes, also used in malfeasance proofs. */
export interface ATXMetadata {
  readonly publishEpoch: number;
  readonly msgHash: Uint8Array;
}

const challengeFields: StructFields<NIPostChallengeV1> = {
  publishEpoch: EpochID,
  sequence: compact64,
  prevATXID: ATXID,
  positioningATXID: ATXID,
  commitmentATXID: option(ATXID),
  initialPost: option(PostV1Codec),
};

const innerFields: StructFields<InnerActivationTxV1> = {
  ...challengeFields,
  coinbase: Address,
  numUnits: compact32,
  nipost: option(NIPostV1Codec),
  nodeID: option(NodeID),
  vrfNonce: option(compact64),
};

export const NIPostChallengeV1Codec: Codec<NIPostChallengeV1> =
  struct<NIPostChallengeV1>(challengeFields);
export const InnerActivationTxV1Codec: Codec<InnerActivationTxV1> =
  struct<InnerActivationTxV1>(innerFields);
export const ActivationTxV1Codec: Codec<ActivationTxV1> = struct<ActivationTxV1>({
  ...innerFields,
  smesherID: NodeID,
  signature: EdSignature,
});
export const ATXMetadataCodec: Codec<ATXMetadata> = struct<ATXMetadata>({
  publishEpoch: EpochID,
  msgHash: Hash32,
});

const CHALLENGE_PREFIX = new Uint8Array([0x00]);

/**
 * NIPostChallengeV1.Hash: blake3(0x00 ‖ SCALE(challenge)). The 0x00 prefix separates leaves from
 * the PoET membership tree's inner nodes (0x01 ‖ L ‖ R), so no node passes for a challenge.
 */
export function nipostChallengeHash(c: NIPostChallengeV1): Uint8Array {
  return blake3(CHALLENGE_PREFIX, encode(NIPostChallengeV1Codec, c));
}

/** The ATX id: blake3(SCALE(InnerActivationTxV1)) (HashInnerBytes). */
export function atxIdV1(atx: InnerActivationTxV1): Uint8Array {
  return blake3(encode(InnerActivationTxV1Codec, atx));
}

/** ActivationTxV1.SignedBytes: SCALE(ATXMetadataV1{publishEpoch, msgHash: id}). */
export function atxSignedBytesV1(atx: InnerActivationTxV1): Uint8Array {
  return encode(ATXMetadataCodec, { publishEpoch: atx.publishEpoch, msgHash: atxIdV1(atx) });
}

/**
 * ActivationTxV1.Sign: an initial ATX (no previous ATX) gets the signer's node id set first, as
 * go-spacemesh does, so the id covers it; then smesher id and signature are filled in.
 */
export function signAtxV1(
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  inner: InnerActivationTxV1,
): ActivationTxV1 {
  const smesherID = publicKeyOf(secretKey);
  const body: InnerActivationTxV1 = bytesEqual(inner.prevATXID, EMPTY_ATX_ID)
    ? { ...inner, nodeID: smesherID }
    : inner;
  const signature = sign(secretKey, genesisId, Domain.ATX, atxSignedBytesV1(body));
  return { ...body, smesherID, signature };
}

/** The handler's signature check (handler_v1.go): smesher id over the signed bytes, ATX domain. */
export function verifyAtxV1(genesisId: Uint8Array, atx: ActivationTxV1): boolean {
  return verify(atx.smesherID, genesisId, Domain.ATX, atxSignedBytesV1(atx), atx.signature);
}

/** wire.DecodeAtxV1: exactly one ATX, no trailing bytes; throws only DecodeError. */
export function decodeAtxV1(bytes: Uint8Array): ActivationTxV1 {
  return decode(ActivationTxV1Codec, bytes, 'ActivationTxV1');
}

export function encodeAtxV1(atx: ActivationTxV1): Uint8Array {
  return encode(ActivationTxV1Codec, atx);
}
