// What received ATX bytes were found to be, remembered for the whole process. Every node of the
// simulation receives every ATX and, before anything that depends on its own state, derives the
// same facts from the same bytes: the id (an encode and a hash), whether the signature holds
// (another encode, a real check), and then, with inputs it looked up, whether the PoST, the VRF
// nonce and the PoET membership proof hold. Each is a pure function of the bytes and of the
// inputs a fact's name spells out (the PoET statement, the commitment ATX, the network's PoST
// parameters), so the first node to check an ATX records them and the others look them up.
// Only ATXs whose signature held are recorded, and only facts that held; anything else is
// checked again, as before. Keys are the bytes themselves (bytes-table.ts). Switched off with
// the verification memo (setVerifiedMemo) for benchmarks.
import { BytesTable, hashBytes } from '../../bytes-table.ts';
import type { BytesKey } from '../../bytes-table.ts';
import { verifiedMemoEnabled } from '../../crypto/verified-memo.ts';

const CAPACITY = 1 << 15;

/** A lookup key: the network's genesis id and the ATX bytes, with their hash. */
export interface AtxBytesKey {
  readonly parts: BytesKey;
  readonly hash: number;
}

/** What is known of an ATX's bytes: its id, and the checks (by name) that held. */
export interface AtxChecked {
  readonly id: Uint8Array;
  readonly facts: Set<string>;
}

export class AtxBytesChecks {
  #young = new BytesTable<AtxChecked>();
  #old = new BytesTable<AtxChecked>();
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
  key(genesisId: Uint8Array, bytes: Uint8Array): AtxBytesKey | null {
    if (!verifiedMemoEnabled()) return null;
    const parts = [genesisId, bytes];
    return { parts, hash: hashBytes(parts) };
  }

  /**
   * The record of an ATX whose signature was found valid (its id a private copy; its facts the
   * shared set, to read and to add to), or undefined.
   */
  lookup(key: AtxBytesKey | null): AtxChecked | undefined {
    if (key === null) return undefined;
    const e = this.#young.get(key.parts, key.hash) ?? this.#old.get(key.parts, key.hash);
    if (e === undefined) {
      this.#misses++;
      return undefined;
    }
    this.#hits++;
    return { id: e.id.slice(), facts: e.facts };
  }

  /** Records that the ATX of `key` has id `id` and a valid signature; returns its record. */
  remember(key: AtxBytesKey | null, id: Uint8Array): AtxChecked | undefined {
    if (key === null) return undefined;
    if (this.#young.size >= this.#capacity) {
      this.#old = this.#young;
      this.#young = new BytesTable();
    }
    const e = { id: id.slice(), facts: new Set<string>() };
    this.#young.set(key.parts, e, key.hash);
    return { id: e.id.slice(), facts: e.facts };
  }
}

/** The one instance every HandlerV1 of the process shares. */
export const atxBytesChecks = new AtxBytesChecks();
