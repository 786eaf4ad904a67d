// Every refusal path of the four beacon handlers, with its typed reason. Node n001 runs the
// protocol; the other smeshers exist only as ATXs and the test plays their messages by hand.
import { beforeAll, describe, expect, it } from 'vitest';
import { devnet } from '../../../../src/lib/config/devnet.ts';
import type { NetworkConfig } from '../../../../src/lib/config/types.ts';
import { encode } from '../../../../src/lib/codec/index.ts';
import { vrfProve } from '../../../../src/lib/crypto/vrf.ts';
import { Topic } from '../../../../src/lib/p2p/interface.ts';
import {
  BeaconProposalMessageCodec,
  FirstVotingMessageCodec,
  FollowingVotingMessageCodec,
  WeakCoinMessageCodec,
  beaconProposalVrfMessage,
  signFirstVotingMessage,
  signFollowingVotingMessage,
  weakCoinVrfMessage,
} from '../../../../src/lib/types/beacon.ts';
import {
  BeaconValidationError,
  atxThreshold,
  blamesSender,
} from '../../../../src/lib/consensus/beacon/index.ts';
import type { Beacon, BeaconValidationReason } from '../../../../src/lib/consensus/beacon/index.ts';
import { vrfAsBigEndian } from '../../../../src/lib/consensus/beacon/threshold.ts';
import { compareVrfLE } from '../../../../src/lib/consensus/beacon/weakcoin.ts';
import { atxOf, epochStartOf, keyOf, simulate } from './harness.ts';

const nonceOf = (seed: number): bigint => BigInt(seed) * 7n;

function proposal(seed: number, epoch = 2, signerSeed = seed): Uint8Array {
  const vrf = vrfProve(keyOf(signerSeed).secretKey, beaconProposalVrfMessage(nonceOf(seed), epoch));
  return encode(BeaconProposalMessageCodec, {
    epochID: epoch,
    nodeID: keyOf(seed).nodeId,
    vrfSignature: vrf,
  });
}

function firstVotes(seed: number, valid: Uint8Array[], epoch = 2): Uint8Array {
  const m = signFirstVotingMessage(keyOf(seed).secretKey, GENESIS, {
    epochID: epoch,
    validProposals: valid,
    potentiallyValidProposals: [],
  });
  return encode(FirstVotingMessageCodec, m);
}

function followingVotes(seed: number, round: number, bits: Uint8Array, epoch = 2): Uint8Array {
  const m = signFollowingVotingMessage(keyOf(seed).secretKey, GENESIS, {
    epochID: epoch,
    roundID: round,
    votesBitVector: bits,
  });
  return encode(FollowingVotingMessageCodec, m);
}

function coinVrf(seed: number, round: number, unit: number): Uint8Array {
  return vrfProve(keyOf(seed).secretKey, weakCoinVrfMessage(nonceOf(seed), 2, round, unit));
}

function weakCoin(
  seed: number,
  round: number,
  unit: number,
  vrf = coinVrf(seed, round, unit),
): Uint8Array {
  return encode(WeakCoinMessageCodec, {
    epoch: 2,
    round,
    unit,
    nodeID: keyOf(seed).nodeId,
    vrfSignature: vrf,
  });
}

let GENESIS: Uint8Array;

async function reason(f: () => unknown): Promise<BeaconValidationReason | 'none'> {
  try {
    await f();
    return 'none';
  } catch (e) {
    if (e instanceof BeaconValidationError) return e.reason;
    throw e;
  }
}

function setup(network: NetworkConfig = devnet, extra = [2, 3]) {
  const sim = simulate({
    network,
    seeds: [1],
    extraAtxs: extra.map((s) =>
      s === 5 ? { ...atxOf(s, 100n), received: epochStartOf(network)(2) + 30_000 } : atxOf(s, 100n),
    ),
  });
  GENESIS = sim.nodes[0]!.beacon.genesisId;
  const start = epochStartOf(network)(2);
  return { ...sim, start, a: sim.nodes[0]!.beacon };
}

describe('beacon handlers reject with typed reasons', () => {
  let sim: ReturnType<typeof setup>;
  let a: Beacon;
  let run: Promise<void>;
  const b = devnet.beacon;

  beforeAll(async () => {
    sim = setup(devnet, [2, 3, 5]);
    a = sim.a;
    expect(await reason(() => a.handleFirstVotes(firstVotes(2, [])))).toBe('not-running');
    await sim.clock.runUntil(sim.start);
    run = a.startEpoch(2);
    await sim.clock.runFor(100);
  });

  it('proposals', async () => {
    expect(await reason(() => a.handleProposal(new Uint8Array([1, 2, 3])))).toBe('malformed');
    expect(await reason(() => a.handleProposal(proposal(2, 5)))).toBe('wrong-epoch');
    expect(await reason(() => a.handleProposal(proposal(2, 3)))).toBe('too-early');
    expect(await reason(() => a.handleProposal(proposal(99)))).toBe('no-atx');
    expect(await reason(() => a.handleProposal(proposal(2, 2, 3)))).toBe('invalid-vrf');
    expect(await a.handleProposal(proposal(2))).toBe('valid');
    expect(await reason(() => a.handleProposal(proposal(2)))).toBe('duplicate');
    // an ATX received 30 s after the epoch start is beyond the 20 s grace period
    expect(await reason(() => a.handleProposal(proposal(5)))).toBe('late-proposal');
  });

  it('first votes', async () => {
    await sim.clock.runUntil(sim.start + b.proposalDurationMs + 100);
    const p2 = proposal(2);
    const valid = [p2.subarray(p2.length - 80, p2.length - 76)];
    expect(await reason(() => a.handleFirstVotes(new Uint8Array(10)))).toBe('malformed');
    expect(await reason(() => a.handleFirstVotes(firstVotes(2, valid, 3)))).toBe('wrong-epoch');
    const many = Array.from(
      { length: b.votesLimit + 1 },
      (_, i) => new Uint8Array([0, 0, i >> 8, i & 0xff]),
    );
    expect(await reason(() => a.handleFirstVotes(firstVotes(2, many)))).toBe('too-many-votes');
    const bad = firstVotes(2, valid);
    bad[bad.length - 1]! ^= 1;
    expect(await reason(() => a.handleFirstVotes(bad))).toBe('invalid-signature');
    expect(await reason(() => a.handleFirstVotes(firstVotes(99, valid)))).toBe('no-atx');
    expect(await reason(() => a.handleFirstVotes(firstVotes(2, valid)))).toBe('none');
    expect(await reason(() => a.handleFirstVotes(firstVotes(2, valid)))).toBe('duplicate');
  });

  it('following votes', async () => {
    await sim.clock.runUntil(sim.start + b.proposalDurationMs + b.firstVotingRoundDurationMs + 100);
    expect(await reason(() => a.handleFirstVotes(firstVotes(3, [])))).toBe('too-late');
    expect(await reason(() => a.handleFollowingVotes(new Uint8Array([0xff])))).toBe('malformed');
    const one = new Uint8Array([1]);
    expect(await reason(() => a.handleFollowingVotes(followingVotes(2, 1, one, 3)))).toBe(
      'wrong-epoch',
    );
    expect(await reason(() => a.handleFollowingVotes(followingVotes(2, 3, one)))).toBe(
      'wrong-round',
    );
    expect(await reason(() => a.handleFollowingVotes(followingVotes(2, 0, one)))).toBe(
      'wrong-round',
    );
    const bad = followingVotes(2, 1, one);
    bad[bad.length - 5]! ^= 1;
    expect(await reason(() => a.handleFollowingVotes(bad))).toBe('invalid-signature');
    expect(await reason(() => a.handleFollowingVotes(followingVotes(99, 1, one)))).toBe('no-atx');
    expect(await reason(() => a.handleFollowingVotes(followingVotes(3, 1, one)))).toBe(
      'no-first-votes',
    );
    expect(
      await reason(() => a.handleFollowingVotes(followingVotes(2, 1, new Uint8Array([1, 1])))),
    ).toBe('too-many-votes');
    expect(await reason(() => a.handleFollowingVotes(followingVotes(2, 1, one)))).toBe('none');
    expect(await reason(() => a.handleFollowingVotes(followingVotes(2, 1, one)))).toBe('duplicate');
  });

  it('weak coin messages', async () => {
    const round1Coin =
      sim.start + b.proposalDurationMs + b.firstVotingRoundDurationMs + b.votingRoundDurationMs;
    await sim.clock.runUntil(round1Coin + 100);
    expect(await reason(() => a.handleWeakCoin(new Uint8Array([7])))).toBe('malformed');
    expect(await reason(() => a.handleWeakCoin(weakCoin(99, 1, 0)))).toBe('no-atx');
    expect(await reason(() => a.handleWeakCoin(weakCoin(2, 1, 0, coinVrf(3, 1, 0))))).toBe(
      'invalid-vrf',
    );
    expect(await reason(() => a.handleWeakCoin(weakCoin(2, 1, 2)))).toBe('unit-not-allowed');
    expect(await reason(() => a.handleWeakCoin(weakCoin(2, 3, 0)))).toBe('wrong-round');
    // the larger of two valid draws can never be the smallest once the other was offered
    const [lo, hi] = [0, 1].sort((x, y) => compareVrfLE(coinVrf(2, 1, x), coinVrf(2, 1, y)));
    await reason(() => a.handleWeakCoin(weakCoin(2, 1, lo!)));
    expect(await reason(() => a.handleWeakCoin(weakCoin(2, 1, hi!)))).toBe('not-smallest');
  });

  it('a proposal after the phase and its grace period is late', async () => {
    await sim.clock.runUntil(sim.start + b.proposalDurationMs + b.gracePeriodMs + 100);
    expect(await reason(() => a.handleProposal(proposal(3)))).toBe('late-proposal');
  });

  it('nothing is taken once the run is over, and the gossip verdicts blame only bad senders', async () => {
    await sim.clock.runFor(60_000);
    await run;
    expect(await reason(() => a.handleWeakCoin(weakCoin(2, 1, 0)))).toBe('not-running');
    expect(
      await reason(() => a.handleFollowingVotes(followingVotes(2, 1, new Uint8Array([1])))),
    ).toBe('not-running');
    expect(await reason(() => a.handleProposal(proposal(2)))).toBe('too-late');
    sim.bus.verdicts.length = 0;
    sim.bus.deliver('x', Topic.BEACON_PROPOSAL, new Uint8Array([1]));
    sim.bus.deliver('x', Topic.BEACON_PROPOSAL, proposal(2));
    await sim.clock.runFor(1_000);
    expect(sim.bus.verdicts.map((v) => v.result)).toEqual(['reject', 'ignore']);
    expect(blamesSender('invalid-signature')).toBe(true);
    expect(blamesSender('duplicate')).toBe(false);
    a.stop();
    expect(await reason(() => a.handleProposal(proposal(2)))).toBe('not-running');
  });
});

describe('eligibility threshold and vote windows', () => {
  it('a proposal above the VRF threshold is refused', async () => {
    // κ = 1 over 12 ATXs: about 8 % of proposals are eligible
    const network = { ...devnet, beacon: { ...devnet.beacon, kappa: 1 } };
    const extra = [2, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13];
    const sim = setup(network, extra);
    await sim.clock.runUntil(sim.start);
    void sim.a.startEpoch(2);
    await sim.clock.runFor(100);
    const t = atxThreshold(1, devnet.beacon.q, 12);
    const above = extra.find((s) => {
      const vrf = vrfProve(keyOf(s).secretKey, beaconProposalVrfMessage(nonceOf(s), 2));
      return vrfAsBigEndian(vrf) >= t;
    });
    expect(above).toBeDefined();
    expect(await reason(() => sim.a.handleProposal(proposal(above!)))).toBe('above-threshold');
    sim.a.stop();
  });

  it('votes for the next round are refused before its grace window', async () => {
    const network = { ...devnet, beacon: { ...devnet.beacon, gracePeriodMs: 1_000 } };
    const sim = setup(network);
    const b = network.beacon;
    await sim.clock.runUntil(sim.start);
    void sim.a.startEpoch(2);
    await sim.clock.runFor(b.proposalDurationMs + 100);
    expect(await reason(() => sim.a.handleFirstVotes(firstVotes(2, [])))).toBe('none');
    expect(
      await reason(() => sim.a.handleFollowingVotes(followingVotes(2, 1, new Uint8Array(0)))),
    ).toBe('too-early');
    await sim.clock.runFor(b.firstVotingRoundDurationMs - 500);
    expect(
      await reason(() => sim.a.handleFollowingVotes(followingVotes(2, 1, new Uint8Array(0)))),
    ).toBe('none');
    sim.a.stop();
  });
});
