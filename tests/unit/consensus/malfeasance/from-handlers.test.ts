// A proof made by the mesh's own handlers (a smesher's second ballot in a layer) passes the
// malfeasance handler and is gossiped once: the path the node wires from BallotHandler /
// ProposalHandler to MalfeasanceHandler.publish.
import { expect, it } from 'vitest';
import {
  ActiveSetStore,
  storeEligibilitySource,
} from '../../../../src/lib/consensus/eligibility/active-set-store.ts';
import { EligibilityValidator } from '../../../../src/lib/consensus/eligibility/validator.ts';
import { MalfeasanceHandler } from '../../../../src/lib/consensus/malfeasance/handler.ts';
import { activeSetFromStore } from '../../../../src/lib/consensus/miner/active-set.ts';
import { ProposalBuilder } from '../../../../src/lib/consensus/miner/builder.ts';
import { AtxStore } from '../../../../src/lib/mesh/atx/store.ts';
import { BallotHandler } from '../../../../src/lib/mesh/ballot/handler.ts';
import { ProposalHandler } from '../../../../src/lib/mesh/proposal/handler.ts';
import type { Gossip } from '../../../../src/lib/p2p/interface.ts';
import { MemoryStore } from '../../../../src/lib/store/memory.ts';
import { encodeProposal } from '../../../../src/lib/types/proposal.ts';
import {
  BEACON,
  EPOCH,
  GENESIS,
  GOLDEN,
  LAYER_AVG_SIZE,
  LPE,
  smesher,
} from '../eligibility/fixture.ts';

it('a double ballot found by the proposal handler is published and announced', async () => {
  const store = new MemoryStore();
  const atxs = new AtxStore(store);
  const a = smesher(0, 100n);
  const b = smesher(1, 200n);
  for (const s of [a, b]) await store.batch(atxs.addOps(s.atx, Uint8Array.of(1), true));
  const sets = new ActiveSetStore(store);
  const active = (await activeSetFromStore(atxs, EPOCH))!;
  await sets.add({ epoch: EPOCH, set: active.ids });
  let now = EPOCH * LPE;
  const ballots = new BallotHandler({
    store,
    genesisId: GENESIS,
    layersPerEpoch: LPE,
    eligibility: new EligibilityValidator({
      source: storeEligibilitySource(sets, atxs),
      layersPerEpoch: LPE,
      layerAvgSize: LAYER_AVG_SIZE,
      minimalActiveSetWeight: [],
    }),
    currentLayer: () => now,
    goldenAtxId: GOLDEN,
    hdist: 3,
    maxExceptions: 100,
  });
  const proposals = new ProposalHandler({
    store,
    genesisId: GENESIS,
    ballots,
    currentLayer: () => now,
    maxTxsPerProposal: 10,
  });
  const pb = new ProposalBuilder({
    secretKey: a.sk,
    genesisId: GENESIS,
    layersPerEpoch: LPE,
    layerAvgSize: LAYER_AVG_SIZE,
    txsPerProposal: 10,
    minimalActiveSetWeight: [],
  });
  const session = pb.startEpoch({ epoch: EPOCH, atx: a.atx, beacon: BEACON, activeSet: active });
  const layer = [...session.eligibilities.keys()][0]!;
  now = layer;
  const votes = { base: new Uint8Array(20), support: [], against: [], abstain: [] };
  const mesh = new Uint8Array(32);
  const p1 = pb.build(layer, {
    opinion: { opinionHash: new Uint8Array(32), votes },
    txIds: [],
    meshHash: mesh,
  })!;
  const p2 = pb.build(layer, {
    opinion: { opinionHash: new Uint8Array(32).fill(1), votes },
    txIds: [],
    meshHash: mesh,
  })!;
  expect((await proposals.handleProposal(encodeProposal(p1.proposal))).status).toBe('stored');
  const r2 = await proposals.handleProposal(encodeProposal(p2.proposal));
  if (r2.status !== 'malicious') throw new Error('expected a malfeasance proof');

  const sent: Uint8Array[] = [];
  let local:
    ((from: string, data: Uint8Array) => Promise<'accept' | 'ignore' | 'reject'>) | undefined;
  const gossip: Gossip = {
    peerId: 'self',
    async publish(_topic, data) {
      const r = local === undefined ? 'accept' : await local('self', data);
      if (r === 'accept') sent.push(data);
      return r;
    },
    subscribe(_topic, h) {
      local = h;
      return () => (local = undefined);
    },
  };
  const mh = new MalfeasanceHandler({ store, genesisId: GENESIS, gossip });
  mh.subscribe();
  const told: Uint8Array[] = [];
  mh.onMalicious((id) => told.push(id));
  expect(await mh.isMalicious(a.id)).toBe(true); // stored with the ballot
  expect(await mh.validate(r2.malfeasance)).toEqual(a.id);
  expect(await mh.publish(r2.malfeasance)).toBe('accept');
  expect(await mh.publish(r2.malfeasance)).toBe('ignore');
  expect(sent).toHaveLength(1);
  expect(told).toEqual([a.id]);

  // a peer that receives it accepts it once
  const peerStore = new MemoryStore();
  await peerStore.batch(new AtxStore(peerStore).addOps(a.atx, Uint8Array.of(1), true));
  const peer = new MalfeasanceHandler({ store: peerStore, genesisId: GENESIS });
  expect(await peer.handleGossip('node-a', sent[0]!)).toBe('accept');
  expect(await peer.handleGossip('node-b', sent[0]!)).toBe('ignore');
});
