// The node's identity in its data directory: one ed25519 seed, created on first start and kept
// (mode 0600). Its public key is the smesher's node id (go-spacemesh keeps it in
// identities/local.key). The libp2p identity is derived from the same seed under its own label,
// so the peer id, and with it the bootstrap multiaddrs, survive a restart without a second file.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { generateKeyPairFromSeed } from '@libp2p/crypto/keys';
import type { PrivateKey } from '@libp2p/interface';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { blake3 } from '../../lib/crypto/hash.ts';
import { publicKeyOf, SEED_LENGTH } from '../../lib/crypto/signing.ts';
import { writeFileAtomic } from '../poet/atomic.ts';

export const NODE_KEY_FILE = 'node.key';

export interface NodeKey {
  /** The 32-byte ed25519 seed. */
  readonly secretKey: Uint8Array;
  /** The public key: the node id. */
  readonly nodeId: Uint8Array;
  readonly path: string;
  /** True when this call created the file. */
  readonly created: boolean;
}

export class NodeKeyError extends Error {
  override name = 'NodeKeyError';
}

/** Reads <dataDir>/node.key (64 hex digits), creating it when missing. */
export async function loadOrCreateNodeKey(dataDir: string): Promise<NodeKey> {
  const path = join(dataDir, NODE_KEY_FILE);
  let text: string | undefined;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  if (text !== undefined) {
    const hex = text.trim();
    if (!/^[0-9a-f]{64}$/i.test(hex))
      throw new NodeKeyError(`${path} is not ${SEED_LENGTH} bytes of hex`);
    const secretKey = hexToBytes(hex);
    return { secretKey, nodeId: publicKeyOf(secretKey), path, created: false };
  }
  await mkdir(dataDir, { recursive: true });
  const secretKey = new Uint8Array(randomBytes(SEED_LENGTH));
  // writeFileAtomic creates the file 0600 and renames it into place.
  await writeFileAtomic(path, bytesToHex(secretKey) + '\n');
  return { secretKey, nodeId: publicKeyOf(secretKey), path, created: true };
}

/** The libp2p key of a node: ed25519 from blake3("smesh p2p identity" ‖ seed). */
export function libp2pKeyOf(secretKey: Uint8Array): Promise<PrivateKey> {
  return generateKeyPairFromSeed('Ed25519', blake3(utf8ToBytes('smesh p2p identity'), secretKey));
}
