// The browser's full node. The page boots it with the network to join and then talks to it only
// through the NodeApi (comlink), exactly as it would talk to a remote node.
import { exposeNodeApi, type NodeWorkerApi } from '../lib/api/comlink.ts';
import { localApi, SmeshNode } from '../lib/node/node.ts';
import { resolveNetwork } from '../lib/node/network.ts';
import type { NodeApi } from '../lib/api/interface.ts';

let api: NodeApi | undefined;

function started(): NodeApi {
  if (!api) throw new Error('node not booted');
  return api;
}

const worker: NodeWorkerApi = {
  async boot(network) {
    if (api) return;
    api = localApi(new SmeshNode({ network: resolveNetwork(network), host: 'browser-worker' }));
  },
  info: () => started().info(),
};

exposeNodeApi(worker, self as unknown as Worker);
