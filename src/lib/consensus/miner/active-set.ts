// The active set a smesher names in its reference ballot (go-spacemesh
// miner/active_set_generator.go): the ATXs targeting the epoch that were received early enough
// and whose identity was not proven malicious in time ("good" grade), sorted by id; their total
// weight sets everyone's slot count. The ATX store keeps no receive times, so the node records
// them (from the virtual or wall clock) and passes candidates in.
import { compareBytes } from '../../bytes.ts';
import type { AtxStore } from '../../mesh/atx/store.ts';

/** evil 0, acceptable 1, good 2 (community.spacemesh.io "grading ATXs for the active set"). */
export const AtxGrade = { EVIL: 0, ACCEPTABLE: 1, GOOD: 2 } as const;
export type AtxGrade = (typeof AtxGrade)[keyof typeof AtxGrade];

export interface ActiveSetCandidate {
  readonly id: Uint8Array;
  readonly weight: bigint;
  /** When the ATX was received (ms, node clock). */
  readonly receivedMs: number;
  /** When a malfeasance proof for its identity was received; undefined when none. */
  readonly malfeasanceMs?: number;
}

export interface ActiveSet {
  /** ATX ids in ascending byte order (what the hash covers). */
  readonly ids: Uint8Array[];
  readonly weight: bigint;
}

/**
 * gradeAtx with s = epoch start, δ = network delay: good if received before s − 4δ and no proof
 * before s; acceptable if before s − 3δ and no proof before s − δ; evil otherwise.
 */
export function gradeAtx(
  epochStartMs: number,
  networkDelayMs: number,
  receivedMs: number,
  malfeasanceMs?: number,
): AtxGrade {
  const noProofBefore = (t: number) => malfeasanceMs === undefined || malfeasanceMs >= t;
  if (receivedMs < epochStartMs - 4 * networkDelayMs && noProofBefore(epochStartMs))
    return AtxGrade.GOOD;
  if (
    receivedMs < epochStartMs - 3 * networkDelayMs &&
    noProofBefore(epochStartMs - networkDelayMs)
  )
    return AtxGrade.ACCEPTABLE;
  return AtxGrade.EVIL;
}

/** Sorts ids by bytes and sums weights: the form a reference ballot commits to. */
export function sortActiveSet(entries: readonly { id: Uint8Array; weight: bigint }[]): ActiveSet {
  const sorted = [...entries].sort((a, b) => compareBytes(a.id, b.id));
  return { ids: sorted.map((e) => e.id), weight: sorted.reduce((s, e) => s + e.weight, 0n) };
}

/**
 * activeSetFromGrades + the goodAtxPercent check of generate: the good ATXs, or undefined when
 * they are not more than `goodAtxPercent` % of all candidates (the node was not in sync during
 * the previous epoch and must fall back to another source, e.g. the first block's set).
 */
export function activeSetFromGrades(
  candidates: readonly ActiveSetCandidate[],
  epochStartMs: number,
  networkDelayMs: number,
  goodAtxPercent: number,
): ActiveSet | undefined {
  if (candidates.length === 0) return undefined;
  const good = candidates.filter(
    (c) => gradeAtx(epochStartMs, networkDelayMs, c.receivedMs, c.malfeasanceMs) === AtxGrade.GOOD,
  );
  if (Math.floor((good.length * 100) / candidates.length) <= goodAtxPercent) return undefined;
  const set = sortActiveSet(good);
  return set.weight === 0n ? undefined : set;
}

/**
 * Every ATX that targets `targetEpoch` (published in the epoch before) of an identity not known
 * malicious, sorted: the set a node uses when it has no receive times (e.g. a fresh simulation
 * where every ATX arrived in time).
 */
export async function activeSetFromStore(
  atxs: AtxStore,
  targetEpoch: number,
): Promise<ActiveSet | undefined> {
  const entries: { id: Uint8Array; weight: bigint }[] = [];
  for await (const h of atxs.epochHeaders(targetEpoch - 1))
    if (!(await atxs.isMalicious(h.smesher))) entries.push({ id: h.id, weight: h.weight });
  if (entries.length === 0) return undefined;
  const set = sortActiveSet(entries);
  return set.weight === 0n ? undefined : set;
}
