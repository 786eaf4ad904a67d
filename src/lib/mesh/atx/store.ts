// The ATX store (go-spacemesh sql/atxs, sql/identities for malfeasance) on one bucket of the
// key-value Store. Keys inside the bucket:
//   0x01 ‖ id                     → the ATX as received (SCALE ActivationTxV1)
//   0x02 ‖ id                     → its header (what the handler derived: weight, ticks, …)
//   0x03 ‖ u32be epoch ‖ smesher  → id of the smesher's first ATX published in that epoch
//   0x04 ‖ smesher ‖ u32be epoch  → the same id, ordered per smesher (last ATX = reverse scan)
//   0x05 ‖ smesher                → the commitment ATX id of the smesher's initial ATX
//   0x06 ‖ smesher                → a malfeasance proof (SCALE MalfeasanceProof): malicious
// Writes are returned as BatchOps so the handler commits an ATX and its indexes in one batch.
import { compact32, compact64, encode, struct } from '../../codec/index.ts';
import type { Codec } from '../../codec/index.ts';
import { concatBytes, defineBucket, u32Key } from '../../store/buckets.ts';
import type { BatchOp, Store } from '../../store/interface.ts';
import { decodeAtxV1 } from '../../types/atx.ts';
import { SharedDecoder } from '../../codec/shared-decoder.ts';
import type { ActivationTxV1 } from '../../types/atx.ts';
import { Address, ATXID, NodeID } from '../../types/common.ts';
import { decodeMalfeasanceProof, encodeMalfeasanceProof } from '../../types/malfeasance.ts';
import type { MalfeasanceProof } from '../../types/malfeasance.ts';

export const ATX_BUCKET = defineBucket(0x10, 'atxs');

const BLOB = 0x01;
const HEADER = 0x02;
const BY_EPOCH = 0x03;
const BY_SMESHER = 0x04;
const COMMITMENT = 0x05;
const MALFEASANCE = 0x06;

/** What the handler derived from a valid ATX (go-spacemesh types.ActivationTx without the blob). */
export interface AtxHeader {
  readonly id: Uint8Array;
  readonly smesher: Uint8Array;
  readonly publishEpoch: number;
  readonly sequence: bigint;
  /** EMPTY_ATX_ID for an initial ATX. */
  readonly prevAtx: Uint8Array;
  /** numUnits as the ATX declares it. */
  readonly numUnits: number;
  /** min(previous ATX's numUnits, numUnits); numUnits for an initial ATX. */
  readonly effectiveNumUnits: number;
  /** The positioning ATX's tick height (0 for the golden ATX). */
  readonly baseTickHeight: bigint;
  /** PoET leaves / tickSize. */
  readonly tickCount: bigint;
  /** effectiveNumUnits × tickCount. */
  readonly weight: bigint;
  readonly commitmentAtx: Uint8Array;
  /** The VRF nonce in force (inherited from the previous ATX when this one has none). */
  readonly vrfNonce: bigint;
  readonly coinbase: Uint8Array;
}

export const AtxHeaderCodec: Codec<AtxHeader> = struct<AtxHeader>({
  id: ATXID,
  smesher: NodeID,
  publishEpoch: compact32,
  sequence: compact64,
  prevAtx: ATXID,
  numUnits: compact32,
  effectiveNumUnits: compact32,
  baseTickHeight: compact64,
  tickCount: compact64,
  weight: compact64,
  commitmentAtx: ATXID,
  vrfNonce: compact64,
  coinbase: Address,
});

/** types.ActivationTx.TickHeight: where this ATX's PoET ends, counted from genesis. */
export function tickHeight(h: AtxHeader): bigint {
  return h.baseTickHeight + h.tickCount;
}

/** One decoded header per distinct header bytes in the process (codec/shared-decoder.ts). */
export const sharedHeaders = new SharedDecoder(AtxHeaderCodec, 'AtxHeader');

const key = (tag: number, ...parts: Uint8Array[]) => concatBytes(Uint8Array.of(tag), ...parts);

export class AtxStore {
  readonly store: Store;
  readonly #view;

  constructor(store: Store) {
    this.store = store;
    this.#view = ATX_BUCKET.view(store);
  }

  async has(id: Uint8Array): Promise<boolean> {
    return this.#view.has(key(HEADER, id));
  }

  /** The ATX's bytes as received. */
  async blob(id: Uint8Array): Promise<Uint8Array | undefined> {
    return this.#view.get(key(BLOB, id));
  }

  async get(id: Uint8Array): Promise<ActivationTxV1 | undefined> {
    const b = await this.blob(id);
    return b === undefined ? undefined : decodeAtxV1(b);
  }

  async header(id: Uint8Array): Promise<AtxHeader | undefined> {
    const b = await this.#view.get(key(HEADER, id));
    return b === undefined ? undefined : sharedHeaders.decode(b);
  }

  /** atxs.GetByEpochAndNodeID: the first ATX the smesher published in `epoch`. */
  async idByEpochAndSmesher(epoch: number, smesher: Uint8Array): Promise<Uint8Array | undefined> {
    return this.#view.get(key(BY_EPOCH, u32Key(epoch), smesher));
  }

  /** atxs.GetLastIDByNodeID: the smesher's ATX of the latest publish epoch. */
  async lastBySmesher(smesher: Uint8Array): Promise<AtxHeader | undefined> {
    for await (const e of this.#view.iterate({
      prefix: key(BY_SMESHER, smesher),
      reverse: true,
      limit: 1,
    }))
      return this.header(e.value);
    return undefined;
  }

  /** The last epoch any stored ATX was published in (undefined: no ATX). */
  async lastEpoch(): Promise<number | undefined> {
    for await (const e of this.#view.iterate({
      prefix: Uint8Array.of(BY_EPOCH),
      reverse: true,
      limit: 1,
    }))
      return new DataView(e.key.buffer, e.key.byteOffset + 1, 4).getUint32(0);
    return undefined;
  }

  /** Headers of the first ATX of every smesher published in `epoch`, by smesher id. */
  async *epochHeaders(epoch: number): AsyncGenerator<AtxHeader> {
    for await (const e of this.#view.iterate({ prefix: key(BY_EPOCH, u32Key(epoch)) })) {
      const h = await this.header(e.value);
      if (h !== undefined) yield h;
    }
  }

  /** Ids of the first ATX of every smesher published in `epoch`, by smesher id (index only). */
  async epochIds(epoch: number): Promise<Uint8Array[]> {
    const ids: Uint8Array[] = [];
    for await (const e of this.#view.iterate({ prefix: key(BY_EPOCH, u32Key(epoch)) }))
      ids.push(e.value);
    return ids;
  }

  /** atxs.CommitmentATX: from the smesher's initial ATX. */
  async commitment(smesher: Uint8Array): Promise<Uint8Array | undefined> {
    return this.#view.get(key(COMMITMENT, smesher));
  }

  async malfeasanceProof(smesher: Uint8Array): Promise<MalfeasanceProof | undefined> {
    const b = await this.#view.get(key(MALFEASANCE, smesher));
    return b === undefined ? undefined : decodeMalfeasanceProof(b);
  }

  async isMalicious(smesher: Uint8Array): Promise<boolean> {
    return this.#view.has(key(MALFEASANCE, smesher));
  }

  /**
   * The writes that add an ATX. `firstInEpoch`: it becomes the smesher's ATX of its epoch
   * (false for a second ATX of a double publisher, which is kept by id only). `headerBytes`:
   * encode(AtxHeaderCodec, header), when the caller has it already.
   */
  addOps(
    header: AtxHeader,
    blob: Uint8Array,
    firstInEpoch: boolean,
    headerBytes: Uint8Array = encode(AtxHeaderCodec, header),
  ): BatchOp[] {
    const ops: BatchOp[] = [
      ATX_BUCKET.putOp(key(BLOB, header.id), blob),
      ATX_BUCKET.putOp(key(HEADER, header.id), headerBytes),
    ];
    if (firstInEpoch) {
      const epoch = u32Key(header.publishEpoch);
      ops.push(ATX_BUCKET.putOp(key(BY_EPOCH, epoch, header.smesher), header.id));
      ops.push(ATX_BUCKET.putOp(key(BY_SMESHER, header.smesher, epoch), header.id));
      if (header.sequence === 0n)
        ops.push(ATX_BUCKET.putOp(key(COMMITMENT, header.smesher), header.commitmentAtx));
    }
    return ops;
  }

  /** identities.SetMalicious. */
  malfeasanceOp(smesher: Uint8Array, proof: MalfeasanceProof): BatchOp {
    return ATX_BUCKET.putOp(key(MALFEASANCE, smesher), encodeMalfeasanceProof(proof));
  }
}
