// Benchmark harness. Every figure is printed next to a reference measured in the same run on
// the same machine, as a ratio — absolute numbers alone say little across machines.

import { setVerifiedMemo } from '../../src/lib/crypto/verified-memo.ts';

// Every bench measures real signature and VRF checks, not the memo of earlier successes.
setVerifiedMemo(false);

export interface Rate {
  /** operations (or units) per second */
  readonly perSecond: number;
  readonly unit: string;
}

/**
 * Runs `fn` repeatedly for at least `minMs` (after a short warm-up) and returns its rate.
 * `fn` returns how many units it processed in one call (default 1).
 */
export async function measure(
  fn: () => number | void | Promise<number | void>,
  unit: string,
  minMs = 1000,
): Promise<Rate> {
  const warmEnd = performance.now() + Math.min(200, minMs / 4);
  while (performance.now() < warmEnd) await fn();
  let units = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMs) {
    units += (await fn()) ?? 1;
    now = performance.now();
  }
  return { perSecond: (units * 1000) / (now - start), unit };
}

function fmt(x: number): string {
  if (x >= 1e6) return (x / 1e6).toFixed(2) + 'M';
  if (x >= 1e4) return (x / 1e3).toFixed(1) + 'k';
  if (x >= 100) return x.toFixed(0);
  return x.toPrecision(3);
}

/** Prints one line: `label: ours unit/s vs reference (ref unit/s) = ratio`. */
export function report(label: string, ours: Rate, refLabel: string, ref: Rate): number {
  const ratio = ours.perSecond / ref.perSecond;
  console.log(
    `${label}: ${fmt(ours.perSecond)} ${ours.unit}/s vs ${refLabel} ${fmt(ref.perSecond)} ${ref.unit}/s = ratio ${ratio.toFixed(3)}`,
  );
  return ratio;
}
