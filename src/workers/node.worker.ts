// The browser's full node. The page boots it with the network to join (its /network.json) and
// then talks to it only through the SmeshApi (comlink), exactly as it would talk to a remote node.
import { exposeNodeApi } from '../lib/api/comlink.ts';
import type { SmeshApi } from '../lib/api/interface.ts';
import { resolveJoin } from '../lib/node/network.ts';
import { startBrowserNode } from './node/boot.ts';
import type { BrowserNode } from './node/boot.ts';

let booting: Promise<BrowserNode> | undefined;
let running: BrowserNode | undefined;

function api(): SmeshApi {
  if (running === undefined) throw new Error('node not booted');
  return running.api;
}

exposeNodeApi(
  async (choice) => {
    // One node per worker: a second boot (a re-render, a second call) waits for the first.
    booting ??= startBrowserNode({
      ...resolveJoin(choice),
      log: (line) => console.info(`[node] ${line}`),
    });
    running = await booting;
  },
  api,
  self as unknown as Worker,
);
