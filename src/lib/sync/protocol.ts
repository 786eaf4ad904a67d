// Request/response protocols of fetch and sync (go-spacemesh fetch/: "hs/1" hash requests with
// hints, "ld/1" layer data, "ax/1" ATX ids of an epoch), in SCALE with bounds. Every blob a peer
// returns is checked against the id it was asked for before anything uses it (verify.ts).
import {
  bool,
  byteSlice,
  compact32,
  decode,
  encode,
  option,
  slice,
  struct,
  u8,
} from '../codec/index.ts';
import type { Codec } from '../codec/index.ts';
import { ATXID, BallotID, BlockID, Hash32 } from '../types/common.ts';

export const SyncProtocol = {
  HASH: 'hs/1',
  LAYER_DATA: 'ld/1',
  EPOCH_ATXS: 'ax/1',
  MESH_HASHES: 'mh/1',
} as const;

/** What a hash names (go-spacemesh datastore.Hint). */
export const Hint = {
  ATX: 1,
  BALLOT: 2,
  PROPOSAL: 3,
  BLOCK: 4,
  TX: 5,
  ACTIVE_SET: 6,
  /** The id is a node id; the blob is its malfeasance proof. */
  MALFEASANCE: 7,
} as const;
export type Hint = (typeof Hint)[keyof typeof Hint];

const HINTS: ReadonlySet<number> = new Set(Object.values(Hint));

/** Most ids in one hash request (go-spacemesh BatchSize is 10000; ours is smaller). */
export const MAX_HASH_REQUEST = 1000;
/** Largest blob served (an active set of 8M ids would exceed it; ours stay far below). */
export const MAX_BLOB = 4 << 20;
/** Most ballots or blocks one layer can list. */
export const MAX_LAYER_ITEMS = 10_000;
/** Most ATX ids one epoch can list. */
export const MAX_EPOCH_ATXS = 1_000_000;

export interface HashItem {
  readonly hint: Hint;
  readonly id: Uint8Array;
}

const HintCodec: Codec<Hint> = {
  encode: (w, v) => u8.encode(w, v),
  decode: (r) => {
    const v = u8.decode(r);
    if (!HINTS.has(v)) throw new RangeError(`unknown hint ${v}`);
    return v as Hint;
  },
};

export const HashRequestCodec: Codec<HashItem[]> = slice(
  struct<HashItem>({ hint: HintCodec, id: byteSlice(32) }),
  MAX_HASH_REQUEST,
);
export const HashResponseCodec: Codec<(Uint8Array | null)[]> = slice(
  option(byteSlice(MAX_BLOB)),
  MAX_HASH_REQUEST,
);

/** What a peer knows of a layer. */
export interface LayerData {
  readonly ballots: Uint8Array[];
  readonly blocks: Uint8Array[];
  /** Whether the peer has hare's output for the layer, and which block (null: empty layer). */
  readonly hareKnown: boolean;
  readonly hareBlock: Uint8Array | null;
}

export const LayerDataCodec: Codec<LayerData> = struct<LayerData>({
  ballots: slice(BallotID, MAX_LAYER_ITEMS),
  blocks: slice(BlockID, MAX_LAYER_ITEMS),
  hareKnown: bool,
  hareBlock: option(BlockID),
});

/** Most layers one mesh-hash request may cover. */
export const MAX_MESH_HASH_LAYERS = 1000;

/** Mesh hashes of layers [from, to]: what fork finding compares (go-spacemesh MeshHashRequest). */
export interface MeshHashRequest {
  readonly from: number;
  readonly to: number;
}
export const MeshHashRequestCodec: Codec<MeshHashRequest> = struct<MeshHashRequest>({
  from: compact32,
  to: compact32,
});
/** One per layer of the request, null where the peer has none. */
export const MeshHashesCodec: Codec<(Uint8Array | null)[]> = slice(
  option(Hash32),
  MAX_MESH_HASH_LAYERS,
);

export const EpochAtxsCodec: Codec<Uint8Array[]> = slice(ATXID, MAX_EPOCH_ATXS);

export const encodeU32 = (n: number): Uint8Array => encode(compact32, n);
export const decodeU32 = (b: Uint8Array): number => decode(compact32, b, 'layer or epoch');
