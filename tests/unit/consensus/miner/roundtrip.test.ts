// The proposal builder against the real handlers: a reference proposal and a follow-up proposal
// of one epoch, built from ATXs in a MemoryStore, pass the BallotHandler (with the
// EligibilityValidator over the stores) and the ProposalHandler.
import { beforeEach, describe, expect, it } from 'vitest';
import {
  ActiveSetStore,
  storeEligibilitySource,
} from '../../../../src/lib/consensus/eligibility/active-set-store.ts';
import { EligibilityValidator } from '../../../../src/lib/consensus/eligibility/validator.ts';
import { activeSetFromStore } from '../../../../src/lib/consensus/miner/active-set.ts';
import { ProposalBuilder } from '../../../../src/lib/consensus/miner/builder.ts';
import type { BuildInput } from '../../../../src/lib/consensus/miner/builder.ts';
import { AtxStore } from '../../../../src/lib/mesh/atx/store.ts';
import { BallotHandler } from '../../../../src/lib/mesh/ballot/handler.ts';
import { ProposalHandler } from '../../../../src/lib/mesh/proposal/handler.ts';
import { ProposalValidationError } from '../../../../src/lib/mesh/proposal/errors.ts';
import { MemoryStore } from '../../../../src/lib/store/memory.ts';
import { activeSetHash, ballotId, verifyBallot } from '../../../../src/lib/types/ballot.ts';
import { encodeProposal, verifyProposal } from '../../../../src/lib/types/proposal.ts';
import {
  BEACON,
  EPOCH,
  GENESIS,
  GOLDEN,
  LAYER_AVG_SIZE,
  LPE,
  smesher,
} from '../eligibility/fixture.ts';

const TXS_PER_PROPOSAL = 3;
const a = smesher(0, 100n);
const b = smesher(1, 200n);
const late = smesher(2, 50n, EPOCH); // targets the next epoch: not in the active set

let store: MemoryStore;
let ballots: BallotHandler;
let proposals: ProposalHandler;
let sets: ActiveSetStore;
let now: number;

const input = (n: number): BuildInput => ({
  opinion: {
    opinionHash: new Uint8Array(32).fill(n),
    votes: { base: new Uint8Array(20), support: [], against: [], abstain: [] },
  },
  txIds: [1, 2, 3, 4, 5].map((i) => new Uint8Array(32).fill(n * 16 + i)),
  meshHash: new Uint8Array(32).fill(0x3e),
});

function builder(s = a): ProposalBuilder {
  return new ProposalBuilder({
    secretKey: s.sk,
    genesisId: GENESIS,
    layersPerEpoch: LPE,
    layerAvgSize: LAYER_AVG_SIZE,
    txsPerProposal: TXS_PER_PROPOSAL,
    minimalActiveSetWeight: [{ epoch: 0, weight: 10 }],
  });
}

beforeEach(async () => {
  store = new MemoryStore();
  const atxs = new AtxStore(store);
  for (const s of [a, b, late]) await store.batch(atxs.addOps(s.atx, Uint8Array.of(1), true));
  sets = new ActiveSetStore(store);
  now = EPOCH * LPE;
  ballots = new BallotHandler({
    store,
    genesisId: GENESIS,
    layersPerEpoch: LPE,
    eligibility: new EligibilityValidator({
      source: storeEligibilitySource(sets, atxs),
      layersPerEpoch: LPE,
      layerAvgSize: LAYER_AVG_SIZE,
      minimalActiveSetWeight: [{ epoch: 0, weight: 10 }],
      currentLayer: () => now,
    }),
    currentLayer: () => now,
    goldenAtxId: GOLDEN,
    hdist: 3,
    maxExceptions: 100,
  });
  proposals = new ProposalHandler({
    store,
    genesisId: GENESIS,
    ballots,
    currentLayer: () => now,
    maxTxsPerProposal: TXS_PER_PROPOSAL,
  });
});

describe('ProposalBuilder → handlers', () => {
  it('builds a reference and a follow-up proposal that the handlers store', async () => {
    const active = (await activeSetFromStore(new AtxStore(store), EPOCH))!;
    expect(active.ids).toEqual([a.atx.id, b.atx.id]); // sorted, late ATX left out
    expect(active.weight).toBe(300n);
    const pb = builder();
    const session = pb.startEpoch({ epoch: EPOCH, atx: a.atx, beacon: BEACON, activeSet: active });
    expect(session.slots).toBe(16);
    expect(session.activeSetHash).toEqual(activeSetHash(active.ids));
    await sets.add({ epoch: EPOCH, set: active.ids });

    const [L1, L2] = [...session.eligibilities.keys()] as [number, number];
    const notEligible = [...Array(LPE).keys()]
      .map((i) => EPOCH * LPE + i)
      .find((l) => !session.eligibilities.has(l));
    if (notEligible !== undefined) expect(pb.build(notEligible, input(1))).toBeUndefined();

    now = L1;
    const first = pb.build(L1, input(1))!;
    expect(first.reference).toBe(true);
    const ref = first.proposal.ballot;
    expect(ref.epochData).toEqual({
      activeSetHash: session.activeSetHash,
      beacon: BEACON,
      eligibilityCount: 16,
    });
    expect(ref.eligibilityProofs).toEqual(session.eligibilities.get(L1));
    expect(first.proposal.txIDs).toEqual(input(1).txIds.slice(0, TXS_PER_PROPOSAL));
    expect(verifyBallot(GENESIS, ref)).toBe(true);
    expect(verifyProposal(GENESIS, first.proposal)).toBe(true);
    const r1 = await proposals.handleProposal(encodeProposal(first.proposal), { gossip: true });
    expect(r1).toMatchObject({ status: 'stored', ballotId: first.ballotId });
    expect(await ballots.ballots.refBallotId(EPOCH, a.id)).toEqual(first.ballotId);

    now = L2;
    const second = pb.build(L2, input(2))!;
    expect(second.reference).toBe(false);
    expect(second.proposal.ballot.refBallot).toEqual(first.ballotId);
    expect(second.proposal.ballot.epochData).toBeNull();
    const r2 = await proposals.handleProposal(encodeProposal(second.proposal), { gossip: true });
    expect(r2).toMatchObject({ status: 'stored', ballotId: second.ballotId });
  });

  it('resumes an epoch from the stored reference ballot', async () => {
    const active = (await activeSetFromStore(new AtxStore(store), EPOCH))!;
    await sets.add({ epoch: EPOCH, set: active.ids });
    const pb = builder();
    const s1 = pb.startEpoch({ epoch: EPOCH, atx: a.atx, beacon: BEACON, activeSet: active });
    const [L1, L2] = [...s1.eligibilities.keys()] as [number, number];
    now = L1;
    const first = pb.build(L1, input(1))!;
    await proposals.handleProposal(encodeProposal(first.proposal));

    const restarted = builder();
    const refId = (await ballots.ballots.refBallotId(EPOCH, a.id))!;
    const refBallot = (await ballots.ballots.get(refId))!;
    const s2 = restarted.startEpoch({ epoch: EPOCH, atx: a.atx, refBallot });
    expect(s2.ref).toEqual(first.ballotId);
    expect([...s2.eligibilities.entries()]).toEqual([...s1.eligibilities.entries()]);
    now = L2;
    const second = restarted.build(L2, input(2))!;
    expect(second.proposal.ballot.refBallot).toEqual(ballotId(first.proposal.ballot));
    expect((await proposals.handleProposal(encodeProposal(second.proposal))).status).toBe('stored');
  });

  it('a proposal is refused when its active set was not stored (unknown set → not-eligible)', async () => {
    const active = (await activeSetFromStore(new AtxStore(store), EPOCH))!;
    const pb = builder();
    const s = pb.startEpoch({ epoch: EPOCH, atx: a.atx, beacon: BEACON, activeSet: active });
    const L1 = [...s.eligibilities.keys()][0]!;
    now = L1;
    const built = pb.build(L1, input(1))!;
    const err = await proposals.handleProposal(encodeProposal(built.proposal)).catch((e) => e);
    expect(err).toBeInstanceOf(ProposalValidationError);
    expect((err as ProposalValidationError).reason).toBe('not-eligible');
  });

  it('smesher b (twice the weight) gets twice the slots and is accepted too', async () => {
    const active = (await activeSetFromStore(new AtxStore(store), EPOCH))!;
    await sets.add({ epoch: EPOCH, set: active.ids });
    const pb = builder(b);
    const s = pb.startEpoch({ epoch: EPOCH, atx: b.atx, beacon: BEACON, activeSet: active });
    expect(s.slots).toBe(33);
    const L = [...s.eligibilities.keys()][0]!;
    now = L;
    const built = pb.build(L, input(4))!;
    expect((await proposals.handleProposal(encodeProposal(built.proposal))).status).toBe('stored');
  });
});
