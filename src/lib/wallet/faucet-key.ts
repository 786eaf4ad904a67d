// The devnet faucet's key: derived from the network's genesis extraData, so every `smesh devnet`
// of the same preset has the same faucet address and anyone can recompute it. That is fine only
// because devnet coins are worthless: the key is public by construction. Never used elsewhere.
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { blake3 } from '../crypto/hash.ts';
import { publicKeyOf } from '../crypto/signing.ts';
import { principalOf } from '../vm/tx/index.ts';

const LABEL = 'smesh devnet faucet v1\0';

/** 32-byte ed25519 seed of the faucet of a network with this genesis extraData. */
export function devnetFaucetSeed(extraData: string): Uint8Array {
  return blake3(utf8ToBytes(LABEL + extraData));
}

/** The faucet's single-signature wallet address (24 bytes). */
export function faucetAddress(seed: Uint8Array): Uint8Array {
  return principalOf('wallet', { publicKey: publicKeyOf(seed) });
}
