// The ATX id and signature check of received bytes, remembered for the whole process. Every
// node of the simulation receives every ATX and, before anything that depends on its own
// state, derives the same two facts from the same bytes: the id (an encode and a hash) and
// whether the signature holds (another encode, the signature memo's hash, once a real check).
// Both are pure functions of the genesis id and the bytes, so the first node to check an ATX
// records them under blake3 of the bytes and the others look them up: one hash instead of two
// encodes and two hashes. Only ATXs whose signature held are recorded; anything else is checked
// again, as before. Switched off with the verification memo (setVerifiedMemo) for benchmarks.
import { blake3 } from '@noble/hashes/blake3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { verifiedMemoEnabled } from '../../crypto/verified-memo.ts';

const CAPACITY = 1 << 15;

export class AtxBytesChecks {
  #young = new Map<string, Uint8Array>();
  #old = new Map<string, Uint8Array>();
  readonly #capacity: number;
  #hits = 0;
  #misses = 0;

  constructor(capacity = CAPACITY) {
    this.#capacity = capacity;
  }

  get stats(): { readonly hits: number; readonly misses: number } {
    return { hits: this.#hits, misses: this.#misses };
  }

  /** The lookup key of `bytes` on network `genesisId`, or null while the memo is off. */
  key(genesisId: Uint8Array, bytes: Uint8Array): string | null {
    if (!verifiedMemoEnabled()) return null;
    const h = blake3.create();
    h.update(genesisId);
    h.update(bytes);
    return bytesToHex(h.digest());
  }

  /** A copy of the id of an ATX whose signature was found valid, or undefined. */
  lookup(key: string | null): Uint8Array | undefined {
    if (key === null) return undefined;
    const id = this.#young.get(key) ?? this.#old.get(key);
    if (id === undefined) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    return id.slice();
  }

  /** Records that the ATX of `key` has id `id` and a valid signature. */
  remember(key: string | null, id: Uint8Array): void {
    if (key === null) return;
    if (this.#young.size >= this.#capacity) {
      this.#old = this.#young;
      this.#young = new Map();
    }
    this.#young.set(key, id.slice());
  }
}

/** The one instance every HandlerV1 of the process shares. */
export const atxBytesChecks = new AtxBytesChecks();
