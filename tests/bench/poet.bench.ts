// PoET prover and verifier. The prover's leaves/s is set against the raw bound of the same run:
// sequential node:crypto SHA-256 calls per second ÷ 401 (400 nested label hashes + ~1 tree node
// per leaf) — the ratio is what the prover's own overhead (labels' inputs, tree, disk) costs.
// Verification is timed for one proof with the isomorphic (noble) verifier the browser runs.
import { hash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measure, report, type Rate } from './harness.ts';
import { FileTreeStore } from '../../src/cli/poet/file-tree-store.ts';
import { nodeHasher } from '../../src/cli/poet/node-hasher.ts';
import { nobleHasher } from '../../src/lib/poet/hash.ts';
import { Prover } from '../../src/lib/poet/prover.ts';
import { verifyPoetProof } from '../../src/lib/poet/verifier.ts';

const HASHES_PER_LEAF = 401;

async function rawBound(): Promise<Rate> {
  let h: Uint8Array = new Uint8Array(32);
  const calls = await measure(() => {
    for (let i = 0; i < 1000; i++) h = hash('sha256', h, 'buffer');
    return 1000;
  }, 'sha256');
  return { perSecond: calls.perSecond / HASHES_PER_LEAF, unit: 'leaves' };
}

export async function run(): Promise<void> {
  const statement = new Uint8Array(32).fill(0x5a);
  const dir = await mkdtemp(join(tmpdir(), 'smesh-poet-bench-'));
  try {
    // The server's configuration: node:crypto hashes, tree layers in files.
    const tree = await FileTreeStore.open(dir, 0);
    const prover = new Prover(statement, nodeHasher, tree);
    // Raw bound measured before and after the prover; the mean evens out a busy machine.
    const before = await rawBound();
    const leaves = await measure(
      () => {
        prover.addLeaves(32);
        return 32;
      },
      'leaves',
      3000,
    );
    const after = await rawBound();
    const bound: Rate = { perSecond: (before.perSecond + after.perSecond) / 2, unit: 'leaves' };
    const ratio = report(
      'poet prover (node:crypto, file tree)',
      leaves,
      'raw bound (sha256 calls/s ÷ 401)',
      bound,
    );
    console.log(`poet prover ratio target ≥ 0.8: ${ratio >= 0.8 ? 'met' : 'NOT met'}`);
    await tree.checkpoint();

    const proof = prover.proof();
    const verify = await measure(() => verifyPoetProof(statement, proof), 'proofs', 2000);
    const label = await measure(() => {
      nobleHasher.label(statement, new Uint8Array(8));
    }, 'labels');
    const ms = 1000 / verify.perSecond;
    console.log(
      `poet verify one proof (${proof.leaves} leaves, ${proof.proof.proofNodes.length} nodes, noble): ` +
        `${ms.toFixed(1)} ms = ${(label.perSecond / verify.perSecond).toFixed(0)} label times ` +
        `(150 labels are the floor; one noble label ${(1000 / label.perSecond).toFixed(3)} ms)`,
    );
    await tree.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
