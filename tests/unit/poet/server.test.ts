// The PoET server in-process on 127.0.0.1: its API shapes, every kind of bad submission (a 4xx
// with {code, message} and no change of state), and the client against it end to end —
// registrations, a verified proof, membership proofs, and a tampered proof refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPoetServer, type RunningPoetServer } from '../../../src/cli/poet/server.ts';
import { PoetClient } from '../../../src/lib/poet/client.ts';
import { roundEnd, roundStart } from '../../../src/lib/poet/round.ts';
import { membershipProof, verifyMembership } from '../../../src/lib/poet/membership.ts';
import { PoetVerificationError } from '../../../src/lib/poet/errors.ts';
import { decodePowParams, type PowParamsResponse } from '../../../src/lib/poet/api.ts';
import {
  genesisIdOf,
  newMember,
  poll,
  postJson,
  submitBody,
  submitRequest,
  testNetwork,
  waitUntil,
  type Member,
} from './helpers.ts';

const network = testNetwork();
let dir: string;
let server: RunningPoetServer;
let pow: PowParamsResponse;
let round: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smesh-poet-'));
  server = await startPoetServer({
    network,
    dataDir: dir,
    host: '127.0.0.1',
    port: 0,
    powDifficulty: 8,
  });
  // Start right after a round opens, so the whole test fits in its 4 s registration window.
  await waitUntil(roundStart(server.service.rounds, server.service.openRound) + 50);
  round = server.service.openRound;
  pow = decodePowParams(await (await fetch(`${server.url}/v1/pow_params`)).json());
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('poet server', () => {
  it('serves info and pow params in grpc-gateway JSON', async () => {
    const info = (await (await fetch(`${server.url}/v1/info`)).json()) as Record<string, unknown>;
    expect(info).toEqual({
      servicePubkey: expect.stringMatching(/^[A-Za-z0-9+/]{43}=$/),
      phaseShift: '2s',
      cycleGap: '1s',
      certifier: null,
    });
    const res = await fetch(`${server.url}/v1/pow_params`);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(pow.difficulty).toBe(8);
    expect(pow.challenge).toHaveLength(32);
  });

  it('answers every bad submission with a 4xx JSON error and keeps its state', async () => {
    const url = `${server.url}/v1/submit`;
    const m = newMember();
    const good = submitRequest(network, pow, m);
    const flip = (b: Uint8Array) => b.map((x, i) => (i === 0 ? x ^ 1 : x));
    const otherGenesis = genesisIdOf(testNetwork(Date.now() - 3_600_000));
    let badNonce = good.nonce + 1n;
    const cases: [string, unknown, number, number][] = [
      ['bad signature', submitBody({ ...good, signature: flip(good.signature) }), 400, 3],
      [
        'signed for another network',
        submitBody({ ...good, prefix: new Uint8Array([...otherGenesis, 4]) }),
        400,
        3,
      ],
      [
        'wrong domain',
        submitBody({ ...good, prefix: new Uint8Array([...genesisIdOf(network), 0]) }),
        400,
        3,
      ],
      ['short public key', submitBody({ ...good, pubkey: good.pubkey.subarray(1) }), 400, 3],
      ['short challenge', submitBody({ ...good, challenge: good.challenge.subarray(1) }), 400, 3],
      ['wrong (future) round', submitBody({ ...good, roundId: String(round + 3) }), 400, 9],
      ['closed round', submitBody({ ...good, roundId: String(round - 1) }), 400, 9],
      ['deadline before the round ends', submitBody({ ...good, deadlineMs: Date.now() }), 400, 9],
      [
        'unknown PoW params',
        submitBody({ ...good, powParams: { ...pow, challenge: flip(pow.challenge) } }),
        400,
        3,
      ],
      ['malformed JSON', '{"challenge": ', 400, 3],
      ['JSON that is not an object', '[1,2]', 400, 3],
      ['bad base64', { ...submitBody(good), challenge: '!!!' }, 400, 3],
      ['oversize body', JSON.stringify({ ...submitBody(good), pad: 'x'.repeat(40_000) }), 413, 8],
    ];
    // A nonce that does not solve the PoW (difficulty 8: most do not).
    const { checkLeadingZeroBits, powHash } = await import('../../../src/lib/poet/pow.ts');
    while (checkLeadingZeroBits(powHash(pow.challenge, m.nodeId, m.challenge, badNonce), 8))
      badNonce++;
    cases.push(['bad PoW', submitBody({ ...good, nonce: badNonce }), 400, 3]);

    for (const [what, body, status, code] of cases) {
      const r = await postJson(url, body);
      expect([what, r.status]).toEqual([what, status]);
      expect([what, r.json['code']]).toEqual([what, code]);
      expect(typeof r.json['message']).toBe('string');
      expect(server.service.openRoundRegistrations).toBe(0);
    }

    const ok = await postJson(url, submitBody(good));
    expect(ok.status).toBe(200);
    expect(ok.json['roundId']).toBe(String(round));
    expect(ok.json['roundEnd']).toMatch(/^\d+(\.\d{3})?s$/);
    expect(server.service.openRoundRegistrations).toBe(1);

    const dup = await postJson(url, submitBody(good));
    expect([dup.status, dup.json['code']]).toEqual([409, 6]);
    const conflicting = submitRequest(network, pow, { ...m, challenge: flip(m.challenge) });
    const conflict = await postJson(url, submitBody(conflicting));
    expect([conflict.status, conflict.json['code'], conflict.json['message']]).toEqual([
      409,
      6,
      'conflicting registration',
    ]);
    expect(server.service.openRoundRegistrations).toBe(1);
    members.push(m);
  });

  it('routes: unknown path 404, wrong method, missing proof 404', async () => {
    expect((await fetch(`${server.url}/v2/nothing`)).status).toBe(404);
    expect((await fetch(`${server.url}/v1/submit`)).status).toBe(501);
    const missing = await fetch(`${server.url}/v1/proofs/99999`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ code: 5, message: 'proof not found', details: [] });
  });

  const members: Member[] = [];

  it('client: registers, and returns the round proof only after verifying it', async () => {
    const client = new PoetClient({ url: server.url, retries: 2, retryDelayMs: 50 });
    const genesisId = genesisIdOf(network);
    for (let i = 0; i < 3; i++) {
      const m = newMember();
      const r = await client.submit({ secretKey: m.secretKey, genesisId, challenge: m.challenge });
      expect(r.roundId).toBe(String(round));
      members.push(m);
    }
    // A retried submit whose first answer was lost is a success, not an error.
    const again = await client.submit({
      secretKey: members[1]!.secretKey,
      genesisId,
      challenge: members[1]!.challenge,
    });
    expect(again.roundId).toBe(String(round));
    expect(server.service.openRoundRegistrations).toBe(4);

    await waitUntil(roundEnd(server.service.rounds, round));
    const proof = await poll(() => client.proof(String(round)).catch(() => undefined), 8000);
    expect(proof.proof.leaves).toBeGreaterThanOrEqual(150n);
    const byNodeId = [...members].sort((a, b) => Buffer.compare(a.nodeId, b.nodeId));
    expect(proof.members).toEqual(byNodeId.map((m) => m.challenge));
    for (let i = 0; i < proof.members.length; i++) {
      verifyMembership(proof.members[i]!, membershipProof(proof.members, i), proof.statement);
    }
    const other = newMember().challenge;
    expect(() =>
      verifyMembership(other, membershipProof(proof.members, 0), proof.statement),
    ).toThrow(PoetVerificationError);

    // The same proof with one byte changed on the wire is refused by the client.
    const tampering = new PoetClient({
      url: server.url,
      retries: 0,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        const j = (await res.json()) as { proof: { members: string[] } };
        const m0 = Buffer.from(j.proof.members[0]!, 'base64');
        m0[0]! ^= 1;
        j.proof.members[0] = m0.toString('base64');
        return new Response(JSON.stringify(j), { status: res.status });
      },
    });
    await expect(tampering.proof(String(round))).rejects.toBeInstanceOf(PoetVerificationError);
  });

  it('client: retries a server that is not there yet, then gives up', async () => {
    let calls = 0;
    const client = new PoetClient({
      url: 'http://127.0.0.1:1',
      retries: 2,
      retryDelayMs: 10,
      fetch: async (input, init) => {
        calls++;
        return fetch(input, init);
      },
    });
    await expect(client.info()).rejects.toThrow(/no answer after 3 attempts/);
    expect(calls).toBe(3);
  });
});
