// Shared plumbing of the conformance cases (no vitest: this also runs in Chromium).
import { compareBytes } from '../../../src/lib/store/bytes.ts';
import type { IterateOptions, Store } from '../../../src/lib/store/interface.ts';
import { collect } from '../../../src/lib/store/iterate.ts';
import { hex } from './assert.ts';

export interface StoreHarness {
  /** A fresh, empty store. */
  open(): Promise<Store>;
  /** Opens again the store last returned by open(), after the caller closed it. */
  reopen?(): Promise<Store>;
}

export interface ConformanceCase {
  readonly name: string;
  run(h: StoreHarness): Promise<void>;
}

export interface CaseResult {
  readonly name: string;
  readonly ok: boolean;
  readonly error?: string;
  readonly ms: number;
}

export const b = (...xs: number[]) => Uint8Array.from(xs);

/** Deterministic PRNG (mulberry32), so a failing randomized case replays identically. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function keysOf(store: Store, o: IterateOptions = {}): Promise<Uint8Array[]> {
  return (await collect(store.iterate(o))).map((e) => e.key);
}

/** The reference answer for a range query over a sorted model. */
export function expectRange(sorted: readonly Uint8Array[], o: IterateOptions): string[] {
  let r = sorted.filter(
    (k) =>
      (o.gt === undefined || compareBytes(k, o.gt) > 0) &&
      (o.gte === undefined || compareBytes(k, o.gte) >= 0) &&
      (o.lt === undefined || compareBytes(k, o.lt) < 0) &&
      (o.lte === undefined || compareBytes(k, o.lte) <= 0),
  );
  if (o.reverse) r = r.reverse();
  if (o.limit !== undefined) r = r.slice(0, o.limit);
  return r.map(hex);
}

export async function withStore(h: StoreHarness, fn: (s: Store) => Promise<void>): Promise<void> {
  const s = await h.open();
  try {
    await fn(s);
  } finally {
    if (!s.closed) await s.close();
  }
}
