// Hare 3 messages as go-spacemesh v1.7 gossips them on `/h/3.0` (hare3/types.go, types_scale.go).
// The signature (HARE domain) is over SCALE(HareMetadata{layer, iter·7 + round, blake3(Body)}),
// the same bytes a hare equivocation proof carries (malfeasance.ts).
import {
  compact16,
  compact32,
  compact8,
  decode,
  encode,
  option,
  slice,
  struct,
} from '../codec/index.ts';
import type { Codec, StructFields } from '../codec/index.ts';
import { SharedDecoder } from '../codec/shared-decoder.ts';
import { blake3 } from '../crypto/hash.ts';
import { Domain, publicKeyOf, sign, verify } from '../crypto/signing.ts';
import {
  Beacon,
  EdSignature,
  EligibilityType,
  Hash32,
  HareEligibilityCodec,
  LayerID,
  NodeID,
  ProposalID,
} from './common.ts';
import type { HareEligibility } from './common.ts';
import { HareMetadataCodec } from './malfeasance.ts';
import type { HareMetadata } from './malfeasance.ts';

/** hare3.Round: rounds of one iteration. */
export const HareRound = {
  PREROUND: 0,
  HARDLOCK: 1,
  SOFTLOCK: 2,
  PROPOSE: 3,
  WAIT1: 4,
  WAIT2: 5,
  COMMIT: 6,
  NOTIFY: 7,
} as const;
export type HareRound = (typeof HareRound)[keyof typeof HareRound];

/** Value.Proposals max. */
export const MAX_HARE_PROPOSALS = 2350;

/** hare3.Value: a proposal set (preround, propose) or a reference to one (commit, notify). */
export interface HareValue {
  readonly proposals: Uint8Array[];
  readonly reference: Uint8Array | null;
}
export const HareValueCodec: Codec<HareValue> = struct<HareValue>({
  proposals: slice(ProposalID, MAX_HARE_PROPOSALS),
  reference: option(Hash32),
});

/** hare3.Body, with the embedded IterRound's two fields inline. */
export interface HareBody {
  readonly layer: number;
  readonly iter: number;
  /** A HareRound; the wire allows any u8 and go-spacemesh decodes it as such. */
  readonly round: number;
  readonly value: HareValue;
  readonly eligibility: HareEligibility;
}

/** hare3.Message. */
export interface HareMessage extends HareBody {
  readonly sender: Uint8Array;
  readonly signature: Uint8Array;
}

const bodyFields: StructFields<HareBody> = {
  layer: LayerID,
  iter: compact8,
  round: compact8,
  value: HareValueCodec,
  eligibility: HareEligibilityCodec,
};

export const HareBodyCodec: Codec<HareBody> = struct<HareBody>(bodyFields);
export const HareMessageCodec: Codec<HareMessage> = struct<HareMessage>({
  ...bodyFields,
  sender: NodeID,
  signature: EdSignature,
});

/** IterRound.Absolute: iter · notify + round (notify = 7). */
export function absoluteRound(iter: number, round: number): number {
  return iter * HareRound.NOTIFY + round;
}

// A hare message decoded by decodeSharedHareMessage is one frozen object for every node of the
// process that receives its bytes (codec/shared-decoder.ts); its hash — an encoding and a blake3
// of the whole body, proposal list included, needed twice per receiving node — is then worked
// out once. Only frozen messages are remembered: one being built may still change.
const hashOfFrozen = new WeakMap<HareBody, Uint8Array>();

/** Message.ToHash: blake3(SCALE(Body)). */
export function hareMessageHash(m: HareBody): Uint8Array {
  const known = hashOfFrozen.get(m);
  if (known !== undefined) return known.slice();
  const h = blake3(encode(HareBodyCodec, m));
  if (Object.isFrozen(m)) hashOfFrozen.set(m, h.slice());
  return h;
}

/** Message.ToMetadata. */
export function hareMetadata(m: HareBody): HareMetadata {
  return { layer: m.layer, round: absoluteRound(m.iter, m.round), msgHash: hareMessageHash(m) };
}

/** Message.ToMetadata().ToBytes(): the signed bytes. */
export function hareSignedBytes(m: HareBody): Uint8Array {
  return encode(HareMetadataCodec, hareMetadata(m));
}

export function signHareMessage(
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  body: HareBody,
): HareMessage {
  return {
    ...body,
    sender: publicKeyOf(secretKey),
    signature: sign(secretKey, genesisId, Domain.HARE, hareSignedBytes(body)),
  };
}

export function verifyHareMessage(genesisId: Uint8Array, m: HareMessage): boolean {
  return verify(m.sender, genesisId, Domain.HARE, hareSignedBytes(m), m.signature);
}

/**
 * Message.Validate: commit and notify carry a reference, preround and propose must not.
 * Returns the reason, or null when the message is well-formed.
 */
export function validateHareMessage(m: HareBody): string | null {
  const r = m.round;
  if ((r === HareRound.COMMIT || r === HareRound.NOTIFY) && m.value.reference === null)
    return 'reference can not be empty in commit or notify rounds';
  if ((r === HareRound.PREROUND || r === HareRound.PROPOSE) && m.value.reference !== null)
    return 'reference must be empty in preround and propose rounds';
  return null;
}

export function encodeHareMessage(m: HareMessage): Uint8Array {
  return encode(HareMessageCodec, m);
}

/** Exactly one message, no trailing bytes; throws only DecodeError. */
export function decodeHareMessage(bytes: Uint8Array): HareMessage {
  return decode(HareMessageCodec, bytes, 'HareMessage');
}

const sharedHareMessages = new SharedDecoder(HareMessageCodec, 'HareMessage');

/**
 * As decodeHareMessage, but equal bytes give the same frozen object in the whole process (a
 * received message: nothing may change it), whose hash is computed once.
 */
export function decodeSharedHareMessage(bytes: Uint8Array): HareMessage {
  return sharedHareMessages.decode(bytes);
}

/** hare3/eligibility.VrfMessage: the VRF input of hare (and certifier) eligibility. */
export interface HareVrfMessage {
  readonly type: number;
  readonly beacon: Uint8Array;
  readonly round: number;
  readonly layer: number;
}
export const HareVrfMessageCodec: Codec<HareVrfMessage> = struct<HareVrfMessage>({
  type: compact16,
  beacon: Beacon,
  round: compact32,
  layer: LayerID,
});

export function hareVrfMessage(beacon: Uint8Array, round: number, layer: number): Uint8Array {
  return encode(HareVrfMessageCodec, { type: EligibilityType.HARE, beacon, round, layer });
}
