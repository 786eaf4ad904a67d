import { describe, expect, it } from 'vitest';
import { createCipheriv, randomBytes } from 'node:crypto';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import {
  NONCES_PER_AES,
  TableAes,
  aesKey,
  encryptBlock,
  lazyAesKey,
  lsb56,
} from '../../../src/lib/post/cipher.ts';
import { blake3 } from '../../../src/lib/crypto/hash.ts';
import { loadVectors } from '../vectors.ts';

interface AesVector {
  challenge: string;
  nonce: number;
  nonceGroup: number;
  pow: string;
  aesKey: string;
  lazyAesKey: string;
  label16: string;
  aesOut: string;
  msb: number;
  lazyAesOut: string;
  lsb56: string;
}
const notes = loadVectors<{ derived_vectors: { aes: AesVector[] } }>('post_notes.json');

function nodeEcb(key: Uint8Array, data: Uint8Array): Uint8Array {
  const c = createCipheriv('aes-128-ecb', key, null);
  c.setAutoPadding(false);
  return new Uint8Array(Buffer.concat([c.update(data), c.final()]));
}

describe('TableAes (AES-128-ECB)', () => {
  it('matches FIPS-197 appendix C.1', () => {
    const aes = new TableAes(hexToBytes('000102030405060708090a0b0c0d0e0f'));
    const out = encryptBlock(aes, hexToBytes('00112233445566778899aabbccddeeff'));
    expect(bytesToHex(out)).toBe('69c4e0d86a7b0430d8cdb78070b4c55a');
  });

  it('matches node:crypto on random keys and multi-block inputs', () => {
    for (let i = 0; i < 64; i++) {
      const key = new Uint8Array(randomBytes(16));
      const data = new Uint8Array(randomBytes(16 * (1 + i)));
      const out = new Uint8Array(data.length);
      new TableAes(key).encrypt(data, out);
      expect(bytesToHex(out)).toBe(bytesToHex(nodeEcb(key, data)));
    }
  });

  it('gives the same bytes on unaligned buffers (staged path) and in lsb56At', () => {
    const key = new Uint8Array(randomBytes(16));
    const big = new Uint8Array(randomBytes(16 * 2000 + 3));
    const input = big.subarray(3); // byteOffset 3: cannot be viewed as words
    const out = new Uint8Array(16 * 2000 + 1).subarray(1);
    const aes = new TableAes(key);
    aes.encrypt(input, out);
    const ref = nodeEcb(key, input);
    expect(bytesToHex(out)).toBe(bytesToHex(ref));
    for (const i of [0, 1, 999, 1999])
      expect(aes.lsb56At(input, i * 16)).toBe(lsb56(ref.subarray(i * 16, i * 16 + 16)));
  });

  it('refuses partial blocks, short outputs and wrong key sizes', () => {
    const aes = new TableAes(new Uint8Array(16));
    expect(() => aes.encrypt(new Uint8Array(15), new Uint8Array(16))).toThrow(RangeError);
    expect(() => aes.encrypt(new Uint8Array(32), new Uint8Array(16))).toThrow(RangeError);
    expect(() => new TableAes(new Uint8Array(32))).toThrow(RangeError);
  });
});

describe('PoST AES keys (post_notes.json derived aes vectors)', () => {
  it.each(
    notes.derived_vectors.aes.map((v) => [`nonce ${v.nonce} label ${v.label16.slice(0, 8)}`, v]),
  )('%s', (_name, v) => {
    const challenge = hexToBytes(v.challenge);
    const pow = BigInt(v.pow);
    expect(Math.floor(v.nonce / NONCES_PER_AES)).toBe(v.nonceGroup);
    const key = aesKey(challenge, v.nonceGroup, pow);
    const lazy = lazyAesKey(challenge, v.nonce, v.nonceGroup, pow);
    expect(bytesToHex(key)).toBe(v.aesKey);
    expect(bytesToHex(lazy)).toBe(v.lazyAesKey);
    const out = encryptBlock(new TableAes(key), hexToBytes(v.label16));
    expect(bytesToHex(out)).toBe(v.aesOut);
    // The nonce's byte of the group output is what is compared with the difficulty's MSB.
    expect(out[v.nonce % NONCES_PER_AES]).toBe(v.msb);
    const lazyOut = encryptBlock(new TableAes(lazy), hexToBytes(v.label16));
    expect(bytesToHex(lazyOut)).toBe(v.lazyAesOut);
    expect(lsb56(lazyOut)).toBe(BigInt(v.lsb56));
  });

  it('encodes the group, pow and nonce little-endian over their whole width', () => {
    // The vectors' values are small; these set every byte (the top bits too).
    const challenge = new Uint8Array(32).map((_, i) => i * 7);
    const le = (v: bigint, n: number) => {
      const b = new Uint8Array(n);
      const d = new DataView(b.buffer);
      if (n === 4) d.setUint32(0, Number(v), true);
      else d.setBigUint64(0, v, true);
      return b;
    };
    for (const [group, pow, nonce] of [
      [0x0fedcba9, 0xf1e2d3c4b5a69788n, 0x0fedcba9 * 16 + 15],
      [0x01020304, 0x8000000000000001n, 0x01020304 * 16],
      [0, 0xffffffffffffffffn, 3],
    ] as const) {
      const head = [challenge, le(BigInt(group), 4), le(pow, 8)];
      expect(bytesToHex(aesKey(challenge, group, pow))).toBe(
        bytesToHex(blake3(...head).slice(0, 16)),
      );
      expect(bytesToHex(lazyAesKey(challenge, nonce, group, pow))).toBe(
        bytesToHex(blake3(...head, le(BigInt(nonce), 4)).slice(0, 16)),
      );
    }
  });

  it('lsb56 drops the top byte of the little-endian u64', () => {
    const b = hexToBytes('0102030405060708ffffffffffffffff');
    expect(lsb56(b)).toBe(0x07060504030201n);
  });
});
