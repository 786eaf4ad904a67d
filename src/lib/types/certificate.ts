// Block certificates as go-spacemesh v1.7 defines them (common/types/block.go, blocks/certifier.go).
// Each committee member signs SCALE(CertifyContent) in the HARE domain (certifier.go reuses it);
// a certificate gathers enough CertifyMessages for one block.
import { compact16, decode, encode, slice, struct } from '../codec/index.ts';
import type { Codec, StructFields } from '../codec/index.ts';
import { Domain, publicKeyOf, sign, verify } from '../crypto/signing.ts';
import { BlockID, EdSignature, LayerID, NodeID, VrfSignature } from './common.ts';

/** Certificate.Signatures max: the hare committee size plus a safety margin. */
export const MAX_CERTIFICATE_SIGNATURES = 1000;

/** types.CertifyContent: what a certifier signs. */
export interface CertifyContent {
  readonly layerID: number;
  readonly blockID: Uint8Array;
  /** How many committee seats the VRF proof grants. */
  readonly eligibilityCnt: number;
  readonly proof: Uint8Array;
}

/** types.CertifyMessage (gossiped on `bc1`). */
export interface CertifyMessage extends CertifyContent {
  readonly signature: Uint8Array;
  readonly smesherID: Uint8Array;
}

/** types.Certificate. */
export interface Certificate {
  readonly blockID: Uint8Array;
  readonly signatures: CertifyMessage[];
}

const contentFields: StructFields<CertifyContent> = {
  layerID: LayerID,
  blockID: BlockID,
  eligibilityCnt: compact16,
  proof: VrfSignature,
};

export const CertifyContentCodec: Codec<CertifyContent> = struct<CertifyContent>(contentFields);
export const CertifyMessageCodec: Codec<CertifyMessage> = struct<CertifyMessage>({
  ...contentFields,
  signature: EdSignature,
  smesherID: NodeID,
});
export const CertificateCodec: Codec<Certificate> = struct<Certificate>({
  blockID: BlockID,
  signatures: slice(CertifyMessageCodec, MAX_CERTIFICATE_SIGNATURES),
});

/** CertifyMessage.Bytes: the signed bytes. */
export function certifySignedBytes(c: CertifyContent): Uint8Array {
  return encode(CertifyContentCodec, c);
}

export function signCertifyMessage(
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  content: CertifyContent,
): CertifyMessage {
  return {
    ...content,
    signature: sign(secretKey, genesisId, Domain.HARE, certifySignedBytes(content)),
    smesherID: publicKeyOf(secretKey),
  };
}

export function verifyCertifyMessage(genesisId: Uint8Array, m: CertifyMessage): boolean {
  return verify(m.smesherID, genesisId, Domain.HARE, certifySignedBytes(m), m.signature);
}

export function decodeCertifyMessage(bytes: Uint8Array): CertifyMessage {
  return decode(CertifyMessageCodec, bytes, 'CertifyMessage');
}

export function decodeCertificate(bytes: Uint8Array): Certificate {
  return decode(CertificateCodec, bytes, 'Certificate');
}
