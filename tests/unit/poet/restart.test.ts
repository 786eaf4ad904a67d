// `smesh poet` as a real process, SIGKILLed in the middle of a round and started again on the
// same data directory: every acknowledged registration is still there (the round's proof lists
// them; the next round's refuse a duplicate), the prover resumes from its checkpoint instead of
// leaf 0, and the proof verifies.
import { afterAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatGenesisTime } from '../../../src/lib/config/genesis.ts';
import { PoetClient } from '../../../src/lib/poet/client.ts';
import { openRoundId, roundConfigOf, roundStart } from '../../../src/lib/poet/round.ts';
import { decodePowParams } from '../../../src/lib/poet/api.ts';
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

interface Proc {
  child: ChildProcess;
  url: string;
  stderr: () => string;
}

const children: ChildProcess[] = [];

async function startPoet(dataDir: string, genesis: string): Promise<Proc> {
  const child = spawn(
    process.execPath,
    [
      'bin/smesh.js',
      'poet',
      '--listen',
      '127.0.0.1:0',
      '--data-dir',
      dataDir,
      '--preset',
      'devnet',
      '--genesis-time',
      genesis,
      '--epoch-duration',
      '4s',
      '--phase-shift',
      '2s',
      '--cycle-gap',
      '1s',
      '--pow-difficulty',
      '8',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  children.push(child);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const url = await poll(async () => /poet listening on (\S+)/.exec(out)?.[1], 15_000, 20).catch(
    (e: unknown) => {
      throw new Error(`poet did not start: ${String(e)}\n${err}`);
    },
  );
  return { child, url, stderr: () => err };
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((r) => {
    if (child.exitCode !== null || child.signalCode !== null) r(child.exitCode);
    else child.once('exit', (code) => r(code));
  });
}

let dir: string | undefined;
afterAll(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('poet server restart', () => {
  it('survives SIGKILL mid-round: registrations kept, tree resumed, proof verifies', async () => {
    dir = await mkdtemp(join(tmpdir(), 'smesh-poet-kill-'));
    const genesisMs = Math.floor(Date.now() / 1000) * 1000 - 60_000;
    const network = testNetwork(genesisMs);
    const rc = roundConfigOf(network);
    const genesisId = genesisIdOf(network);
    let a = await startPoet(dir, formatGenesisTime(genesisMs));
    let round = openRoundId(rc, Date.now());
    if (roundStart(rc, round) - Date.now() < 2500) {
      await waitUntil(roundStart(rc, round) + 50);
      round++;
    }
    const client = (url: string) => new PoetClient({ url, retries: 1, retryDelayMs: 50 });
    const members: Member[] = [newMember(), newMember(), newMember()];
    for (const m of members) {
      const r = await client(a.url).submit({
        secretKey: m.secretKey,
        genesisId,
        challenge: m.challenge,
      });
      expect(r.roundId).toBe(String(round));
    }
    // Round `round` is proving; the next one takes registrations. Kill only once a checkpoint
    // is on disk, so the restart has something to resume from.
    await waitUntil(roundStart(rc, round) + 200);
    await poll(
      async () => {
        const state = await readFile(
          join(dir!, 'rounds', String(round), 'state.json'),
          'utf8',
        ).catch(() => '{}');
        return (JSON.parse(state) as { leaves?: number }).leaves! > 0 ? true : undefined;
      },
      2500,
      20,
    );
    const next = newMember();
    const pow = decodePowParams(await (await fetch(`${a.url}/v1/pow_params`)).json());
    const nextReq = submitRequest(network, pow, next);
    const r1 = await postJson(`${a.url}/v1/submit`, submitBody(nextReq));
    expect([r1.status, r1.json['roundId']]).toEqual([200, String(round + 1)]);
    expect(a.stderr()).toContain(`executing round ${round} from leaf 0`);

    a.child.kill('SIGKILL');
    await exited(a.child);
    a = await startPoet(dir, formatGenesisTime(genesisMs));

    const resumed = await poll(
      async () => new RegExp(`executing round ${round} from leaf (\\d+)`).exec(a.stderr())?.[1],
      5000,
      20,
    );
    expect(Number(resumed)).toBeGreaterThan(0);

    // The next round's registration survived: a resubmission is a duplicate, a change conflicts.
    const dup = await postJson(`${a.url}/v1/submit`, submitBody(nextReq));
    expect([dup.status, dup.json['code'], dup.json['message']]).toEqual([
      409,
      6,
      `challenge is already submitted: round ${round + 1}`,
    ]);
    const changed = submitRequest(network, pow, { ...next, challenge: newMember().challenge });
    const conflict = await postJson(`${a.url}/v1/submit`, submitBody(changed));
    expect([conflict.status, conflict.json['message']]).toEqual([409, 'conflicting registration']);

    const proof = await poll(
      () =>
        client(a.url)
          .proof(String(round))
          .catch(() => undefined),
      10_000,
    );
    const sorted = [...members].sort((x, y) => Buffer.compare(x.nodeId, y.nodeId));
    expect(proof.members).toEqual(sorted.map((m) => m.challenge));
    expect(proof.proof.leaves).toBeGreaterThan(BigInt(resumed));

    a.child.kill('SIGTERM');
    expect(await exited(a.child)).toBe(0);
  }, 40_000);
});
