// The HTTP JSON API on loopback: every method called over real HTTP and its answer checked
// against the v2alpha1 shapes (names, JSON types, nothing extra), streams as NDJSON and SSE, the
// fetch client against the same server, and the gateway-style errors.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeAddress } from '../../../src/lib/crypto/address.ts';
import { ApiError } from '../../../src/lib/api/errors.ts';
import { createHttpApi } from '../../../src/lib/api/http-client.ts';
import { STREAMS, UNARY, type UnaryMethod } from '../../../src/lib/api/methods.ts';
import { checkMessage, encodeBase64 } from '../../../src/lib/api/v2alpha1/shape.ts';
import { startApiServer, type ApiServer } from '../../../src/cli/api/server.ts';
import { ALICE, ALICE_NONCE, BOB, simApi, txNode, type SimApi, type TxNode } from './fixture.ts';

let s: SimApi;
let t: TxNode;
let sim: ApiServer;
let tx: ApiServer;

beforeAll(async () => {
  s = await simApi();
  t = await txNode();
  sim = await startApiServer({ api: s.api, port: 0, rateLimit: null });
  tx = await startApiServer({ api: t.api, port: 0, rateLimit: null });
}, 120_000);

afterAll(async () => {
  await sim?.close();
  await tx?.close();
  await t?.stop();
});

async function post(
  server: ApiServer,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${server.url}/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

const ERROR_SHAPE = { code: 'u32', message: 'string', details: { list: 'string' } } as const;

describe('contract: every unary method over HTTP', () => {
  const spend = () =>
    encodeBase64(
      t.sign({
        method: 'spend',
        principal: ALICE,
        nonce: ALICE_NONCE,
        gasPrice: 1n,
        args: { destination: BOB, amount: 10n },
      }),
    );
  // Requests that succeed on the node each method is asked on.
  const cases: [UnaryMethod, 'sim' | 'tx', () => unknown][] = [
    ['spacemesh.v2alpha1.NodeService/Status', 'sim', () => ({})],
    ['spacemesh.v2alpha1.NetworkService/Info', 'sim', () => ({})],
    ['spacemesh.v2alpha1.AccountService/List', 'sim', () => ({ limit: 100 })],
    ['spacemesh.v2alpha1.LayerService/List', 'sim', () => ({ limit: '100', sort_order: 'DESC' })],
    ['spacemesh.v2alpha1.ActivationService/List', 'sim', () => ({ limit: 100 })],
    ['spacemesh.v2alpha1.ActivationService/ActivationsCount', 'sim', () => ({ epoch: 1 })],
    ['spacemesh.v2alpha1.ActivationService/Highest', 'sim', () => ({})],
    ['spacemesh.v2alpha1.RewardService/List', 'sim', () => ({ limit: 100 })],
    ['spacemesh.v2alpha1.MalfeasanceService/List', 'sim', () => ({ limit: 100 })],
    [
      'spacemesh.v2alpha1.TransactionService/ParseTransaction',
      'tx',
      () => ({ transaction: spend(), verify: true }),
    ],
    ['spacemesh.v2alpha1.TransactionService/EstimateGas', 'tx', () => ({ transaction: spend() })],
    [
      'spacemesh.v2alpha1.TransactionService/SubmitTransaction',
      'tx',
      () => ({ transaction: spend() }),
    ],
    [
      'spacemesh.v2alpha1.TransactionService/List',
      'tx',
      () => ({
        limit: 10,
        address: encodeAddress(ALICE, t.node.parts.network.hrp),
        include_state: true,
      }),
    ],
    ['spacemesh.v1.SmesherService/IsSmeshing', 'sim', () => ({})],
    ['spacemesh.v1.SmesherService/SmesherIDs', 'sim', () => ({})],
    ['spacemesh.v1.SmesherService/Coinbase', 'sim', () => ({})],
    ['spacemesh.v1.SmesherService/PostSetupStatus', 'sim', () => ({})],
    ['spacemesh.v1.SmesherService/Eligibilities', 'sim', () => ({})],
    ['spacemesh.v1.SmesherService/NextReward', 'sim', () => ({})],
    ['smesh.v1.BallotService/List', 'sim', () => ({ limit: 100, sort_order: 'DESC' })],
  ];

  it('covers every unary method but start/stop', () => {
    const covered = new Set(cases.map((c) => c[0]));
    const rest = Object.keys(UNARY).filter((m) => !covered.has(m as UnaryMethod));
    expect(rest.sort()).toEqual([
      'spacemesh.v1.SmesherService/StartSmeshing',
      'spacemesh.v1.SmesherService/StopSmeshing',
    ]);
  });

  it.each(cases)('%s answers its v2alpha1 shape', async (method, on, body) => {
    const r = await post(on === 'sim' ? sim : tx, method, body());
    expect(r.status, r.text).toBe(200);
    expect(r.headers.get('content-type')).toBe('application/json');
    const json = JSON.parse(r.text) as unknown;
    expect(checkMessage(UNARY[method][1], json)).toEqual([]);
  });

  it('lists are not empty where the run produced data', async () => {
    for (const [m, key] of [
      ['spacemesh.v2alpha1.LayerService/List', 'layers'],
      ['spacemesh.v2alpha1.ActivationService/List', 'activations'],
      ['spacemesh.v2alpha1.RewardService/List', 'rewards'],
      ['spacemesh.v2alpha1.AccountService/List', 'accounts'],
      ['smesh.v1.BallotService/List', 'ballots'],
    ] as const) {
      const r = JSON.parse((await post(sim, m, { limit: 5 })).text) as Record<string, unknown[]>;
      expect(r[key]!.length, m).toBeGreaterThan(0);
    }
  });

  it.each(['StartSmeshing', 'StopSmeshing'])('%s is UNIMPLEMENTED (501)', async (m) => {
    const r = await post(sim, `spacemesh.v1.SmesherService/${m}`, {});
    expect(r.status).toBe(501);
    const body = JSON.parse(r.text) as { code: number };
    expect(checkMessage(ERROR_SHAPE, body)).toEqual([]);
    expect(body.code).toBe(12);
  });
});

function ndjson(text: string): { result?: unknown; error?: unknown }[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as { result?: unknown });
}

describe('contract: every stream over HTTP', () => {
  it.each(Object.keys(STREAMS) as (keyof typeof STREAMS)[])(
    '%s streams {result} lines of its item shape',
    async (method) => {
      const r = await post(sim, method, {});
      expect(r.status).toBe(200);
      const lines = ndjson(r.text);
      for (const l of lines) expect(checkMessage(STREAMS[method][1], l.result)).toEqual([]);
      if (method.includes('Layer') || method.includes('Reward') || method.includes('Activation'))
        expect(lines.length).toBeGreaterThan(0);
    },
  );

  it('streams as server-sent events on Accept: text/event-stream', async () => {
    const r = await post(
      sim,
      'spacemesh.v2alpha1.LayerStreamService/Stream',
      {},
      {
        accept: 'text/event-stream',
      },
    );
    expect(r.headers.get('content-type')).toBe('text/event-stream');
    const events = r.text.split('\n\n').filter((e) => e !== '');
    expect(events.length).toBe(s.node.applied.length);
    for (const e of events) {
      expect(e.startsWith('data: ')).toBe(true);
      const msg = JSON.parse(e.slice(6)) as { result: unknown };
      expect(
        checkMessage(STREAMS['spacemesh.v2alpha1.LayerStreamService/Stream'][1], msg.result),
      ).toEqual([]);
    }
  });

  it('a watching stream stays open until the client leaves', async () => {
    const abort = new AbortController();
    const layer = s.node.applied[1]!.layer;
    const res = await fetch(`${sim.url}/spacemesh.v2alpha1.LayerStreamService/Stream`, {
      method: 'POST',
      body: JSON.stringify({ watch: true, startLayer: layer, endLayer: layer }),
      signal: abort.signal,
    });
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain(`"number":${layer}`);
    abort.abort();
  });
});

describe('HTTP client', () => {
  it('gives what the in-process API gives', async () => {
    const remote = createHttpApi({ url: sim.url });
    expect(await remote.info()).toEqual(await s.api.info());
    for (const m of [
      'spacemesh.v2alpha1.NodeService/Status',
      'spacemesh.v2alpha1.NetworkService/Info',
      'spacemesh.v1.SmesherService/Eligibilities',
    ] as const)
      expect(await remote.call(m)).toEqual(await s.api.call(m));
    const req = { limit: '7', sortOrder: 'DESC' } as const;
    expect(await remote.call('spacemesh.v2alpha1.RewardService/List', req)).toEqual(
      await s.api.call('spacemesh.v2alpha1.RewardService/List', req),
    );
  });

  it('streams through fetch', async () => {
    const remote = createHttpApi({ url: sim.url });
    const items: number[] = [];
    const h = remote.stream(
      'spacemesh.v2alpha1.LayerStreamService/Stream',
      {},
      {
        item: (l) => items.push(l.number),
      },
    );
    await h.done;
    expect(items).toEqual(s.node.applied.map((a) => a.layer));
  });

  it('turns error bodies into ApiError with the gRPC code', async () => {
    const remote = createHttpApi({ url: sim.url });
    const e = await remote
      .call('spacemesh.v2alpha1.LayerService/List', { limit: '0' })
      .catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(3);
    expect((e as ApiError).message).toBe('limit must be set to <= 100');
    const down = createHttpApi({ url: 'http://127.0.0.1:1' });
    const f = await down.call('spacemesh.v2alpha1.NodeService/Status').catch((x: unknown) => x);
    expect((f as ApiError).code).toBe(14);
  });
});
