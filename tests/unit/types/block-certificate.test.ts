// Blocks and certificates (go-spacemesh common/types/block.go, block_scale.go, blocks/certifier.go
// at v1.7.6).
import { describe, expect, it } from 'vitest';
import { encode } from '../../../src/lib/codec/index.ts';
import { hash20 } from '../../../src/lib/crypto/hash.ts';
import { Domain, publicKeyOf, sign } from '../../../src/lib/crypto/signing.ts';
import {
  BlockCodec,
  blockId,
  decodeBlock,
  encodeBlock,
  MAX_BLOCK_REWARDS,
  MAX_BLOCK_TX_IDS,
} from '../../../src/lib/types/block.ts';
import type { AnyReward, Block } from '../../../src/lib/types/block.ts';
import {
  CertificateCodec,
  CertifyMessageCodec,
  certifySignedBytes,
  decodeCertificate,
  decodeCertifyMessage,
  MAX_CERTIFICATE_SIGNATURES,
  verifyCertifyMessage,
} from '../../../src/lib/types/certificate.ts';
import type { Certificate } from '../../../src/lib/types/certificate.ts';
import {
  block,
  certificate,
  code,
  concat,
  fill,
  GENESIS,
  hex,
  OTHER_GENESIS,
  OTHER_SECRET,
  overMax,
  SECRET,
} from './fixtures.ts';

describe('block', () => {
  const b = block();

  it('lays out InnerBlock as block_scale.go does', () => {
    const small: Block = {
      layerIndex: 10,
      tickHeight: 3n,
      rewards: [{ atxID: fill(32, 1), weight: { num: 1n, denom: 2n } }],
      txIDs: [fill(32, 2)],
    };
    const expected = concat([0x28, 0x0c, 0x04], fill(32, 1), [0x04, 0x08, 0x04], fill(32, 2));
    expect(hex(encodeBlock(small))).toBe(hex(expected));
    expect(hex(blockId(small))).toBe(hex(hash20(expected)));
  });

  it('round-trips with u64 reward fractions at their edges', () => {
    const bytes = encodeBlock(b);
    expect(decodeBlock(bytes)).toEqual(b);
    expect(hex(encodeBlock(decodeBlock(bytes)))).toBe(hex(bytes));
    expect(hex(blockId(b))).toBe(hex(hash20(bytes)));
  });

  it('rejects truncation, trailing bytes and oversize lists', () => {
    const bytes = encodeBlock(b);
    for (let n = 0; n < bytes.length; n++)
      expect(code(() => decodeBlock(bytes.subarray(0, n)))).not.toBe('decoded');
    expect(code(() => decodeBlock(concat(bytes, [0])))).toBe('trailing-bytes');
    const cases: [(n: number) => Block, number][] = [
      [(n) => ({ ...b, rewards: Array<AnyReward>(n).fill(b.rewards[0]!) }), MAX_BLOCK_REWARDS],
      [(n) => ({ ...b, txIDs: Array<Uint8Array>(n).fill(fill(32, 1)) }), MAX_BLOCK_TX_IDS],
    ];
    for (const [make, max] of cases) {
      const full = encode(BlockCodec, make(max));
      expect(decodeBlock(full)).toEqual(make(max));
      expect(code(() => decodeBlock(overMax(encode(BlockCodec, make(0)), full, max)))).toBe(
        'too-long',
      );
    }
  });
});

describe('certificate', () => {
  const cert = certificate();
  const msg = cert.signatures[0]!;

  it('lays out CertifyMessage as CertifyContent ‖ signature ‖ smesher id', () => {
    const content = concat([0x05, 0x3f], msg.blockID, [0x08], msg.proof);
    expect(hex(certifySignedBytes(msg))).toBe(hex(content));
    expect(hex(encode(CertifyMessageCodec, msg))).toBe(
      hex(concat(content, msg.signature, msg.smesherID)),
    );
    expect(hex(encode(CertificateCodec, cert))).toBe(
      hex(
        concat(cert.blockID, [0x08], ...cert.signatures.map((s) => encode(CertifyMessageCodec, s))),
      ),
    );
  });

  it('round-trips', () => {
    const bytes = encode(CertificateCodec, cert);
    expect(decodeCertificate(bytes)).toEqual(cert);
    expect(hex(encode(CertificateCodec, decodeCertificate(bytes)))).toBe(hex(bytes));
    expect(decodeCertifyMessage(encode(CertifyMessageCodec, msg))).toEqual(msg);
  });

  it('signs SCALE(CertifyContent) in the HARE domain', () => {
    expect(verifyCertifyMessage(GENESIS, msg)).toBe(true);
    expect(verifyCertifyMessage(GENESIS, cert.signatures[1]!)).toBe(true);
    expect(hex(cert.signatures[1]!.smesherID)).toBe(hex(publicKeyOf(OTHER_SECRET)));
    expect(verifyCertifyMessage(OTHER_GENESIS, msg)).toBe(false);
    expect(verifyCertifyMessage(GENESIS, { ...msg, smesherID: publicKeyOf(OTHER_SECRET) })).toBe(
      false,
    );
    const ballotDomain = sign(SECRET, GENESIS, Domain.BALLOT, certifySignedBytes(msg));
    expect(verifyCertifyMessage(GENESIS, { ...msg, signature: ballotDomain })).toBe(false);
    expect(verifyCertifyMessage(GENESIS, { ...msg, eligibilityCnt: 3 })).toBe(false);
  });

  it('rejects truncation, trailing bytes and more than 1000 signatures', () => {
    const bytes = encode(CertificateCodec, cert);
    for (let n = 0; n < bytes.length; n++)
      expect(code(() => decodeCertificate(bytes.subarray(0, n)))).not.toBe('decoded');
    expect(code(() => decodeCertificate(concat(bytes, [0])))).toBe('trailing-bytes');
    const make = (n: number): Certificate => ({ ...cert, signatures: Array(n).fill(msg) });
    const full = encode(CertificateCodec, make(MAX_CERTIFICATE_SIGNATURES));
    expect(decodeCertificate(full).signatures.length).toBe(MAX_CERTIFICATE_SIGNATURES);
    const over = overMax(encode(CertificateCodec, make(0)), full, MAX_CERTIFICATE_SIGNATURES);
    expect(code(() => decodeCertificate(over))).toBe('too-long');
  });
});
