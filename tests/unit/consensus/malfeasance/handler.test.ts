// The MalfeasanceHandler on signed proofs of every kind: valid proofs are stored once and
// announced; repeats are ignored; forged proofs are rejected with their reason and write nothing.
import { beforeEach, describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encode } from '../../../../src/lib/codec/index.ts';
import { Domain, sign } from '../../../../src/lib/crypto/signing.ts';
import { MalfeasanceError } from '../../../../src/lib/consensus/malfeasance/errors.ts';
import type { MalfeasanceReason } from '../../../../src/lib/consensus/malfeasance/errors.ts';
import { MalfeasanceHandler } from '../../../../src/lib/consensus/malfeasance/handler.ts';
import type { PostIndexVerifier } from '../../../../src/lib/consensus/malfeasance/interface.ts';
import { AtxStore } from '../../../../src/lib/mesh/atx/store.ts';
import type { Gossip, GossipHandler } from '../../../../src/lib/p2p/interface.ts';
import { Topic } from '../../../../src/lib/p2p/interface.ts';
import { collect } from '../../../../src/lib/store/iterate.ts';
import { MemoryStore } from '../../../../src/lib/store/memory.ts';
import { ATXMetadataCodec, signAtxV1 } from '../../../../src/lib/types/atx.ts';
import type { ActivationTxV1 } from '../../../../src/lib/types/atx.ts';
import { BallotMetadataCodec } from '../../../../src/lib/types/ballot.ts';
import {
  decodeMalfeasanceGossip,
  encodeMalfeasanceProof,
  HareMetadataCodec,
  MalfeasanceGossipCodec,
  MalfeasanceType,
} from '../../../../src/lib/types/malfeasance.ts';
import type { MalfeasanceProof } from '../../../../src/lib/types/malfeasance.ts';
import { GENESIS, smesher } from '../eligibility/fixture.ts';

const evil = smesher(0, 100n);
const other = smesher(1, 100n);
const stranger = smesher(2, 100n); // no ATX stored
const h32 = (n: number) => new Uint8Array(32).fill(n);

function msg<M>(sk: Uint8Array, id: Uint8Array, domain: Domain, bytes: Uint8Array, inner: M) {
  return { innerMsg: inner, smesherID: id, signature: sign(sk, GENESIS, domain, bytes) };
}
const atxMsg = (s = evil, publishEpoch = 3, hash = 1) =>
  msg(s.sk, s.id, Domain.ATX, encode(ATXMetadataCodec, { publishEpoch, msgHash: h32(hash) }), {
    publishEpoch,
    msgHash: h32(hash),
  });
const ballotMsg = (s = evil, layer = 25, hash = 1) =>
  msg(s.sk, s.id, Domain.BALLOT, encode(BallotMetadataCodec, { layer, msgHash: h32(hash) }), {
    layer,
    msgHash: h32(hash),
  });
const hareMsg = (s = evil, layer = 25, round = 2, hash = 1) =>
  msg(s.sk, s.id, Domain.HARE, encode(HareMetadataCodec, { layer, round, msgHash: h32(hash) }), {
    layer,
    round,
    msgHash: h32(hash),
  });

const atxProof = (m1 = atxMsg(), m2 = atxMsg(evil, 3, 2)): MalfeasanceProof => ({
  layer: 30,
  proof: { type: MalfeasanceType.MULTIPLE_ATXS, messages: [m1, m2] },
});
const ballotProof = (m1 = ballotMsg(), m2 = ballotMsg(evil, 25, 2)): MalfeasanceProof => ({
  layer: 30,
  proof: { type: MalfeasanceType.MULTIPLE_BALLOTS, messages: [m1, m2] },
});
const hareProof = (m1 = hareMsg(), m2 = hareMsg(evil, 25, 2, 2)): MalfeasanceProof => ({
  layer: 30,
  proof: { type: MalfeasanceType.HARE_EQUIVOCATION, messages: [m1, m2] },
});
function atx(s = evil, prev = 5, coinbase = 1): ActivationTxV1 {
  return signAtxV1(s.sk, GENESIS, {
    publishEpoch: 3,
    sequence: 1n,
    prevATXID: h32(prev),
    positioningATXID: h32(6),
    commitmentATXID: null,
    initialPost: null,
    coinbase: new Uint8Array(24).fill(coinbase),
    numUnits: 4,
    nipost: null,
    nodeID: null,
    vrfNonce: null,
  });
}
const prevAtxProof = (a1 = atx(), a2 = atx(evil, 5, 2)): MalfeasanceProof => ({
  layer: 30,
  proof: { type: MalfeasanceType.INVALID_PREV_ATX, atx1: a1, atx2: a2 },
});
const postProof = (): MalfeasanceProof => ({
  layer: 30,
  proof: { type: MalfeasanceType.INVALID_POST_INDEX, atx: atx(), invalidIdx: 7 },
});
const gossipBytes = (p: MalfeasanceProof) =>
  encode(MalfeasanceGossipCodec, { ...p, eligibility: null });

/** One node's gossip: runs the local handler on publish and records what went out. */
class FakeGossip implements Gossip {
  readonly peerId = 'self';
  readonly sent: Uint8Array[] = [];
  handler: GossipHandler | undefined;
  async publish(topic: string, data: Uint8Array) {
    expect(topic).toBe(Topic.MALFEASANCE);
    const r = this.handler === undefined ? 'accept' : await this.handler(this.peerId, data);
    if (r === 'accept') this.sent.push(data);
    return r;
  }
  subscribe(topic: string, handler: GossipHandler) {
    expect(topic).toBe(Topic.MALFEASANCE);
    this.handler = handler;
    return () => (this.handler = undefined);
  }
}

let store: MemoryStore;
let gossip: FakeGossip;
let handler: MalfeasanceHandler;
let told: string[];

function newHandler(postVerifier?: PostIndexVerifier): MalfeasanceHandler {
  const h = new MalfeasanceHandler({ store, genesisId: GENESIS, gossip, postVerifier });
  h.subscribe();
  h.onMalicious((id) => told.push(bytesToHex(id)));
  return h;
}

const dump = async () =>
  (await collect(store.iterate())).map((e) => `${bytesToHex(e.key)}=${bytesToHex(e.value)}`);

async function reason(p: Promise<unknown>): Promise<MalfeasanceReason | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    expect(e).toBeInstanceOf(MalfeasanceError);
    return (e as MalfeasanceError).reason;
  }
}

beforeEach(async () => {
  store = new MemoryStore();
  const atxs = new AtxStore(store);
  for (const s of [evil, other]) await store.batch(atxs.addOps(s.atx, Uint8Array.of(1), true));
  gossip = new FakeGossip();
  told = [];
  handler = newHandler();
});

describe('MalfeasanceHandler: valid proofs', () => {
  const kinds: [string, () => MalfeasanceProof][] = [
    ['double ATX publish', () => atxProof()],
    ['ballot equivocation', () => ballotProof()],
    ['hare equivocation', () => hareProof()],
    ['invalid previous ATX', () => prevAtxProof()],
  ];
  for (const [name, make] of kinds)
    it(`${name}: stored, listeners told; the same proof again is ignored`, async () => {
      const p = make();
      expect(await handler.isMalicious(evil.id)).toBe(false);
      expect(await handler.handleGossip('peer', gossipBytes(p))).toBe('accept');
      expect(await handler.isMalicious(evil.id)).toBe(true);
      const stored = await handler.atxs.malfeasanceProof(evil.id);
      expect(encodeMalfeasanceProof(stored!)).toEqual(encodeMalfeasanceProof(p));
      expect(told).toEqual([bytesToHex(evil.id)]);
      const before = await dump();
      expect(await handler.handleGossip('peer', gossipBytes(p))).toBe('ignore');
      expect(await handleProofStatus(p)).toBe('known');
      expect(told).toHaveLength(1);
      expect(await dump()).toEqual(before);
    });

  it('two proofs of one identity arriving together store and announce once', async () => {
    const r = await Promise.all([
      handler.handleGossip('p1', gossipBytes(ballotProof())),
      handler.handleGossip('p2', gossipBytes(hareProof())),
    ]);
    expect([...r].sort()).toEqual(['accept', 'ignore']);
    expect(told).toHaveLength(1);
  });

  it('invalid PoST index: checked through the PoST verifier seam', async () => {
    expect(await handler.handleGossip('peer', gossipBytes(postProof()))).toBe('ignore');
    expect(await reason(handler.validate(postProof()))).toBe('unsupported-proof');
    let asked: number | undefined;
    const invalid = newHandler((_a, commitment, idx) => {
      asked = idx;
      expect(commitment).toEqual(evil.atx.commitmentAtx);
      return Promise.resolve(true);
    });
    // the ATX carries no commitment: it comes from the identity's initial ATX in the store
    const atxs = new AtxStore(store);
    expect(await atxs.commitment(evil.id)).toEqual(evil.atx.commitmentAtx);
    expect(await invalid.handleGossip('peer', gossipBytes(postProof()))).toBe('accept');
    expect(asked).toBe(7);
    const valid = newHandler(() => Promise.resolve(false));
    expect(await reason(valid.validate(postProof()))).toBe('valid-post');
  });
});

async function handleProofStatus(p: MalfeasanceProof) {
  return (await handler.handleProof(p)).status;
}

describe('MalfeasanceHandler: forged proofs', () => {
  const forged: [string, () => MalfeasanceProof, MalfeasanceReason][] = [
    [
      'ATX proof with a bad signature',
      () => {
        const m = atxMsg();
        return atxProof({ ...m, signature: atxMsg(evil, 3, 9).signature });
      },
      'invalid-signature',
    ],
    [
      'ballot proof signed by another key',
      () => {
        const m = ballotMsg(other);
        return ballotProof({ ...m, smesherID: evil.id });
      },
      'invalid-signature',
    ],
    [
      'hare proof in the wrong domain',
      () => {
        const m = hareMsg();
        return hareProof({
          ...m,
          signature: sign(evil.sk, GENESIS, Domain.BALLOT, encode(HareMetadataCodec, m.innerMsg)),
        });
      },
      'invalid-signature',
    ],
    ['the same ATX message twice', () => atxProof(atxMsg(), atxMsg()), 'same-message'],
    ['the same ballot message twice', () => ballotProof(ballotMsg(), ballotMsg()), 'same-message'],
    ['the same hare message twice', () => hareProof(hareMsg(), hareMsg()), 'same-message'],
    ['ATXs of different epochs', () => atxProof(atxMsg(), atxMsg(evil, 4, 2)), 'different-slot'],
    [
      'ballots of different layers',
      () => ballotProof(ballotMsg(), ballotMsg(evil, 26, 2)),
      'different-slot',
    ],
    [
      'hare messages of different layers',
      () => hareProof(hareMsg(), hareMsg(evil, 26, 2, 2)),
      'different-slot',
    ],
    [
      'hare messages of different rounds',
      () => hareProof(hareMsg(), hareMsg(evil, 25, 3, 2)),
      'different-slot',
    ],
    [
      'messages of two identities',
      () => ballotProof(ballotMsg(), ballotMsg(other, 25, 2)),
      'different-smesher',
    ],
    [
      'an identity without ATX',
      () => ballotProof(ballotMsg(stranger), ballotMsg(stranger, 25, 2)),
      'unknown-identity',
    ],
    ['one ATX twice as invalid previous ATX', () => prevAtxProof(atx(), atx()), 'same-atx'],
    [
      'ATXs with different previous ATXs',
      () => prevAtxProof(atx(), atx(evil, 8, 2)),
      'different-prev-atx',
    ],
    ['ATXs of two identities', () => prevAtxProof(atx(), atx(other, 5, 2)), 'different-smesher'],
  ];
  for (const [name, make, want] of forged)
    it(`${name} → ${want}, rejected, nothing stored`, async () => {
      const before = await dump();
      const p = make();
      expect(await reason(handler.handleProof(p))).toBe(want);
      expect(await handler.handleGossip('peer', gossipBytes(p))).toBe('reject');
      expect(await dump()).toEqual(before);
      expect(told).toEqual([]);
    });

  it('rejects undecodable bytes and the deprecated eligibility field', async () => {
    const before = await dump();
    expect(await handler.handleGossip('peer', Uint8Array.of(1, 2, 3))).toBe('reject');
    const withElig = encode(MalfeasanceGossipCodec, {
      ...ballotProof(),
      eligibility: {
        layer: 25,
        round: 1,
        nodeID: evil.id,
        eligibility: { proof: new Uint8Array(80), count: 1 },
      },
    });
    expect(decodeMalfeasanceGossip(withElig).eligibility).not.toBeNull();
    expect(await handler.handleGossip('peer', withElig)).toBe('reject');
    expect(await dump()).toEqual(before);
  });
});

describe('MalfeasanceHandler: sync and publish', () => {
  it('handleSynced stores a proof of the requested identity, refuses another', async () => {
    const bytes = encodeMalfeasanceProof(ballotProof());
    expect(await reason(handler.handleSynced(other.id, bytes))).toBe('wrong-identity');
    expect(await reason(handler.handleSynced(evil.id, Uint8Array.of(9)))).toBe('malformed');
    expect(await handler.isMalicious(evil.id)).toBe(false);
    expect((await handler.handleSynced(evil.id, bytes)).status).toBe('stored');
    expect(told).toEqual([bytesToHex(evil.id)]);
  });

  it('publishes a locally stored proof once and tells listeners', async () => {
    const p = ballotProof();
    await store.batch([handler.atxs.malfeasanceOp(evil.id, p)]); // stored by its producer
    expect(await handler.publish(p)).toBe('accept');
    expect(gossip.sent).toHaveLength(1);
    expect(decodeMalfeasanceGossip(gossip.sent[0]!).eligibility).toBeNull();
    expect(told).toEqual([bytesToHex(evil.id)]);
    expect(await handler.publish(hareProof())).toBe('ignore');
    expect(gossip.sent).toHaveLength(1);
    expect(told).toHaveLength(1);
  });

  it('publish stores a local proof its producer did not store, and refuses an invalid one', async () => {
    expect(await handler.publish(hareProof(hareMsg(), hareMsg()))).toBe('reject');
    expect(gossip.sent).toHaveLength(0);
    expect(await handler.publish(hareProof())).toBe('accept');
    expect(await handler.isMalicious(evil.id)).toBe(true);
  });
});
