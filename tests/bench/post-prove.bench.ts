// PoST proving and verification. Proving is an AES scan over the label data, so its reference is
// node:crypto AES-128-ECB (OpenSSL, AES-NI) over the same bytes; verification is dominated by
// recomputing labels, so its reference is the time of one label at the same scrypt N.
import { createCipheriv, randomBytes } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { measure, report } from './harness.ts';
import type { Rate } from './harness.ts';
import type { AesFactory } from '../../src/lib/post/cipher.ts';
import { nodeAes } from '../../src/cli/post/node-aes.ts';
import { Prover8_56, generateProof } from '../../src/lib/post/prove.ts';
import { provingDifficulty } from '../../src/lib/post/difficulty.ts';
import { verifyProof } from '../../src/lib/post/verify.ts';
import { ScanPool, scanParallel } from '../../src/lib/post/prove-workers.ts';
import { spawnNodeProveWorker } from '../../src/cli/post/prove-verify.ts';
import { LabelHasher, commitment } from '../../src/lib/post/labels.ts';
import { LABEL_SIZE } from '../../src/lib/post/interface.ts';

const GiB = 1 << 30;

/** 128 nonces are 8 AES passes over the data: also show the AES work per second. */
function perPass(r: { perSecond: number }, passes: number): void {
  console.log(`  = ${(r.perSecond * passes).toFixed(3)} GiB/s of AES input over ${passes} passes`);
}

/**
 * Rates of `a` and `b` measured in alternation (one call each per round, ≥ `ms` in all), so
 * that load from elsewhere on the machine weighs on both alike.
 */
async function interleaved(
  a: () => number | Promise<number>,
  b: () => number | Promise<number>,
  unit: string,
  ms = 3000,
): Promise<[Rate, Rate]> {
  await a();
  await b(); // warm-up
  let ua = 0;
  let ub = 0;
  let ta = 0;
  let tb = 0;
  while (ta + tb < ms) {
    let t = performance.now();
    ua += await a();
    ta += performance.now() - t;
    t = performance.now();
    ub += await b();
    tb += performance.now() - t;
  }
  return [
    { perSecond: (ua * 1000) / ta, unit },
    { perSecond: (ub * 1000) / tb, unit },
  ];
}

export async function run(): Promise<void> {
  const MiB = 1 << 20;
  const data = new Uint8Array(randomBytes(16 * MiB));
  const challenge = new Uint8Array(randomBytes(32));
  const key = new Uint8Array(randomBytes(16));
  // Mainnet's K1 and 4 units of 2^32 labels: difficulty < 2^56, msb = 0, as in production.
  const difficulty = provingDifficulty(26, 4n << 32n);

  // The reference: OpenSSL over the same 16 MiB in 1 MiB updates, its fastest feed here (64 KiB
  // to 4 MiB measured: 1 MiB leads; one 16 MiB update allocates a 16 MiB output and is slower).
  const openssl = () => {
    const c = createCipheriv('aes-128-ecb', key, null);
    c.setAutoPadding(false);
    for (let at = 0; at < data.length; at += 1 << 20) c.update(data.subarray(at, at + (1 << 20)));
    c.final();
    return data.length / GiB;
  };

  const prover = (nonces: number, aes?: AesFactory) => {
    const pows = Array.from({ length: nonces / 16 }, () => 0n);
    const p = new Prover8_56(challenge, 0, nonces, pows, difficulty, aes);
    return () => {
      p.prove(data, 0n, () => null);
      return data.length / GiB;
    };
  };
  const cases: [string, number, () => number | Promise<number>][] = [
    ['16 nonces (1 AES pass), isomorphic table AES', 1, prover(16)],
    ['128 nonces (8 AES passes), isomorphic table AES', 8, prover(128)],
    ['16 nonces, node:crypto AES plugged in', 1, prover(16, nodeAes)],
    ['128 nonces, node:crypto AES plugged in', 8, prover(128, nodeAes)],
  ];

  // All cores: worker_threads scanning slices (node:crypto AES in the workers), fed from memory.
  const threads = availableParallelism();
  const pool = new ScanPool(spawnNodeProveWorker, threads);
  const reader = {
    totalLabels: BigInt(data.length / LABEL_SIZE),
    read: (s: bigint, n: number) =>
      Promise.resolve(data.slice(Number(s) * LABEL_SIZE, (Number(s) + n) * LABEL_SIZE)),
  };
  for (const nonces of [16, 128]) {
    const pows = Array.from({ length: nonces / 16 }, () => 0n);
    const r = { challenge, nonceStart: 0, pows, difficulty };
    cases.push([
      `${nonces} nonces, ${threads} worker threads`,
      nonces / 16,
      async () => {
        await scanParallel(
          pool,
          reader,
          65536 * threads,
          r,
          () => null,
          () => {},
          undefined,
        );
        return data.length / GiB;
      },
    ]);
  }
  try {
    for (const [name, passes, fn] of cases) {
      const [ours, ref] = await interleaved(fn, openssl, 'GiB');
      report(`PoST proving, ${name}`, ours, 'node:crypto AES-128-ECB (1 thread)', ref);
      if (passes > 1) perPass(ours, passes);
    }
  } finally {
    await pool.close();
  }

  // Verification at mainnet's N: a small data set (so that init stays quick), K3 = 1 as mainnet.
  const N = 8192;
  const nodeId = new Uint8Array(32).fill(1);
  const atx = new Uint8Array(32).fill(2);
  const lpu = 64n;
  const hasher = new LabelHasher(N);
  const c = commitment(nodeId, atx);
  const initData = hasher.batch(c, 0n, Number(lpu)).labels;
  const cfg = { k1: 8, k2: 6, powDifficulty: new Uint8Array(32).fill(0xff) };
  const proof = await generateProof(
    {
      totalLabels: lpu,
      read: (s, n) =>
        Promise.resolve(initData.slice(Number(s) * LABEL_SIZE, (Number(s) + n) * LABEL_SIZE)),
    },
    challenge,
    cfg,
    { nodeId, numUnits: 1, labelsPerUnit: lpu },
    { nonces: 64 },
  );
  const meta = { nodeId, commitmentAtxId: atx, challenge, numUnits: 1 };
  const vcfg = { ...cfg, minNumUnits: 1, maxNumUnits: 1, labelsPerUnit: lpu, scryptN: N };
  const label = await measure(() => void hasher.output(c, 7n), 'label', 2000);
  const k3 = await measure(
    () =>
      verifyProof(proof, meta, vcfg, {
        mode: { kind: 'subset', k3: 1, seed: new Uint8Array(4) },
        label: (cm, i) => hasher.output(cm, i),
      }),
    'proof',
    2000,
  );
  report(`PoST verify one proof (K3 = 1, N = ${N})`, k3, 'one label at the same N', label);
  const all = await measure(
    () => verifyProof(proof, meta, vcfg, { label: (cm, i) => hasher.output(cm, i) }),
    'proof',
    2000,
  );
  report(
    `PoST verify one proof (all K2 = ${cfg.k2}, N = ${N})`,
    all,
    'one label at the same N',
    label,
  );
  console.log(
    `  verify time: K3=1 ${(1000 / k3.perSecond).toFixed(2)} ms, K2=${cfg.k2} ${(1000 / all.perSecond).toFixed(2)} ms; one label ${(1000 / label.perSecond).toFixed(2)} ms`,
  );
}
