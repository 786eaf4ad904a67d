// A full node under Node.js: the FullNode of src/lib/node (the one the simulation and the
// browser run) composed with the libp2p host (TCP + WebSockets + relay server), a LevelDB store,
// PoST data in files and HTTP PoET clients, on the system clock. Used by `smesh node` and by
// tests that run a node in-process.
import { mkdir } from 'node:fs/promises';
import { createLocalApi } from '../../lib/api/local.ts';
import type { PostSetupInfo } from '../../lib/api/context.ts';
import { startApiServer, type ApiServer } from '../api/server.ts';
import { join } from 'node:path';
import { HttpPoetSeam } from '../../lib/activation/poet-seam.ts';
import type { PoetSeam } from '../../lib/activation/poet-seam.ts';
import { systemTime, systemTimer } from '../../lib/clock/interface.ts';
import type { NetworkConfig } from '../../lib/config/types.ts';
import { FullNode } from '../../lib/node/full-node.ts';
import type { SmesherOptions } from '../../lib/node/full-node.ts';
import { PoetClient } from '../../lib/poet/client.ts';
import type { Host } from '../../lib/p2p/host.ts';
import { createNodeHost } from '../p2p/node-host.ts';
import { openLevelDbStore } from '../store/leveldb.ts';
import type { LevelDbStore } from '../store/leveldb.ts';
import { libp2pKeyOf, loadOrCreateNodeKey } from './keys.ts';
import type { NodeKey } from './keys.ts';
import { NodeLog } from './log.ts';
import { walletOf } from './options.ts';
import { HttpPoetProofs } from '../../lib/poet/http-proofs.ts';
import { ensurePostData } from './post-data.ts';
import { CliSmeshing } from './smeshing.ts';
import type { Restore } from '../../lib/checkpoint/restore.ts';
import { loadRestore } from '../../lib/checkpoint/restore.ts';
import { bootFromCheckpoint, takeSelfCheckpoints } from '../commands/checkpoint.ts';

export interface SmeshOptions {
  readonly numUnits: number;
  /** 24-byte reward address; default: the wallet of the node key (walletOf). */
  readonly coinbase?: Uint8Array;
  /** CPU threads for PoST initialization (default: all cores). */
  readonly postThreads?: number;
}

export interface RunNodeOptions {
  readonly dataDir: string;
  /** The network, genesis time fixed. */
  readonly network: NetworkConfig;
  /** Interface and TCP port for libp2p (port 0: any). */
  readonly ip: string;
  readonly tcpPort: number;
  /** WebSocket port (0: any); null: no WebSocket listener. */
  readonly wsPort: number | null;
  readonly bootstrap: readonly string[];
  /** PoET servers' base URLs; the first one takes the smesher's registrations. */
  readonly poets: readonly string[];
  readonly smesh?: SmeshOptions;
  /** Human-readable progress, one line per call. */
  readonly log: (line: string) => void;
  /** Aborts a PoST initialization in progress (it resumes on the next start). */
  readonly signal?: AbortSignal;
  /** Serve the HTTP JSON API (v2alpha1) here once the node is up; port 0: any free one. */
  readonly api?: { readonly host: string; readonly port: number };
  /** Boot from a checkpoint (go's --recovery-uri / --recovery-layer): a file path or URL, and
   *  the restore layer (default: the checkpoint's snapshot layer + 1). Only an empty data dir is
   *  booted; one booted before keeps its restore layer. */
  readonly checkpoint?: { readonly source: string; readonly restoreLayer?: number };
}

export interface RunningNode {
  readonly key: NodeKey;
  /** The smesher's reward address; null on a node that does not smesh. */
  readonly coinbase: Uint8Array | null;
  readonly node: FullNode;
  readonly host: Host;
  readonly store: LevelDbStore;
  /** The libp2p multiaddrs others can dial (with /p2p/<id>). */
  readonly addresses: readonly string[];
  /** The HTTP API, when asked for (RunNodeOptions.api). */
  readonly api: ApiServer | null;
  /** Stops the node, then the host, then closes the store; safe to call twice. */
  stop(): Promise<void>;
}

export async function runNode(o: RunNodeOptions): Promise<RunningNode> {
  await mkdir(o.dataDir, { recursive: true });
  const key = await loadOrCreateNodeKey(o.dataDir);
  const network = o.network;
  let smesher: SmesherOptions | undefined;
  let postSetup: PostSetupInfo | undefined;
  if (o.smesh !== undefined) {
    if (o.poets.length === 0) throw new Error('a smeshing node needs a PoET server (--poet)');
    const post = await ensurePostData({
      dir: join(o.dataDir, 'post'),
      network,
      nodeId: key.nodeId,
      numUnits: o.smesh.numUnits,
      ...(o.smesh.postThreads === undefined ? {} : { threads: o.smesh.postThreads }),
      ...(o.signal === undefined ? {} : { signal: o.signal }),
      log: o.log,
    });
    const poet: PoetSeam = new HttpPoetSeam(new PoetClient({ url: o.poets[0]! }));
    const coinbase = o.smesh.coinbase ?? walletOf(key.nodeId);
    smesher = { secretKey: key.secretKey, coinbase, post, poet };
    // ensurePostData returns once the data is complete.
    postSetup = {
      state: 'complete',
      numLabelsWritten: BigInt(o.smesh.numUnits) * BigInt(network.post.labelsPerUnit),
      numUnits: o.smesh.numUnits,
      dataDir: join(o.dataDir, 'post'),
    };
  }
  if (o.poets.length === 0)
    o.log(
      "no --poet: other smeshers' ATXs cannot be validated (their PoET proofs come from PoET servers only)",
    );
  const poetProofs = new HttpPoetProofs({
    network,
    clients: o.poets.map((url) => new PoetClient({ url, retries: 1 })),
    time: systemTime,
    log: o.log,
  });
  const store = await openLevelDbStore({ location: join(o.dataDir, 'state') });
  let restore: Restore | undefined;
  try {
    if (o.checkpoint !== undefined) await bootFromCheckpoint(store, network, o.checkpoint, o.log);
    restore = await loadRestore(store);
    if (restore !== undefined && smesher !== undefined)
      o.log(
        `booted from a checkpoint at layer ${restore.layer}: this node's opinion hashes start ` +
          'there, so peers refuse its ballots (see src/lib/node/restored.ts)',
      );
  } catch (e) {
    await store.close();
    throw e;
  }
  let host: Host;
  try {
    host = await createNodeHost({
      ip: o.ip,
      tcpPort: o.tcpPort,
      wsPort: o.wsPort,
      bootstrap: [...o.bootstrap],
      privateKey: await libp2pKeyOf(key.secretKey),
      hareTopic: network.hare.protocolName,
    });
  } catch (e) {
    await store.close();
    throw e;
  }
  const node = new FullNode({
    network,
    store,
    time: systemTime,
    timer: systemTimer,
    gossip: host.gossip,
    requester: host.requester,
    poetProofs,
    // Its key also when it does not smesh from the start: StartSmeshing can start it later.
    identity: key.secretKey,
    ...(smesher === undefined ? {} : { smesher }),
    ...(restore === undefined ? {} : { restore }),
    // No `log`: NodeLog prints every 'error' event, which covers what FullNode would log.
  });
  const nodeLog = new NodeLog(node, host, o.log);
  const selfCheckpoints = takeSelfCheckpoints(node, o.dataDir, o.log);
  // The API's indexer follows the node from its first event: created before start. Its
  // StartSmeshing / StopSmeshing drive the node's smeshing at runtime (smeshing.ts).
  const late: { smeshing?: CliSmeshing } = {};
  const localApi =
    o.api === undefined
      ? null
      : createLocalApi({
          node,
          host: {
            kind: 'node',
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
  if (localApi !== null)
    late.smeshing = new CliSmeshing({
      node,
      network,
      postDir: join(o.dataDir, 'post'),
      poets: o.poets,
      events: localApi.events,
      log: o.log,
      ...(smesher === undefined || postSetup === undefined
        ? {}
        : { started: { status: postSetup, coinbase: smesher.coinbase } }),
    });
  try {
    await node.start();
  } catch (e) {
    localApi?.close();
    nodeLog.close();
    await host.stop();
    await store.close();
    throw e;
  }
  let api: ApiServer | null = null;
  if (o.api !== undefined && localApi !== null) {
    try {
      api = await startApiServer({ api: localApi, host: o.api.host, port: o.api.port });
    } catch (e) {
      localApi.close();
      nodeLog.close();
      await node.stop();
      await host.stop();
      await store.close();
      throw e;
    }
  }
  let stopping: Promise<void> | null = null;
  return {
    key,
    coinbase: smesher?.coinbase ?? null,
    node,
    host,
    store,
    addresses: host.addresses(),
    api,
    stop: () =>
      (stopping ??= (async () => {
        await api?.close();
        await late.smeshing?.close();
        localApi?.close();
        nodeLog.close();
        await node.stop();
        await selfCheckpoints.close();
        await host.stop();
        await store.close();
      })()),
  };
}
