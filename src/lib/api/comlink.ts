// comlink bridge: the node worker exposes a NodeApi (plus boot), the page wraps the worker.
// Every NodeApi method already returns a Promise, so comlink's Remote<NodeApi> is a NodeApi.
import { expose, wrap, type Endpoint } from 'comlink';
import type { NodeApi } from './interface.ts';
import type { NetworkChoice } from '../node/network.ts';

/** What the node worker offers the page: the node API, and booting it onto a network. */
export interface NodeWorkerApi extends NodeApi {
  boot(network: NetworkChoice): Promise<void>;
}

export function exposeNodeApi(api: NodeWorkerApi, endpoint: Endpoint): void {
  expose(api, endpoint);
}

export function wrapNodeWorker(endpoint: Endpoint): NodeWorkerApi {
  return wrap<NodeWorkerApi>(endpoint) as unknown as NodeWorkerApi;
}
