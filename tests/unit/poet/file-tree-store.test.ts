// The prover's on-disk tree: a reopened store is cut back to the checkpoint, and a prover on it
// continues to the same root as an uninterrupted run.
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { FileTreeStore } from '../../../src/cli/poet/file-tree-store.ts';
import { nodeHasher } from '../../../src/cli/poet/node-hasher.ts';
import { nobleHasher } from '../../../src/lib/poet/hash.ts';
import { Prover } from '../../../src/lib/poet/prover.ts';
import { MemoryTreeStore } from '../../../src/lib/poet/tree-store.ts';
import { verifyPoetProof } from '../../../src/lib/poet/verifier.ts';

const statement = new Uint8Array(32).fill(5);
let dir: string;
afterEach(async () => dir && rm(dir, { recursive: true, force: true }));

describe('file tree store', () => {
  it('node:crypto and noble hashers agree', () => {
    const data = new Uint8Array([1, 2, 3]);
    expect(bytesToHex(nodeHasher.label(statement, data))).toBe(
      bytesToHex(nobleHasher.label(statement, data)),
    );
    expect(bytesToHex(nodeHasher.node(statement, data, data))).toBe(
      bytesToHex(nobleHasher.node(statement, data, data)),
    );
  });

  it('resumes from a checkpoint after losing unflushed and later work', async () => {
    dir = await mkdtemp(join(tmpdir(), 'smesh-tree-'));
    const reference = new Prover(statement, nodeHasher, new MemoryTreeStore());
    reference.addLeaves(1200);

    const first = await FileTreeStore.open(dir, 0);
    const p1 = new Prover(statement, nodeHasher, first);
    p1.addLeaves(701);
    await first.checkpoint();
    p1.addLeaves(300); // work after the checkpoint that the state file never recorded
    await first.checkpoint();
    await first.close();
    expect((await stat(join(dir, 'layercache_0.bin'))).size).toBe(1001 * 32);

    const second = await FileTreeStore.open(dir, 701); // the state file said 701
    expect((await stat(join(dir, 'layercache_0.bin'))).size).toBe(701 * 32);
    const p2 = new Prover(statement, nodeHasher, second);
    expect(p2.leaves).toBe(701);
    p2.addLeaves(499);
    expect(bytesToHex(p2.root())).toBe(bytesToHex(reference.root()));
    verifyPoetProof(statement, p2.proof());
    await second.close();

    await expect(FileTreeStore.open(dir, 9000)).rejects.toThrow(/checkpoint says/);
  });
});
