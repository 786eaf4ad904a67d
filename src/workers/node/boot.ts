// The browser's full node, composed inside the node worker: the same FullNode the CLI and the
// simulation run (src/lib/node/full-node.ts), on an IndexedDB store, a libp2p host that dials
// out over WebSockets (a page cannot listen), PoET proofs fetched from the PoET servers the
// network names, and the system clock. The page reaches it only through the SmeshApi.
import { webSockets } from '@libp2p/websockets';
import { createLocalApi } from '../../lib/api/local.ts';
import type { LocalApi } from '../../lib/api/local.ts';
import { systemTime, systemTimer } from '../../lib/clock/interface.ts';
import { configGenesisId } from '../../lib/config/genesis.ts';
import type { NetworkConfig } from '../../lib/config/types.ts';
import { FullNode } from '../../lib/node/full-node.ts';
import { createHost } from '../../lib/p2p/host.ts';
import type { Host } from '../../lib/p2p/host.ts';
import { PoetClient } from '../../lib/poet/client.ts';
import { openIndexedDbStore } from '../../lib/store/indexeddb.ts';
import type { IndexedDbStore } from '../../lib/store/indexeddb.ts';
import { HttpPoetProofs } from '../../lib/poet/http-proofs.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import { loadOrCreateIdentity } from '../../lib/node/host-state.ts';
import { BrowserSmeshing } from './smeshing.ts';

export interface BrowserNodeOptions {
  readonly network: NetworkConfig;
  /** libp2p multiaddrs (ws or wss, with /p2p/<id>) of the peers to join through. */
  readonly bootstrap: readonly string[];
  /** PoET servers' base URLs (other smeshers' PoET proofs come from there). */
  readonly poets: readonly string[];
  readonly log: (line: string) => void;
}

export interface BrowserNode {
  readonly node: FullNode;
  readonly host: Host;
  readonly store: IndexedDbStore;
  readonly api: LocalApi;
  stop(): Promise<void>;
}

/** One database per network: a node of another network never opens this one's data. */
export function databaseName(network: NetworkConfig): string {
  return `smesh-${network.name}-${bytesToHex(configGenesisId(network))}`;
}

export async function startBrowserNode(o: BrowserNodeOptions): Promise<BrowserNode> {
  const network = o.network;
  const store = await openIndexedDbStore({
    name: databaseName(network),
    indexedDB,
    IDBKeyRange,
    durability: 'relaxed',
  });
  let host: Host;
  try {
    host = await createHost({
      transports: [webSockets()],
      listen: [],
      bootstrap: [...o.bootstrap],
      hareTopic: network.hare.protocolName,
      // libp2p refuses private and loopback addresses in browsers by default; a local devnet
      // lives on 127.0.0.1, and the addresses come from the server that served this app.
      connectionGater: { denyDialMultiaddr: () => false },
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  const poetProofs = new HttpPoetProofs({
    network,
    clients: o.poets.map((url) => new PoetClient({ url, retries: 1 })),
    time: systemTime,
    log: o.log,
  });
  const identity = await loadOrCreateIdentity(store, (n) =>
    crypto.getRandomValues(new Uint8Array(n)),
  );
  const node = new FullNode({
    network,
    identity,
    store,
    time: systemTime,
    timer: systemTimer,
    gossip: host.gossip,
    requester: host.requester,
    poetProofs,
    log: o.log,
  });
  // The API's indexer follows the node from its first event: created before start.
  // The API's host answers with the smeshing control made just below (it needs the API's log).
  const late: { smeshing?: BrowserSmeshing } = {};
  const api = createLocalApi({
    node,
    host: {
      kind: 'browser-worker',
      peers: () => host.requester.peers().length,
      postSetup: () => late.smeshing!.status(),
      get smeshing() {
        return late.smeshing;
      },
      get coinbase() {
        return late.smeshing?.coinbase;
      },
    },
  });
  const smeshing = (late.smeshing = new BrowserSmeshing({
    node,
    store,
    network,
    poets: o.poets,
    events: api.events,
    log: o.log,
  }));
  try {
    await node.start();
    await smeshing.resume();
  } catch (e) {
    api.close();
    await host.stop();
    await store.close();
    throw e;
  }
  let stopping: Promise<void> | null = null;
  return {
    node,
    host,
    store,
    api,
    stop: () =>
      (stopping ??= (async () => {
        api.close();
        await node.stop();
        await host.stop();
        await store.close();
      })()),
  };
}
