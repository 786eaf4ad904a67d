// The round loop across downtime, on a real data directory and a clock that can jump: a round
// whose registration closed while the server was down is still proven when restarted before
// its end, and skipped when restarted after it.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilePoetStore } from '../../../src/cli/poet/file-store.ts';
import { nodeHasher } from '../../../src/cli/poet/node-hasher.ts';
import { PoetService } from '../../../src/lib/poet/service.ts';
import { roundConfigOf, roundEnd, roundStart } from '../../../src/lib/poet/round.ts';
import { membershipRoot } from '../../../src/lib/poet/membership.ts';
import { verifyPoetProof } from '../../../src/lib/poet/verifier.ts';
import { newMember, poll, submitRequest, testNetwork } from './helpers.ts';

const network = testNetwork();
const rc = roundConfigOf(network);
let dir: string;
afterEach(async () => dir && rm(dir, { recursive: true, force: true }));

async function serviceAt(clock: { offset: number }, logs: string[]) {
  return PoetService.open({
    network,
    store: await FilePoetStore.open(dir),
    hasher: nodeHasher,
    servicePublicKey: new Uint8Array(32),
    powDifficulty: 4,
    now: () => Date.now() + clock.offset,
    log: (l) => logs.push(l),
  });
}

/** Registers two members in the round open at a time 1 s before round `round` starts. */
async function registerBeforeStart(round: number, clock: { offset: number }) {
  clock.offset = roundStart(rc, round) - 1000 - Date.now();
  const s = await serviceAt(clock, []);
  expect(s.openRound).toBe(round);
  const members = [newMember(), newMember()];
  for (const m of members) await s.submit(submitRequest(network, s.powParams(), m));
  return members;
}

describe('poet service across downtime', () => {
  it('proves a round whose start passed while it was down', async () => {
    dir = await mkdtemp(join(tmpdir(), 'smesh-poet-svc-'));
    const round = 50;
    const clock = { offset: 0 };
    const members = await registerBeforeStart(round, clock);
    // Back up 0.5 s into the round's 3 s of proving.
    clock.offset = roundStart(rc, round) + 500 - Date.now();
    const logs: string[] = [];
    const s = await serviceAt(clock, logs);
    expect(s.openRound).toBe(round + 1);
    const running = s.run();
    const proof = await poll(() => s.proof(String(round)).catch(() => undefined), 6000);
    await s.stop();
    await running;
    const sorted = [...members].sort((a, b) => Buffer.compare(a.nodeId, b.nodeId));
    expect(proof.members).toEqual(sorted.map((m) => m.challenge));
    verifyPoetProof(membershipRoot(proof.members), proof.proof);
    expect(logs).toContain(`closed round ${round} with 2 members`);
    expect(logs.some((l) => l.startsWith(`round ${round} proven with`))).toBe(true);
    // A new proof's root becomes the PoW challenge, the old one stays valid.
    expect(s.powParams().challenge).toEqual(proof.proof.proof.root);
  });

  it('skips a round that ended while it was down', async () => {
    dir = await mkdtemp(join(tmpdir(), 'smesh-poet-svc-'));
    const round = 60;
    const clock = { offset: 0 };
    await registerBeforeStart(round, clock);
    clock.offset = roundEnd(rc, round) + 100 - Date.now();
    const logs: string[] = [];
    const s = await serviceAt(clock, logs);
    expect(logs).toContain(`skipping past round ${round}`);
    await expect(s.proof(String(round))).rejects.toMatchObject({ code: 5 });
  });
});
