// Spacemesh's HD layout: m/44'/540'/account'/0'/index', every segment hardened (SLIP-10
// ed25519), coin type 540 (SLIP-0044). smapp-lite (src/utils/bip32.ts) and smcli
// (wallet/bip44.go) derive keys this way from the 64-byte BIP-39 seed with an empty
// passphrase; smapp-lite keeps account 0 and counts index, so its "Key n" is (0, n).
import { ed25519 } from '@noble/curves/ed25519.js';
import { HARDENED_OFFSET, derivePath, formatPath } from './slip10.ts';

export const BIP44_PURPOSE = 44;
export const SPACEMESH_COIN_TYPE = 540;
/** The chain segment is always 0' (there is no change chain in an account model). */
export const SPACEMESH_CHAIN = 0;

export interface DerivedKey {
  /** 32-byte ed25519 private key (the RFC 8032 seed; signers expand it). */
  readonly secretKey: Uint8Array;
  readonly publicKey: Uint8Array;
  /** e.g. "m/44'/540'/0'/0'/3'" */
  readonly path: string;
}

function hardened(what: string, n: number): number {
  if (!Number.isSafeInteger(n) || n < 0 || n >= HARDENED_OFFSET) {
    throw new RangeError(`${what} ${n} must be an integer in 0..2^31-1`);
  }
  return n + HARDENED_OFFSET;
}

/** Full indices of m/44'/540'/account'/0'/index'. */
export function spacemeshPathIndices(account: number, index: number): number[] {
  return [
    hardened('purpose', BIP44_PURPOSE),
    hardened('coin type', SPACEMESH_COIN_TYPE),
    hardened('account', account),
    hardened('chain', SPACEMESH_CHAIN),
    hardened('index', index),
  ];
}

export function spacemeshPath(account: number, index: number): string {
  return formatPath(spacemeshPathIndices(account, index));
}

/** The key pair at m/44'/540'/account'/0'/index' of a BIP-39 seed. */
export function deriveKey(seed: Uint8Array, account: number, index: number): DerivedKey {
  const indices = spacemeshPathIndices(account, index);
  const { privateKey } = derivePath(seed, indices);
  return {
    secretKey: privateKey,
    publicKey: ed25519.getPublicKey(privateKey),
    path: formatPath(indices),
  };
}
