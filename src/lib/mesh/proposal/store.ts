// The proposal store (go-spacemesh sql/proposals, kept in memory by go's proposals.Store) on its
// own bucket. Keys:
//   0x01 ‖ id                      → the proposal (SCALE Proposal)
//   0x02 ‖ u32be layer ‖ id        → empty: the layer's proposals, in id order
//   0x03 ‖ u32be layer ‖ smesher   → id of the smesher's proposal in the layer
import { concatBytes, defineBucket, u32Key } from '../../store/buckets.ts';
import type { BatchOp, Store } from '../../store/interface.ts';
import { decodeProposal, encodeProposal, proposalId } from '../../types/proposal.ts';
import type { Proposal } from '../../types/proposal.ts';

export const PROPOSAL_BUCKET = defineBucket(0x21, 'proposals');

const BLOB = 0x01;
const BY_LAYER = 0x02;
const BY_LAYER_SMESHER = 0x03;

const EMPTY = new Uint8Array(0);
const key = (tag: number, ...parts: Uint8Array[]) => concatBytes(Uint8Array.of(tag), ...parts);

export class ProposalStore {
  readonly store: Store;
  readonly #view;

  constructor(store: Store) {
    this.store = store;
    this.#view = PROPOSAL_BUCKET.view(store);
  }

  async has(id: Uint8Array): Promise<boolean> {
    return this.#view.has(key(BLOB, id));
  }

  async get(id: Uint8Array): Promise<Proposal | undefined> {
    const b = await this.#view.get(key(BLOB, id));
    return b === undefined ? undefined : decodeProposal(b);
  }

  async idInLayer(layer: number, smesher: Uint8Array): Promise<Uint8Array | undefined> {
    return this.#view.get(key(BY_LAYER_SMESHER, u32Key(layer), smesher));
  }

  async layerIds(layer: number): Promise<Uint8Array[]> {
    const prefix = key(BY_LAYER, u32Key(layer));
    const out: Uint8Array[] = [];
    for await (const e of this.#view.iterate({ prefix })) out.push(e.key.slice(prefix.length));
    return out;
  }

  /** The proposals with these ids (hare's output), in the order given; undefined if one is missing. */
  async getAll(ids: readonly Uint8Array[]): Promise<Proposal[] | undefined> {
    const out: Proposal[] = [];
    for (const id of ids) {
      const p = await this.get(id);
      if (p === undefined) return undefined;
      out.push(p);
    }
    return out;
  }

  /**
   * `firstOfSmesher`: index it as the smesher's proposal of the layer (false for a second);
   * `bytes`: its encoding, when the caller has it (as received).
   */
  addOps(p: Proposal, firstOfSmesher = true, bytes = encodeProposal(p)): BatchOp[] {
    const id = proposalId(p);
    const layer = u32Key(p.ballot.layer);
    const ops = [
      PROPOSAL_BUCKET.putOp(key(BLOB, id), bytes),
      PROPOSAL_BUCKET.putOp(key(BY_LAYER, layer, id), EMPTY),
    ];
    if (firstOfSmesher)
      ops.push(PROPOSAL_BUCKET.putOp(key(BY_LAYER_SMESHER, layer, p.ballot.smesherID), id));
    return ops;
  }
}
