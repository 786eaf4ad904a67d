// `smesh node --api`: the API served by an in-process node over LevelDB and libp2p, and the flag's
// usage errors.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/main.ts';
import { resolveNetworkFlags } from '../../../src/cli/node/network.ts';
import { runNode } from '../../../src/cli/node/run-node.ts';
import { createHttpApi } from '../../../src/lib/api/http-client.ts';
import { UNARY } from '../../../src/lib/api/methods.ts';
import { checkMessage } from '../../../src/lib/api/v2alpha1/shape.ts';
import { captureIO } from '../cli/capture.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('smesh node --api', () => {
  it('refuses a malformed --api', async () => {
    const io = captureIO();
    const code = await main(
      [
        'node',
        '--data-dir',
        '/nonexistent/x',
        '--preset',
        'devnet',
        '--genesis-time',
        '2026-01-01T00:00:00Z',
        '--api',
        'nope',
      ],
      io,
    );
    expect(code).toBe(2);
    expect(io.stderr.join('\n')).toMatch(/--api: "nope" is not HOST:PORT/);
  });

  it('serves the API on loopback while the node runs, and stops it with the node', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'smesh-api-'));
    dirs.push(dir);
    const network = resolveNetworkFlags({ preset: 'devnet', genesisTime: '2026-01-01T00:00:00Z' });
    const running = await runNode({
      dataDir: dir,
      network,
      ip: '127.0.0.1',
      tcpPort: 0,
      wsPort: null,
      bootstrap: [],
      poets: [],
      api: { host: '127.0.0.1', port: 0 },
      log: () => {},
    });
    try {
      expect(running.api!.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const api = createHttpApi({ url: running.api!.url });
      const status = await api.call('spacemesh.v2alpha1.NodeService/Status');
      expect(checkMessage(UNARY['spacemesh.v2alpha1.NodeService/Status'][1], status)).toEqual([]);
      expect(status.connectedPeers).toBe('0');
      const info = await api.call('spacemesh.v2alpha1.NetworkService/Info');
      expect(info.hrp).toBe(network.hrp);
      expect((await api.info()).host).toBe('node');
      expect(await api.call('spacemesh.v1.SmesherService/IsSmeshing')).toEqual({
        isSmeshing: false,
      });
    } finally {
      await running.stop();
    }
    const after = await fetch(`${running.api!.url}/spacemesh.v2alpha1.NodeService/Status`, {
      method: 'POST',
    }).catch((e: unknown) => e);
    expect(after).toBeInstanceOf(Error);
  });
});
