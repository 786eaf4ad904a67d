// The page's handle on its node: starts the node worker once per page and keeps what the app
// shows about it as reactive state.
import type { NodeApi, NodeInfo } from '../api/interface.ts';
import { wrapNodeWorker } from '../api/comlink.ts';
import type { NetworkChoice } from '../node/network.ts';

export type NodeStatus = 'starting' | 'running' | 'failed';

/**
 * The network this app joins, as the server that served it describes it. The worker validates
 * it (resolveNetwork), so a malformed file fails the boot with a clear message.
 */
async function fetchNetwork(): Promise<NetworkChoice> {
  const res = await fetch('/network.json', { cache: 'no-cache' });
  if (!res.ok) throw new Error(`cannot read /network.json (HTTP ${res.status})`);
  return res.json();
}

class NodeHandle {
  status = $state<NodeStatus>('starting');
  info = $state<NodeInfo | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  #api: NodeApi | undefined;
  #started = false;

  /** Starts the worker (first call only) and asks the node who it is. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    try {
      const worker = new Worker(new URL('../../workers/node.worker.ts', import.meta.url), {
        type: 'module',
        name: 'smesh-node',
      });
      worker.addEventListener('error', (e) => this.#fail(e.message || 'node worker failed'));
      const remote = wrapNodeWorker(worker);
      await remote.boot(await fetchNetwork());
      this.#api = remote;
      this.info = await remote.info();
      this.status = 'running';
    } catch (e) {
      this.#fail(e instanceof Error ? e.message : String(e));
    }
  }

  /** The node's API once it runs. */
  get api(): NodeApi | undefined {
    return this.#api;
  }

  #fail(message: string): void {
    this.status = 'failed';
    this.error = message;
  }
}

export const node = new NodeHandle();
