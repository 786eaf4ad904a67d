import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import * as nodeCrypto from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  Domain,
  publicKeyOf,
  seedOf,
  sign,
  signTx,
  verify,
  verifyEd25519,
  verifyTx,
} from '../../../src/lib/crypto/signing.ts';
import { CryptoError } from '../../../src/lib/crypto/errors.ts';
import {
  computePrincipal,
  templateAddress,
  TEMPLATE_IDS,
} from '../../../src/lib/crypto/address.ts';
import { loadVectors } from '../vectors.ts';

interface TxCase {
  i: number;
  seedHex: string;
  seedAscii: string;
  publicKey: string;
  principal: string;
  rawTx: string;
  txId: string;
}
const txCases = loadVectors<{ blocks_tx_id_fixture: { cases: TxCase[] } }>('genvm_golden.json')
  .blocks_tx_id_fixture.cases;

interface SpeccheckCase {
  index: number;
  description: string;
  message: string;
  pub_key: string;
  signature: string;
  expectedDefault: boolean;
  expectedZip215: boolean;
}
const speccheck = JSON.parse(
  readFileSync(new URL('./ed25519_speccheck.json', import.meta.url), 'utf8'),
) as { cases: SpeccheckCase[] };

const MAINNET_GENESIS = hexToBytes('9eebff023abb17ccb775c602daade8ed708f0a50');
const ZERO_GENESIS = new Uint8Array(20);
const ALL_DOMAINS = Object.values(Domain);

function flip(b: Uint8Array, i: number, mask = 0x01): Uint8Array {
  const out = b.slice();
  out[i]! ^= mask;
  return out;
}

function nodeKeys(seed: Uint8Array) {
  const priv = nodeCrypto.createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
  return { priv, pub: nodeCrypto.createPublicKey(priv) };
}

function seeded(n: number): Uint8Array {
  return new Uint8Array(nodeCrypto.createHash('sha256').update(`signing test ${n}`).digest());
}

describe('Domain', () => {
  it('has go-spacemesh signing.Domain values', () => {
    expect(Domain).toEqual({
      ATX: 0,
      PROPOSAL: 1,
      BALLOT: 2,
      HARE: 3,
      POET: 4,
      MARRIAGE: 5,
      BEACON_FIRST: 10,
      BEACON_FOLLOWUP: 11,
    });
  });
});

describe('RFC 8032 ed25519 test vectors 1-3', () => {
  const rfc = [
    {
      sk: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
      pk: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
      msg: '',
      sig: 'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
    },
    {
      sk: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
      pk: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
      msg: '72',
      sig: '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
    },
    {
      sk: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
      pk: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
      msg: 'af82',
      sig: '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
    },
  ];
  for (const [i, t] of rfc.entries()) {
    it(`test ${i + 1}`, () => {
      const sk = hexToBytes(t.sk);
      const pk = hexToBytes(t.pk);
      const msg = hexToBytes(t.msg);
      const sig = hexToBytes(t.sig);
      expect(bytesToHex(publicKeyOf(sk))).toBe(t.pk);
      expect(verifyEd25519(pk, msg, sig)).toBe(true);
      for (let j = 0; j < 64; j++) expect(verifyEd25519(pk, msg, flip(sig, j))).toBe(false);
      for (let j = 0; j < 32; j++) expect(verifyEd25519(flip(pk, j), msg, sig)).toBe(false);
      expect(verifyEd25519(pk, concatBytes(msg, new Uint8Array([0])), sig)).toBe(false);
    });
  }
});

describe('verification rules = curve25519-voi VerifyOptionsDefault (speccheck vectors)', () => {
  it('has the 12 "Taming the many EdDSAs" cases', () => expect(speccheck.cases.length).toBe(12));
  for (const c of speccheck.cases) {
    it(`${c.index}: ${c.description} → ${c.expectedDefault}`, () => {
      const [pk, msg, sig] = [c.pub_key, c.message, c.signature].map((h) => hexToBytes(h)) as [
        Uint8Array,
        Uint8Array,
        Uint8Array,
      ];
      expect(verifyEd25519(pk, msg, sig)).toBe(c.expectedDefault);
      // Control: noble's default for ed25519 is ZIP-215, which would disagree with go-spacemesh
      // on cases 0, 1, 9, 10, 11. This pins why verifyEd25519 passes zip215: false.
      expect(ed25519.verify(sig, msg, pk)).toBe(c.expectedZip215);
    });
  }
});

describe('transactions: genvm wallet spends (blocks/utils_test.go fixture)', () => {
  it('has 10 cases', () => expect(txCases.length).toBe(10));
  for (const c of txCases) {
    it(`tx ${c.i}`, () => {
      const seed = hexToBytes(c.seedHex);
      expect(seed).toEqual(utf8ToBytes(c.seedAscii));
      const pk = publicKeyOf(seed);
      expect(bytesToHex(pk)).toBe(c.publicKey);
      expect(bytesToHex(computePrincipal(templateAddress(TEMPLATE_IDS.WALLET), pk))).toBe(
        c.principal,
      );
      const raw = hexToBytes(c.rawTx);
      const unsigned = raw.subarray(0, raw.length - 64);
      const sig = raw.subarray(raw.length - 64);
      // ed25519 is deterministic, so our signature must equal go-spacemesh's byte for byte
      expect(bytesToHex(signTx(seed, ZERO_GENESIS, unsigned))).toBe(bytesToHex(sig));
      expect(verifyTx(pk, ZERO_GENESIS, unsigned, sig)).toBe(true);
      // no domain byte: the same bytes are no valid protocol-message signature in any domain
      for (const d of ALL_DOMAINS) expect(verify(pk, ZERO_GENESIS, d, unsigned, sig)).toBe(false);
      expect(verifyTx(pk, MAINNET_GENESIS, unsigned, sig)).toBe(false);
      expect(verifyTx(pk, ZERO_GENESIS, unsigned.subarray(1), sig)).toBe(false);
      for (let j = 0; j < 64; j++)
        expect(verifyTx(pk, ZERO_GENESIS, unsigned, flip(sig, j))).toBe(false);
      for (let j = 0; j < unsigned.length; j += 7)
        expect(verifyTx(pk, ZERO_GENESIS, flip(unsigned, j), sig)).toBe(false);
    });
  }
});

describe('protocol messages: genesisId ‖ domain ‖ message', () => {
  it('signs exactly those bytes (checked with node:crypto)', () => {
    for (let n = 0; n < 16; n++) {
      const seed = seeded(n);
      const msg = seeded(1000 + n).subarray(0, n * 2);
      const domain = ALL_DOMAINS[n % ALL_DOMAINS.length]!;
      const { priv, pub } = nodeKeys(seed);
      const body = concatBytes(MAINNET_GENESIS, new Uint8Array([domain]), msg);
      const ours = sign(seed, MAINNET_GENESIS, domain, msg);
      expect(bytesToHex(ours)).toBe(bytesToHex(nodeCrypto.sign(null, body, priv)));
      expect(nodeCrypto.verify(null, body, pub, ours)).toBe(true);
      expect(verify(publicKeyOf(seed), MAINNET_GENESIS, domain, msg, ours)).toBe(true);
    }
  });

  it('fails for another domain, genesis, key, message or any flipped signature byte', () => {
    const seed = seeded(1);
    const pk = publicKeyOf(seed);
    const msg = utf8ToBytes('ballot body');
    const sig = sign(seed, MAINNET_GENESIS, Domain.BALLOT, msg);
    expect(verify(pk, MAINNET_GENESIS, Domain.BALLOT, msg, sig)).toBe(true);
    for (const d of ALL_DOMAINS)
      if (d !== Domain.BALLOT) expect(verify(pk, MAINNET_GENESIS, d, msg, sig)).toBe(false);
    for (let j = 0; j < 20; j++)
      expect(verify(pk, flip(MAINNET_GENESIS, j), Domain.BALLOT, msg, sig)).toBe(false);
    expect(verify(publicKeyOf(seeded(2)), MAINNET_GENESIS, Domain.BALLOT, msg, sig)).toBe(false);
    expect(verify(pk, MAINNET_GENESIS, Domain.BALLOT, flip(msg, 3), sig)).toBe(false);
    for (let j = 0; j < 64; j++)
      for (const mask of [0x01, 0x80])
        expect(verify(pk, MAINNET_GENESIS, Domain.BALLOT, msg, flip(sig, j, mask))).toBe(false);
    // the domain byte is part of the body: a tx signature over (domain ‖ msg) is not a ballot's
    expect(verifyTx(pk, MAINNET_GENESIS, concatBytes(new Uint8Array([2]), msg), sig)).toBe(true);
  });
});

describe('keys', () => {
  it('accepts go-spacemesh 64-byte keys (seed ‖ public key) and checks the halves', () => {
    const seed = seeded(7);
    const pk = publicKeyOf(seed);
    const full = concatBytes(seed, pk);
    expect(seedOf(full)).toEqual(seed);
    expect(publicKeyOf(full)).toEqual(pk);
    const m = utf8ToBytes('x');
    expect(sign(full, ZERO_GENESIS, Domain.ATX, m)).toEqual(
      sign(seed, ZERO_GENESIS, Domain.ATX, m),
    );
    expect(() => publicKeyOf(flip(full, 40))).toThrow(CryptoError);
    for (const n of [0, 31, 33, 63, 65])
      expect(() => publicKeyOf(new Uint8Array(n))).toThrow(CryptoError);
  });

  it('sign refuses a genesis id that is not 20 bytes', () => {
    for (const n of [0, 19, 21, 32]) {
      expect(() => sign(seeded(1), new Uint8Array(n), Domain.ATX, new Uint8Array())).toThrow(
        CryptoError,
      );
      expect(() => signTx(seeded(1), new Uint8Array(n), new Uint8Array())).toThrow(CryptoError);
    }
  });
});

describe('malformed input: verify functions return false, never throw', () => {
  const seed = seeded(3);
  const pk = publicKeyOf(seed);
  const msg = utf8ToBytes('m');
  const sig = sign(seed, ZERO_GENESIS, Domain.HARE, msg);
  const txSig = signTx(seed, ZERO_GENESIS, msg);
  const junk: unknown[] = [undefined, null, 'ab', 1, {}, [], new Uint16Array(32)];

  it('wrong lengths', () => {
    for (const n of [0, 31, 33]) {
      expect(verify(new Uint8Array(n), ZERO_GENESIS, Domain.HARE, msg, sig)).toBe(false);
      expect(verifyTx(new Uint8Array(n), ZERO_GENESIS, msg, txSig)).toBe(false);
    }
    for (const n of [0, 63, 65]) {
      expect(verify(pk, ZERO_GENESIS, Domain.HARE, msg, new Uint8Array(n))).toBe(false);
      expect(verifyTx(pk, ZERO_GENESIS, msg, new Uint8Array(n))).toBe(false);
    }
    for (const n of [0, 19, 21]) {
      expect(verify(pk, new Uint8Array(n), Domain.HARE, msg, sig)).toBe(false);
      expect(verifyTx(pk, new Uint8Array(n), msg, txSig)).toBe(false);
    }
    expect(verify(pk, ZERO_GENESIS, Domain.HARE, msg, concatBytes(sig, new Uint8Array(1)))).toBe(
      false,
    );
  });

  it('bad domains, non-points, s ≥ L and non-byte values', () => {
    for (const d of [-1, 256, 3.5, NaN])
      expect(verify(pk, ZERO_GENESIS, d as Domain, msg, sig)).toBe(false);
    // y = 2 is not on the curve; y = p is a non-canonical encoding
    const offCurve = hexToBytes('02' + '00'.repeat(31));
    const nonCanonical = hexToBytes('ed' + 'ff'.repeat(30) + '7f');
    expect(verify(offCurve, ZERO_GENESIS, Domain.HARE, msg, sig)).toBe(false);
    expect(verify(nonCanonical, ZERO_GENESIS, Domain.HARE, msg, sig)).toBe(false);
    const L = ed25519.Point.Fn.ORDER;
    let s = 0n;
    for (let i = 63; i >= 32; i--) s = (s << 8n) | BigInt(sig[i]!);
    const sPlusL = new Uint8Array(64);
    sPlusL.set(sig.subarray(0, 32));
    let t = s + L;
    for (let i = 32; i < 64; i++, t >>= 8n) sPlusL[i] = Number(t & 0xffn);
    expect(verify(pk, ZERO_GENESIS, Domain.HARE, msg, sPlusL)).toBe(false);
    for (const j of junk) {
      expect(verify(j as Uint8Array, ZERO_GENESIS, Domain.HARE, msg, sig)).toBe(false);
      expect(verify(pk, j as Uint8Array, Domain.HARE, msg, sig)).toBe(false);
      expect(verify(pk, ZERO_GENESIS, Domain.HARE, j as Uint8Array, sig)).toBe(false);
      expect(verify(pk, ZERO_GENESIS, Domain.HARE, msg, j as Uint8Array)).toBe(false);
      expect(verifyTx(j as Uint8Array, ZERO_GENESIS, msg, txSig)).toBe(false);
      expect(verifyTx(pk, j as Uint8Array, msg, txSig)).toBe(false);
      expect(verifyTx(pk, ZERO_GENESIS, j as Uint8Array, txSig)).toBe(false);
      expect(verifyTx(pk, ZERO_GENESIS, msg, j as Uint8Array)).toBe(false);
    }
  });
});
