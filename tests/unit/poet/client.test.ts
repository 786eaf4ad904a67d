// The client's transport rules on 127.0.0.1: timeouts end hung requests, 5xx/429 are retried
// with backoff, 4xx are not, and nothing unverified or malformed is returned.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PoetClient, PoetClientError } from '../../../src/lib/poet/client.ts';
import { PoetApiError } from '../../../src/lib/poet/api.ts';

let server: Server;
let url: string;
const hits: Record<string, number> = {};

beforeAll(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '';
    hits[path] = (hits[path] ?? 0) + 1;
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (path === '/hang/v1/info') return; // never answers
    if (path === '/flaky/v1/info') {
      if (hits[path] === 1) return json(503, { code: 14, message: 'busy', details: [] });
      return json(200, {
        servicePubkey: 'AAAA',
        phaseShift: '2s',
        cycleGap: '1s',
        certifier: null,
      });
    }
    if (path === '/bad/v1/info') return json(400, { code: 3, message: 'nope', details: [] });
    if (path === '/garbage/v1/info') return json(200, { servicePubkey: 5 });
    json(404, { code: 5, message: 'Not Found', details: [] });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

describe('poet client transport', () => {
  it('times out a hung server on every attempt', async () => {
    const client = new PoetClient({
      url: `${url}/hang`,
      timeoutMs: 150,
      retries: 1,
      retryDelayMs: 10,
    });
    const t0 = Date.now();
    await expect(client.info()).rejects.toBeInstanceOf(PoetClientError);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(290);
    expect(hits['/hang/v1/info']).toBe(2);
  });

  it('retries a 503 and then succeeds', async () => {
    const client = new PoetClient({ url: `${url}/flaky`, retries: 2, retryDelayMs: 10 });
    expect(await client.info()).toEqual({
      servicePubkey: new Uint8Array([0, 0, 0]),
      phaseShiftMs: 2000,
      cycleGapMs: 1000,
    });
    expect(hits['/flaky/v1/info']).toBe(2);
  });

  it('does not retry a 4xx, and refuses malformed answers', async () => {
    const client = new PoetClient({ url: `${url}/bad`, retries: 3, retryDelayMs: 10 });
    await expect(client.info()).rejects.toMatchObject({
      name: 'PoetApiError',
      code: 3,
      message: 'nope',
    });
    expect(hits['/bad/v1/info']).toBe(1);
    const garbage = new PoetClient({ url: `${url}/garbage`, retries: 0 });
    await expect(garbage.info()).rejects.toBeInstanceOf(PoetApiError);
  });
});
