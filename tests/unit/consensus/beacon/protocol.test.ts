import { describe, expect, it } from 'vitest';
import { compareBytes, equalBytes } from '../../../../src/lib/bytes.ts';
import { devnet } from '../../../../src/lib/config/devnet.ts';
import { blake3 } from '../../../../src/lib/crypto/hash.ts';
import { vrfProve } from '../../../../src/lib/crypto/vrf.ts';
import { encode } from '../../../../src/lib/codec/index.ts';
import { Topic } from '../../../../src/lib/p2p/interface.ts';
import {
  BeaconProposalMessageCodec,
  beaconProposalVrfMessage,
} from '../../../../src/lib/types/beacon.ts';
import { atxThreshold } from '../../../../src/lib/consensus/beacon/index.ts';
import { vrfAsBigEndian } from '../../../../src/lib/consensus/beacon/threshold.ts';
import { GENESIS_ID, atxOf, epochStartOf, keyOf, runEpoch, simulate } from './harness.ts';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

/** The proposal of `seed` for epoch 2 and whether it passes the threshold for `numAtxs`. */
function proposalOf(seed: number, numAtxs: number): { proposal: Uint8Array; eligible: boolean } {
  const { secretKey } = keyOf(seed);
  const vrf = vrfProve(secretKey, beaconProposalVrfMessage(BigInt(seed) * 7n, 2));
  const t = atxThreshold(devnet.beacon.kappa, devnet.beacon.q, numAtxs);
  return { proposal: vrf.slice(0, 4), eligible: vrfAsBigEndian(vrf) < t };
}

function hashRule(proposals: Uint8Array[]): Uint8Array {
  return blake3(...[...proposals].sort(compareBytes)).slice(0, 4);
}

async function honestRun(): Promise<Uint8Array[]> {
  const sim = simulate({ seeds: SEEDS, followers: 1 });
  const seen: Array<[number, Uint8Array]> = [];
  sim.nodes[0]!.beacon.onBeacon((e, b) => seen.push([e, b]));
  await runEpoch(sim);
  expect(seen).toHaveLength(1);
  expect(seen[0]![0]).toBe(3);
  return sim.nodes.map((n) => n.beacon.get(3) ?? new Uint8Array());
}

describe('beacon protocol', () => {
  it('10 honest nodes agree on the hash of the accepted proposals, run after run', async () => {
    const beacons = await honestRun();
    const first = beacons[0]!;
    expect(first).toHaveLength(4);
    expect(first.some((b) => b !== 0)).toBe(true);
    // the follower (no signer) agrees too: it counted everyone's votes
    for (const b of beacons) expect(b).toEqual(first);
    const eligible = SEEDS.map((s) => proposalOf(s, SEEDS.length)).filter((p) => p.eligible);
    expect(eligible.length).toBeGreaterThan(5);
    expect(first).toEqual(hashRule(eligible.map((p) => p.proposal)));
    const again = await honestRun();
    expect(again[0]).toEqual(first);
  });

  it('agrees with different weights, a node withholding votes and a late proposal', async () => {
    const late = 77;
    const sim = simulate({
      seeds: SEEDS,
      weight: (s) => BigInt(s * s * 50),
      extraAtxs: [atxOf(late, 100n)],
    });
    // node 10 (the heaviest) proposes but never sends a vote
    sim.bus.muted.set(
      sim.nodes[9]!.name,
      new Set([Topic.BEACON_FIRST_VOTES, Topic.BEACON_FOLLOWING_VOTES]),
    );
    const start = epochStartOf(sim.network)(2);
    await sim.clock.runUntil(start);
    const runs = sim.nodes.map((n) => n.beacon.startEpoch(2));
    // the late smesher's proposal arrives 1 s after the proposal phase: within the grace period
    await sim.clock.runUntil(start + devnet.beacon.proposalDurationMs + 1_000);
    const { secretKey, nodeId } = keyOf(late);
    const vrf = vrfProve(secretKey, beaconProposalVrfMessage(BigInt(late) * 7n, 2));
    sim.bus.deliver(
      'late',
      Topic.BEACON_PROPOSAL,
      encode(BeaconProposalMessageCodec, { epochID: 2, nodeID: nodeId, vrfSignature: vrf }),
    );
    await sim.clock.runFor(60_000);
    await Promise.all(runs);

    const lateProposal = vrf.slice(0, 4);
    expect(proposalOf(late, 11).eligible).toBe(true);
    const beacon = sim.nodes[0]!.beacon.get(3)!;
    expect(beacon).toBeDefined();
    for (const n of sim.nodes) {
      expect(n.beacon.get(3)).toEqual(beacon);
      const rec = n.beacon.record(2)!;
      expect(rec.potentiallyValid).toEqual([lateProposal]);
      expect(rec.support.some((p) => equalBytes(p, lateProposal))).toBe(false);
    }
    // the withholding node's proposal was still voted in by the others
    const withheld = proposalOf(10, 11);
    const rec = sim.nodes[0]!.beacon.record(2)!;
    if (withheld.eligible)
      expect(rec.support.some((p) => equalBytes(p, withheld.proposal))).toBe(true);
    expect(beacon).toEqual(hashRule([...rec.support]));
  });

  it('a malicious smesher does not propose; its proposal is demoted and its votes weigh 0', async () => {
    const sim = simulate({ seeds: [1, 2, 3, 4], malicious: new Set([4]) });
    const start = epochStartOf(sim.network)(2);
    await sim.clock.runUntil(start);
    const runs = sim.nodes.map((n) => n.beacon.startEpoch(2));
    await sim.clock.runFor(1_000);
    // its own node sent nothing: nobody has its proposal yet
    expect(sim.bus.verdicts.filter((v) => v.topic === Topic.BEACON_PROPOSAL)).toHaveLength(9);
    const { secretKey, nodeId } = keyOf(4);
    const vrf = vrfProve(secretKey, beaconProposalVrfMessage(28n, 2));
    const msg = encode(BeaconProposalMessageCodec, {
      epochID: 2,
      nodeID: nodeId,
      vrfSignature: vrf,
    });
    sim.bus.deliver('n004', Topic.BEACON_PROPOSAL, msg);
    await sim.clock.runFor(60_000);
    await Promise.all(runs);
    const b = sim.nodes[0]!.beacon.get(3);
    expect(b).toBeDefined();
    for (const n of sim.nodes) expect(n.beacon.get(3)).toEqual(b);
    for (const n of sim.nodes.slice(0, 3)) {
      const rec = n.beacon.record(2)!;
      expect(rec.potentiallyValid).toEqual([vrf.slice(0, 4)]);
      expect(rec.support).toHaveLength(3);
    }
  });

  it('uses the genesis beacon for the first epochs and runs nothing before epoch 2', async () => {
    const sim = simulate({ seeds: [1, 2] });
    const b = sim.nodes[0]!.beacon;
    for (const e of [0, 1, 2]) expect(b.get(e)).toEqual(GENESIS_ID.slice(0, 4));
    expect(b.get(3)).toBeUndefined();
    await sim.clock.settle(); // the clock starts just before epoch 2: nothing is due
    await b.startEpoch(1);
    expect(b.get(2)).toEqual(GENESIS_ID.slice(0, 4));
    expect(b.record(1)).toBeUndefined();
  });

  it('stop() ends a run without a beacon', async () => {
    const sim = simulate({ seeds: [1, 2] });
    await sim.clock.runUntil(epochStartOf(sim.network)(2));
    const runs = sim.nodes.map((n) => n.beacon.startEpoch(2));
    await sim.clock.runFor(5_000);
    for (const n of sim.nodes) n.beacon.stop();
    await sim.clock.runFor(60_000);
    await Promise.all(runs);
    for (const n of sim.nodes) expect(n.beacon.get(3)).toBeUndefined();
  });
});
