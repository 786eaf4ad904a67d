// Malfeasance proofs as go-spacemesh v1.7 gossips them (malfeasance/wire/malfeasance.go). A proof
// is a type byte (a raw byte, not compact: Proof.EncodeScale uses scale.EncodeByte) followed by
// that type's body; unknown types are refused. Each double-signing proof carries two signed
// metadata messages of one smesher, verifiable without the original ATX/ballot/hare message.
import {
  array,
  compact32,
  decode,
  DecodeError,
  encode,
  EncodeError,
  option,
  struct,
  u8,
} from '../codec/index.ts';
import type { Codec, StructFields } from '../codec/index.ts';
import { Domain, verify } from '../crypto/signing.ts';
import { ActivationTxV1Codec, ATXMetadataCodec } from './atx.ts';
import type { ActivationTxV1, ATXMetadata } from './atx.ts';
import { BallotMetadataCodec } from './ballot.ts';
import type { BallotMetadata } from './ballot.ts';
import { EdSignature, Hash32, HareEligibilityGossipCodec, LayerID, NodeID } from './common.ts';
import type { HareEligibilityGossip } from './common.ts';

/** Proof type bytes (wire.MultipleATXs …). */
export const MalfeasanceType = {
  MULTIPLE_ATXS: 1,
  MULTIPLE_BALLOTS: 2,
  HARE_EQUIVOCATION: 3,
  INVALID_POST_INDEX: 4,
  INVALID_PREV_ATX: 5,
} as const;
export type MalfeasanceType = (typeof MalfeasanceType)[keyof typeof MalfeasanceType];

/** wire.HareMetadata: what a hare message signature covers (hare.ts builds it). */
export interface HareMetadata {
  readonly layer: number;
  /** Absolute round: iter · 7 + round. */
  readonly round: number;
  readonly msgHash: Uint8Array;
}
export const HareMetadataCodec: Codec<HareMetadata> = struct<HareMetadata>({
  layer: LayerID,
  round: compact32,
  msgHash: Hash32,
});

/** A signed metadata message of a double-signing proof (AtxProofMsg, BallotProofMsg, HareProofMsg). */
export interface ProofMsg<M> {
  readonly innerMsg: M;
  readonly smesherID: Uint8Array;
  readonly signature: Uint8Array;
}

function proofMsg<M>(inner: Codec<M>): Codec<ProofMsg<M>> {
  const fields: StructFields<ProofMsg<M>> = {
    innerMsg: inner,
    smesherID: NodeID,
    signature: EdSignature,
  };
  return struct<ProofMsg<M>>(fields);
}

export type AtxProofMsg = ProofMsg<ATXMetadata>;
export type BallotProofMsg = ProofMsg<BallotMetadata>;
export type HareProofMsg = ProofMsg<HareMetadata>;
export const AtxProofMsgCodec = proofMsg(ATXMetadataCodec);
export const BallotProofMsgCodec = proofMsg(BallotMetadataCodec);
export const HareProofMsgCodec = proofMsg(HareMetadataCodec);

/** The tagged proof body (wire.Proof). `messages` is a [2] array: no count on the wire. */
export type Proof =
  | { readonly type: 1; readonly messages: AtxProofMsg[] }
  | { readonly type: 2; readonly messages: BallotProofMsg[] }
  | { readonly type: 3; readonly messages: HareProofMsg[] }
  | { readonly type: 4; readonly atx: ActivationTxV1; readonly invalidIdx: number }
  | { readonly type: 5; readonly atx1: ActivationTxV1; readonly atx2: ActivationTxV1 };

const bodies = {
  1: struct({ messages: array(AtxProofMsgCodec, 2) }),
  2: struct({ messages: array(BallotProofMsgCodec, 2) }),
  3: struct({ messages: array(HareProofMsgCodec, 2) }),
  4: struct({ atx: ActivationTxV1Codec, invalidIdx: compact32 }),
  5: struct({ atx1: ActivationTxV1Codec, atx2: ActivationTxV1Codec }),
} as const;

type Body = Record<string, unknown>;

export const ProofCodec: Codec<Proof> = {
  encode(w, v) {
    if (!(v.type in bodies))
      throw new EncodeError('invalid-value', `unknown malfeasance proof type ${String(v.type)}`);
    u8.encode(w, v.type);
    const body = bodies[v.type] as unknown as Codec<Body>;
    body.encode(w, v as unknown as Body);
  },
  decode(r) {
    const type = u8.decode(r);
    if (type < 1 || type > 5)
      throw new DecodeError('invalid-value', `unknown malfeasance proof type ${type}`, 'type');
    const body = bodies[type as 1 | 2 | 3 | 4 | 5] as unknown as Codec<Body>;
    return { type, ...body.decode(r) } as Proof;
  },
};

/** wire.MalfeasanceProof: the layer it was generated in and the proof. */
export interface MalfeasanceProof {
  readonly layer: number;
  readonly proof: Proof;
}
const proofFields: StructFields<MalfeasanceProof> = { layer: LayerID, proof: ProofCodec };
export const MalfeasanceProofCodec: Codec<MalfeasanceProof> = struct<MalfeasanceProof>(proofFields);

/** wire.MalfeasanceGossip (topic `mp1`): the proof plus a deprecated hare eligibility. */
export interface MalfeasanceGossip extends MalfeasanceProof {
  readonly eligibility: HareEligibilityGossip | null;
}
export const MalfeasanceGossipCodec: Codec<MalfeasanceGossip> = struct<MalfeasanceGossip>({
  ...proofFields,
  eligibility: option(HareEligibilityGossipCodec),
});

export function encodeMalfeasanceProof(p: MalfeasanceProof): Uint8Array {
  return encode(MalfeasanceProofCodec, p);
}

export function decodeMalfeasanceProof(bytes: Uint8Array): MalfeasanceProof {
  return decode(MalfeasanceProofCodec, bytes, 'MalfeasanceProof');
}

export function decodeMalfeasanceGossip(bytes: Uint8Array): MalfeasanceGossip {
  return decode(MalfeasanceGossipCodec, bytes, 'MalfeasanceGossip');
}

/** The signature checks of activation/malfeasance.go: ATX domain over SCALE(ATXMetadata). */
export function verifyAtxProofMsg(genesisId: Uint8Array, m: AtxProofMsg): boolean {
  return verify(
    m.smesherID,
    genesisId,
    Domain.ATX,
    encode(ATXMetadataCodec, m.innerMsg),
    m.signature,
  );
}

/** mesh/malfeasance.go: BALLOT domain over SCALE(BallotMetadata). */
export function verifyBallotProofMsg(genesisId: Uint8Array, m: BallotProofMsg): boolean {
  return verify(
    m.smesherID,
    genesisId,
    Domain.BALLOT,
    encode(BallotMetadataCodec, m.innerMsg),
    m.signature,
  );
}

/** hare3/malfeasance.go: HARE domain over SCALE(HareMetadata). */
export function verifyHareProofMsg(genesisId: Uint8Array, m: HareProofMsg): boolean {
  return verify(
    m.smesherID,
    genesisId,
    Domain.HARE,
    encode(HareMetadataCodec, m.innerMsg),
    m.signature,
  );
}
