// The parts of a full node, built and cross-wired once (go-spacemesh node/node.go's
// initServices, in miniature). Every part gets the same store, clock and gossip; the callbacks
// between them are the data flow of DESIGN.md ("Data flow of one layer"). Nothing here runs on
// its own: FullNode starts the clock, the smesher and the protocols.
import type { TimeSource, Timer } from '../clock/interface.ts';
import { LayerClock } from '../clock/clock.ts';
import { configGenesisId, configGoldenAtx } from '../config/genesis.ts';
import type { NetworkConfig } from '../config/types.ts';
import { publicKeyOf } from '../crypto/signing.ts';
import { Beacon } from '../consensus/beacon/index.ts';
import { Certifier } from '../consensus/certifier/certifier.ts';
import { ActiveSetStore, EligibilityValidator } from '../consensus/eligibility/index.ts';
import { storeEligibilitySource } from '../consensus/eligibility/index.ts';
import { Hare } from '../consensus/hare/hare.ts';
import type { CommitteeWeights } from '../consensus/hare/interface.ts';
import { MalfeasanceHandler } from '../consensus/malfeasance/index.ts';
import { ProposalBuilder } from '../consensus/miner/builder.ts';
import { Tortoise } from '../consensus/tortoise/tortoise.ts';
import type { ModeChange } from '../consensus/tortoise/tortoise.ts';
import { HandlerV1 } from '../mesh/atx/handler.ts';
import type { PoetProofProvider } from '../mesh/atx/validation.ts';
import { BallotHandler } from '../mesh/ballot/handler.ts';
import { BlockExecutor } from '../mesh/block/execute.ts';
import { ProposalHandler } from '../mesh/proposal/handler.ts';
import { TxStore } from '../mesh/tx/store.ts';
import type { Gossip } from '../p2p/interface.ts';
import type { Store } from '../store/interface.ts';
import { Mempool } from '../vm/mempool/mempool.ts';
import type { Account } from '../vm/state/account.ts';
import { MemoryStateStore } from '../vm/state/memory.ts';
import { applyGenesis } from '../vm/genesis.ts';
import { Vm } from '../vm/vm.ts';
import { EpochAtxs } from './epoch-atxs.ts';

export interface NodeParts {
  readonly network: NetworkConfig;
  readonly genesisId: Uint8Array;
  readonly clock: LayerClock;
  readonly store: Store;
  readonly gossip: Gossip;
  readonly atxHandler: HandlerV1;
  readonly epochAtxs: EpochAtxs;
  readonly activeSets: ActiveSetStore;
  readonly ballots: BallotHandler;
  readonly proposals: ProposalHandler;
  readonly txs: TxStore;
  readonly malfeasance: MalfeasanceHandler;
  readonly tortoise: Tortoise;
  readonly beacon: Beacon;
  readonly hare: Hare;
  readonly certifier: Certifier;
  readonly state: MemoryStateStore;
  readonly vm: Vm;
  readonly executor: BlockExecutor;
  readonly mempool: Mempool;
  /** The smesher's proposal builder; null on a node that does not smesh. */
  readonly builder: ProposalBuilder | null;
  readonly nodeId: Uint8Array | null;
}

export interface PartsOptions {
  readonly network: NetworkConfig;
  readonly store: Store;
  readonly time: TimeSource;
  readonly timer: Timer;
  readonly gossip: Gossip;
  /** PoET proofs by ref: the PoET servers' answers and our own builder's. */
  readonly poetProofs: PoetProofProvider;
  readonly secretKey: Uint8Array | null;
  readonly onModeChange: (c: ModeChange) => void;
  readonly onError: (where: string, e: unknown) => void;
  /** The tortoise's effective genesis when not the last layer of epoch 1 (a checkpoint boot). */
  readonly genesisLayer?: number;
}

export function createParts(o: PartsOptions): NodeParts {
  const { network, store, time, timer, gossip } = o;
  const genesisId = configGenesisId(network);
  const clock = LayerClock.fromConfig(network, {
    time,
    timer,
    onError: (e) => o.onError('clock', e),
  });
  const currentLayer = () => (clock.hasStarted() ? clock.currentLayer() : 0);
  const atxHandler = new HandlerV1({
    network,
    store,
    currentEpoch: () => (clock.hasStarted() ? clock.currentEpoch() : 0),
    poetProofs: o.poetProofs,
  });
  const malfeasance = new MalfeasanceHandler({ store, genesisId, gossip });
  const isMalicious = (id: Uint8Array) => malfeasance.isMalicious(id);
  const epochAtxs = new EpochAtxs(atxHandler.atxs, isMalicious);
  const activeSets = new ActiveSetStore(store);
  const eligibility = new EligibilityValidator({
    source: storeEligibilitySource(activeSets, atxHandler.atxs),
    layersPerEpoch: network.layersPerEpoch,
    layerAvgSize: network.layerAvgSize,
    minimalActiveSetWeight: network.tortoise.minimalActiveSetWeight,
    currentLayer,
  });
  const ballots = new BallotHandler({
    store,
    genesisId,
    layersPerEpoch: network.layersPerEpoch,
    eligibility,
    currentLayer,
    goldenAtxId: configGoldenAtx(network),
    hdist: network.tortoise.hdist,
    maxExceptions: network.tortoise.maxExceptions,
  });
  const proposals = new ProposalHandler({
    store,
    genesisId,
    ballots,
    currentLayer,
    maxTxsPerProposal: network.txsPerProposal,
  });
  const tortoise = new Tortoise({
    network,
    onModeChange: o.onModeChange,
    ...(o.genesisLayer === undefined ? {} : { genesisLayer: o.genesisLayer }),
  });
  const nodeId = o.secretKey === null ? null : publicKeyOf(o.secretKey);
  const signer = o.secretKey === null ? null : { secretKey: o.secretKey, nodeId: nodeId! };
  const beacon = new Beacon({
    network,
    genesisId,
    time,
    timer,
    gossip,
    signer,
    epochStart: (epoch) => clock.epochToTime(epoch),
    weights: {
      atxs: async (epoch) =>
        (await epochAtxs.headers(epoch)).map((h) => ({
          id: h.id,
          nodeId: h.smesher,
          weight: h.weight,
          numUnits: h.effectiveNumUnits,
          vrfNonce: h.vrfNonce,
        })),
      isMalicious,
    },
  });
  const weights: CommitteeWeights = {
    atx: async (epoch, id) => {
      const h = await epochAtxs.bySmesher(epoch, id);
      return h === undefined ? undefined : { id: h.id, weight: h.weight };
    },
    totalWeight: (epoch) => epochAtxs.totalWeight(epoch),
    beacon: async (epoch) => beacon.get(epoch),
  };
  const hare = new Hare({
    network,
    genesisId,
    time,
    timer,
    gossip,
    weights,
    signer,
    isMalicious,
    layerStart: (layer) => clock.layerToTime(layer),
    proposals: async (layer) => {
      const out: Uint8Array[] = [];
      for (const id of await proposals.proposals.layerIds(layer)) {
        const p = await proposals.proposals.get(id);
        if (p !== undefined && !(await isMalicious(p.ballot.smesherID))) out.push(id);
      }
      return out;
    },
    onError: (e) => o.onError('hare', e),
  });
  const certifier = new Certifier({ network, genesisId, gossip, weights, signer, currentLayer });
  const state = new MemoryStateStore();
  const vm = new Vm(state, {
    genesisId,
    layersPerEpoch: network.layersPerEpoch,
    gasLimit: network.blockGasLimit,
  });
  const txs = new TxStore(store);
  const executor = new BlockExecutor(store, vm, {
    atxs: atxHandler.atxs,
    rawTx: (id) => txs.raw(id),
  });
  const mempool = new Mempool(state);
  const builder =
    o.secretKey === null
      ? null
      : new ProposalBuilder({
          secretKey: o.secretKey,
          genesisId,
          layersPerEpoch: network.layersPerEpoch,
          layerAvgSize: network.layerAvgSize,
          txsPerProposal: network.txsPerProposal,
          minimalActiveSetWeight: network.tortoise.minimalActiveSetWeight,
        });
  return {
    network,
    genesisId,
    clock,
    store,
    gossip,
    atxHandler,
    epochAtxs,
    activeSets,
    ballots,
    proposals,
    txs,
    malfeasance,
    tortoise,
    beacon,
    hare,
    certifier,
    state,
    vm,
    executor,
    mempool,
    builder,
    nodeId,
  };
}

/** Genesis accounts are written once, before any layer executes. */
export async function initState(parts: NodeParts, accounts: readonly Account[]): Promise<void> {
  if (accounts.length > 0) await applyGenesis(parts.state, accounts);
}
