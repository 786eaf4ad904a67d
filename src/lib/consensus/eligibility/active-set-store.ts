// Active sets by hash (go-spacemesh sql/activesets): what a reference ballot's
// EpochData.activeSetHash names. The proposal builder stores its own set before publishing its
// reference ballot; the fetcher stores sets it downloads for the "active set" hint (after checking
// the hash), and serves them from here. One bucket: hash → SCALE(EpochActiveSet).
import { defineBucket } from '../../store/buckets.ts';
import type { BatchOp, Store } from '../../store/interface.ts';
import { activeSetHash, decodeEpochActiveSet, EpochActiveSetCodec } from '../../types/ballot.ts';
import type { EpochActiveSet } from '../../types/ballot.ts';
import { encode } from '../../codec/index.ts';
import type { AtxStore } from '../../mesh/atx/store.ts';
import type { EligibilitySource } from './interface.ts';

export const ACTIVE_SET_BUCKET = defineBucket(0x4a, 'activesets');

export class ActiveSetStore {
  readonly #view;

  constructor(store: Store) {
    this.#view = ACTIVE_SET_BUCKET.view(store);
  }

  async get(hash: Uint8Array): Promise<EpochActiveSet | undefined> {
    const b = await this.#view.get(hash);
    return b === undefined ? undefined : decodeEpochActiveSet(b);
  }

  async has(hash: Uint8Array): Promise<boolean> {
    return this.#view.has(hash);
  }

  /** The SCALE bytes as served to peers for the "active set" fetch hint. */
  async blob(hash: Uint8Array): Promise<Uint8Array | undefined> {
    return this.#view.get(hash);
  }

  /** The write that stores `set` under its hash (activesets.Add); returns the hash with it. */
  addOp(set: EpochActiveSet): { hash: Uint8Array; op: BatchOp } {
    const hash = activeSetHash(set.set);
    return { hash, op: ACTIVE_SET_BUCKET.putOp(hash, encode(EpochActiveSetCodec, set)) };
  }

  async add(set: EpochActiveSet): Promise<Uint8Array> {
    const { hash, op } = this.addOp(set);
    await this.#view.store.batch([op]);
    return hash;
  }
}

/** The validator's source over the node's stores. */
export function storeEligibilitySource(sets: ActiveSetStore, atxs: AtxStore): EligibilitySource {
  return {
    activeSet: async (hash) => (await sets.get(hash))?.set,
    atx: (id) => atxs.header(id),
  };
}
