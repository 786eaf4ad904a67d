// The browser's full node. The page boots it with the network to join (its /network.json) and
// then talks to it only through the SmeshApi (comlink), exactly as it would talk to a remote node.
import { NODE_BUSY, exposeNodeApi } from '../lib/api/comlink.ts';
import type { SmeshApi } from '../lib/api/interface.ts';
import { resolveJoin } from '../lib/node/network.ts';
import { databaseName, startBrowserNode } from './node/boot.ts';
import type { BrowserNode } from './node/boot.ts';

/**
 * Holds this profile's node lock for as long as the worker lives (a terminated worker releases
 * it): resolves false at once when another tab's worker holds it.
 */
function holdNodeLock(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    void navigator.locks.request(name, { ifAvailable: true }, (lock) => {
      resolve(lock !== null);
      return lock === null ? undefined : new Promise<void>(() => {});
    });
  });
}

let booting: Promise<BrowserNode> | undefined;
let running: BrowserNode | undefined;

function api(): SmeshApi {
  if (running === undefined) throw new Error('node not booted');
  return running.api;
}

exposeNodeApi(
  async (choice) => {
    // One node per worker: a second boot (a re-render, a second call) waits for the first.
    // One node per browser profile: two would write one IndexedDB store.
    booting ??= (async () => {
      const join = resolveJoin(choice);
      if (!(await holdNodeLock(databaseName(join.network)))) throw new Error(NODE_BUSY);
      return startBrowserNode({ ...join, log: (line) => console.info(`[node] ${line}`) });
    })();
    running = await booting;
  },
  api,
  self as unknown as Worker,
);
