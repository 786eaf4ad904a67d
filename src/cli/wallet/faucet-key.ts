// The faucet key file: 64 hex digits (an ed25519 seed), mode 0600, like the node's node.key.
// `smesh devnet` writes the devnet's derived key (lib/wallet/faucet-key.ts); `smesh node
// --faucet FILE` reads it.
import { readFile } from 'node:fs/promises';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { WalletFailure } from './context.ts';
import { writeFileAtomic } from './store.ts';

export const FAUCET_KEY_FILE = 'faucet.key';

export async function readFaucetKey(path: string): Promise<Uint8Array> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new WalletFailure('io', `cannot read faucet key ${path}: ${(e as Error).message}`);
  }
  const hex = text.trim();
  if (!/^[0-9a-fA-F]{64}$/.test(hex))
    throw new WalletFailure('bad-hex', `faucet key ${path} is not 64 hex digits`);
  return hexToBytes(hex);
}

/** Writes (or rewrites) the key file. */
export async function writeFaucetKey(path: string, seed: Uint8Array): Promise<void> {
  await writeFileAtomic(path, bytesToHex(seed) + '\n', { overwrite: true });
}
