// Spacemesh-path vectors published by Spacemesh itself:
// - spacemeshos/smkeys bip32/bip32_test.go @ec0ea15 TestSimple: 64-byte ASCII seeds through
//   the spacemesh-sdk deriver; `key` is the 64-byte ed25519 private key (seed ‖ public).
// - spacemeshos/smcli wallet/wallet_test.go and bip32_test.go @8be6a15: a BIP-39 phrase with
//   an empty passphrase, and a raw 64-byte seed, at m/44'/540'/0'/0'/0'.
import { describe, expect, it } from 'vitest';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { deriveKey, spacemeshPath } from '../../../src/lib/wallet/hd.ts';
import { derivePath } from '../../../src/lib/wallet/slip10.ts';
import { mnemonicToSeedSync } from '../../../src/lib/wallet/mnemonic.ts';

const SEED_1 = 'q9ONfCHWlAwY5Ea4AIkePeA0dUSYnyqcNVElvREhYJ0OU7kvwg9MroDKTcmSxTKt';
const SEED_2 = 'gk3YIKmq0j5rqjLBrJVaQfC6k7rIHLp96G2ZGEg1vl0cwv7LNsjOaPOTAJEzmWVi';
const SEED_3 = 'wZtfpYa1lzcdHTp9UwdbzTLlMnFTZee5Y7dLN7e795Kfr4U1E7AQaUcqGnMNEraR';

const SMKEYS: [path: string, seed: string, key: string][] = [
  [
    "m/44'/540'/2'/0'/0'",
    SEED_1,
    '02c6197bee36ee341f1bad9bbb26b71b9b51c78f4a6aebd722d6ccda9dbfc7a6cabdd9afe0274ba6eb6b4ea6b04f5110e13321ae3c1316482aace2a8bff26c89',
  ],
  [
    "m/44'/540'/1'/0'/0'",
    SEED_1,
    '856761857b51d7ab4c8e86fbabe1fbdce2eb2851cc70389ee914a375617daaa86cb278b215158b31b6f96f0516f05d52d416f179758858f329ae9a08995ffef9',
  ],
  [
    "m/44'/540'/1'/1'/1'",
    SEED_1,
    '417f8cf19c44bc3398fa789bb1d0697c56c872c4702bfacaffa6b4132f39119b4562f9f55ea6836f451100ceac42be3cb9f0022b5677d12460c09651b05d160c',
  ],
  [
    "m/44'/540'/100'/0'/0'",
    SEED_1,
    '39a84a1eed038a9560529646615a512847a09de0ba52b5b388c5aa949a8a77c0d08480429cc3c12c15b6abf14276967069eec285a264beaac23acf3789c25932',
  ],
  [
    "m/44'/540'/2'/100'/200'",
    SEED_1,
    'bf04d7fcc2cd70904b119e67a20c33039cf5355b2837ddabe28a4a53d0df6b830046e8f9a1150560bdba11cd8e3ae652cd4f77de6603ab8ad964a775ed55f9da',
  ],
  [
    "m/44'/540'/0'/0'/0'",
    SEED_2,
    '477179d9a8a3571aa068d7a10da60cae617f3eb232b493bfd079842c3f0e69662978db84488e3644a6a986dd52622440a0441206e4c24a24f115336819fecaa7',
  ],
  [
    "m/44'/540'/1'/0'/0'",
    SEED_2,
    '14d2c7daefe19e395328efcbcefbbb854d73890a77bb300ee310a71d0ea76826c106af1346f27fbb9f4623e9cc362fd3c9ad6e139652685e30f35794d52d190d',
  ],
  [
    "m/44'/540'/1'/1'/2'",
    SEED_3,
    '81e65d2c6806d32a223a64200c22217408a071896cab6e657e729d724295013e47f73f6b47a70373961a41cdc8130ac7a5887ec18ecf32237ca8cb6e7ba069b9',
  ],
  [
    "m/44'/540'/1'/0'",
    SEED_1,
    '03d65083ada328fa74637cc8588ddc80ef6fd732e60e84715c551221c2313b88fb53139aa915339ec0250a47725345b11c79cf9a39437e8dcd107cf17ab7416d',
  ],
  [
    "m/44'/540'/1'",
    SEED_2,
    '1831d61e76a8706f20614b96b74b50b2214a2bbf398735dd10c720d214b78c0c2e318aefd286a646ec9c6313bb036132e4893f4985c1ed99d54a555f1a7b72b0',
  ],
];

describe('smkeys TestSimple vectors', () => {
  for (const [path, seed, key] of SMKEYS) {
    it(`${path} from ${seed.slice(0, 6)}…`, () => {
      const node = derivePath(utf8ToBytes(seed), path);
      const publicKey = ed25519.getPublicKey(node.privateKey);
      expect(bytesToHex(node.privateKey) + bytesToHex(publicKey)).toBe(key);
    });
  }

  it('five-segment vectors through deriveKey(seed, account, index) when chain is 0', () => {
    for (const [path, seed, key] of SMKEYS) {
      const m = /^m\/44'\/540'\/(\d+)'\/0'\/(\d+)'$/.exec(path);
      if (!m) continue;
      const derived = deriveKey(utf8ToBytes(seed), Number(m[1]), Number(m[2]));
      expect(derived.path).toBe(path);
      expect(bytesToHex(derived.secretKey) + bytesToHex(derived.publicKey)).toBe(key);
    }
  });
});

describe('smcli vectors', () => {
  it("phrase \"film theme cheese …\" at m/44'/540'/0'/0'/0' (TestWalletFromGivenMnemonic)", () => {
    const seed = mnemonicToSeedSync(
      'film theme cheese broken kingdom destroy inch ready wear inspire shove pudding',
    );
    const key = deriveKey(seed, 0, 0);
    expect(key.path).toBe("m/44'/540'/0'/0'/0'");
    expect(bytesToHex(key.publicKey)).toBe(
      'de30fc9b812248583da6259433626fcdd2cb5ce589b00047b81e127950b9bca6',
    );
    expect(bytesToHex(key.secretKey) + bytesToHex(key.publicKey)).toBe(
      'cd85df73aa3bc31de2f0b69bb1421df7eb0cdca7cb170a457869ab337749dae1' +
        'de30fc9b812248583da6259433626fcdd2cb5ce589b00047b81e127950b9bca6',
    );
  });

  it("raw seed \"abandon ×8 \" at m/44'/540'/0'/0'/0' (TestAccountFromSeed, TestChildKeyPair)", () => {
    const key = deriveKey(utf8ToBytes('abandon '.repeat(8)), 0, 0);
    expect(bytesToHex(key.publicKey)).toBe(
      'feae6977b42bf3441d04314d09c72c5d6f2d1cb4bf94834680785b819f8738dd',
    );
    expect(bytesToHex(key.secretKey)).toBe(
      '05fe9affa5562ca833faf3803ce5f6f7615d3c37c4a27903492027f6853e486d',
    );
  });
});

describe('deriveKey', () => {
  const seed = new Uint8Array(64).fill(7);

  it("builds m/44'/540'/account'/0'/index'", () => {
    expect(spacemeshPath(0, 0)).toBe("m/44'/540'/0'/0'/0'");
    expect(spacemeshPath(3, 17)).toBe("m/44'/540'/3'/0'/17'");
    expect(deriveKey(seed, 2, 5).path).toBe("m/44'/540'/2'/0'/5'");
    expect(spacemeshPath(2 ** 31 - 1, 0)).toBe("m/44'/540'/2147483647'/0'/0'");
  });

  it('gives distinct, signing-capable keys per account and index', () => {
    const keys = [deriveKey(seed, 0, 0), deriveKey(seed, 0, 1), deriveKey(seed, 1, 0)];
    const hexes = new Set(keys.map((k) => bytesToHex(k.secretKey)));
    expect(hexes.size).toBe(3);
    for (const k of keys) {
      expect(k.secretKey).toHaveLength(32);
      expect(k.publicKey).toHaveLength(32);
      const msg = utf8ToBytes('spacemesh');
      expect(ed25519.verify(ed25519.sign(msg, k.secretKey), msg, k.publicKey)).toBe(true);
    }
  });

  it('rejects account and index outside 0..2^31-1', () => {
    for (const bad of [-1, 2 ** 31, 1.5, Number.NaN]) {
      expect(() => deriveKey(seed, bad, 0)).toThrow(RangeError);
      expect(() => deriveKey(seed, 0, bad)).toThrow(RangeError);
    }
  });
});
