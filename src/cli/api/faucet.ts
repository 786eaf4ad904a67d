// The faucet on a running node's API server (`smesh node --faucet KEYFILE`): mounts
// FaucetService/Drip, and every few seconds spawns the faucet's wallet once rewards have funded
// it. Devnets only: coins of any other network are worth something.
import { hexToBytes } from '@noble/hashes/utils.js';
import { Faucet, FAUCET_PATH, type FaucetLimit } from '../../lib/api/faucet.ts';
import type { NetworkConfig } from '../../lib/config/types.ts';
import type { ApiServer } from './server.ts';

/** 100 SMH a drip: a spawn and many sends, a few layers of one smesher's rewards. */
export const DEFAULT_DRIP = 100_000_000_000n;
export const DEFAULT_PER_ADDRESS: FaucetLimit = { count: 3, windowMs: 3_600_000 };
export const DEFAULT_PER_CLIENT: FaucetLimit = { count: 30, windowMs: 3_600_000 };
/** How often the faucet looks whether it can spawn (until it is spawned). */
const SPAWN_CHECK_MS = 2_000;

export class FaucetRefused extends Error {
  override readonly name = 'FaucetRefused';
}

/** Networks a faucet may run on. */
export function faucetAllowed(network: NetworkConfig): boolean {
  return network.name === 'devnet';
}

export interface RunningFaucet {
  readonly faucet: Faucet;
  stop(): void;
}

export async function startFaucet(o: {
  readonly server: ApiServer;
  readonly network: NetworkConfig;
  readonly secretKey: Uint8Array;
  readonly amount?: bigint;
  readonly perAddress?: FaucetLimit;
  readonly perClient?: FaucetLimit;
  readonly log: (line: string) => void;
}): Promise<RunningFaucet> {
  if (!faucetAllowed(o.network))
    throw new FaucetRefused(`a faucet runs on devnets only, not on ${o.network.name}`);
  const info = await o.server.api.info();
  const faucet = new Faucet({
    api: o.server.api,
    secretKey: o.secretKey,
    genesisId: hexToBytes(info.genesisId),
    hrp: info.hrp,
    amount: o.amount ?? DEFAULT_DRIP,
    perAddress: o.perAddress ?? DEFAULT_PER_ADDRESS,
    perClient: o.perClient ?? DEFAULT_PER_CLIENT,
    now: Date.now,
  });
  o.server.route(FAUCET_PATH, (body, client) => faucet.drip(body, client));
  let ready = false;
  let busy = false;
  const timer = setInterval(() => {
    if (ready || busy) return;
    busy = true;
    (async () => {
      if (await faucet.isSpawned()) {
        ready = true;
        o.log(`faucet ${faucet.addressText}: ready`);
      } else if (await faucet.spawnIfFunded())
        o.log(`faucet ${faucet.addressText}: spawn submitted`);
    })()
      .catch(() => undefined) // not synced yet: try again later
      .finally(() => (busy = false));
  }, SPAWN_CHECK_MS);
  timer.unref();
  return {
    faucet,
    stop: () => clearInterval(timer),
  };
}
