// BIP-39 vectors from trezor/python-mnemonic vectors.json @b57a5ad (English, passphrase
// "TREZOR"), the reference vectors of the BIP.
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { mnemonicToEntropy } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import {
  generateMnemonic,
  isValidMnemonic,
  mnemonicToSeed,
  mnemonicToSeedSync,
  normalizeMnemonic,
  validateMnemonic,
} from '../../../src/lib/wallet/mnemonic.ts';
import { InvalidMnemonicError } from '../../../src/lib/wallet/errors.ts';
import type { InvalidMnemonicReason } from '../../../src/lib/wallet/errors.ts';

const TREZOR: [entropy: string, mnemonic: string, seed: string][] = [
  [
    '00000000000000000000000000000000',
    'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about',
    'c55257c360c07c72029aebc1b53c05ed0362ada38ead3e3e9efa3708e53495531f09a6987599d18264c1e1c92f2cf141630c7a3c4ab7c81b2f001698e7463b04',
  ],
  [
    '9e885d952ad362caeb4efe34a8e91bd2',
    'ozone drill grab fiber curtain grace pudding thank cruise elder eight picnic',
    '274ddc525802f7c828d8ef7ddbcdc5304e87ac3535913611fbbfa986d0c9e5476c91689f9c8a54fd55bd38606aa6a8595ad213d4c9c9f9aca3fb217069a41028',
  ],
  [
    'ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
    'zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo zoo vote',
    'dd48c104698c30cfe2b6142103248622fb7bb0ff692eebb00089b32d22484e1613912f0a5b694407be899ffd31ed3992c456cdf60f5d4564b8ba3f05a69890ad',
  ],
  [
    '68a79eaca2324873eacc50cb9c6eca8cc68ea5d936f98787c60c7ebc74e6ce7c',
    'hamster diagram private dutch cause delay private meat slide toddler razor book happy fancy gospel tennis maple dilemma loan word shrug inflict delay length',
    '64c87cde7e12ecf6704ab95bb1408bef047c22db4cc7491c4271d170a1b213d20b385bc1588d9c7b38f1b39d415665b8a9030c9ec653d75e65f847d8fc1fc440',
  ],
];

function reasonOf(mnemonic: string): InvalidMnemonicReason | undefined {
  try {
    validateMnemonic(mnemonic);
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidMnemonicError);
    return (e as InvalidMnemonicError).reason;
  }
}

describe('BIP-39 reference vectors (12 and 24 words)', () => {
  for (const [entropy, mnemonic, seed] of TREZOR) {
    it(`${mnemonic.split(' ').length} words: ${mnemonic.slice(0, 24)}…`, async () => {
      expect(isValidMnemonic(mnemonic)).toBe(true);
      expect(bytesToHex(mnemonicToEntropy(mnemonic, wordlist))).toBe(entropy);
      expect(bytesToHex(mnemonicToSeedSync(mnemonic, 'TREZOR'))).toBe(seed);
      expect(bytesToHex(await mnemonicToSeed(mnemonic, 'TREZOR'))).toBe(seed);
    });
  }

  it('the passphrase matters (Spacemesh wallets use the empty one)', () => {
    const [, mnemonic, seed] = TREZOR[0] as [string, string, string];
    expect(bytesToHex(mnemonicToSeedSync(mnemonic))).not.toBe(seed);
  });
});

describe('validation errors', () => {
  const valid12 = TREZOR[1]?.[1] as string;

  it('whitespace, as smcli rejects it (wallet_test.go TestMnemonicWhitespace)', () => {
    for (const m of [
      'film  theme cheese broken kingdom destroy inch ready wear inspire shove pudding',
      'film theme cheese broken kingdom destroy inch ready wear\ninspire shove pudding',
      'film theme cheese broken kingdom destroy inch ready wear inspire shove pudding\t',
      ' film theme cheese broken kingdom destroy inch ready wear inspire shove pudding',
      'film theme cheese broken kingdom destroy inch ready wear inspire shove pudding ',
      'Film theme cheese broken kingdom destroy inch ready wear inspire shove pudding',
    ]) {
      expect(reasonOf(m), JSON.stringify(m)).toBe('whitespace');
    }
    expect(
      reasonOf('film theme cheese broken kingdom destroy inch ready wear inspire shove pudding'),
    ).toBeUndefined();
  });

  it('word count', () => {
    expect(reasonOf('abandon abandon abandon')).toBe('word-count');
    expect(reasonOf(`${valid12} abandon`)).toBe('word-count');
    expect(reasonOf('')).toBe('whitespace');
  });

  it('unknown word, with its position', () => {
    const words = valid12.split(' ');
    words[4] = 'spacemesh';
    try {
      validateMnemonic(words.join(' '));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InvalidMnemonicError);
      const err = e as InvalidMnemonicError;
      expect(err.reason).toBe('unknown-word');
      expect(err.word).toBe('spacemesh');
      expect(err.position).toBe(4);
    }
  });

  it('checksum: one changed word', () => {
    expect(
      reasonOf(
        'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon',
      ),
    ).toBe('checksum');
    const words = valid12.split(' ');
    words[11] = words[11] === 'zoo' ? 'zone' : 'zoo';
    expect(reasonOf(words.join(' '))).toBe('checksum');
  });

  it('seed derivation refuses invalid phrases', async () => {
    expect(() => mnemonicToSeedSync('abandon '.repeat(12).trim())).toThrow(InvalidMnemonicError);
    await expect(mnemonicToSeed('abandon '.repeat(12).trim())).rejects.toBeInstanceOf(
      InvalidMnemonicError,
    );
  });
});

describe('generation and normalisation', () => {
  it('generates valid 12- and 24-word phrases', () => {
    for (const n of [12, 24] as const) {
      const m = generateMnemonic(n);
      expect(m.split(' ')).toHaveLength(n);
      expect(isValidMnemonic(m)).toBe(true);
    }
    expect(generateMnemonic().split(' ')).toHaveLength(24);
    expect(generateMnemonic(24)).not.toBe(generateMnemonic(24));
    expect(() => generateMnemonic(18 as 12)).toThrow(InvalidMnemonicError);
  });

  it('normalizeMnemonic fixes what a paste breaks', () => {
    expect(normalizeMnemonic('  Film  theme\tcheese\n')).toBe('film theme cheese');
    const typed = ' ' + (TREZOR[2]?.[1] as string).toUpperCase().replaceAll(' ', '  \n') + ' ';
    expect(isValidMnemonic(typed)).toBe(false);
    expect(isValidMnemonic(normalizeMnemonic(typed))).toBe(true);
  });
});
