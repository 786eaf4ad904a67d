// The page's handle on its node: the node worker of this tab (the default), or a remote Smesh
// node's HTTP API (wallet-only mode), chosen per browser profile. Pages use `node.api` either
// way (one SmeshApi) and read what the app shows about the node as reactive state.
//
// One node per browser profile: the worker holds a Web Lock while its node runs, so a second tab
// cannot open the same IndexedDB store; that tab shows 'elsewhere' and can take the node over
// (the first tab stops its node and says so).
import type { NodeInfo, SmeshApi } from '../api/interface.ts';
import { NODE_BUSY, wrapNodeWorker } from '../api/comlink.ts';
import { createHttpApi } from '../api/http-client.ts';
import type { NodeStatusResponse } from '../api/v2alpha1/node.ts';
import type { NetworkChoice } from '../node/network.ts';

export type NodeStatus = 'starting' | 'running' | 'failed' | 'elsewhere' | 'moved';

/** Where the app's node runs. */
export type NodeMode =
  | { readonly kind: 'browser' }
  | { readonly kind: 'remote'; /** base URL of a Smesh node's API */ readonly url: string };

/**
 * The network this app joins, as the server that served it describes it (/network.json). The
 * worker validates the node part (resolveJoin); the rest is for the app: `faucet` is the base
 * URL of a devnet faucet (POST /smesh.v1.FaucetService/Drip), `nodeApis` the API URLs of the
 * network's public nodes, offered for wallet-only mode.
 */
export interface AppNetwork extends NetworkChoice {
  readonly faucet?: string;
  readonly nodeApis?: readonly string[];
}

const STATUS_EVERY_MS = 2_000;
const MODE_KEY = 'smesh.node-mode';
const CHANNEL = 'smesh-node';

async function fetchNetwork(): Promise<AppNetwork> {
  const res = await fetch('/network.json', { cache: 'no-cache' });
  if (!res.ok) throw new Error(`cannot read /network.json (HTTP ${res.status})`);
  return res.json();
}

/** The saved mode; anything unreadable is the default (this browser). */
export function readMode(storage: Pick<Storage, 'getItem'> = localStorage): NodeMode {
  try {
    const raw = JSON.parse(storage.getItem(MODE_KEY) ?? 'null') as unknown;
    if (raw !== null && typeof raw === 'object') {
      const m = raw as { kind?: unknown; url?: unknown };
      if (m.kind === 'remote' && typeof m.url === 'string' && /^https?:\/\//.test(m.url))
        return { kind: 'remote', url: m.url };
    }
  } catch {
    // a corrupt entry: the default
  }
  return { kind: 'browser' };
}

type ChannelMessage = { type: 'take-over' } | { type: 'released' };

class NodeHandle {
  status = $state<NodeStatus>('starting');
  mode = $state.raw<NodeMode>({ kind: 'browser' });
  network = $state.raw<AppNetwork | undefined>(undefined);
  info = $state.raw<NodeInfo | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  /** The node's NodeService.Status, refreshed every few seconds while it runs. */
  sync = $state.raw<NodeStatusResponse | undefined>(undefined);
  /** The node's API once it runs (reactive: pages render when it arrives). */
  api = $state.raw<SmeshApi | undefined>(undefined);
  #started = false;
  #worker: Worker | undefined;
  #channel: BroadcastChannel | undefined;
  #watching = 0;

  /** Starts the node (first call only) and asks it who it is. */
  async start(): Promise<void> {
    if (this.#started) return;
    this.#started = true;
    this.mode = readMode();
    this.#channel = new BroadcastChannel(CHANNEL);
    this.#channel.addEventListener('message', (e: MessageEvent<ChannelMessage>) => {
      void this.#onChannel(e.data);
    });
    await this.#boot();
  }

  async #boot(): Promise<void> {
    this.status = 'starting';
    this.error = undefined;
    try {
      this.network ??= await fetchNetwork();
      const api =
        this.mode.kind === 'remote'
          ? createHttpApi({ url: this.mode.url })
          : await this.#bootWorker(this.network);
      if (api === undefined) return;
      this.info = await api.info();
      this.api = api;
      this.status = 'running';
      void this.#watch(api, ++this.#watching);
    } catch (e) {
      this.#fail(e instanceof Error ? e.message : String(e));
    }
  }

  async #bootWorker(network: AppNetwork): Promise<SmeshApi | undefined> {
    const worker = new Worker(new URL('../../workers/node.worker.ts', import.meta.url), {
      type: 'module',
      name: 'smesh-node',
    });
    this.#worker = worker;
    worker.addEventListener('error', (e) => this.#fail(e.message || 'node worker failed'));
    const remote = wrapNodeWorker(worker);
    try {
      await remote.boot(network);
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (!message.includes(NODE_BUSY)) throw e;
      worker.terminate();
      this.#worker = undefined;
      this.status = 'elsewhere';
      return undefined;
    }
    return remote.api;
  }

  /** Runs the node in this tab: asks the tab that has it to stop, then starts here. */
  takeOver(): void {
    if (this.status !== 'elsewhere' && this.status !== 'moved') return;
    this.status = 'starting';
    this.#channel?.postMessage({ type: 'take-over' } satisfies ChannelMessage);
    // A tab that closed meanwhile answers nothing; the lock is then free anyway.
    setTimeout(() => {
      if (this.status === 'starting' && this.api === undefined) void this.#boot();
    }, 3_000);
  }

  async #onChannel(m: ChannelMessage): Promise<void> {
    if (m.type === 'take-over' && this.#worker !== undefined) {
      this.#worker.terminate();
      this.#worker = undefined;
      this.api = undefined;
      this.sync = undefined;
      this.#watching++;
      this.status = 'moved';
      this.#channel?.postMessage({ type: 'released' } satisfies ChannelMessage);
    } else if (m.type === 'released' && this.status === 'starting' && this.api === undefined) {
      await this.#boot();
    }
  }

  /** Saves where the node runs and restarts the app on it. */
  setMode(mode: NodeMode): void {
    localStorage.setItem(MODE_KEY, JSON.stringify(mode));
    location.reload();
  }

  /** Sync status for every page's badge: cheap (no I/O in the node), so asked often. */
  async #watch(api: SmeshApi, generation: number): Promise<void> {
    while (generation === this.#watching) {
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
