// What the API needs to answer and the node keeps no index for: rewards by layer and coinbase,
// transaction results by id, layer and touched address (go-spacemesh sql/rewards and
// sql/transactions' results tables), and the smeshers found malicious. Fed by the node's
// events, kept in the node's Store on bucket 0x60 ('api'), undone on a reorg. Keys:
//   0x01 ‖ u32 layer ‖ u16 i            → reward (JSON)
//   0x02 ‖ coinbase[24] ‖ u32 layer ‖ u16 i → ∅
//   0x03 ‖ smesher[32] ‖ u32 layer ‖ u16 i  → ∅
//   0x04 ‖ txid[32]                     → tx result (JSON)
//   0x05 ‖ u32 layer ‖ txid             → ∅
//   0x06 ‖ address[24] ‖ u32 layer ‖ txid → ∅
//   0x07 ‖ nodeId[32]                   → ∅ (malicious)
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { concatBytes, defineBucket, u32Key } from '../store/buckets.ts';
import type { BatchOp, Store } from '../store/interface.ts';
import type { AppliedLayer, FullNode, NodeEvent } from '../node/full-node.ts';

export const API_BUCKET = defineBucket(0x60, 'api');

const REWARD = 0x01;
const REWARD_BY_COINBASE = 0x02;
const REWARD_BY_SMESHER = 0x03;
const TX_RESULT = 0x04;
const TX_BY_LAYER = 0x05;
const TX_BY_ADDRESS = 0x06;
const MALICIOUS = 0x07;

const EMPTY = new Uint8Array(0);
const enc = new TextEncoder();
const dec = new TextDecoder();

export interface IndexedReward {
  readonly layer: number;
  readonly index: number;
  readonly coinbase: Uint8Array;
  /** Absent for rewards whose block entry named no smesher. */
  readonly smesher: Uint8Array | null;
  readonly total: bigint;
  readonly layerReward: bigint;
}

export interface IndexedTxResult {
  readonly id: Uint8Array;
  readonly layer: number;
  /** The executed block; null for none. */
  readonly block: Uint8Array | null;
  readonly status: 'success' | 'failure' | 'invalid';
  readonly message: string;
  readonly gasConsumed: bigint;
  readonly fee: bigint;
  readonly addresses: Uint8Array[];
}

const u16 = (n: number) => Uint8Array.of(n >> 8, n & 0xff);
const k = (tag: number, ...parts: Uint8Array[]) => concatBytes(Uint8Array.of(tag), ...parts);
const json = (v: unknown) =>
  enc.encode(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x)));

function encodeReward(r: IndexedReward): Uint8Array {
  return json({
    layer: r.layer,
    index: r.index,
    coinbase: bytesToHex(r.coinbase),
    smesher: r.smesher === null ? null : bytesToHex(r.smesher),
    total: r.total,
    layerReward: r.layerReward,
  });
}

function decodeReward(b: Uint8Array): IndexedReward {
  const o = JSON.parse(dec.decode(b)) as Record<string, string | number | null>;
  return {
    layer: o['layer'] as number,
    index: o['index'] as number,
    coinbase: hexToBytes(o['coinbase'] as string),
    smesher: o['smesher'] === null ? null : hexToBytes(o['smesher'] as string),
    total: BigInt(o['total'] as string),
    layerReward: BigInt(o['layerReward'] as string),
  };
}

function encodeTx(r: IndexedTxResult): Uint8Array {
  return json({
    ...r,
    id: bytesToHex(r.id),
    block: r.block === null ? null : bytesToHex(r.block),
    addresses: r.addresses.map(bytesToHex),
  });
}

function decodeTx(b: Uint8Array): IndexedTxResult {
  const o = JSON.parse(dec.decode(b)) as Record<string, unknown>;
  return {
    id: hexToBytes(o['id'] as string),
    layer: o['layer'] as number,
    block: o['block'] === null ? null : hexToBytes(o['block'] as string),
    status: o['status'] as IndexedTxResult['status'],
    message: o['message'] as string,
    gasConsumed: BigInt(o['gasConsumed'] as string),
    fee: BigInt(o['fee'] as string),
    addresses: (o['addresses'] as string[]).map((h) => hexToBytes(h)),
  };
}

/** The index entries of one executed layer. */
export function layerEntries(a: AppliedLayer): {
  rewards: IndexedReward[];
  txs: IndexedTxResult[];
} {
  const rewards = a.result.rewards.map((r, index) => ({
    layer: a.layer,
    index,
    coinbase: r.coinbase,
    smesher: r.smesherId ?? null,
    total: r.totalReward,
    layerReward: r.layerReward,
  }));
  const txs: IndexedTxResult[] = [
    ...a.result.results.map((r) => ({
      id: r.id,
      layer: a.layer,
      block: a.block,
      status: r.status,
      message: r.failure ?? '',
      gasConsumed: r.gasConsumed,
      fee: r.fee,
      addresses: r.addresses,
    })),
    ...a.result.ineffective.map((r) => ({
      id: r.id,
      layer: a.layer,
      block: a.block,
      status: 'invalid' as const,
      message: `${r.reason}: ${r.detail}`,
      gasConsumed: 0n,
      fee: 0n,
      addresses: r.header === undefined ? [] : [r.header.principal],
    })),
  ];
  return { rewards, txs };
}

export class ApiIndexer {
  readonly #store: Store;
  readonly #view;
  #tail: Promise<void> = Promise.resolve();
  #unsubscribe: (() => void) | null = null;
  #onError: (e: unknown) => void;

  constructor(store: Store, onError: (e: unknown) => void = () => {}) {
    this.#store = store;
    this.#view = API_BUCKET.view(store);
    this.#onError = onError;
  }

  /** Follows the node: call before node.start() so no applied layer is missed. */
  attach(node: FullNode): () => void {
    this.#unsubscribe = node.onEvent((e) => this.#onEvent(e));
    return () => this.detach();
  }

  detach(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** Resolves once every event received so far is written. */
  flush(): Promise<void> {
    return this.#tail;
  }

  #onEvent(e: NodeEvent): void {
    if (e.type === 'applied') this.#queue(() => this.indexLayer(e.applied));
    else if (e.type === 'reorg') this.#queue(() => this.revertFrom(e.layer));
    else if (e.type === 'malicious') this.#queue(() => this.markMalicious(e.nodeId));
  }

  #queue(job: () => Promise<void>): void {
    this.#tail = this.#tail.then(job).catch((e: unknown) => this.#onError(e));
  }

  async indexLayer(a: AppliedLayer): Promise<void> {
    const { rewards, txs } = layerEntries(a);
    const ops: BatchOp[] = [];
    const layer = u32Key(a.layer);
    for (const r of rewards) {
      const i = u16(r.index);
      ops.push(API_BUCKET.putOp(k(REWARD, layer, i), encodeReward(r)));
      ops.push(API_BUCKET.putOp(k(REWARD_BY_COINBASE, r.coinbase, layer, i), EMPTY));
      if (r.smesher !== null)
        ops.push(API_BUCKET.putOp(k(REWARD_BY_SMESHER, r.smesher, layer, i), EMPTY));
    }
    for (const t of txs) {
      // A tx executed earlier and included again by a later block is ineffective there
      // (nonce too low); its result stays the one of its execution, as in go-spacemesh, where
      // only executed txs get a result.
      if (t.status === 'invalid') {
        const before = await this.txResult(t.id);
        if (before !== undefined && before.status !== 'invalid' && before.layer < a.layer) continue;
      }
      ops.push(API_BUCKET.putOp(k(TX_RESULT, t.id), encodeTx(t)));
      ops.push(API_BUCKET.putOp(k(TX_BY_LAYER, layer, t.id), EMPTY));
      for (const addr of t.addresses)
        ops.push(API_BUCKET.putOp(k(TX_BY_ADDRESS, addr, layer, t.id), EMPTY));
    }
    await this.#store.batch(ops);
  }

  /** Drops what layers ≥ `from` indexed (they are executed again after a reorg). */
  async revertFrom(from: number): Promise<void> {
    const ops: BatchOp[] = [];
    for await (const e of this.#store.iterate(
      API_BUCKET.range({ prefix: Uint8Array.of(REWARD), gte: k(REWARD, u32Key(from)) }),
    )) {
      const r = decodeReward(e.value);
      const tail = concatBytes(u32Key(r.layer), u16(r.index));
      ops.push({ type: 'del', key: e.key });
      ops.push(API_BUCKET.delOp(k(REWARD_BY_COINBASE, r.coinbase, tail)));
      if (r.smesher !== null) ops.push(API_BUCKET.delOp(k(REWARD_BY_SMESHER, r.smesher, tail)));
    }
    for await (const e of this.#store.iterate(
      API_BUCKET.range({ prefix: Uint8Array.of(TX_BY_LAYER), gte: k(TX_BY_LAYER, u32Key(from)) }),
    )) {
      const id = e.key.subarray(6);
      const t = await this.txResult(id);
      ops.push({ type: 'del', key: e.key });
      ops.push(API_BUCKET.delOp(k(TX_RESULT, id)));
      if (t !== undefined)
        for (const a of t.addresses)
          ops.push(API_BUCKET.delOp(k(TX_BY_ADDRESS, a, u32Key(t.layer), id)));
    }
    await this.#store.batch(ops);
  }

  async markMalicious(nodeId: Uint8Array): Promise<void> {
    await this.#view.put(k(MALICIOUS, nodeId), EMPTY);
  }

  // --- queries ---------------------------------------------------------------------------------

  async txResult(id: Uint8Array): Promise<IndexedTxResult | undefined> {
    const b = await this.#view.get(k(TX_RESULT, id));
    return b === undefined ? undefined : decodeTx(b);
  }

  /** Rewards in [start, end] by layer, optionally of one coinbase or smesher. */
  async *rewards(
    start: number,
    end: number,
    filter: { coinbase?: Uint8Array; smesher?: Uint8Array },
    reverse: boolean,
  ): AsyncGenerator<IndexedReward> {
    const by =
      filter.coinbase !== undefined
        ? k(REWARD_BY_COINBASE, filter.coinbase)
        : filter.smesher !== undefined
          ? k(REWARD_BY_SMESHER, filter.smesher)
          : null;
    const prefix = by ?? Uint8Array.of(REWARD);
    const range = API_BUCKET.range({
      prefix,
      gte: concatBytes(prefix, u32Key(start)),
      lt: concatBytes(prefix, u32Key(end), Uint8Array.of(0xff, 0xff, 0xff)),
      reverse,
    });
    for await (const e of this.#store.iterate(range)) {
      if (by === null) yield decodeReward(e.value);
      else {
        const tail = e.key.subarray(1 + by.length);
        const b = await this.#view.get(k(REWARD, tail));
        if (b !== undefined) yield decodeReward(b);
      }
    }
  }

  /** Ids of executed txs in [start, end] by layer, optionally touching one address. */
  async *txIds(
    start: number,
    end: number,
    address: Uint8Array | undefined,
    reverse: boolean,
  ): AsyncGenerator<Uint8Array> {
    const prefix = address === undefined ? Uint8Array.of(TX_BY_LAYER) : k(TX_BY_ADDRESS, address);
    const range = API_BUCKET.range({
      prefix,
      gte: concatBytes(prefix, u32Key(start)),
      lt: concatBytes(prefix, u32Key(end), new Uint8Array(33).fill(0xff)),
      reverse,
    });
    for await (const e of this.#store.iterate(range)) yield e.key.subarray(1 + prefix.length + 4);
  }

  /** Smeshers found malicious, by id. */
  async malicious(): Promise<Uint8Array[]> {
    const out: Uint8Array[] = [];
    for await (const e of this.#store.iterate(
      API_BUCKET.range({ prefix: Uint8Array.of(MALICIOUS) }),
    ))
      out.push(e.key.slice(2));
    return out;
  }
}
