// A 50/50 partition of a full epoch (layers 22–31), then healing, and both tortoise transitions.
//
// During the partition neither half has the weight to verify in verifying mode, so every node
// switches to full mode. After the healing, fork finding (mesh hashes compared with a peer, the
// differing layers synced) brings each half the other's ballots and blocks, and the tortoise
// decides the partitioned layers the same way everywhere.
//
// The partition covers the beacon protocol run at the start of epoch 3, so the halves hold
// different beacons for epoch 4 and count each other's epoch-4 ballots as "bad beacon" (in full
// mode only, after badBeaconVoteDelayLayers). Messages whose validity depends on the beacon (hare,
// certifier and beacon eligibility proofs) are ignored, not rejected, so the halves stay connected
// and the epoch-5 beacon is common again. Verifying mode counts only good ballots (our beacon, our
// opinion) and needs them to outweigh 2/3 of the expected weight after the oldest unverified
// layer, so each node returns to verifying only once enough good epochs follow the partition:
// in this 6-node run between layers 80 and 95 (the exact layer varies with the seed).
import { describe, expect, it } from 'vitest';
import { runSimulation } from '../../../src/lib/sim/simulation.ts';

const FROM = 22;
const TO = 32;
const EPOCHS = 10;

describe('partition', () => {
  it('a healed 50/50 partition of an epoch: full mode, convergence, then verifying mode again', async () => {
    const wentFull = new Map<number, number>();
    const backToVerifying = new Map<number, number>();
    const beacons = new Map<number, Set<string>>();
    const r = await runSimulation({
      nodes: 6,
      epochs: EPOCHS,
      seed: 'partition',
      partition: { from: FROM, to: TO },
      onNode: (n, i) =>
        n.onEvent((e) => {
          if (e.type === 'mode' && e.change.mode === 'full' && e.change.last >= FROM)
            if (!wentFull.has(i)) wentFull.set(i, e.change.last);
          if (e.type === 'mode' && e.change.mode === 'verifying' && e.change.last >= TO)
            if (!backToVerifying.has(i)) backToVerifying.set(i, e.change.last);
          if (e.type === 'beacon') {
            const set = beacons.get(e.epoch) ?? new Set<string>();
            set.add(Buffer.from(e.beacon).toString('hex'));
            beacons.set(e.epoch, set);
          }
        }),
    });
    const all = [0, 1, 2, 3, 4, 5];
    // Full mode: every node, during the partition.
    expect([...wentFull.keys()].sort()).toEqual(all);
    for (const last of wentFull.values()) expect(last).toBeLessThan(TO);
    // The split beacon of epoch 4, and a common one from epoch 5 on.
    expect(beacons.get(4)?.size).toBe(2);
    for (let e = 5; e < EPOCHS; e++) expect(beacons.get(e)?.size).toBe(1);
    // Verifying mode again: every node, after the healing.
    expect([...backToVerifying.keys()].sort()).toEqual(all);
    for (const [i, last] of backToVerifying) expect(last).toBeGreaterThan(wentFull.get(i)!);
    // One history everywhere: every layer from the first ballots to the end, same state hash.
    const last = EPOCHS * 10 - 2;
    const settled = r.finalLayers.filter((l) => l.layer <= last);
    expect(settled.map((l) => l.layer)).toEqual(
      Array.from({ length: last - 19 }, (_, k) => 20 + k),
    );
    for (const l of settled) expect(l).toMatchObject({ agreed: true, applied: 6 });
  }, 600_000);
});
