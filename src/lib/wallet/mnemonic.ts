// BIP-39 recovery phrases (English), through @scure/bip39. Validation is strict, like
// Spacemesh's smcli (wallet.go rejects anything but single spaces between words): the
// phrase is hashed as typed, so "a  b" and "a b" would give different seeds, and the only
// safe answer to odd whitespace is to refuse it. UIs should run normalizeMnemonic first.
import {
  generateMnemonic as scureGenerate,
  mnemonicToSeed as scureToSeed,
  mnemonicToSeedSync as scureToSeedSync,
  validateMnemonic as scureValidate,
} from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { InvalidMnemonicError } from './errors.ts';

export type MnemonicLength = 12 | 24;

/** Word counts BIP-39 defines; phrases of any of them can be imported. */
export const MNEMONIC_WORD_COUNTS: readonly number[] = [12, 15, 18, 21, 24];

const WORDS = new Set(wordlist);

/** A fresh phrase from the platform CSPRNG: 12 words (128 bits) or 24 (256 bits, default). */
export function generateMnemonic(words: MnemonicLength = 24): string {
  if (words !== 12 && words !== 24) {
    throw new InvalidMnemonicError(
      'word-count',
      `can generate 12 or 24 words, not ${String(words)}`,
    );
  }
  return scureGenerate(wordlist, words === 12 ? 128 : 256);
}

/** Lower-cases and collapses whitespace: what a person meant when pasting a phrase. */
export function normalizeMnemonic(input: string): string {
  return input.trim().split(/\s+/).join(' ').toLowerCase();
}

/** Throws InvalidMnemonicError (with a reason) unless `mnemonic` is a canonical phrase. */
export function validateMnemonic(mnemonic: string): void {
  const words = mnemonic.split(' ');
  if (mnemonic !== normalizeMnemonic(mnemonic) || words.includes('')) {
    throw new InvalidMnemonicError(
      'whitespace',
      'mnemonic must be lower-case words separated by single spaces',
    );
  }
  if (!MNEMONIC_WORD_COUNTS.includes(words.length)) {
    throw new InvalidMnemonicError(
      'word-count',
      `mnemonic has ${words.length} words, expected 12, 15, 18, 21 or 24`,
    );
  }
  const bad = words.findIndex((w) => !WORDS.has(w));
  if (bad >= 0) {
    const word = words[bad] as string;
    throw new InvalidMnemonicError(
      'unknown-word',
      `"${word}" (word ${bad + 1}) is not a BIP-39 English word`,
      word,
      bad,
    );
  }
  if (!scureValidate(mnemonic, wordlist)) {
    throw new InvalidMnemonicError('checksum', 'mnemonic checksum does not match');
  }
}

export function isValidMnemonic(mnemonic: string): boolean {
  try {
    validateMnemonic(mnemonic);
    return true;
  } catch (e) {
    if (e instanceof InvalidMnemonicError) return false;
    throw e;
  }
}

/**
 * The 64-byte BIP-39 seed (PBKDF2-HMAC-SHA512, 2048 rounds). The phrase is validated
 * first: BIP-39 itself would hash any string, which turns a typo into a different wallet.
 * Spacemesh wallets use an empty passphrase.
 */
export function mnemonicToSeedSync(mnemonic: string, passphrase = ''): Uint8Array {
  validateMnemonic(mnemonic);
  return scureToSeedSync(mnemonic, passphrase);
}

/** Same as mnemonicToSeedSync, without blocking the thread for the PBKDF2 rounds. */
export async function mnemonicToSeed(mnemonic: string, passphrase = ''): Promise<Uint8Array> {
  validateMnemonic(mnemonic);
  return scureToSeed(mnemonic, passphrase);
}
