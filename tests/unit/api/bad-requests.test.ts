// What the HTTP API answers to bad requests — grpc-gateway's codes and HTTP statuses, go-spacemesh's
// messages — and that none of them changes the node; CORS; the per-client rate limit under a
// loopback flood.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAddress } from '../../../src/lib/crypto/address.ts';
import { encodeBase64 } from '../../../src/lib/api/v2alpha1/shape.ts';
import { txId } from '../../../src/lib/vm/tx/id.ts';
import type { Transaction } from '../../../src/lib/vm/tx/types.ts';
import { startApiServer, type ApiServer } from '../../../src/cli/api/server.ts';
import { RateLimiter } from '../../../src/cli/api/rate-limit.ts';
import { ALICE, ALICE_NONCE, BOB, BOB_SK, txNode, type TxNode } from './fixture.ts';

let t: TxNode;
let server: ApiServer;
const MAX_BODY = 4096;

beforeAll(async () => {
  t = await txNode();
  server = await startApiServer({
    api: t.api,
    port: 0,
    maxBodyBytes: MAX_BODY,
    rateLimit: null,
    corsOrigins: ['https://app.example'],
  });
});

afterAll(async () => {
  await server?.close();
  await t?.stop();
});

async function send(
  path: string,
  init: { method?: string; body?: string; headers?: Record<string, string> } = {},
  srv: ApiServer = server,
) {
  const res = await fetch(`${srv.url}/${path}`, {
    method: init.method ?? 'POST',
    headers: init.headers ?? { 'content-type': 'application/json' },
    ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await res.text();
  return {
    status: res.status,
    headers: res.headers,
    json: (text === '' ? null : JSON.parse(text)) as {
      code: number;
      message: string;
      details: unknown[];
    },
  };
}

const spend = (nonce: bigint): Transaction => ({
  method: 'spend',
  principal: ALICE,
  nonce,
  gasPrice: 1n,
  args: { destination: BOB, amount: 5n },
});

function expectUnchanged(raw?: Uint8Array) {
  expect(t.node.parts.mempool.size).toBe(0);
  expect(t.gossip.published).toEqual([]);
  if (raw !== undefined) expect(t.node.parts.mempool.has(txId(raw))).toBe(false);
}

describe('bad requests', () => {
  it('unknown method: 404, NOT_FOUND "Not Found"', async () => {
    const r = await send('spacemesh.v2alpha1.NodeService/Nope', { body: '{}' });
    expect(r.status).toBe(404);
    expect(r.json).toEqual({ code: 5, message: 'Not Found', details: [] });
  });

  it('a known method with GET: 405, UNIMPLEMENTED "Method Not Allowed"', async () => {
    const r = await send('spacemesh.v2alpha1.NodeService/Status', { method: 'GET' });
    expect(r.status).toBe(405);
    expect(r.json).toEqual({ code: 12, message: 'Method Not Allowed', details: [] });
  });

  it('malformed JSON: 400, INVALID_ARGUMENT', async () => {
    const r = await send('spacemesh.v2alpha1.AccountService/List', { body: '{"limit": 1' });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe(3);
    expect(r.json.message).toMatch(/JSON/);
  });

  it('a field of the wrong type: 400, INVALID_ARGUMENT naming it', async () => {
    const r = await send('spacemesh.v2alpha1.AccountService/List', {
      body: JSON.stringify({ limit: 'ten' }),
    });
    expect(r.status).toBe(400);
    expect(r.json).toMatchObject({ code: 3, message: 'body.limit: not a uint64' });
  });

  it('a bad address: 400, INVALID_ARGUMENT', async () => {
    const r = await send('spacemesh.v2alpha1.AccountService/List', {
      body: JSON.stringify({ limit: 10, addresses: ['sm1notanaddress'] }),
    });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe(3);
    expect(r.json.message).toMatch(/invalid address "sm1notanaddress"/);
    const wrongNet = await send('spacemesh.v2alpha1.AccountService/List', {
      body: JSON.stringify({ limit: 10, addresses: [encodeAddress(ALICE, 'sm')] }),
    });
    expect(wrongNet.status).toBe(400);
  });

  it('an oversize body: 413, RESOURCE_EXHAUSTED, before the node sees it', async () => {
    const raw = t.sign(spend(ALICE_NONCE));
    const body = JSON.stringify({ transaction: encodeBase64(raw), pad: 'x'.repeat(MAX_BODY) });
    const r = await send('spacemesh.v2alpha1.TransactionService/SubmitTransaction', { body });
    expect(r.status).toBe(413);
    expect(r.json).toEqual({
      code: 8,
      message: `request body larger than ${MAX_BODY} bytes`,
      details: [],
    });
    expectUnchanged(raw);
  });

  it.each([
    ['invalid', () => new Uint8Array([0, 0, 7, 7]), /^Failed to verify transaction: malformed/],
    [
      'mis-signed',
      () => t.sign(spend(ALICE_NONCE), BOB_SK),
      /^Failed to verify transaction: bad-signature/,
    ],
    [
      'wrong-nonce',
      () => t.sign(spend(ALICE_NONCE - 1n)),
      /^Failed to verify transaction: nonce-too-low/,
    ],
  ])('an %s transaction: 400, INVALID_ARGUMENT, nothing changed', async (_n, make, msg) => {
    const raw = make();
    const r = await send('spacemesh.v2alpha1.TransactionService/SubmitTransaction', {
      body: JSON.stringify({ transaction: encodeBase64(raw) }),
    });
    expect(r.status).toBe(400);
    expect(r.json.code).toBe(3);
    expect(r.json.message).toMatch(msg);
    expectUnchanged(raw);
    const acc = await send('spacemesh.v2alpha1.AccountService/List', {
      body: JSON.stringify({
        limit: 1,
        addresses: [encodeAddress(ALICE, t.node.parts.network.hrp)],
      }),
    });
    const a = (acc.json as unknown as { accounts: { projected: { counter: string } }[] })
      .accounts[0]!;
    expect(a.projected.counter).toBe(String(ALICE_NONCE));
  });
});

describe('CORS', () => {
  it('answers a preflight from an allowed origin', async () => {
    const r = await send('spacemesh.v2alpha1.NodeService/Status', {
      method: 'OPTIONS',
      headers: { origin: 'https://app.example', 'access-control-request-method': 'POST' },
    });
    expect(r.status).toBe(204);
    expect(r.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(r.headers.get('access-control-allow-methods')).toContain('POST');
  });

  it('allows the origin on a call, and not another one', async () => {
    const ok = await send('spacemesh.v2alpha1.NodeService/Status', {
      body: '{}',
      headers: { origin: 'https://app.example' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://app.example');
    const other = await send('spacemesh.v2alpha1.NodeService/Status', {
      body: '{}',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limit', () => {
  it('token buckets per client refill with time', () => {
    let now = 0;
    const rl = new RateLimiter({ perSecond: 2, burst: 3, now: () => now });
    expect([rl.take('a'), rl.take('a'), rl.take('a'), rl.take('a')]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(rl.take('b')).toBe(true);
    expect(rl.retryAfter('a')).toBe(1);
    now = 500;
    expect([rl.take('a'), rl.take('a')]).toEqual([true, false]);
    now = 100_000;
    expect(rl.take('c')).toBe(true);
    expect(rl.clients).toBe(1);
  });

  it('holds under a loopback flood: exactly the burst gets through, the rest get 429', async () => {
    let now = 0;
    const limited = await startApiServer({
      api: t.api,
      port: 0,
      rateLimit: { perSecond: 10, burst: 20, now: () => now },
    });
    try {
      const flood = await Promise.all(
        Array.from({ length: 200 }, () =>
          send('spacemesh.v2alpha1.NodeService/Status', { body: '{}' }, limited),
        ),
      );
      const ok = flood.filter((r) => r.status === 200);
      const limitedOut = flood.filter((r) => r.status === 429);
      expect(ok).toHaveLength(20);
      expect(limitedOut).toHaveLength(180);
      expect(limitedOut[0]!.json).toEqual({ code: 8, message: 'rate limit exceeded', details: [] });
      expect(limitedOut[0]!.headers.get('retry-after')).toBe('1');
      now += 1000;
      const after = await Promise.all(
        Array.from({ length: 15 }, () =>
          send('spacemesh.v2alpha1.NodeService/Status', { body: '{}' }, limited),
        ),
      );
      expect(after.filter((r) => r.status === 200)).toHaveLength(10);
    } finally {
      await limited.close();
    }
  });
});
