// The dashboard's numbers, from API objects only: feed it what the List methods and the
// *StreamService streams return (in any order, with repeats: history and live items overlap)
// and read the tiles and the per-epoch series. Every add is idempotent by the item's identity,
// so folding a stream into a listed state equals folding the union of both from scratch.
import type { Account } from '../../api/v2alpha1/account.ts';
import type { Activation } from '../../api/v2alpha1/activation.ts';
import type { Layer } from '../../api/v2alpha1/layer.ts';
import type { Reward } from '../../api/v2alpha1/reward.ts';
import type { TransactionResponse } from '../../api/v2alpha1/tx.ts';

/** A PoST label is 16 bytes (post-rs LABEL_SIZE); a space unit is labelsPerUnit labels. */
export const BYTES_PER_LABEL = 16n;

export interface NetworkParams {
  readonly layersPerEpoch: number;
  /** NetworkService.Info labelsPerUnit. */
  readonly labelsPerUnit: bigint;
}

/** Bytes of PoST data committed by `numUnits` space units. */
export function committedBytes(numUnits: bigint | number, labelsPerUnit: bigint): bigint {
  return BigInt(numUnits) * labelsPerUnit * BYTES_PER_LABEL;
}

/**
 * Gini coefficient of non-negative values: 0 when all are equal, towards 1 when one holds all.
 * Mean absolute difference over twice the mean, with the sorted-sum form
 * G = 2·Σ i·x_(i) / (n·Σx) − (n+1)/n (x ascending, i from 1). Undefined for no values or an
 * all-zero list (nothing is shared, so nothing is unequal): 0 then.
 */
export function gini(values: readonly number[]): number {
  const n = values.length;
  if (n === 0) return 0;
  const xs = [...values].sort((a, b) => a - b);
  if (xs[0]! < 0) throw new RangeError('gini: negative value');
  let sum = 0;
  let weighted = 0;
  for (let i = 0; i < n; i++) {
    sum += xs[i]!;
    weighted += (i + 1) * xs[i]!;
  }
  if (sum === 0) return 0;
  const g = (2 * weighted) / (n * sum) - (n + 1) / n;
  // Float rounding may leave a tiny negative for equal values.
  return Math.min(1, Math.max(0, g));
}

/** 1 − Gini of the weights: 1 when every smesher weighs the same. Undefined without smeshers. */
export function decentralisation(weights: readonly number[]): number | undefined {
  return weights.length === 0 ? undefined : 1 - gini(weights);
}

/** What one epoch saw. ATX numbers are for the ATXs active in it (published the epoch before). */
export interface EpochPoint {
  readonly epoch: number;
  readonly smeshers: number;
  readonly weight: bigint;
  readonly numUnits: bigint;
  readonly committedBytes: bigint;
  /** Σ Reward.total (subsidy + fees) of the epoch's layers, in smidge. */
  readonly rewards: bigint;
  /** Σ Reward.layerReward (newly minted), in smidge. */
  readonly minted: bigint;
  readonly rewardCount: number;
  readonly transactions: number;
}

export interface DashboardTiles {
  readonly epoch: number;
  /** Highest layer the node applied (from LayerService / LayerStreamService). */
  readonly lastAppliedLayer: number | undefined;
  /** Distinct smeshers with an ATX for the current epoch / for the next one. */
  readonly smeshers: number;
  readonly smeshersNextEpoch: number;
  readonly committedBytes: bigint;
  readonly accounts: number | undefined;
  readonly transactions: number;
  readonly rewardsTotal: bigint;
  readonly rewardsLastEpoch: bigint;
  readonly minted: bigint;
  /** Σ of every account's current balance, in smidge; undefined before the accounts are read. */
  readonly circulation: bigint | undefined;
  /** 1 − Gini of the current epoch's per-smesher ATX weight. */
  readonly decentralisation: number | undefined;
}

interface AtxRow {
  readonly smesher: string;
  readonly weight: bigint;
  readonly numUnits: bigint;
}

interface EpochAcc {
  /** ATXs targeting this epoch, by id. */
  readonly atxs: Map<string, AtxRow>;
  rewards: bigint;
  minted: bigint;
  rewardCount: number;
  transactions: number;
}

export class DashboardAggregate {
  readonly #params: NetworkParams;
  readonly #epochs = new Map<number, EpochAcc>();
  readonly #rewardKeys = new Set<string>();
  readonly #txIds = new Set<string>();
  #lastLayer: number | undefined;
  #rewardsTotal = 0n;
  #minted = 0n;
  #accounts: Map<string, bigint> | undefined;

  constructor(params: NetworkParams) {
    if (params.layersPerEpoch <= 0) throw new RangeError('layersPerEpoch must be positive');
    this.#params = params;
  }

  get params(): NetworkParams {
    return this.#params;
  }

  epochOf(layer: number): number {
    return Math.floor(layer / this.#params.layersPerEpoch);
  }

  #epoch(e: number): EpochAcc {
    let acc = this.#epochs.get(e);
    if (acc === undefined) {
      acc = { atxs: new Map(), rewards: 0n, minted: 0n, rewardCount: 0, transactions: 0 };
      this.#epochs.set(e, acc);
    }
    return acc;
  }

  /** An applied layer; returns whether the last applied layer moved. */
  addLayer(l: Layer): boolean {
    if (this.#lastLayer !== undefined && l.number <= this.#lastLayer) return false;
    this.#lastLayer = l.number;
    return true;
  }

  /** An ATX: it counts for the epoch after the one it was published in. */
  addActivation(a: Activation): boolean {
    const acc = this.#epoch(a.publishEpoch + 1);
    if (acc.atxs.has(a.id)) return false;
    acc.atxs.set(a.id, {
      smesher: a.smesherId,
      weight: BigInt(a.weight),
      numUnits: BigInt(a.numUnits),
    });
    return true;
  }

  addReward(r: Reward): boolean {
    const key = `${r.layer}:${r.smesher}:${r.coinbase}`;
    if (this.#rewardKeys.has(key)) return false;
    this.#rewardKeys.add(key);
    const acc = this.#epoch(this.epochOf(r.layer));
    const total = BigInt(r.total);
    const minted = BigInt(r.layerReward);
    acc.rewards += total;
    acc.minted += minted;
    acc.rewardCount++;
    this.#rewardsTotal += total;
    this.#minted += minted;
    return true;
  }

  /** An executed transaction (one with a result); pending ones are not counted. */
  addTransaction(t: TransactionResponse): boolean {
    const id = t.tx?.id;
    const result = t.txResult;
    if (id === undefined || id === '' || result === null || result.layer === 0) return false;
    if (this.#txIds.has(id)) return false;
    this.#txIds.add(id);
    this.#epoch(this.epochOf(result.layer)).transactions++;
    return true;
  }

  /** Every account the node knows (AccountService.List, all pages): replaces the last read. */
  setAccounts(accounts: readonly Account[]): void {
    const m = new Map<string, bigint>();
    for (const a of accounts) m.set(a.address, BigInt(a.current?.balance ?? '0'));
    this.#accounts = m;
  }

  get lastAppliedLayer(): number | undefined {
    return this.#lastLayer;
  }

  /** The highest epoch any item fell into (ATXs count for their target epoch). */
  get lastEpochSeen(): number | undefined {
    let max: number | undefined;
    for (const e of this.#epochs.keys()) if (max === undefined || e > max) max = e;
    return max;
  }

  /** Per-smesher weights of the ATXs active in `epoch`. */
  weights(epoch: number): Map<string, bigint> {
    const w = new Map<string, bigint>();
    for (const row of this.#epochs.get(epoch)?.atxs.values() ?? [])
      w.set(row.smesher, (w.get(row.smesher) ?? 0n) + row.weight);
    return w;
  }

  point(epoch: number): EpochPoint {
    const acc = this.#epochs.get(epoch);
    let weight = 0n;
    let numUnits = 0n;
    for (const row of acc?.atxs.values() ?? []) {
      weight += row.weight;
      numUnits += row.numUnits;
    }
    return {
      epoch,
      smeshers: this.weights(epoch).size,
      weight,
      numUnits,
      committedBytes: committedBytes(numUnits, this.#params.labelsPerUnit),
      rewards: acc?.rewards ?? 0n,
      minted: acc?.minted ?? 0n,
      rewardCount: acc?.rewardCount ?? 0,
      transactions: acc?.transactions ?? 0,
    };
  }

  /** One point per epoch from 0 to `last` (default: the last epoch with data). */
  series(last: number | undefined = this.lastEpochSeen): EpochPoint[] {
    if (last === undefined) return [];
    const out: EpochPoint[] = [];
    for (let e = 0; e <= last; e++) out.push(this.point(e));
    return out;
  }

  tiles(epoch: number): DashboardTiles {
    const now = this.point(epoch);
    const weights = [...this.weights(epoch).values()].map(Number);
    let circulation: bigint | undefined;
    if (this.#accounts !== undefined) {
      circulation = 0n;
      for (const b of this.#accounts.values()) circulation += b;
    }
    return {
      epoch,
      lastAppliedLayer: this.#lastLayer,
      smeshers: now.smeshers,
      smeshersNextEpoch: this.weights(epoch + 1).size,
      committedBytes: now.committedBytes,
      accounts: this.#accounts?.size,
      transactions: this.#txIds.size,
      rewardsTotal: this.#rewardsTotal,
      rewardsLastEpoch: epoch === 0 ? 0n : this.point(epoch - 1).rewards,
      minted: this.#minted,
      circulation,
      decentralisation: decentralisation(weights),
    };
  }
}
