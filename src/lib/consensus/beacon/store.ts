// The beacons a node settled, by epoch (go-spacemesh sql/beacons), so that a restarted node
// knows them at once instead of relearning them from ballots. Keys: u32be epoch → 4 bytes.
import { defineBucket, u32Key } from '../../store/buckets.ts';
import type { BatchOp, Store } from '../../store/interface.ts';

export const BEACON_BUCKET = defineBucket(0x40, 'beacons');

export class BeaconStore {
  readonly #store: Store;
  readonly #view;

  constructor(store: Store) {
    this.#store = store;
    this.#view = BEACON_BUCKET.view(store);
  }

  get(epoch: number): Promise<Uint8Array | undefined> {
    return this.#view.get(u32Key(epoch));
  }

  putOp(epoch: number, beacon: Uint8Array): BatchOp {
    if (beacon.length !== 4) throw new RangeError('a beacon is 4 bytes');
    return BEACON_BUCKET.putOp(u32Key(epoch), beacon);
  }

  async put(epoch: number, beacon: Uint8Array): Promise<void> {
    await this.#store.batch([this.putOp(epoch, beacon)]);
  }

  /** Every stored beacon, by ascending epoch. */
  async *all(): AsyncGenerator<{ epoch: number; beacon: Uint8Array }> {
    for await (const e of this.#view.iterate())
      yield {
        epoch: new DataView(e.key.buffer, e.key.byteOffset, 4).getUint32(0),
        beacon: e.value,
      };
  }
}
