// The server's data directory: the registration log survives torn writes, duplicates keep the
// first registration, and state files round trip.
import { afterEach, describe, expect, it } from 'vitest';
import { appendFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilePoetStore } from '../../../src/cli/poet/file-store.ts';

let dir: string;
afterEach(async () => dir && rm(dir, { recursive: true, force: true }));
const bytes = (v: number) => new Uint8Array(32).fill(v);
const hex = (v: number) => Buffer.from(bytes(v)).toString('hex');

describe('file poet store', () => {
  it('reads back every acknowledged registration despite torn lines', async () => {
    dir = await mkdtemp(join(tmpdir(), 'smesh-poet-store-'));
    const store = await FilePoetStore.open(dir);
    await store.appendRegistration(3, { nodeId: bytes(1), challenge: bytes(2) });
    const log = join(dir, 'rounds', '3', 'registrations.log');
    await appendFile(log, hex(9).slice(0, 20)); // a failed append left a fragment
    await store.appendRegistration(3, { nodeId: bytes(3), challenge: bytes(4) });
    await store.appendRegistration(3, { nodeId: bytes(1), challenge: bytes(5) }); // same node again
    await appendFile(log, `${hex(7)} ${hex(8).slice(0, 10)}`); // crash mid-append: never acknowledged
    expect(await store.registrations(3)).toEqual([
      { nodeId: bytes(1), challenge: bytes(2) },
      { nodeId: bytes(3), challenge: bytes(4) },
    ]);
    expect(await store.registrations(4)).toEqual([]);
    expect(await store.registrationRounds()).toEqual([3]);
  });

  it('keeps execution state until the proof is saved, then drops the tree', async () => {
    dir = await mkdtemp(join(tmpdir(), 'smesh-poet-store-'));
    const store = await FilePoetStore.open(dir);
    await store.saveExecution({ round: 2, statement: bytes(6), leaves: 0, startedMs: 5 });
    const tree = await store.openTree(2, 0);
    tree.append(0, bytes(1));
    tree.append(0, bytes(2));
    tree.append(1, bytes(3));
    await tree.checkpoint();
    await tree.close();
    await store.saveExecution({ round: 2, statement: bytes(6), leaves: 2, startedMs: 5 });
    expect(await store.executions()).toEqual([
      { round: 2, statement: bytes(6), leaves: 2, startedMs: 5 },
    ]);
    const proof = { proof: { root: bytes(1), provenLeaves: [], proofNodes: [] }, leaves: 2n };
    await store.saveProof({ round: 2, proof, members: [bytes(4)] });
    expect(await store.executions()).toEqual([]);
    expect(await store.loadProof(2)).toEqual({ round: 2, proof, members: [bytes(4)] });
    expect(await readdir(join(dir, 'rounds', '2'))).toEqual([]);
    expect(await store.loadProof(1)).toBeNull();
  });
});
