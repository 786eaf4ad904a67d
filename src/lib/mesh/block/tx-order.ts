// The deterministic transaction order of a block (go-spacemesh blocks/utils.go getBlockTXs with
// txs.ShuffleWithNonceOrder and prune). The txs of the proposals are grouped per principal in
// nonce order (txs.Cache built with nonce 0 and balance MaxUint64: nonces may skip ahead; of
// the txs with one nonce the best by NanoTX.Better is kept), all candidates
// are sorted by id, shuffled by Go's math/rand Shuffle over MT19937-64 seeded with the block
// seed, and every shuffled slot is filled with its principal's next tx in nonce order. With a
// gas limit the list is then cut where the remaining gas falls under the minimum tx gas. Not
// modelled: the cache's per-nonce and per-account count limits (maxTXsPerNonce, maxTXsPerAcct).
import { blake3 } from '../../crypto/hash.ts';
import { compareBytes } from '../../store/bytes.ts';
import { GoRand, Mt19937_64, toUint64Slice } from '../mt19937-64.ts';

/** What ordering needs of a transaction (types.TxHeader / txs.NanoTX). */
export interface TxOrderInfo {
  readonly id: Uint8Array;
  readonly principal: Uint8Array;
  readonly nonce: bigint;
  readonly gasPrice: bigint;
  readonly maxGas: bigint;
  /** The most the tx may transfer besides its fee (TxHeader.MaxSpend). */
  readonly maxSpend: bigint;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

const U64_MAX = 0xffffffffffffffffn;
const u64 = (v: bigint) => BigInt.asUintN(64, v);

/** NanoTX.Fee: maxGas × gasPrice in uint64. */
const fee = (t: TxOrderInfo) => u64(t.maxGas * t.gasPrice);

/**
 * NanoTX.Better with a block seed: the higher fee wins; on equal fees the lower
 * blake3(blockSeed ‖ tx id).
 */
function better(a: TxOrderInfo, b: TxOrderInfo, blockSeed: Uint8Array): boolean {
  const fa = fee(a);
  const fb = fee(b);
  if (fa !== fb) return fa > fb;
  return compareBytes(blake3(blockSeed, a.id), blake3(blockSeed, b.id)) < 0;
}

/**
 * txs.Cache.BuildFromTXs → GetMempool with next nonce 0 and balance MaxUint64: per principal,
 * for each nonce in ascending order, the best tx whose spending (fee + maxSpend) the remaining
 * balance covers; the balance then drops by its spending. Nonce gaps are kept.
 */
function byPrincipalAndNonce(
  txs: readonly TxOrderInfo[],
  blockSeed: Uint8Array,
): Map<string, TxOrderInfo[]> {
  const groups = new Map<string, Map<bigint, TxOrderInfo[]>>();
  for (const tx of txs) {
    const k = hex(tx.principal);
    let g = groups.get(k);
    if (g === undefined) groups.set(k, (g = new Map()));
    const list = g.get(tx.nonce);
    if (list === undefined) g.set(tx.nonce, [tx]);
    else list.push(tx);
  }
  const out = new Map<string, TxOrderInfo[]>();
  for (const [k, g] of groups) {
    let balance = U64_MAX;
    const accepted: TxOrderInfo[] = [];
    const nonces = [...g.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const nonce of nonces) {
      let best: TxOrderInfo | undefined;
      for (const t of g.get(nonce)!) {
        const spending = u64(fee(t) + t.maxSpend);
        if (balance >= spending && (best === undefined || better(t, best, blockSeed))) best = t;
      }
      if (best === undefined) continue;
      balance -= u64(fee(best) + best.maxSpend);
      accepted.push(best);
    }
    if (accepted.length > 0) out.set(k, accepted);
  }
  return out;
}

/**
 * getBlockTXs: the block's tx ids in execution order. `txs` are the distinct txs of the
 * proposals; `gasLimit` 0 means no pruning (go passes 0 when optimistic filtering applies).
 */
export function orderBlockTxs(
  txs: readonly TxOrderInfo[],
  blockSeed: Uint8Array,
  gasLimit: bigint,
  minTxGas: bigint,
): Uint8Array[] {
  const queues = byPrincipalAndNonce(txs, blockSeed);
  const candidates = [...queues.values()].flat().sort((a, b) => compareBytes(a.id, b.id));
  if (candidates.length === 0) return [];
  const mt = new Mt19937_64();
  mt.seedFromSlice(toUint64Slice(blockSeed));
  new GoRand(mt).shuffle(candidates.length, (i, j) => {
    const t = candidates[i]!;
    candidates[i] = candidates[j]!;
    candidates[j] = t;
  });
  const ordered: TxOrderInfo[] = [];
  for (const c of candidates) {
    const q = queues.get(hex(c.principal))!;
    ordered.push(q.shift()!);
  }
  if (gasLimit > 0n) {
    // prune: Go's uint64 gasRemaining -= MaxGas wraps on underflow; so does this.
    let remaining = gasLimit;
    for (let i = 0; i < ordered.length; i++) {
      if (remaining < minTxGas) return ordered.slice(0, i).map((t) => t.id);
      remaining = BigInt.asUintN(64, remaining - ordered[i]!.maxGas);
    }
  }
  return ordered.map((t) => t.id);
}
