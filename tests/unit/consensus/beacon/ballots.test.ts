// A node that missed the protocol learns the beacon from the ballots it sees.
import { describe, expect, it } from 'vitest';
import { runEpoch, simulate } from './harness.ts';

const B1 = new Uint8Array([1, 2, 3, 4]);
const B2 = new Uint8Array([9, 9, 9, 9]);
const id = (i: number): Uint8Array => new Uint8Array(32).fill(i);

describe('beacon from ballots', () => {
  it('a late joiner settles the network’s beacon once enough ballot weight reported it', async () => {
    const sim = simulate({ seeds: [1, 2, 3, 4] });
    await runEpoch(sim);
    const beacon = sim.nodes[0]!.beacon.get(3)!;
    expect(beacon).toBeDefined();

    // a node that joined after epoch 2: no beacon of its own for epoch 3
    const late = simulate({ seeds: [50] }).nodes[0]!.beacon;
    const seen: Uint8Array[] = [];
    late.onBeacon((_e, b) => seen.push(b));
    const units = sim.network.beacon.beaconSyncWeightUnits; // 10 on devnet
    // a wrong beacon from a minority, and fewer eligibilities than the sync threshold
    late.reportBeaconFromBallot(3, B2, 300n, { eligibilities: 3, ballotId: id(1) });
    late.reportBeaconFromBallot(3, beacon, 400n, { eligibilities: 4, ballotId: id(2) });
    // the same ballot reported twice counts once
    late.reportBeaconFromBallot(3, beacon, 400n, { eligibilities: 4, ballotId: id(2) });
    expect(late.get(3)).toBeUndefined();
    late.reportBeaconFromBallot(3, beacon, 500n, { eligibilities: units - 7, ballotId: id(3) });
    expect(late.get(3)).toEqual(beacon);
    expect(seen).toEqual([beacon]);
    // settled: later ballots do not change it
    late.reportBeaconFromBallot(3, B2, 10_000n, { eligibilities: 100, ballotId: id(4) });
    expect(late.get(3)).toEqual(beacon);
  });

  it('without a majority the heaviest beacon wins; a node that ran the protocol keeps its own', async () => {
    const sim = simulate({ seeds: [1, 2] });
    const [a, b] = sim.nodes.map((n) => n.beacon);
    const B3 = new Uint8Array([5, 5, 5, 5]);
    a!.reportBeaconFromBallot(4, B1, 30n, { eligibilities: 4, ballotId: id(1) });
    a!.reportBeaconFromBallot(4, B2, 40n, { eligibilities: 4, ballotId: id(2) });
    a!.reportBeaconFromBallot(4, B3, 35n, { eligibilities: 4, ballotId: id(3) });
    expect(a!.get(4)).toEqual(B2);

    await runEpoch(sim);
    const own = b!.get(3)!;
    b!.reportBeaconFromBallot(3, B1, 1_000n, { eligibilities: 50 });
    expect(b!.get(3)).toEqual(own);
  });
});
