// Picking the ATX to build on (go-spacemesh activation.go getPositioningAtx, and the commitment
// ATX that PoST initialization commits to, which go takes the same way): the highest tick height
// among the ATXs of the latest epoch before `beforeEpoch` that has any, leaving out malicious
// smeshers; the golden ATX when there is none.
import type { AtxHeader, AtxStore } from '../mesh/atx/store.ts';
import { tickHeight } from '../mesh/atx/store.ts';

/** The highest-tick honest ATX of the latest epoch < beforeEpoch that has one. */
export async function highestTickAtx(
  atxs: AtxStore,
  beforeEpoch: number,
): Promise<AtxHeader | undefined> {
  let best: AtxHeader | undefined;
  for (let e = beforeEpoch - 1; e >= 0 && best === undefined; e--)
    for await (const h of atxs.epochHeaders(e)) {
      if (await atxs.isMalicious(h.smesher)) continue;
      if (best === undefined || tickHeight(h) > tickHeight(best)) best = h;
    }
  return best;
}

/**
 * The commitment ATX for a new PoST initialization at `currentEpoch`: the best ATX published up
 * to and including the current epoch, or golden.
 */
export async function selectCommitmentAtx(
  atxs: AtxStore,
  currentEpoch: number,
  goldenAtx: Uint8Array,
): Promise<Uint8Array> {
  return (await highestTickAtx(atxs, currentEpoch + 1))?.id ?? goldenAtx;
}
