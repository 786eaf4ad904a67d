// The ballot store (go-spacemesh sql/ballots) on its own bucket of the key-value Store. Keys:
//   0x01 ‖ id                      → the ballot (SCALE Ballot)
//   0x02 ‖ u32be layer ‖ id        → empty: the layer's ballots, in id order
//   0x03 ‖ u32be layer ‖ smesher   → id of the smesher's first ballot in the layer
//   0x04 ‖ u32be epoch ‖ smesher   → id of the smesher's reference ballot of the epoch
//   0x05 ‖ id                      → empty: the ballot's smesher was malicious when it was stored
// Writes are returned as BatchOps so a handler commits a ballot (and a proposal, a malfeasance
// proof) in one batch.
import { concatBytes, defineBucket, u32Key } from '../../store/buckets.ts';
import type { BatchOp, Store } from '../../store/interface.ts';
import { ballotId, decodeBallot, encodeBallot } from '../../types/ballot.ts';
import type { Ballot } from '../../types/ballot.ts';
import type { EpochData } from '../../types/common.ts';

export const BALLOT_BUCKET = defineBucket(0x20, 'ballots');

const BLOB = 0x01;
const BY_LAYER = 0x02;
const BY_LAYER_SMESHER = 0x03;
const REF_BY_EPOCH = 0x04;
const MALICIOUS = 0x05;

const EMPTY = new Uint8Array(0);
const key = (tag: number, ...parts: Uint8Array[]) => concatBytes(Uint8Array.of(tag), ...parts);

export class BallotStore {
  readonly store: Store;
  readonly layersPerEpoch: number;
  readonly #view;

  constructor(store: Store, layersPerEpoch: number) {
    if (!Number.isInteger(layersPerEpoch) || layersPerEpoch <= 0)
      throw new RangeError('layersPerEpoch must be a positive integer');
    this.store = store;
    this.layersPerEpoch = layersPerEpoch;
    this.#view = BALLOT_BUCKET.view(store);
  }

  async has(id: Uint8Array): Promise<boolean> {
    return this.#view.has(key(BLOB, id));
  }

  async get(id: Uint8Array): Promise<Ballot | undefined> {
    const b = await this.#view.get(key(BLOB, id));
    return b === undefined ? undefined : decodeBallot(b);
  }

  /** Whether the smesher was malicious when the ballot was stored. */
  async isMalicious(id: Uint8Array): Promise<boolean> {
    return this.#view.has(key(MALICIOUS, id));
  }

  /** ballots.LayerBallotByNodeID: the smesher's first ballot in `layer`. */
  async firstInLayer(layer: number, smesher: Uint8Array): Promise<Ballot | undefined> {
    const id = await this.#view.get(key(BY_LAYER_SMESHER, u32Key(layer), smesher));
    return id === undefined ? undefined : this.get(id);
  }

  /** ballots.RefBallot: the smesher's reference ballot of `epoch`. */
  async refBallotId(epoch: number, smesher: Uint8Array): Promise<Uint8Array | undefined> {
    return this.#view.get(key(REF_BY_EPOCH, u32Key(epoch), smesher));
  }

  /**
   * The epoch data in force for `ballot`: its own, or its reference ballot's (what
   * ComputeWeightPerEligibility reads); undefined when the reference ballot is not stored.
   */
  async epochData(ballot: Ballot): Promise<EpochData | undefined> {
    if (ballot.epochData !== null) return ballot.epochData;
    return (await this.get(ballot.refBallot))?.epochData ?? undefined;
  }

  /** Ids of the layer's ballots, in id order. */
  /** The last layer any stored ballot is in (undefined: no ballot). */
  async lastLayer(): Promise<number | undefined> {
    for await (const e of this.#view.iterate({
      prefix: Uint8Array.of(BY_LAYER),
      reverse: true,
      limit: 1,
    }))
      return new DataView(e.key.buffer, e.key.byteOffset + 1, 4).getUint32(0);
    return undefined;
  }

  async layerIds(layer: number): Promise<Uint8Array[]> {
    const prefix = key(BY_LAYER, u32Key(layer));
    const out: Uint8Array[] = [];
    for await (const e of this.#view.iterate({ prefix })) out.push(e.key.slice(prefix.length));
    return out;
  }

  /**
   * The writes that add a ballot. `firstInLayer`: no other ballot of the smesher is stored in the
   * layer (false for the second ballot of an equivocating smesher, kept by id only).
   * `refOfEpoch`: it becomes the smesher's reference ballot of its epoch.
   */
  addOps(
    ballot: Ballot,
    opts: { firstInLayer: boolean; refOfEpoch: boolean; malicious: boolean },
  ): BatchOp[] {
    const id = ballotId(ballot);
    const layer = u32Key(ballot.layer);
    const ops: BatchOp[] = [
      BALLOT_BUCKET.putOp(key(BLOB, id), encodeBallot(ballot)),
      BALLOT_BUCKET.putOp(key(BY_LAYER, layer, id), EMPTY),
    ];
    if (opts.firstInLayer)
      ops.push(BALLOT_BUCKET.putOp(key(BY_LAYER_SMESHER, layer, ballot.smesherID), id));
    if (opts.refOfEpoch) {
      const epoch = u32Key(Math.floor(ballot.layer / this.layersPerEpoch));
      ops.push(BALLOT_BUCKET.putOp(key(REF_BY_EPOCH, epoch, ballot.smesherID), id));
    }
    if (opts.malicious) ops.push(BALLOT_BUCKET.putOp(key(MALICIOUS, id), EMPTY));
    return ops;
  }
}
