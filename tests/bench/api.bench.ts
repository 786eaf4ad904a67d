// HTTP JSON API: requests per second for NodeService.Status and AccountService.List (100
// accounts of 1,000) against the same server's bare echo endpoint (POST /_echo: body read and
// written back, no API work), same client, same concurrency, same run — the ratio is what the
// API itself costs on top of node:http and the client.
import { measure, report } from './harness.ts';
import { createLocalApi } from '../../src/lib/api/local.ts';
import { genesisTimeMs } from '../../src/lib/config/genesis.ts';
import { FullNode } from '../../src/lib/node/full-node.ts';
import type { GossipHandler } from '../../src/lib/p2p/interface.ts';
import { simNetworkConfig } from '../../src/lib/sim/config.ts';
import { VirtualTime } from '../../src/lib/sim/virtual-time.ts';
import { MemoryStore } from '../../src/lib/store/memory.ts';
import { emptyAccount } from '../../src/lib/vm/state/account.ts';
import { startApiServer } from '../../src/cli/api/server.ts';

const MS = 1500;
const CONCURRENCY = 16;
const ACCOUNTS = 1000;

export async function run(): Promise<void> {
  const network = simNetworkConfig('smesh-api-bench');
  const time = new VirtualTime({ startMs: genesisTimeMs(network) - 60_000 });
  const handlers = new Map<string, GossipHandler>();
  const node = new FullNode({
    network,
    store: new MemoryStore(),
    time,
    timer: time,
    gossip: {
      peerId: 'bench',
      publish: async (topic, data) => (await handlers.get(topic)?.('bench', data)) ?? 'accept',
      subscribe: (topic, h) => {
        handlers.set(topic, h);
        return () => handlers.delete(topic);
      },
    },
    poetProofs: { get: () => Promise.resolve(undefined) },
    genesisAccounts: Array.from({ length: ACCOUNTS }, (_, i) => {
      const address = new Uint8Array(24);
      new DataView(address.buffer).setUint32(20, i + 1);
      return { ...emptyAccount(address), balance: BigInt(1_000_000 + i) };
    }),
  });
  const api = createLocalApi({ node, host: { kind: 'node' } });
  await node.start();
  const server = await startApiServer({ api, port: 0, rateLimit: null, echo: true });
  const post = async (path: string, body: string) => {
    const res = await fetch(`${server.url}${path}`, { method: 'POST', body });
    if (res.status !== 200) throw new Error(`${path}: HTTP ${res.status}`);
    await res.arrayBuffer();
  };
  const burst = (path: string, body: string) => async () => {
    await Promise.all(Array.from({ length: CONCURRENCY }, () => post(path, body)));
    return CONCURRENCY;
  };
  try {
    const statusBody = '{}';
    const listBody = JSON.stringify({ limit: 100 });
    const echoSmall = await measure(burst('/_echo', statusBody), 'req', MS);
    const status = await measure(
      burst('/spacemesh.v2alpha1.NodeService/Status', statusBody),
      'req',
      MS,
    );
    report('api NodeService.Status', status, 'bare HTTP echo', echoSmall);
    const echoList = await measure(burst('/_echo', listBody), 'req', MS);
    const list = await measure(
      burst('/spacemesh.v2alpha1.AccountService/List', listBody),
      'req',
      MS,
    );
    report('api AccountService.List (100 of 1000)', list, 'bare HTTP echo', echoList);
  } finally {
    await server.close();
    api.close();
    await node.stop();
  }
}
