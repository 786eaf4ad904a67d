// Nodes for the API tests. `simApi`: a deterministic simulation (real ATXs, ballots, blocks,
// rewards) whose node 0 carries the in-process API, run once per test file. `txNode`: a
// non-smeshing FullNode on a virtual clock that never ticks, with a funded, spawned wallet and
// a gossip seam that only runs the local handler — for transactions.
import { publicKeyOf } from '../../../src/lib/crypto/signing.ts';
import { createLocalApi, type LocalApi } from '../../../src/lib/api/local.ts';
import { FullNode } from '../../../src/lib/node/full-node.ts';
import type { Gossip, GossipHandler } from '../../../src/lib/p2p/interface.ts';
import { simNetworkConfig } from '../../../src/lib/sim/config.ts';
import { runSimulation, type SimulationReport } from '../../../src/lib/sim/simulation.ts';
import { VirtualTime } from '../../../src/lib/sim/virtual-time.ts';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import { encodeTemplateState, emptyAccount } from '../../../src/lib/vm/state/account.ts';
import { principalOf } from '../../../src/lib/vm/tx/principal.ts';
import { signWalletTx } from '../../../src/lib/vm/tx/sign.ts';
import type { Transaction } from '../../../src/lib/vm/tx/types.ts';
import { genesisTimeMs } from '../../../src/lib/config/genesis.ts';
import type { Ballot } from '../../../src/lib/api/v1/ballot.ts';
import type { Activation } from '../../../src/lib/api/v2alpha1/activation.ts';
import type { Layer } from '../../../src/lib/api/v2alpha1/layer.ts';
import type { Reward } from '../../../src/lib/api/v2alpha1/reward.ts';

export const SIM_NODES = 3;
export const SIM_EPOCHS = 3;

export interface SimApi {
  readonly report: SimulationReport;
  readonly api: LocalApi;
  readonly node: FullNode;
  /** What watching streams opened before the node started received during the run. */
  readonly live: { layers: Layer[]; rewards: Reward[]; atxs: Activation[]; ballots: Ballot[] };
}

let sim: Promise<SimApi> | null = null;

export function simApi(): Promise<SimApi> {
  sim ??= (async () => {
    let api: LocalApi | undefined;
    const live: SimApi['live'] = { layers: [], rewards: [], atxs: [], ballots: [] };
    const report = await runSimulation({
      nodes: SIM_NODES,
      epochs: SIM_EPOCHS,
      seed: 'api',
      onNode: (node, i) => {
        if (i !== 0) return;
        api = createLocalApi({ node, host: { kind: 'node', peers: () => 2 } });
        const watch = { watch: true };
        api.stream('spacemesh.v2alpha1.LayerStreamService/Stream', watch, {
          item: (l) => live.layers.push(l),
        });
        api.stream('spacemesh.v2alpha1.RewardStreamService/Stream', watch, {
          item: (r) => live.rewards.push(r),
        });
        api.stream('spacemesh.v2alpha1.ActivationStreamService/Stream', watch, {
          item: (a) => live.atxs.push(a),
        });
        api.stream('smesh.v1.BallotStreamService/Stream', watch, {
          item: (b) => live.ballots.push(b),
        });
      },
    });
    await api!.indexer.flush();
    return { report, api: api!, node: report.nodes[0]!, live };
  })();
  return sim;
}

/** Gossip with no peers: publish runs the local handler, as libp2p's validator does. */
export class LocalGossip implements Gossip {
  readonly peerId = 'local';
  readonly #handlers = new Map<string, GossipHandler>();
  readonly published: { topic: string; data: Uint8Array }[] = [];
  async publish(topic: string, data: Uint8Array) {
    const h = this.#handlers.get(topic);
    const r = h === undefined ? 'accept' : await h(this.peerId, data);
    if (r === 'accept') this.published.push({ topic, data });
    return r;
  }
  subscribe(topic: string, handler: GossipHandler) {
    this.#handlers.set(topic, handler);
    return () => this.#handlers.delete(topic);
  }
}

export const ALICE_SK = new Uint8Array(32).fill(7);
export const ALICE_PK = publicKeyOf(ALICE_SK);
export const ALICE = principalOf('wallet', { publicKey: ALICE_PK });
export const BOB_SK = new Uint8Array(32).fill(9);
export const BOB = principalOf('wallet', { publicKey: publicKeyOf(BOB_SK) });
/** Alice's wallet is spawned at genesis with this next nonce. */
export const ALICE_NONCE = 3n;
export const ALICE_BALANCE = 10_000_000_000n;
export const BOB_BALANCE = 5_000_000_000n;

export interface TxNode {
  readonly node: FullNode;
  readonly api: LocalApi;
  readonly gossip: LocalGossip;
  readonly store: MemoryStore;
  sign(tx: Transaction, sk?: Uint8Array): Uint8Array;
  stop(): Promise<void>;
}

/** `atLayer`: the clock stands at that layer (never ticking), so the node lags behind it. */
export async function txNode(atLayer?: number): Promise<TxNode> {
  const network = simNetworkConfig('smesh-api-tx');
  const startMs =
    atLayer === undefined
      ? genesisTimeMs(network) - 60_000
      : genesisTimeMs(network) + atLayer * network.layerDurationMs + 1;
  const time = new VirtualTime({ startMs });
  const gossip = new LocalGossip();
  const store = new MemoryStore();
  const node = new FullNode({
    network,
    store,
    time,
    timer: time,
    gossip,
    poetProofs: { get: () => Promise.resolve(undefined) },
    genesisAccounts: [
      {
        ...emptyAccount(ALICE),
        balance: ALICE_BALANCE,
        nextNonce: ALICE_NONCE,
        template: 'wallet',
        state: encodeTemplateState('wallet', { publicKey: ALICE_PK }),
      },
      { ...emptyAccount(BOB), balance: BOB_BALANCE },
    ],
  });
  const api = createLocalApi({ node, host: { kind: 'node' } });
  await node.start();
  return {
    node,
    api,
    gossip,
    store,
    sign: (tx, sk = ALICE_SK) => signWalletTx(tx, sk, node.parts.genesisId),
    stop: async () => {
      api.close();
      await node.stop();
    },
  };
}
