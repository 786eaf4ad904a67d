// Composition of the PoET server under Node: data directory, service key, store, service loop
// and HTTP listener. Used by `smesh poet` and by tests that run it in-process.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { publicKeyOf } from '../../lib/crypto/signing.ts';
import type { NetworkConfig } from '../../lib/config/types.ts';
import { PoetService } from '../../lib/poet/service.ts';
import { writeFileAtomic } from './atomic.ts';
import { FilePoetStore } from './file-store.ts';
import { createPoetHttpServer } from './http.ts';
import { nodeHasher } from './node-hasher.ts';

export interface PoetServerOptions {
  readonly network: NetworkConfig;
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly powDifficulty: number;
  readonly checkpointMs?: number;
  readonly log?: (line: string) => void;
}

export interface RunningPoetServer {
  readonly url: string;
  readonly service: PoetService;
  close(): Promise<void>;
}

/** The server's identity (poet generates one the same way): a random ed25519 seed, kept. */
async function loadOrCreateKey(dataDir: string): Promise<Uint8Array> {
  const path = join(dataDir, 'key.bin');
  try {
    const seed = await readFile(path);
    if (seed.length === 32) return new Uint8Array(seed);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
  const seed = new Uint8Array(randomBytes(32));
  await writeFileAtomic(path, seed);
  return seed;
}

export async function startPoetServer(o: PoetServerOptions): Promise<RunningPoetServer> {
  const log = o.log ?? (() => {});
  await mkdir(o.dataDir, { recursive: true });
  const seed = await loadOrCreateKey(o.dataDir);
  const service = await PoetService.open({
    network: o.network,
    store: await FilePoetStore.open(o.dataDir),
    hasher: nodeHasher,
    servicePublicKey: publicKeyOf(seed),
    powDifficulty: o.powDifficulty,
    yieldToHost: () => new Promise((r) => setImmediate(r)),
    random: (n) => new Uint8Array(randomBytes(n)),
    ...(o.checkpointMs === undefined ? {} : { checkpointMs: o.checkpointMs }),
    log,
  });
  const http = createPoetHttpServer(service, log);
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(o.port, o.host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  const host = o.host.includes(':') ? `[${o.host}]` : o.host;
  const loop = service.run().catch((e: unknown) => log(`round loop failed: ${String(e)}`));
  return {
    url: `http://${host}:${port}`,
    service,
    async close() {
      const closed = new Promise<void>((r) => http.close(() => r()));
      http.closeAllConnections();
      await closed;
      await service.stop();
      await loop;
    },
  };
}
