// Fuzzing of the crypto module's parsers and verifiers with a seeded PRNG (reproducible: the
// seed is in the test name). Properties: decodeAddress throws nothing but AddressError and
// every string it accepts is the canonical encoding of what it returns; the verifiers never
// throw and never accept a mutated input.
import { describe, expect, it } from 'vitest';
import { bech32 } from '@scure/base';
import {
  AddressError,
  decodeAddressWithHrp,
  decodeAddress,
  encodeAddress,
  HRP,
} from '../../../src/lib/crypto/address.ts';
import { Domain, publicKeyOf, sign, verify } from '../../../src/lib/crypto/signing.ts';
import { vrfProve, vrfVerify } from '../../../src/lib/crypto/vrf.ts';

const SEED = 0x5eed_c0de;

// xorshift32: tiny, deterministic, good enough to pick mutations.
function prng(seed: number) {
  let s = seed >>> 0 || 1;
  const next = () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
  return {
    int: (n: number) => next() % n,
    bytes: (n: number) => Uint8Array.from({ length: n }, () => next() & 0xff),
  };
}

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const HRPS = Object.values(HRP);

describe('decodeAddress fuzz', () => {
  it(`120,000 random and mutated inputs, seed ${SEED.toString(16)}`, () => {
    const r = prng(SEED);
    const pick = (s: string) => s[r.int(s.length)]!;
    const randomChar = () => {
      const k = r.int(10);
      if (k < 6) return pick(CHARSET);
      if (k < 8) return String.fromCharCode(0x21 + r.int(94)); // any printable ASCII
      if (k < 9) return String.fromCharCode(r.int(0x21)); // control / space
      return String.fromCharCode(0x80 + r.int(0x3000)); // non-ASCII
    };
    const validAddress = () => {
      const bytes = new Uint8Array(24);
      bytes.set(r.bytes(20), 4);
      const hrp = HRPS[r.int(HRPS.length)]!;
      return { bytes, hrp, s: encodeAddress(bytes, hrp) };
    };

    const mutate = (s: string): string => {
      if (s.length === 0) return randomChar();
      const i = r.int(s.length);
      switch (r.int(9)) {
        case 0: // substitute one character
          return s.slice(0, i) + randomChar() + s.slice(i + 1);
        case 1: // delete one
          return s.slice(0, i) + s.slice(i + 1);
        case 2: // insert one
          return s.slice(0, i) + randomChar() + s.slice(i);
        case 3: // truncate
          return s.slice(0, i);
        case 4: // swap neighbours
          return i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s;
        case 5: // upper-case one character (mixed case)
          return s.slice(0, i) + s[i]!.toUpperCase() + s.slice(i + 1);
        case 6: // upper-case everything (valid bech32)
          return s.toUpperCase();
        case 7: // another HRP spliced in front of the same data
          return HRPS[r.int(HRPS.length)]! + s.slice(s.lastIndexOf('1'));
        default: // several substitutions
          return mutate(mutate(s));
      }
    };
    const randomString = () => {
      const n = r.int(100);
      let out = r.int(2) === 0 ? HRPS[r.int(HRPS.length)]! + '1' : '';
      for (let i = 0; i < n; i++) out += randomChar();
      return out;
    };
    // Valid bech32 of the wrong shape: other lengths, non-zero reserved bytes or padding.
    const wellFormedOddity = () => {
      const length = r.int(2) === 0 ? 39 : 30 + r.int(20); // 39 words = 24 bytes
      const words = Array.from({ length }, () => r.int(32));
      return bech32.encode(HRPS[r.int(HRPS.length)]!, words, false);
    };

    let accepted = 0;
    let rejected = 0;
    const counts = new Map<string, number>();
    const N = 120_000;
    for (let n = 0; n < N; n++) {
      const kind = r.int(10);
      let input: string;
      let expectValid: Uint8Array | undefined;
      if (kind < 2) {
        const a = validAddress();
        input = a.s;
        expectValid = a.bytes;
      } else if (kind < 7) {
        const a = validAddress();
        input = mutate(a.s);
        // still valid only if unchanged or entirely upper-case (mixed case is invalid bech32)
        if (input === a.s || input === a.s.toUpperCase()) expectValid = a.bytes;
      } else if (kind < 9) {
        input = randomString();
      } else {
        input = wellFormedOddity();
      }
      const askHrp = r.int(2) === 0 ? HRPS[r.int(HRPS.length)] : undefined;
      let got: Uint8Array | AddressError;
      try {
        got = decodeAddress(input, askHrp);
      } catch (e) {
        if (!(e instanceof AddressError))
          throw new Error(`non-AddressError for ${JSON.stringify(input)}`, { cause: e });
        got = e;
      }
      if (got instanceof AddressError) {
        rejected++;
        counts.set(got.code, (counts.get(got.code) ?? 0) + 1);
        const hrpMatches = askHrp === undefined || input.toLowerCase().startsWith(askHrp + '1');
        if (expectValid && hrpMatches) throw new Error(`valid address refused: ${input}`);
        if (expectValid) expect(got.code).toBe('wrong-hrp');
        continue;
      }
      accepted++;
      expect(got.length).toBe(24);
      expect(got[0]! | got[1]! | got[2]! | got[3]!).toBe(0);
      const { hrp } = decodeAddressWithHrp(input);
      if (askHrp !== undefined) expect(hrp).toBe(askHrp);
      // one string per address: what was accepted is the canonical encoding, up to case
      expect(encodeAddress(got, hrp)).toBe(input.toLowerCase());
      if (expectValid) expect(got).toEqual(expectValid);
    }
    expect(accepted + rejected).toBe(N);
    // every class of outcome was reached, so the generator is not trivially one-sided
    expect(accepted).toBeGreaterThan(10_000);
    for (const code of ['bad-bech32', 'wrong-hrp', 'bad-length', 'missing-reserved-space'])
      expect(counts.get(code) ?? 0, code).toBeGreaterThan(100);
  });
});

describe('verifier fuzz', () => {
  // vrfVerify costs ~2-3 ms (hash-to-curve plus four scalar multiplications), so this runs
  // 2,000 mutated proofs rather than 100,000; the deterministic tests in tests/unit/crypto
  // flip every single byte of every vector proof.
  it(`vrfVerify rejects 2,000 mutated proofs and never throws, seed ${SEED.toString(16)}`, () => {
    const r = prng(SEED ^ 0x1234);
    const L = 2n ** 252n + 27742317777372353535851937790883648493n;
    const keys = Array.from({ length: 4 }, () => r.bytes(32));
    const cases = keys.map((sk) => {
      const alpha = r.bytes(r.int(40));
      return { pk: publicKeyOf(sk), alpha, pi: vrfProve(sk, alpha) };
    });
    for (const c of cases) expect(vrfVerify(c.pk, c.alpha, c.pi)).toBe(true);
    for (let n = 0; n < 2000; n++) {
      const c = cases[n % cases.length]!;
      let pi = c.pi.slice();
      switch (r.int(6)) {
        case 0: // 1-3 random bit flips anywhere
          for (let k = 0, m = 1 + r.int(3); k < m; k++) pi[r.int(80)]! ^= 1 << r.int(8);
          break;
        case 1: // random Γ
          pi.set(r.bytes(32), 0);
          break;
        case 2: // random c
          pi.set(r.bytes(16), 32);
          break;
        case 3: {
          // s replaced by a value ≥ L (non-canonical) or random
          const s =
            r.int(2) === 0
              ? L + BigInt(r.int(1 << 30))
              : BigInt('0x' + Buffer.from(r.bytes(32)).toString('hex'));
          for (let i = 0; i < 32; i++) pi[48 + i] = Number((s >> BigInt(8 * i)) & 0xffn);
          if (pi.subarray(48).every((b, i) => b === c.pi[48 + i])) pi[48]! ^= 1;
          break;
        }
        case 4: // a proof of another key or alpha
          pi = cases[(n + 1) % cases.length]!.pi.slice();
          break;
        default: // truncated or extended
          pi =
            r.int(2) === 0
              ? pi.subarray(0, r.int(80))
              : Uint8Array.from([...pi, ...r.bytes(1 + r.int(8))]);
      }
      expect(vrfVerify(c.pk, c.alpha, pi)).toBe(false);
    }
  });

  it('verify (ed25519) rejects 3,000 mutated signatures, keys and messages', () => {
    const r = prng(SEED ^ 0xed);
    const genesis = r.bytes(20);
    const sk = r.bytes(32);
    const pk = publicKeyOf(sk);
    const msg = r.bytes(64);
    const sig = sign(sk, genesis, Domain.PROPOSAL, msg);
    expect(verify(pk, genesis, Domain.PROPOSAL, msg, sig)).toBe(true);
    for (let n = 0; n < 3000; n++) {
      const s = sig.slice();
      const k = pk.slice();
      const m = msg.slice();
      const g = genesis.slice();
      const target = [s, k, m, g][r.int(4)]!;
      target[r.int(target.length)]! ^= 1 << r.int(8);
      expect(verify(k, g, Domain.PROPOSAL, m, s)).toBe(false);
    }
  });
});
