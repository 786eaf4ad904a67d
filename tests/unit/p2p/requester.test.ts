import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RequestError } from '../../../src/lib/p2p/errors.ts';
import type { Host } from '../../../src/lib/p2p/host.ts';
import { connect, loopbackHost, stopAll, waitFor } from './helpers.ts';

const enc = new TextEncoder();
const dec = new TextDecoder();

async function failure(p: Promise<unknown>): Promise<RequestError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(RequestError);
    return err as RequestError;
  }
  throw new Error('request did not fail');
}

describe('Libp2pRequester over loopback TCP', () => {
  let a: Host;
  let b: Host;
  let c: Host;

  beforeAll(async () => {
    a = await loopbackHost({
      requests: { limits: { small: { maxResponseSize: 100 }, wide: { maxRequestSize: 5000 } } },
    });
    b = await loopbackHost();
    c = await loopbackHost();
    b.requester.handle('echo', async (from, req) => {
      return enc.encode(`${from}:${dec.decode(req)}`);
    });
    b.requester.handle('never', () => new Promise<Uint8Array>(() => undefined));
    b.requester.handle('fail', async () => {
      throw new Error('no such layer');
    });
    b.requester.handle('small', async () => new Uint8Array(1000));
    b.requester.handle('wide', async (_from, req) => Uint8Array.of(req.length));
    await b.requester.ready();
    await connect(a, b);
    await connect(c, b);
  });

  afterAll(() => stopAll([a, b, c]));

  it('round-trips a request, the handler seeing the requester as `from`', async () => {
    const res = await a.requester.request(b.peerId, 'echo', enc.encode('hi'), 2000);
    expect(dec.decode(res)).toBe(`${a.peerId}:hi`);
  });

  it('serves concurrent requests independently', async () => {
    const res = await Promise.all(
      [1, 2, 3, 4, 5].map((i) => a.requester.request(b.peerId, 'echo', enc.encode(`${i}`), 2000)),
    );
    expect(res.map((r) => dec.decode(r))).toEqual([1, 2, 3, 4, 5].map((i) => `${a.peerId}:${i}`));
  });

  it('fails with timeout when the handler never answers', async () => {
    const start = Date.now();
    const err = await failure(a.requester.request(b.peerId, 'never', enc.encode('x'), 300));
    expect(err.reason).toBe('timeout');
    expect(Date.now() - start).toBeLessThan(2000);
    // the connection survives a timed-out stream
    expect(dec.decode(await a.requester.request(b.peerId, 'echo', enc.encode('ok'), 2000))).toBe(
      `${a.peerId}:ok`,
    );
  });

  it("carries the remote handler's error back as remote-error", async () => {
    const err = await failure(a.requester.request(b.peerId, 'fail', new Uint8Array(0), 2000));
    expect(err.reason).toBe('remote-error');
    expect(err.remoteMessage).toBe('no such layer');
  });

  it('fails with unsupported-protocol for a protocol the peer does not serve', async () => {
    const err = await failure(a.requester.request(b.peerId, 'nope', new Uint8Array(0), 2000));
    expect(err.reason).toBe('unsupported-protocol');
  });

  it('refuses a response over the protocol limit without reading it', async () => {
    const err = await failure(a.requester.request(b.peerId, 'small', new Uint8Array(0), 2000));
    expect(err.reason).toBe('response-too-large');
  });

  it('refuses to send a request over its own limit', async () => {
    const err = await failure(a.requester.request(b.peerId, 'echo', new Uint8Array(20_000), 2000));
    expect(err.reason).toBe('request-too-large');
  });

  it('a server drops a request over its limit (the requester sees a reset)', async () => {
    // a allows 5000 bytes on 'wide'; b keeps the default 10240 … so send more than b allows
    const ok = await a.requester.request(b.peerId, 'wide', new Uint8Array(200), 2000);
    expect(ok[0]).toBe(200);
    const c2 = await loopbackHost({ requests: { maxRequestSize: 100_000 } });
    try {
      await connect(c2, b);
      const err = await failure(
        c2.requester.request(b.peerId, 'echo', new Uint8Array(50_000), 2000),
      );
      expect(err.reason).toBe('reset');
    } finally {
      await c2.stop();
    }
    await waitFor(() => b.requester.peers().length === 2, 'b to see c2 leave');
  });

  it('fails with not-connected for a peer it has no connection to', async () => {
    const err = await failure(a.requester.request(c.peerId, 'echo', new Uint8Array(0), 2000));
    expect(err.reason).toBe('not-connected');
  });

  it('lists connected peers in sorted order', () => {
    expect(b.requester.peers()).toEqual([a.peerId, c.peerId].sort());
    expect(a.requester.peers()).toEqual([b.peerId]);
  });

  it('stops serving a protocol once its handler is removed', async () => {
    const off = b.requester.handle('temp', async () => Uint8Array.of(7));
    await b.requester.ready();
    expect(await a.requester.request(b.peerId, 'temp', new Uint8Array(0), 2000)).toEqual(
      Uint8Array.of(7),
    );
    off();
    await b.requester.ready();
    const err = await failure(a.requester.request(b.peerId, 'temp', new Uint8Array(0), 2000));
    expect(err.reason).toBe('unsupported-protocol');
  });
});
