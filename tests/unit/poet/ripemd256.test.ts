// RIPEMD-256 against the specification's test vectors (Bosselaers' RIPEMD page) and those of
// the Go implementation poet uses (c0mm4nd/go-ripemd ripemd256_test.go).
import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { ripemd256 } from '../../../src/lib/poet/ripemd256.ts';

describe('ripemd256', () => {
  it.each([
    ['', '02ba4c4e5f8ecd1877fc52d64d30e37a2d9774fb1e5d026380ae0168e3c5522d'],
    ['a', 'f9333e45d857f5d90a91bab70a1eba0cfb1be4b0783c9acfcd883a9134692925'],
    ['abc', 'afbd6e228b9d8cbbcef5ca2d03e6dba10ac0bc7dcbe4680e1e42d2e975459b65'],
    ['message digest', '87e971759a1ce47a514d5c914c392c9018c7c46bc14465554afcdf54a5070c0e'],
    ['123', '8536753ad7bface2dba89fb318c95b1b42890016057d4c3a2f351cec3acbb28b'],
    ['123456', '77093b1266befed58d512e67b3a8a15398c3ce5c1333d66a190becc9baa329e9'],
    [
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890',
      '06fdcc7a409548aaf91368c06a6275b553e3f099bf0ea4edfd6778df89a890dd',
    ],
  ])('RIPEMD-256(%j)', (msg, hex) => {
    expect(bytesToHex(ripemd256(utf8ToBytes(msg)))).toBe(hex);
  });

  it('streams like one-shot', () => {
    const msg = utf8ToBytes('a'.repeat(200));
    const h = ripemd256.create();
    for (let i = 0; i < 200; i += 7) h.update(msg.subarray(i, Math.min(200, i + 7)));
    expect(bytesToHex(h.digest())).toBe(bytesToHex(ripemd256(msg)));
  });
});
