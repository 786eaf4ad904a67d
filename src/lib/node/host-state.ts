// What a host keeps about itself in the node's store, beside the mesh: the node's key (the browser
// node has no data directory for go-spacemesh's identities/local.key) and the smesher's setup as
// the user chose it, so a reload resumes PoST initialization and smeshing where they were.
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { SEED_LENGTH } from '../crypto/signing.ts';
import { defineBucket } from '../store/buckets.ts';
import type { Store } from '../store/interface.ts';

const HOST = defineBucket(0x80, 'host');
const IDENTITY = utf8ToBytes('identity');
const SMESHING = utf8ToBytes('smeshing');

/** The smesher's setup (StartSmeshing's options) and whether it should be running. */
export interface SmeshingSettings {
  /** 24-byte reward address, hex. */
  readonly coinbase: string;
  readonly numUnits: number;
  /** 0: WebGPU, 1: CPU, undefined: the host picks. */
  readonly providerId?: number;
  readonly maxFileSize: string;
  /** True while the user wants it running: a restart resumes it. */
  readonly active: boolean;
}

export class HostStateError extends Error {
  override name = 'HostStateError';
}

/** The node's 32-byte key seed, created with `random` on first use and kept. */
export async function loadOrCreateIdentity(
  store: Store,
  random: (n: number) => Uint8Array,
): Promise<Uint8Array> {
  const view = HOST.view(store);
  const have = await view.get(IDENTITY);
  if (have !== undefined) {
    if (have.length !== SEED_LENGTH)
      throw new HostStateError(`stored node key has ${have.length} bytes, expected ${SEED_LENGTH}`);
    return have;
  }
  const seed = random(SEED_LENGTH);
  if (seed.length !== SEED_LENGTH) throw new HostStateError('random source gave a short seed');
  await view.put(IDENTITY, seed);
  return seed;
}

function isSettings(v: unknown): v is SmeshingSettings {
  if (v === null || typeof v !== 'object') return false;
  const s = v as Record<string, unknown>;
  return (
    typeof s.coinbase === 'string' &&
    /^[0-9a-f]{48}$/.test(s.coinbase) &&
    Number.isInteger(s.numUnits) &&
    (s.numUnits as number) > 0 &&
    (s.providerId === undefined || s.providerId === 0 || s.providerId === 1) &&
    typeof s.maxFileSize === 'string' &&
    /^\d+$/.test(s.maxFileSize) &&
    typeof s.active === 'boolean'
  );
}

/** The saved setup; undefined when none (or unreadable: the user sets it up again). */
export async function loadSmeshingSettings(store: Store): Promise<SmeshingSettings | undefined> {
  const raw = await HOST.view(store).get(SMESHING);
  if (raw === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(new TextDecoder().decode(raw));
    return isSettings(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

export async function saveSmeshingSettings(store: Store, s: SmeshingSettings): Promise<void> {
  if (!isSettings(s)) throw new HostStateError('malformed smeshing settings');
  await HOST.view(store).put(SMESHING, utf8ToBytes(JSON.stringify(s)));
}

export async function deleteSmeshingSettings(store: Store): Promise<void> {
  await HOST.view(store).delete(SMESHING);
}

export const coinbaseHex = (b: Uint8Array): string => bytesToHex(b);
export const coinbaseBytes = (hex: string): Uint8Array => hexToBytes(hex);
