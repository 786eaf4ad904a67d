// The ballot handler on signed ballots with real VRF eligibility proofs (ballot-harness.ts):
// reference and follow-up ballots are stored; every refusal carries its reason and leaves the
// store byte-for-byte unchanged; a second ballot of a smesher in one layer yields a
// MultipleBallots malfeasance proof that verifies.
import { beforeEach, describe, expect, it } from 'vitest';
import { BallotValidationError } from '../../../src/lib/mesh/ballot/errors.ts';
import type { BallotValidationReason } from '../../../src/lib/mesh/ballot/errors.ts';
import { BallotHandler } from '../../../src/lib/mesh/ballot/handler.ts';
import { AtxStore } from '../../../src/lib/mesh/atx/store.ts';
import { BlockStore } from '../../../src/lib/mesh/block/store.ts';
import type { BallotEligibilityValidator } from '../../../src/lib/mesh/eligibility.ts';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import { ballotId, encodeBallot } from '../../../src/lib/types/ballot.ts';
import type { Ballot } from '../../../src/lib/types/ballot.ts';
import type { Block } from '../../../src/lib/types/block.ts';
import { blockId } from '../../../src/lib/types/block.ts';
import {
  decodeMalfeasanceProof,
  encodeMalfeasanceProof,
  MalfeasanceType,
  verifyBallotProofMsg,
} from '../../../src/lib/types/malfeasance.ts';
import {
  ACTIVE_SET_HASH,
  BEACON,
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
import type { BallotParts, Smesher } from './ballot-harness.ts';
import { bytesToHex } from '@noble/hashes/utils.js';

const GOLDEN = new Uint8Array(32).fill(0x60);
const HDIST = 3;
const s0 = smesher(0);
const s1 = smesher(1);
const s2 = smesher(2, 100n, EPOCH - 2); // its ATX targets epoch 1
const [L1, L2] = layersOf(s0) as [number, number];

let store: MemoryStore;
let handler: BallotHandler;
let now: number;
let ref: Ballot;
let refId: Uint8Array;
const block: Block = { layerIndex: EPOCH * LPE - 1, tickHeight: 0n, rewards: [], txIDs: [] };

function newHandler(eligibility: BallotEligibilityValidator): BallotHandler {
  return new BallotHandler({
    store,
    genesisId: GENESIS,
    layersPerEpoch: LPE,
    eligibility,
    currentLayer: () => now,
    goldenAtxId: GOLDEN,
    hdist: HDIST,
    maxExceptions: 3,
  });
}

beforeEach(async () => {
  store = new MemoryStore();
  now = EPOCH * LPE + LPE;
  const v = new VrfSlotValidator();
  v.totals.set(bytesToHex(ACTIVE_SET_HASH), TOTAL_WEIGHT);
  handler = newHandler(v);
  for (const s of [s0, s1, s2]) await storeAtx(store, s);
  await store.batch(new BlockStore(store).addOps(block));
  ref = makeBallot(s0, { layer: L1 });
  refId = ballotId(ref);
  await handler.handleBallot(encodeBallot(ref));
});

const follow = (s: Smesher, parts: BallotParts = {}) =>
  makeBallot(s, { layer: L2, refBallot: refId, ...parts });

async function refused(
  bytes: Uint8Array,
  reason: BallotValidationReason,
  opts: { gossip?: boolean } = {},
): Promise<void> {
  const before = await dump(store);
  let err: unknown;
  try {
    await handler.handleBallot(bytes, opts);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(BallotValidationError);
  expect((err as BallotValidationError).reason).toBe(reason);
  expect(await dump(store)).toEqual(before);
}

describe('BallotHandler: valid ballots', () => {
  it('the smesher has at least two eligible layers in the epoch (test premise)', () => {
    expect(L2).toBeGreaterThan(L1);
    expect(s0.slots).toBe(16);
  });

  it('stores the reference ballot and indexes it', async () => {
    expect(await handler.ballots.get(refId)).toEqual(ref);
    expect(await handler.ballots.refBallotId(EPOCH, s0.id)).toEqual(refId);
    expect(await handler.ballots.layerIds(L1)).toEqual([refId]);
    expect(await handler.ballots.isMalicious(refId)).toBe(false);
  });

  it('stores a follow-up ballot with a base ballot and a vote for a known block', async () => {
    const b = follow(s0, {
      votes: {
        base: refId,
        support: [{ id: blockId(block), layerID: block.layerIndex, height: 0n }],
        against: [],
        abstain: [EPOCH * LPE - 2],
      },
    });
    const r = await handler.handleBallot(encodeBallot(b), { gossip: true });
    expect(r).toEqual({ status: 'stored', id: ballotId(b), malfeasance: null });
    expect(await handler.ballots.firstInLayer(L2, s0.id)).toEqual(b);
    expect(await handler.ballots.epochData(b)).toEqual(ref.epochData);
    expect(await handler.ballots.epochData(ref)).toEqual(ref.epochData);
    const orphan = follow(s0, { refBallot: new Uint8Array(20).fill(0x42) });
    expect(await handler.ballots.epochData(orphan)).toBeUndefined();
  });

  it('accepts votes on blocks not downloaded yet and double support beyond hdist', async () => {
    const old = L2 - HDIST; // layerID + hdist = ballot layer: not within hdist
    const b = follow(s0, {
      votes: {
        base: refId,
        support: [
          { id: new Uint8Array(20).fill(1), layerID: old, height: 0n },
          { id: new Uint8Array(20).fill(2), layerID: old, height: 0n },
        ],
        against: [{ id: new Uint8Array(20).fill(3), layerID: old - 1, height: 0n }],
        abstain: [],
      },
    });
    expect((await handler.handleBallot(encodeBallot(b))).status).toBe('stored');
  });
});

describe('BallotHandler: refusals leave the store unchanged', () => {
  const cases: [BallotValidationReason, () => Uint8Array, { gossip?: boolean }?][] = [
    ['malformed', () => encodeBallot(follow(s0)).subarray(0, 50)],
    ['layer-before-genesis', () => encodeBallot(follow(s0, { layer: 2 * LPE - 1 }))],
    [
      'invalid-signature',
      () => {
        const b = follow(s0);
        const signature = b.signature.slice();
        signature[0]! ^= 1;
        return encodeBallot({ ...b, signature });
      },
    ],
    ['known-ballot', () => encodeBallot(ref)],
    ['empty-atx', () => encodeBallot(follow(s0, { atxID: new Uint8Array(32) }))],
    ['missing-epoch-data', () => encodeBallot(makeBallot(s0, { layer: L2, epochData: null }))],
    [
      'unexpected-epoch-data',
      () =>
        encodeBallot(
          follow(s0, {
            epochData: { activeSetHash: ACTIVE_SET_HASH, beacon: BEACON, eligibilityCount: 16 },
          }),
        ),
    ],
    [
      'empty-beacon',
      () =>
        encodeBallot(
          makeBallot(s0, {
            layer: L2,
            epochData: {
              activeSetHash: ACTIVE_SET_HASH,
              beacon: new Uint8Array(4),
              eligibilityCount: 16,
            },
          }),
        ),
    ],
    [
      'empty-active-set',
      () =>
        encodeBallot(
          makeBallot(s0, {
            layer: L2,
            epochData: { activeSetHash: new Uint8Array(32), beacon: BEACON, eligibilityCount: 16 },
          }),
        ),
    ],
    [
      'zero-eligibility-count',
      () =>
        encodeBallot(
          makeBallot(s0, {
            layer: L2,
            epochData: { activeSetHash: ACTIVE_SET_HASH, beacon: BEACON, eligibilityCount: 0 },
          }),
        ),
    ],
    ['missing-eligibility', () => encodeBallot(follow(s0, { eligibilityProofs: [] }))],
    [
      'eligibility-order',
      () => {
        const p = s0.byLayer.get(L2)![0]!;
        return encodeBallot(follow(s0, { eligibilityProofs: [p, p] }));
      },
    ],
    [
      'vote-layer',
      () =>
        encodeBallot(
          follow(s0, {
            votes: {
              base: refId,
              support: [{ id: blockId(block), layerID: L2, height: 0n }],
              against: [],
              abstain: [],
            },
          }),
        ),
    ],
    [
      'vote-layer',
      () =>
        encodeBallot(
          follow(s0, { votes: { base: refId, support: [], against: [], abstain: [L2 + 1] } }),
        ),
    ],
    [
      'conflicting-votes',
      () => {
        const v = { id: blockId(block), layerID: block.layerIndex, height: 0n };
        return encodeBallot(
          follow(s0, { votes: { base: refId, support: [v], against: [v], abstain: [] } }),
        );
      },
    ],
    [
      'conflicting-votes',
      () => {
        const v = { id: blockId(block), layerID: L2 - 1, height: 0n };
        const w = { ...v, id: new Uint8Array(20).fill(9) }; // layer L2 - 1: within hdist
        return encodeBallot(
          follow(s0, { votes: { base: refId, support: [v, w], against: [], abstain: [] } }),
        );
      },
    ],
    [
      'conflicting-votes',
      () => {
        const v = { id: blockId(block), layerID: block.layerIndex, height: 0n };
        return encodeBallot(
          follow(s0, {
            votes: { base: refId, support: [v], against: [], abstain: [block.layerIndex] },
          }),
        );
      },
    ],
    [
      'unknown-base-ballot',
      () =>
        encodeBallot(
          follow(s0, {
            votes: { base: new Uint8Array(20).fill(0x99), support: [], against: [], abstain: [] },
          }),
        ),
    ],
    ['golden-atx', () => encodeBallot(follow(s0, { atxID: GOLDEN }))],
    [
      'too-many-exceptions',
      () => {
        const support = [1, 2, 3, 4].map((i) => ({
          id: new Uint8Array(20).fill(i),
          layerID: 10 + i,
          height: 0n,
        }));
        return encodeBallot(
          follow(s0, { votes: { base: refId, support, against: [], abstain: [] } }),
        );
      },
    ],
    [
      'conflicting-votes',
      () => {
        const v = { id: new Uint8Array(20).fill(8), layerID: 13, height: 0n };
        return encodeBallot(
          follow(s0, { votes: { base: refId, support: [], against: [v], abstain: [13] } }),
        );
      },
    ],
    ['unknown-atx', () => encodeBallot(follow(s0, { atxID: new Uint8Array(32).fill(0x55) }))],
    ['atx-smesher', () => encodeBallot(follow(s0, { atxID: s1.atx.id }))],
    ['atx-target-epoch', () => encodeBallot(makeBallot(s2, { layer: layersOf(s2)[0]! }))],
    [
      'unknown-ref-ballot',
      () => encodeBallot(follow(s0, { refBallot: new Uint8Array(20).fill(0x42) })),
    ],
    ['ref-ballot-mismatch', () => encodeBallot(follow(s1, { layer: layersOf(s1)[0]! }))],
    ['not-eligible', () => encodeBallot(follow(s0, { eligibilityProofs: s0.byLayer.get(L1)! }))],
    [
      'not-eligible',
      () => {
        const p = s0.byLayer.get(L2)![0]!;
        const sig = p.sig.slice();
        sig[40]! ^= 1;
        return encodeBallot(follow(s0, { eligibilityProofs: [{ j: p.j, sig }] }));
      },
    ],
    [
      'not-eligible',
      () => {
        const s3 = smesher(3);
        return encodeBallot(
          makeBallot(s3, {
            epochData: {
              activeSetHash: ACTIVE_SET_HASH,
              beacon: BEACON,
              eligibilityCount: s3.slots + 1,
            },
          }),
        );
      },
    ],
  ];

  for (const [reason, build, opts] of cases)
    it(reason, async () => {
      await storeAtx(store, smesher(3));
      await refused(build(), reason, opts);
    });

  it('layer-in-future (gossip only)', async () => {
    now = L2 - 2;
    const bytes = encodeBallot(follow(s0));
    await refused(bytes, 'layer-in-future', { gossip: true });
    await handler.handleBallot(bytes); // synced: no bound
  });

  it('an eligibility validator that refuses makes every ballot not-eligible', async () => {
    handler = newHandler({ validate: () => Promise.reject(new Error('no')) });
    await refused(encodeBallot(follow(s0)), 'not-eligible');
  });
});

describe('BallotHandler: equivocation', () => {
  it('a second ballot in one layer stores a MultipleBallots proof; the smesher is malicious', async () => {
    const second = makeBallot(s0, {
      layer: L1,
      refBallot: refId,
      opinionHash: new Uint8Array(32).fill(0xee),
    });
    const r = await handler.handleBallot(encodeBallot(second));
    expect(r.status).toBe('stored');
    const proof = r.malfeasance!;
    expect(proof.layer).toBe(L1);
    expect(proof.proof.type).toBe(MalfeasanceType.MULTIPLE_BALLOTS);
    if (proof.proof.type !== MalfeasanceType.MULTIPLE_BALLOTS) throw new Error('type');
    for (const m of proof.proof.messages) {
      expect(verifyBallotProofMsg(GENESIS, m)).toBe(true);
      expect(m.smesherID).toEqual(s0.id);
    }
    expect(proof.proof.messages[0]!.innerMsg.msgHash).not.toEqual(
      proof.proof.messages[1]!.innerMsg.msgHash,
    );
    const atxs = new AtxStore(store);
    expect(await atxs.isMalicious(s0.id)).toBe(true);
    expect(encodeMalfeasanceProof(decodeMalfeasanceProof(encodeMalfeasanceProof(proof)))).toEqual(
      encodeMalfeasanceProof((await atxs.malfeasanceProof(s0.id))!),
    );
    expect(await handler.ballots.isMalicious(ballotId(second))).toBe(true);
    // the first ballot stays the layer's ballot of the smesher
    expect(await handler.ballots.firstInLayer(L1, s0.id)).toEqual(ref);
    expect(await handler.ballots.layerIds(L1)).toHaveLength(2);

    // later ballots of a malicious smesher are stored marked, without a new proof
    const later = follow(s0);
    const r2 = await handler.handleBallot(encodeBallot(later));
    expect(r2.malfeasance).toBeNull();
    expect(await handler.ballots.isMalicious(ballotId(later))).toBe(true);
  });
});
