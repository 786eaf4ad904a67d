// What the explorer works out from API lists that have no summary method of their own:
// smeshers from their ATXs, an epoch's totals from its ATXs, accounts ordered by balance.
import type { Activation } from '../../api/v2alpha1/activation.ts';
import type { Account } from '../../api/v2alpha1/account.ts';
import type { Layer } from '../../api/v2alpha1/layer.ts';

export interface SmesherRow {
  readonly smesherId: string;
  readonly atxCount: number;
  /** The smesher's latest ATX (highest publish epoch). */
  readonly latest: Activation;
}

/** Smeshers of a set of ATXs, heaviest latest weight first (ties by id). */
export function smeshersOf(atxs: readonly Activation[]): SmesherRow[] {
  const by = new Map<string, { count: number; latest: Activation }>();
  for (const a of atxs) {
    const row = by.get(a.smesherId);
    if (row === undefined) by.set(a.smesherId, { count: 1, latest: a });
    else {
      row.count++;
      if (a.publishEpoch > row.latest.publishEpoch) row.latest = a;
    }
  }
  return [...by.entries()]
    .map(([smesherId, r]) => ({ smesherId, atxCount: r.count, latest: r.latest }))
    .sort((x, y) => {
      const d = BigInt(y.latest.weight) - BigInt(x.latest.weight);
      return d > 0n ? 1 : d < 0n ? -1 : x.smesherId < y.smesherId ? -1 : 1;
    });
}

export interface EpochTotals {
  readonly atxs: number;
  readonly smeshers: number;
  readonly weight: bigint;
  readonly numUnits: number;
}

export function epochTotals(atxs: readonly Activation[]): EpochTotals {
  let weight = 0n;
  let numUnits = 0;
  const smeshers = new Set<string>();
  for (const a of atxs) {
    weight += BigInt(a.weight);
    numUnits += a.numUnits;
    smeshers.add(a.smesherId);
  }
  return { atxs: atxs.length, smeshers: smeshers.size, weight, numUnits };
}

/** Accounts by current balance, largest first (ties by address). */
export function byBalance(accounts: readonly Account[]): Account[] {
  const bal = (a: Account) => BigInt(a.current?.balance ?? '0');
  return [...accounts].sort((x, y) => {
    const d = bal(y) - bal(x);
    return d > 0n ? 1 : d < 0n ? -1 : x.address < y.address ? -1 : 1;
  });
}

/**
 * Every item of an offset/limit list, 100 at a time, up to `max` items (a list with no summary
 * method, read whole to aggregate it). `capped` says the list had more.
 */
export async function listAll<T>(
  fetchPage: (offset: number, limit: number) => Promise<readonly T[]>,
  max: number,
): Promise<{ items: T[]; capped: boolean }> {
  const items: T[] = [];
  for (let offset = 0; offset < max; offset += 100) {
    const got = await fetchPage(offset, 100);
    items.push(...got);
    if (got.length < 100) return { items, capped: false };
  }
  return { items: items.slice(0, max), capped: true };
}

/** Newest first, one entry per layer number (a re-executed layer replaces the old entry). */
export function mergeLayer(list: readonly Layer[], l: Layer, keep: number): Layer[] {
  const rest = list.filter((x) => x.number !== l.number);
  const out = [...rest, l].sort((a, b) => b.number - a.number);
  return out.slice(0, keep);
}
