// The transaction store (go-spacemesh sql/transactions) on its own bucket: the raw bytes of every
// transaction the node admitted or a block named, and the header fields block generation orders
// them by. Keys:
//   0x01 ‖ id → raw transaction
//   0x02 ‖ id → principal[24] ‖ u64be nonce ‖ gasPrice ‖ maxGas ‖ maxSpend
import { concatBytes, defineBucket } from '../../store/buckets.ts';
import type { BatchOp, Store } from '../../store/interface.ts';
import type { TxOrderInfo } from '../block/tx-order.ts';

export const TX_BUCKET = defineBucket(0x23, 'txs');

const RAW = 0x01;
const HEADER = 0x02;
const HEADER_SIZE = 24 + 4 * 8;

const key = (tag: number, id: Uint8Array) => concatBytes(Uint8Array.of(tag), id);

function encodeInfo(t: TxOrderInfo): Uint8Array {
  const b = new Uint8Array(HEADER_SIZE);
  b.set(t.principal, 0);
  const v = new DataView(b.buffer);
  v.setBigUint64(24, t.nonce);
  v.setBigUint64(32, t.gasPrice);
  v.setBigUint64(40, t.maxGas);
  v.setBigUint64(48, t.maxSpend);
  return b;
}

function decodeInfo(id: Uint8Array, b: Uint8Array): TxOrderInfo {
  if (b.length !== HEADER_SIZE) throw new RangeError(`tx header record of ${b.length} bytes`);
  const v = new DataView(b.buffer, b.byteOffset, b.length);
  return {
    id,
    principal: b.slice(0, 24),
    nonce: v.getBigUint64(24),
    gasPrice: v.getBigUint64(32),
    maxGas: v.getBigUint64(40),
    maxSpend: v.getBigUint64(48),
  };
}

export class TxStore {
  readonly #store: Store;
  readonly #view;

  constructor(store: Store) {
    this.#store = store;
    this.#view = TX_BUCKET.view(store);
  }

  has(id: Uint8Array): Promise<boolean> {
    return this.#view.has(key(RAW, id));
  }

  raw(id: Uint8Array): Promise<Uint8Array | undefined> {
    return this.#view.get(key(RAW, id));
  }

  async info(id: Uint8Array): Promise<TxOrderInfo | undefined> {
    const b = await this.#view.get(key(HEADER, id));
    return b === undefined ? undefined : decodeInfo(id, b);
  }

  addOps(raw: Uint8Array, info: TxOrderInfo): BatchOp[] {
    return [
      TX_BUCKET.putOp(key(RAW, info.id), raw),
      TX_BUCKET.putOp(key(HEADER, info.id), encodeInfo(info)),
    ];
  }

  /** A transaction known only by its bytes (fetched for a block): executable, not orderable. */
  rawOp(id: Uint8Array, raw: Uint8Array): BatchOp {
    return TX_BUCKET.putOp(key(RAW, id), raw);
  }

  async add(raw: Uint8Array, info: TxOrderInfo): Promise<void> {
    await this.#store.batch(this.addOps(raw, info));
  }
}
