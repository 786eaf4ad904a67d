import { describe, expect, it } from 'vitest';
import { ed25519, ed25519_hasher, ED25519_TORSION_SUBGROUP } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  VRF_OUTPUT_LENGTH,
  VRF_PROOF_LENGTH,
  vrfProofPrefixU64,
  vrfProofToHash,
  vrfProve,
  vrfProver,
  vrfVerify,
} from '../../../src/lib/crypto/vrf.ts';
import { CryptoError } from '../../../src/lib/crypto/errors.ts';
import { publicKeyOf } from '../../../src/lib/crypto/signing.ts';
import { loadVectors } from '../vectors.ts';

interface RfcCase {
  rfc9381_example: number;
  SK: string;
  PK: string;
  alpha: string;
  H: string;
  k: string;
  U: string;
  V: string;
  pi: string;
  beta: string;
}
interface Draft10Case {
  SK: string;
  PK: string;
  alpha: string;
  pi: string;
  beta: string;
}
interface DerivedCase {
  description: string;
  seed: string;
  PK: string;
  alphaHex: string;
  pi: string;
  beta: string;
  hareVrfFrac_numerator_over_2pow56: string | number;
  lsb: number;
}
const v = loadVectors<{
  rfc9381_vectors: RfcCase[];
  draft10_vectors: { vectors: Draft10Case[] };
  spacemesh_derived: DerivedCase[];
}>('ecvrf_ell2.json');

const Point = ed25519.Point;
const L = Point.Fn.ORDER;
const DST = concatBytes(
  utf8ToBytes('ECVRF_edwards25519_XMD:SHA-512_ELL2_NU_'),
  new Uint8Array([4]),
);

function flip(b: Uint8Array, i: number, mask = 0x01): Uint8Array {
  const out = b.slice();
  out[i]! ^= mask;
  return out;
}
function le(n: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++, n >>= 8n) out[i] = Number(n & 0xffn);
  return out;
}
function leToBig(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = b.length - 1; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}
/** Every proof mutation that must fail: each byte flipped in its low and its high bit. */
function expectAllFlipsRejected(pk: Uint8Array, alpha: Uint8Array, pi: Uint8Array) {
  for (let j = 0; j < VRF_PROOF_LENGTH; j++)
    for (const mask of [0x01, 0x80])
      expect(vrfVerify(pk, alpha, flip(pi, j, mask)), `byte ${j}`).toBe(false);
}

describe('RFC 9381 B.4 (= draft-13 A.4, curve25519-voi "v11 and later") examples 19-21', () => {
  it('has 3 examples', () => expect(v.rfc9381_vectors.length).toBe(3));

  for (const t of v.rfc9381_vectors) {
    describe(`example ${t.rfc9381_example}`, () => {
      const sk = hexToBytes(t.SK);
      const pk = hexToBytes(t.PK);
      const alpha = hexToBytes(t.alpha);
      const pi = hexToBytes(t.pi);

      it('prove gives π, proofToHash gives β, verify accepts', () => {
        expect(bytesToHex(publicKeyOf(sk))).toBe(t.PK);
        expect(bytesToHex(vrfProve(sk, alpha))).toBe(t.pi);
        expect(bytesToHex(vrfProve(concatBytes(sk, pk), alpha))).toBe(t.pi); // Go key format
        // Two steps (hare eligibility): Γ is π's first 32 bytes, the proof the same π.
        const p = vrfProver(sk, alpha);
        expect(bytesToHex(p.gamma)).toBe(t.pi.slice(0, 64));
        expect(bytesToHex(p.proof())).toBe(t.pi);
        expect(bytesToHex(p.proof())).toBe(t.pi);
        expect(vrfVerify(pk, alpha, pi)).toBe(true);
        expect(bytesToHex(vrfProofToHash(pi))).toBe(t.beta);
      });

      it('intermediate H, k·B, k·H match the suite construction', () => {
        // Pins the encode_to_curve salt (PK) and DST that vrf.ts relies on.
        const H = ed25519_hasher.encodeToCurve(concatBytes(pk, alpha), { DST });
        expect(bytesToHex(H.toBytes())).toBe(t.H);
        const k = leToBig(hexToBytes(t.k));
        expect(bytesToHex(Point.BASE.multiply(k).toBytes())).toBe(t.U);
        expect(bytesToHex(H.multiply(k).toBytes())).toBe(t.V);
        // Γ = x·H with x the RFC 8032 scalar of SK
        const { scalar } = ed25519.utils.getExtendedPublicKey(sk);
        expect(bytesToHex(H.multiply(scalar).toBytes())).toBe(t.pi.slice(0, 64));
      });

      it('rejects every flipped proof byte, wrong alpha, wrong key', () => {
        expectAllFlipsRejected(pk, alpha, pi);
        expect(vrfVerify(pk, concatBytes(alpha, new Uint8Array([0])), pi)).toBe(false);
        if (alpha.length > 0) expect(vrfVerify(pk, flip(alpha, 0), pi)).toBe(false);
        for (const other of v.rfc9381_vectors)
          if (other !== t) {
            expect(vrfVerify(hexToBytes(other.PK), alpha, pi)).toBe(false);
            expect(vrfVerify(pk, hexToBytes(other.alpha), pi)).toBe(false);
          }
      });

      it('rejects a non-canonical s (s + L)', () => {
        const s = leToBig(pi.subarray(48));
        expect(s < L).toBe(true);
        const bad = concatBytes(pi.subarray(0, 48), le(s + L, 32));
        expect(vrfVerify(pk, alpha, bad)).toBe(false);
        expect(() => vrfProofToHash(bad)).toThrow(CryptoError);
      });
    });
  }
});

describe('draft-10 proofs (curve25519-voi Prove_v10): not what go-spacemesh uses', () => {
  it('are rejected, but share Γ and hence β', () => {
    expect(v.draft10_vectors.vectors.length).toBe(3);
    for (const t of v.draft10_vectors.vectors) {
      const pi10 = hexToBytes(t.pi);
      // The vector is exactly draft-10's proof: the same nonce, a challenge without Y.
      const sk = hexToBytes(t.SK);
      const { scalar: x, prefix } = ed25519.utils.getExtendedPublicKey(sk);
      const H = ed25519_hasher.encodeToCurve(concatBytes(hexToBytes(t.PK), hexToBytes(t.alpha)), {
        DST,
      });
      const k = leToBig(sha512(concatBytes(prefix, H.toBytes()))) % L;
      const gamma = H.multiply(x).toBytes();
      const c10 = leToBig(
        sha512(
          concatBytes(
            new Uint8Array([4, 2]),
            H.toBytes(),
            gamma,
            Point.BASE.multiply(k).toBytes(),
            H.multiply(k).toBytes(),
            new Uint8Array([0]),
          ),
        ).subarray(0, 16),
      );
      expect(bytesToHex(concatBytes(gamma, le(c10, 16), le((k + c10 * x) % L, 32)))).toBe(t.pi);
      const ours = vrfProve(hexToBytes(t.SK), hexToBytes(t.alpha));
      expect(bytesToHex(ours)).not.toBe(t.pi);
      expect(bytesToHex(ours.subarray(0, 32))).toBe(t.pi.slice(0, 64));
      expect(vrfVerify(hexToBytes(t.PK), hexToBytes(t.alpha), pi10)).toBe(false);
      expect(bytesToHex(vrfProofToHash(pi10))).toBe(t.beta);
    }
  });
});

describe('Spacemesh-shaped cases (hare eligibility, weak coin)', () => {
  it('has 2 cases', () => expect(v.spacemesh_derived.length).toBe(2));
  for (const t of v.spacemesh_derived) {
    it(t.description, () => {
      const seed = hexToBytes(t.seed);
      const pk = hexToBytes(t.PK);
      const alpha = hexToBytes(t.alphaHex);
      const pi = hexToBytes(t.pi);
      expect(bytesToHex(publicKeyOf(seed))).toBe(t.PK);
      expect(bytesToHex(vrfProve(seed, alpha))).toBe(t.pi);
      expect(vrfVerify(pk, alpha, pi)).toBe(true);
      expect(bytesToHex(vrfProofToHash(pi))).toBe(t.beta);
      // hare: fixed.FracFromBytes(π[0:8]) = LE_u64(π[0:8]) & (2^56 − 1)
      const prefix = vrfProofPrefixU64(pi);
      expect(prefix & ((1n << 56n) - 1n)).toBe(BigInt(t.hareVrfFrac_numerator_over_2pow56));
      expect(prefix).toBe(leToBig(pi.subarray(0, 8)));
      expect(Number(prefix & 1n)).toBe(t.lsb); // weak coin: π[0] & 1
      expectAllFlipsRejected(pk, alpha, pi);
    });
  }
});

describe('round trips', () => {
  it('prove → verify for fresh keys and alphas; another alpha or key fails', () => {
    for (let n = 0; n < 12; n++) {
      const seed = sha512(utf8ToBytes(`vrf ${n}`)).subarray(0, 32);
      const alpha = sha512(utf8ToBytes(`alpha ${n}`)).subarray(0, n * 5);
      const pk = publicKeyOf(seed);
      const pi = vrfProve(seed, alpha);
      expect(pi.length).toBe(VRF_PROOF_LENGTH);
      expect(vrfProofToHash(pi).length).toBe(VRF_OUTPUT_LENGTH);
      expect(vrfProve(seed, alpha)).toEqual(pi); // deterministic
      expect(vrfVerify(pk, alpha, pi)).toBe(true);
      expect(vrfVerify(pk, concatBytes(alpha, new Uint8Array([n])), pi)).toBe(false);
      expect(vrfVerify(publicKeyOf(sha512(seed).subarray(0, 32)), alpha, pi)).toBe(false);
    }
  });
});

describe('invalid points', () => {
  const t = v.rfc9381_vectors[1]!;
  const pk = hexToBytes(t.PK);
  const alpha = hexToBytes(t.alpha);
  const pi = hexToBytes(t.pi);
  const cs = pi.subarray(32);
  // y = p (non-canonical encoding of an order-4 point), y = 1 with the sign bit set (the
  // non-canonical "negative zero" of the identity), y = 2 (not on the curve)
  const yIsP = hexToBytes('ed' + 'ff'.repeat(30) + '7f');
  const negZero = hexToBytes('01' + '00'.repeat(30) + '80');
  const offCurve = hexToBytes('02' + '00'.repeat(31));

  it('Γ: non-canonical or off-curve encodings do not decode', () => {
    expect(() => Point.fromBytes(offCurve)).toThrow(); // control: really off the curve
    expect(Point.fromBytes(yIsP, true).isSmallOrder()).toBe(true); // control: decodes if lax
    for (const g of [yIsP, negZero, offCurve]) {
      const bad = concatBytes(g, cs);
      expect(vrfVerify(pk, alpha, bad)).toBe(false);
      expect(() => vrfProofToHash(bad)).toThrow(CryptoError);
    }
  });

  it('Γ of small order decodes but fails verification', () => {
    for (const hex of ED25519_TORSION_SUBGROUP) {
      const bad = concatBytes(hexToBytes(hex), cs);
      expect(vrfProofToHash(bad).length).toBe(64);
      expect(vrfVerify(pk, alpha, bad)).toBe(false);
    }
  });

  it('public key: non-canonical, off-curve and small-order keys are refused', () => {
    for (const bad of [yIsP, negZero, offCurve]) expect(vrfVerify(bad, alpha, pi)).toBe(false);
    for (const hex of ED25519_TORSION_SUBGROUP)
      expect(vrfVerify(hexToBytes(hex), alpha, pi)).toBe(false);
  });

  it('ECVRF_validate_key matters: a proof forged for the identity key is refused', () => {
    // With Y = O (x = 0): Γ = O and s = k make U = s·B − c·O = k·B and V = s·H − c·O = k·H,
    // so the challenge would match if the small-order key were not refused.
    const Y = Point.ZERO.toBytes();
    const a = utf8ToBytes('forged');
    const H = ed25519_hasher.encodeToCurve(concatBytes(Y, a), { DST });
    const k = 12345678901234567890n;
    const c = leToBig(
      sha512(
        concatBytes(
          new Uint8Array([4, 2]),
          Y,
          H.toBytes(),
          Point.ZERO.toBytes(),
          Point.BASE.multiply(k).toBytes(),
          H.multiply(k).toBytes(),
          new Uint8Array([0]),
        ),
      ).subarray(0, 16),
    );
    const forged = concatBytes(Point.ZERO.toBytes(), le(c, 16), le(k, 32));
    // control: the verification equation holds for this forgery
    const U = Point.BASE.multiplyUnsafe(k).subtract(Point.ZERO.multiplyUnsafe(c));
    expect(U.equals(Point.BASE.multiply(k))).toBe(true);
    expect(vrfVerify(Y, a, forged)).toBe(false);
  });
});

describe('malformed input: vrfVerify returns false, never throws', () => {
  const t = v.rfc9381_vectors[0]!;
  const pk = hexToBytes(t.PK);
  const pi = hexToBytes(t.pi);
  const alpha = hexToBytes(t.alpha);

  it('wrong lengths and types', () => {
    for (const n of [0, 79, 81, 160]) {
      const p = new Uint8Array(n);
      p.set(pi.subarray(0, Math.min(n, 80)));
      expect(vrfVerify(pk, alpha, p)).toBe(false);
      expect(() => vrfProofToHash(p)).toThrow(CryptoError);
      expect(() => vrfProofPrefixU64(p)).toThrow(CryptoError);
    }
    for (const n of [0, 31, 33]) expect(vrfVerify(new Uint8Array(n), alpha, pi)).toBe(false);
    for (const j of [undefined, null, 'x', 7, {}, new Uint16Array(80)]) {
      expect(vrfVerify(j as Uint8Array, alpha, pi)).toBe(false);
      expect(vrfVerify(pk, j as Uint8Array, pi)).toBe(false);
      expect(vrfVerify(pk, alpha, j as Uint8Array)).toBe(false);
    }
  });

  it('vrfProofPrefixU64 reads a proof that is a view into a larger buffer', () => {
    const buf = concatBytes(new Uint8Array(3), pi, new Uint8Array(5));
    const view = buf.subarray(3, 83);
    expect(vrfProofPrefixU64(view)).toBe(vrfProofPrefixU64(pi));
    expect(vrfProofPrefixU64(pi)).toBe(leToBig(pi.subarray(0, 8)));
  });
});
