// The browser's full node. The page boots it with the network to join (its /network.json) and
// then talks to it only through the SmeshApi (comlink), exactly as it would talk to a remote node.
import { NODE_BUSY, exposeNodeApi } from '../lib/api/comlink.ts';
import type { SmeshApi } from '../lib/api/interface.ts';
import { resolveJoin } from '../lib/node/network.ts';
import { databaseName, startBrowserNode } from './node/boot.ts';
import type { BrowserNode } from './node/boot.ts';

/**
 * A reload's new worker can ask for the lock before the old page's worker is gone: it waits this
 * long for a release before saying the node runs in another tab (seen on a loaded machine).
 */
const LOCK_WAIT_MS = 5_000;

/**
 * Holds this profile's node lock for as long as the worker lives (a terminated worker releases
 * it): resolves false when another tab's worker still holds it after LOCK_WAIT_MS.
 */
function holdNodeLock(name: string): Promise<boolean> {
  return new Promise((resolve) => {
    navigator.locks
      .request(name, { signal: AbortSignal.timeout(LOCK_WAIT_MS) }, () => {
        resolve(true);
        return new Promise<void>(() => {});
      })
      .catch(() => resolve(false));
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
