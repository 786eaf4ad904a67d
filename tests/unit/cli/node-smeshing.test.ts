// Smeshing started and stopped at runtime on `smesh node` through its HTTP API (v1
// SmesherService StartSmeshing / StopSmeshing / PostSetupStatus, AdminService.EventsStream), the
// way smapp drives go-spacemesh: an in-process node over LevelDB and libp2p on 127.0.0.1, not
// smeshing, with an in-process PoET server of the same timing. StartSmeshing initializes PoST data
// in <data-dir>/post, then the node registers at the PoET; StopSmeshing with deleteFiles stops it
// and removes the data. Bad requests are refused with a reason and change nothing.
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveNetworkFlags } from '../../../src/cli/node/network.ts';
import { walletOf } from '../../../src/cli/node/options.ts';
import { runNode } from '../../../src/cli/node/run-node.ts';
import { startPoetServer } from '../../../src/cli/poet/server.ts';
import { ApiError } from '../../../src/lib/api/errors.ts';
import { createHttpApi } from '../../../src/lib/api/http-client.ts';
import type { Event } from '../../../src/lib/api/v1/events.ts';
import { encodeAddress } from '../../../src/lib/crypto/address.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('smesh node: StartSmeshing / StopSmeshing at runtime', () => {
  it('initializes PoST, registers at the PoET, stops and deletes the data; refuses bad requests', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smesh-node-smeshing-'));
    dirs.push(dir);
    const genesis = new Date(Math.ceil(Date.now() / 1000) * 1000 + 4_000);
    const network = resolveNetworkFlags({
      preset: 'devnet',
      genesisTime: genesis.toISOString().replace('.000Z', 'Z'),
      layerDuration: '2s',
    });
    const poet = await startPoetServer({
      network,
      dataDir: join(dir, 'poet'),
      host: '127.0.0.1',
      port: 0,
      powDifficulty: 0,
    });
    const lines: string[] = [];
    const running = await runNode({
      dataDir: join(dir, 'node'),
      network,
      ip: '127.0.0.1',
      tcpPort: 0,
      wsPort: null,
      bootstrap: [],
      poets: [poet.url],
      api: { host: '127.0.0.1', port: 0 },
      log: (l) => lines.push(l),
    });
    try {
      const api = createHttpApi({ url: running.api!.url });
      const coinbase = encodeAddress(walletOf(running.key.nodeId), network.hrp);
      const events: Event[] = [];
      const stream = api.stream(
        'spacemesh.v1.AdminService/EventsStream',
        { watch: true },
        { item: (e) => events.push(e) },
      );
      expect(await api.call('spacemesh.v1.SmesherService/IsSmeshing', {})).toEqual({
        isSmeshing: false,
      });
      const before = await api.call('spacemesh.v1.SmesherService/PostSetupStatus', {});
      expect(before.status!.state).toBe('STATE_NOT_STARTED');
      const opts = (numUnits: number, providerId?: number) => ({
        coinbase: { address: coinbase },
        opts: {
          dataDir: '',
          numUnits,
          maxFileSize: '0',
          ...(providerId === undefined ? {} : { providerId }),
          throttle: false,
        },
      });

      // refused: a size outside the preset's bounds, the WebGPU provider, a bad coinbase
      const tooBig = await refusal(
        api.call('spacemesh.v1.SmesherService/StartSmeshing', opts(network.post.maxNumUnits + 1)),
      );
      // (over HTTP an error is gRPC's {code, message}: 9 is FAILED_PRECONDITION)
      expect(tooBig.code).toBe(9);
      expect(tooBig.message).toMatch(/numUnits must be between/);
      const gpu = await refusal(api.call('spacemesh.v1.SmesherService/StartSmeshing', opts(1, 0)));
      expect(gpu.message).toMatch(/not offered by smesh node/);
      const badAddress = await refusal(
        api.call('spacemesh.v1.SmesherService/StartSmeshing', {
          ...opts(1),
          coinbase: { address: 'stest1nope' },
        }),
      );
      expect(badAddress.code).toBe(3); // INVALID_ARGUMENT
      expect(existsSync(join(dir, 'node', 'post'))).toBe(false);

      // started: PoST data written, then the node smeshes and registers at the PoET
      expect(
        await api.call('spacemesh.v1.SmesherService/StartSmeshing', opts(network.post.minNumUnits)),
      ).toMatchObject({ status: { code: 0 } });
      await expect
        .poll(
          async () =>
            (await api.call('spacemesh.v1.SmesherService/PostSetupStatus', {})).status!.state,
          { timeout: 60_000, interval: 200 },
        )
        .toBe('STATE_COMPLETE');
      const done = (await api.call('spacemesh.v1.SmesherService/PostSetupStatus', {})).status!;
      expect(done.numLabelsWritten).toBe(
        String(network.post.minNumUnits * network.post.labelsPerUnit),
      );
      expect(done.opts!.dataDir).toBe(join(dir, 'node', 'post'));
      expect(await api.call('spacemesh.v1.SmesherService/IsSmeshing', {})).toEqual({
        isSmeshing: true,
      });
      expect((await api.call('spacemesh.v1.SmesherService/Coinbase', {})).accountId!.address).toBe(
        coinbase,
      );
      expect(readdirSync(join(dir, 'node', 'post'))).toContain('postdata_metadata.json');
      // a second start while smeshing is refused
      const again = await refusal(
        api.call('spacemesh.v1.SmesherService/StartSmeshing', opts(network.post.minNumUnits)),
      );
      expect(again.code).toBe(9);
      expect(again.message).toBe('already smeshing');
      const kinds = () =>
        events.map((e) =>
          Object.keys(e).find(
            (k) => k.length > 0 && k !== 'timestamp' && k !== 'help' && k !== 'failure',
          ),
        );
      await expect.poll(kinds, { timeout: 60_000, interval: 200 }).toContain('registeredInPoet');
      expect(kinds().indexOf('initStart')).toBeLessThan(kinds().indexOf('initComplete'));
      expect(kinds().indexOf('initComplete')).toBeLessThan(kinds().indexOf('registeredInPoet'));

      // stopped, data deleted
      expect(
        await api.call('spacemesh.v1.SmesherService/StopSmeshing', { deleteFiles: true }),
      ).toMatchObject({ status: { code: 0 } });
      expect(await api.call('spacemesh.v1.SmesherService/IsSmeshing', {})).toEqual({
        isSmeshing: false,
      });
      expect(
        (await api.call('spacemesh.v1.SmesherService/PostSetupStatus', {})).status!.state,
      ).toBe('STATE_NOT_STARTED');
      expect(existsSync(join(dir, 'node', 'post'))).toBe(false);
      await sleep(100);
      expect(kinds()).toContain('postServiceStopped');
      stream.close();
    } finally {
      await running.stop();
      await poet.close();
    }
    expect(lines.some((l) => l.startsWith('smeshing started: '))).toBe(true);
  }, 120_000);
});
