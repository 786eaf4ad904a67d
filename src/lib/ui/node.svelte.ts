// The page's handle on its node: starts the node worker once per page and keeps what the app
// shows about it as reactive state.
import type { NodeInfo, SmeshApi } from '../api/interface.ts';
import { wrapNodeWorker } from '../api/comlink.ts';
import type { NodeStatusResponse } from '../api/v2alpha1/node.ts';
import type { NetworkChoice } from '../node/network.ts';

export type NodeStatus = 'starting' | 'running' | 'failed';

const STATUS_EVERY_MS = 2_000;

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
  /** The node's NodeService.Status, refreshed every few seconds while it runs. */
  sync = $state<NodeStatusResponse | undefined>(undefined);
  #api: SmeshApi | undefined;
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
      this.#api = remote.api;
      this.info = await remote.api.info();
      this.status = 'running';
      void this.#watch(remote.api);
    } catch (e) {
      this.#fail(e instanceof Error ? e.message : String(e));
    }
  }

  /** The node's API once it runs. */
  get api(): SmeshApi | undefined {
    return this.#api;
  }

  /** Sync status for every page's badge: cheap (no I/O in the node), so asked often. */
  async #watch(api: SmeshApi): Promise<void> {
    for (;;) {
      try {
        this.sync = await api.call('spacemesh.v2alpha1.NodeService/Status', {});
      } catch {
        this.sync = undefined;
      }
      await new Promise((r) => setTimeout(r, STATUS_EVERY_MS));
    }
  }

  #fail(message: string): void {
    this.status = 'failed';
    this.error = message;
  }
}

export const node = new NodeHandle();

// For people (and tests) at the developer console: `await smesh.node.api.call(
// 'spacemesh.v2alpha1.NodeService/Status')`. It is the API the page itself uses; no secrets.
(globalThis as { smesh?: { node: NodeHandle } }).smesh = { node };
