// ATX v1 (go-spacemesh activation/wire/wire_v1.go, wire_v1_scale.go, challenge_v1.go at v1.7.6).
// go-spacemesh's tests have no hard-coded ATX bytes or ids (they build ATXs from random values),
// so the layout test below spells out the bytes field by field from wire_v1_scale.go.
import { describe, expect, it } from 'vitest';
import { DecodeError, encode } from '../../../src/lib/codec/index.ts';
import { blake3 } from '../../../src/lib/crypto/hash.ts';
import { Domain, publicKeyOf, sign } from '../../../src/lib/crypto/signing.ts';
import {
  ActivationTxV1Codec,
  atxIdV1,
  atxSignedBytesV1,
  decodeAtxV1,
  encodeAtxV1,
  InnerActivationTxV1Codec,
  nipostChallengeHash,
  NIPostChallengeV1Codec,
  signAtxV1,
  verifyAtxV1,
} from '../../../src/lib/types/atx.ts';
import type { ActivationTxV1 } from '../../../src/lib/types/atx.ts';
import {
  concat,
  fill,
  followupAtx,
  GENESIS,
  hex,
  initialAtx,
  initialAtxInner,
  OTHER_GENESIS,
  OTHER_SECRET,
  overMax,
  SECRET,
} from './fixtures.ts';

describe('ATX v1 layout', () => {
  it('writes the fields in wire_v1_scale.go order with compact integers', () => {
    const atx: ActivationTxV1 = {
      publishEpoch: 2,
      sequence: 0n,
      prevATXID: fill(32, 0),
      positioningATXID: fill(32, 0x11),
      commitmentATXID: fill(32, 0x22),
      initialPost: { nonce: 7, indices: Uint8Array.of(1, 2, 3), pow: 1000n },
      coinbase: fill(24, 0x33),
      numUnits: 4,
      nipost: {
        membership: { nodes: [fill(32, 0x44)], leafIndex: 5n },
        post: { nonce: 64, indices: Uint8Array.of(9), pow: 2n ** 32n },
        postMetadata: { challenge: fill(32, 0x55), labelsPerUnit: 512n },
      },
      nodeID: fill(32, 0x66),
      vrfNonce: 1n,
      smesherID: fill(32, 0x77),
      signature: fill(64, 0x88),
    };
    const expected = concat(
      [0x08], // publishEpoch 2, compact32
      [0x00], // sequence 0, compact64
      fill(32, 0),
      fill(32, 0x11),
      [0x01],
      fill(32, 0x22), // Some(commitment)
      [0x01, 0x1c, 0x0c, 1, 2, 3, 0xa1, 0x0f], // Some(PostV1{compact32 7, 3 bytes, compact64 1000})
      fill(24, 0x33),
      [0x10], // numUnits 4
      [0x01], // Some(NIPost)
      [0x04],
      fill(32, 0x44),
      [0x14], // membership: 1 node, leafIndex 5
      [0x01, 0x01, 0x01, 0x04, 9], // Some(Post{compact32 64 = 0x0101, 1 byte})
      [0x07, 0x00, 0x00, 0x00, 0x00, 0x01], // pow 2^32: big-integer mode, ((5 - 4) << 2) | 3, 5 bytes
      [0x01, 0x80],
      fill(32, 0x55),
      [0x01, 0x08], // Some(metadata{32-byte challenge, labelsPerUnit 512})
      [0x01],
      fill(32, 0x66), // Some(nodeID)
      [0x01, 0x04], // Some(vrfNonce 1)
      fill(32, 0x77),
      fill(64, 0x88),
    );
    expect(hex(encodeAtxV1(atx))).toBe(hex(expected));
    expect(decodeAtxV1(expected)).toEqual(atx);
  });
});

describe('ATX v1 round trips and ids', () => {
  const atx = initialAtx();
  const next = followupAtx(atxIdV1(atx));

  it('decode(encode(x)) = x and encode(decode(b)) = b', () => {
    for (const a of [atx, next]) {
      const b = encodeAtxV1(a);
      expect(decodeAtxV1(b)).toEqual(a);
      expect(hex(encodeAtxV1(decodeAtxV1(b)))).toBe(hex(b));
    }
  });

  it('id = blake3(SCALE(InnerActivationTxV1)), the encoding minus smesher id and signature', () => {
    const b = encodeAtxV1(atx);
    const inner = b.subarray(0, b.length - 32 - 64);
    expect(hex(encode(InnerActivationTxV1Codec, atx))).toBe(hex(inner));
    expect(hex(atxIdV1(atx))).toBe(hex(blake3(inner)));
    expect(hex(atxIdV1(next))).not.toBe(hex(atxIdV1(atx)));
  });

  it('PoET challenge = blake3(0x00 ‖ SCALE(NIPostChallengeV1)), a prefix of the inner bytes', () => {
    const c = encode(NIPostChallengeV1Codec, atx);
    expect(hex(encodeAtxV1(atx).subarray(0, c.length))).toBe(hex(c));
    expect(hex(nipostChallengeHash(atx))).toBe(hex(blake3(Uint8Array.of(0), c)));
    expect(hex(nipostChallengeHash(atx))).not.toBe(hex(blake3(c)));
  });
});

describe('ATX v1 signatures', () => {
  const atx = initialAtx();

  it('signs SCALE(ATXMetadata{publishEpoch, id}) in the ATX domain', () => {
    expect(hex(atxSignedBytesV1(atx))).toBe(hex(concat([0x08], atxIdV1(atx))));
    expect(hex(atx.signature)).toBe(hex(sign(SECRET, GENESIS, Domain.ATX, atxSignedBytesV1(atx))));
    expect(verifyAtxV1(GENESIS, atx)).toBe(true);
  });

  it('sets the node id of an initial ATX to the signer, as ActivationTxV1.Sign does', () => {
    expect(initialAtxInner().nodeID).toBe(null);
    expect(hex(atx.nodeID!)).toBe(hex(publicKeyOf(SECRET)));
    expect(hex(atx.smesherID)).toBe(hex(publicKeyOf(SECRET)));
    expect(followupAtx(atxIdV1(atx)).nodeID).toBe(null);
  });

  it('fails with another genesis, key, domain or a changed field', () => {
    expect(verifyAtxV1(OTHER_GENESIS, atx)).toBe(false);
    expect(verifyAtxV1(GENESIS, { ...atx, smesherID: publicKeyOf(OTHER_SECRET) })).toBe(false);
    const ballotDomain = sign(SECRET, GENESIS, Domain.BALLOT, atxSignedBytesV1(atx));
    expect(verifyAtxV1(GENESIS, { ...atx, signature: ballotDomain })).toBe(false);
    expect(verifyAtxV1(GENESIS, { ...atx, numUnits: atx.numUnits + 1 })).toBe(false);
    expect(verifyAtxV1(GENESIS, { ...atx, publishEpoch: 3 })).toBe(false);
    const resigned = signAtxV1(OTHER_SECRET, GENESIS, atx);
    expect(verifyAtxV1(GENESIS, resigned)).toBe(true);
    expect(hex(resigned.smesherID)).toBe(hex(publicKeyOf(OTHER_SECRET)));
  });
});

describe('ATX v1 rejects malformed input with DecodeError', () => {
  const atx = initialAtx();
  const b = encodeAtxV1(atx);

  it('rejects every truncation and trailing bytes', () => {
    for (let n = 0; n < b.length; n++)
      expect(() => decodeAtxV1(b.subarray(0, n))).toThrow(DecodeError);
    expect(() => decodeAtxV1(concat(b, [0]))).toThrow(/trailing|left after/);
  });

  it('accepts a wider-than-needed compact64 as go-scale does; the id is of the re-encoded ATX', () => {
    // sequence 2^40 minimal: 0x0b + 6 bytes; padded to 8 bytes: 0x13 + 8 bytes. go-scale's
    // DecodeCompact64 only checks value > 2^30 - 1, and HashInnerBytes re-encodes before hashing.
    const seq = { ...atx, sequence: 2n ** 40n };
    const minimal = encodeAtxV1(seq);
    expect(hex(minimal.subarray(1, 8))).toBe('0b000000000001');
    const padded = concat(
      minimal.subarray(0, 1),
      [0x13, 0, 0, 0, 0, 0, 1, 0, 0],
      minimal.subarray(8),
    );
    const decoded = decodeAtxV1(padded);
    expect(decoded).toEqual(seq);
    expect(hex(atxIdV1(decoded))).toBe(hex(atxIdV1(seq)));
  });

  it('rejects an option byte other than 0 or 1', () => {
    const c = encode(NIPostChallengeV1Codec, { ...atx, commitmentATXID: null, initialPost: null });
    const bad = b.slice();
    bad[c.length - 2] = 2; // commitmentATXID presence byte (encoding of `atx` has it at the same place)
    expect(() => decodeAtxV1(bad)).toThrow(DecodeError);
  });

  const nipost = atx.nipost!;
  const cases: [string, (n: number) => ActivationTxV1, number][] = [
    [
      'membership nodes (max 32)',
      (n) => ({
        ...atx,
        nipost: {
          ...nipost,
          membership: { nodes: Array.from({ length: n }, () => new Uint8Array(32)), leafIndex: 1n },
        },
      }),
      32,
    ],
    [
      'NIPost PoST indices (max 800)',
      (n) => ({
        ...atx,
        nipost: { ...nipost, post: { ...nipost.post!, indices: new Uint8Array(n) } },
      }),
      800,
    ],
    [
      'initial PoST indices (max 800)',
      (n) => ({ ...atx, initialPost: { ...atx.initialPost!, indices: new Uint8Array(n) } }),
      800,
    ],
    [
      'PoST metadata challenge (max 32)',
      (n) => ({
        ...atx,
        nipost: { ...nipost, postMetadata: { challenge: new Uint8Array(n), labelsPerUnit: 1n } },
      }),
      32,
    ],
  ];
  for (const [name, make, max] of cases)
    it(`accepts ${name} at the maximum and rejects one more`, () => {
      const full = encode(ActivationTxV1Codec, make(max));
      expect(decodeAtxV1(full)).toEqual(make(max));
      const over = overMax(encode(ActivationTxV1Codec, make(0)), full, max);
      expect(() => decodeAtxV1(over)).toThrow(DecodeError);
      try {
        decodeAtxV1(over);
      } catch (e) {
        expect((e as DecodeError).code).toBe('too-long');
      }
      expect(() => encode(ActivationTxV1Codec, make(max + 1))).toThrow();
    });
});
