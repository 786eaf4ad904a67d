// The proposal handler: a proposal and its ballot are stored in one batch; every refusal carries
// its reason (the ballot's own reasons pass through) and leaves the store unchanged; a proposal
// whose ballot equivocates stores the ballot and the proof, not the proposal.
import { beforeEach, describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { BallotHandler } from '../../../src/lib/mesh/ballot/handler.ts';
import { ProposalValidationError } from '../../../src/lib/mesh/proposal/errors.ts';
import type { ProposalValidationReason } from '../../../src/lib/mesh/proposal/errors.ts';
import { ProposalHandler } from '../../../src/lib/mesh/proposal/handler.ts';
import type { BallotValidationReason } from '../../../src/lib/mesh/ballot/errors.ts';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import { ballotId, encodeBallot } from '../../../src/lib/types/ballot.ts';
import type { Ballot } from '../../../src/lib/types/ballot.ts';
import { encodeProposal, proposalId, signProposal } from '../../../src/lib/types/proposal.ts';
import type { Proposal } from '../../../src/lib/types/proposal.ts';
import { MalfeasanceType } from '../../../src/lib/types/malfeasance.ts';
import {
  ACTIVE_SET_HASH,
  EPOCH,
  GENESIS,
  LPE,
  TOTAL_WEIGHT,
  VrfSlotValidator,
  dump,
  layersOf,
  makeBallot,
  smesher,
  storeAtx,
} from './ballot-harness.ts';

const s0 = smesher(0);
const s1 = smesher(1);
const [L1, L2] = layersOf(s0) as [number, number];
const tx = (i: number) => new Uint8Array(32).fill(i);
const MESH = new Uint8Array(32).fill(0x3e);

let store: MemoryStore;
let ballots: BallotHandler;
let proposals: ProposalHandler;
let now: number;

beforeEach(async () => {
  store = new MemoryStore();
  now = EPOCH * LPE;
  const v = new VrfSlotValidator();
  v.totals.set(bytesToHex(ACTIVE_SET_HASH), TOTAL_WEIGHT);
  const common = { store, genesisId: GENESIS, currentLayer: () => now };
  ballots = new BallotHandler({
    ...common,
    layersPerEpoch: LPE,
    eligibility: v,
    goldenAtxId: new Uint8Array(32).fill(0x60),
    hdist: 10,
    maxExceptions: 100,
  });
  proposals = new ProposalHandler({ ...common, ballots, maxTxsPerProposal: 4 });
  for (const s of [s0, s1]) await storeAtx(store, s);
});

const propose = (ballot: Ballot, txIDs: Uint8Array[] = [tx(1), tx(2)], sk = s0.sk): Proposal =>
  signProposal(sk, GENESIS, { ballot, txIDs, meshHash: MESH });

async function refused(
  bytes: Uint8Array,
  reason: ProposalValidationReason | BallotValidationReason,
  ballotReason = false,
  gossip = false,
): Promise<void> {
  const before = await dump(store);
  let err: unknown;
  try {
    await proposals.handleProposal(bytes, { gossip });
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ProposalValidationError);
  expect((err as ProposalValidationError).reason).toBe(reason);
  expect((err as ProposalValidationError).ballotReason).toBe(ballotReason);
  expect(await dump(store)).toEqual(before);
}

describe('ProposalHandler', () => {
  it('stores the proposal and its ballot together', async () => {
    const ref = makeBallot(s0, { layer: L1 });
    const p = propose(ref);
    const r = await proposals.handleProposal(encodeProposal(p), { gossip: true });
    expect(r).toEqual({ status: 'stored', id: proposalId(p), ballotId: ballotId(ref) });
    expect(await proposals.proposals.get(proposalId(p))).toEqual(p);
    expect(await proposals.proposals.layerIds(L1)).toEqual([proposalId(p)]);
    expect(await proposals.proposals.getAll([proposalId(p)])).toEqual([p]);
    expect(await ballots.ballots.get(ballotId(ref))).toEqual(ref);
  });

  it('accepts a proposal whose ballot arrived on its own before', async () => {
    const ref = makeBallot(s0, { layer: L1 });
    await ballots.handleBallot(encodeBallot(ref));
    const p = propose(ref);
    expect((await proposals.handleProposal(encodeProposal(p))).status).toBe('stored');
  });

  describe('refusals leave the store unchanged', () => {
    let ref: Ballot;
    let stored: Proposal;
    beforeEach(async () => {
      ref = makeBallot(s0, { layer: L1 });
      stored = propose(ref);
      await proposals.handleProposal(encodeProposal(stored));
    });
    const next = () => makeBallot(s0, { layer: L2, refBallot: ballotId(ref) });

    it('malformed', () => refused(encodeProposal(propose(next())).subarray(1), 'malformed'));
    it('too-late (gossip)', async () => {
      now = L2 + 1;
      await refused(encodeProposal(propose(next())), 'too-late', false, true);
    });
    it('invalid-signature', () =>
      refused(encodeProposal(propose(next(), [tx(1)], s1.sk)), 'invalid-signature'));
    it('known-proposal', () => refused(encodeProposal(stored), 'known-proposal'));
    it('duplicate-tx', () =>
      refused(encodeProposal(propose(next(), [tx(1), tx(3), tx(1)])), 'duplicate-tx'));
    it('too-many-txs', () =>
      refused(encodeProposal(propose(next(), [1, 2, 3, 4, 5].map(tx))), 'too-many-txs'));
    it('a ballot refusal keeps its reason', () =>
      refused(
        encodeProposal(
          propose(makeBallot(s0, { layer: L2, refBallot: new Uint8Array(20).fill(7) })),
        ),
        'unknown-ref-ballot',
        true,
      ));
    it('duplicate-proposal: another proposal on a stored ballot', () =>
      refused(encodeProposal(propose(ref, [tx(9)])), 'duplicate-proposal'));
  });

  it('a proposal with an equivocating ballot: ballot, proposal and proof stored', async () => {
    const ref = makeBallot(s0, { layer: L1 });
    await proposals.handleProposal(encodeProposal(propose(ref)));
    const second = makeBallot(s0, {
      layer: L1,
      refBallot: ballotId(ref),
      opinionHash: new Uint8Array(32).fill(0x44),
    });
    const p = propose(second, [tx(5)]);
    const r = await proposals.handleProposal(encodeProposal(p));
    expect(r.status).toBe('malicious');
    if (r.status !== 'malicious') throw new Error('status');
    expect(r.malfeasance.proof.type).toBe(MalfeasanceType.MULTIPLE_BALLOTS);
    expect(await proposals.proposals.get(proposalId(p))).toEqual(p);
    expect(await proposals.proposals.layerIds(L1)).toHaveLength(2);
    expect(await ballots.ballots.has(ballotId(second))).toBe(true);
    expect(await ballots.atxs.isMalicious(s0.id)).toBe(true);
  });
});
