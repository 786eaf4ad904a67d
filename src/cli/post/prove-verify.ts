// `smesh post prove` and `smesh post verify`, postcli-style, over a directory that `smesh post
// init` wrote. Proving plugs node:crypto's AES (OpenSSL, AES-NI) into the isomorphic prover.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { K2PowError, k2PowFor } from '../../lib/post/k2pow.ts';
import type { K2PowKind } from '../../lib/post/k2pow.ts';
import { ProofFormatError, proofFromJson, proofToJson } from '../../lib/post/proof.ts';
import { ProvingError, generateProof } from '../../lib/post/prove.ts';
import type { ProveProgress, ProveWorker, SpawnProveWorker } from '../../lib/post/prove.ts';
import { PostVerificationError, verifyProof } from '../../lib/post/verify.ts';
import { parseArgs } from '../args.ts';
import { UsageError } from '../io.ts';
import type { CliIO } from '../io.ts';
import { FileLabelReader } from './file-storage.ts';
import { nodeAes } from './node-aes.ts';
import { parseHex32, parseInteger, parseScryptN } from './options.ts';

const WORKER_URL = new URL('./prove-worker.ts', import.meta.url);

/** Node's SpawnProveWorker: one worker_threads Worker per proving thread. */
export const spawnNodeProveWorker: SpawnProveWorker = (): ProveWorker => {
  const w = new Worker(WORKER_URL);
  let terminated = false;
  return {
    post: (req) => w.postMessage(req, [req.labels.buffer as ArrayBuffer]),
    listen(onResponse, onFailure) {
      w.on('message', onResponse);
      w.on('error', onFailure);
      w.on('exit', (code) => {
        if (!terminated) onFailure(new Error(`prove worker exited with code ${code}`));
      });
    },
    terminate: async () => {
      terminated = true;
      await w.terminate();
    },
  };
};

const FF32 = 'ff'.repeat(32);

const common = `  --dir D                 data directory written by 'smesh post init'
  --challenge HEX         32 bytes
  --k1 K1                 labels expected to pass per nonce (mainnet 26)
  --k2 K2                 labels a proof carries (mainnet 37)
  --pow-difficulty HEX    k2pow threshold, 32 bytes (default ff…ff)
  --k2pow none|randomx    (default none; randomx is not implemented yet)`;

export const proveUsage = `Usage: smesh post prove --dir D --challenge HEX --k1 K1 --k2 K2 [--nonces M]

Scans the PoST data for a nonce with K2 passing labels and prints the proof as
post-rs's JSON ({"nonce", "indices" (base64), "pow"}) on stdout.

${common}
  --nonces M              nonces per pass over the data, a multiple of 16 (default 128)
  --threads T             proving threads (default: all cores; 1 scans on the main thread)`;

export const verifyUsage = `Usage: smesh post verify --dir D --proof FILE --challenge HEX --k1 K1 --k2 K2 --k3 K3

Verifies a proof against the metadata in D (node id, commitment ATX, units),
recomputing K3 labels. Exit 0 when valid; 1 with the reason when not.

${common}
  --proof FILE            proof JSON as 'smesh post prove' prints it ('-' for stdin)
  --k3 K3                 labels re-checked (mainnet 1; K2 checks all)
  --scrypt-n N            scrypt N of the labels (default 8192)
  --seed HEX              seed of the K3 subset choice (default empty)
  --min-num-units U       (default 1)
  --max-num-units U       (default 4294967295)
  --post-rs-compat        accept repeated / out-of-range indices as post-rs does`;

const proofSpec = {
  dir: { type: 'string', required: true },
  challenge: { type: 'string', required: true },
  k1: { type: 'string', required: true },
  k2: { type: 'string', required: true },
  'pow-difficulty': { type: 'string' },
  k2pow: { type: 'string' },
} as const;

function parseCommon(o: Record<string, string | boolean | undefined>) {
  const k2powName = o.k2pow ?? 'none';
  if (k2powName !== 'none' && k2powName !== 'randomx')
    throw new UsageError(`--k2pow must be none or randomx: '${String(k2powName)}'`);
  return {
    dir: resolve(String(o.dir)),
    challenge: parseHex32(o.challenge, 'challenge'),
    k1: Number(parseInteger(o.k1, 'k1', 1n, 0xffffffffn)),
    k2: Number(parseInteger(o.k2, 'k2', 1n, 0xffffffffn)),
    powDifficulty: parseHex32(o['pow-difficulty'] ?? FF32, 'pow-difficulty'),
    k2powKind: k2powName as K2PowKind,
  };
}

function progress(io: CliIO): (p: ProveProgress) => void {
  let last = -Infinity;
  return (p) => {
    const now = Date.now();
    const done = p.labelsDone >= p.totalLabels;
    if (!done && now - last < 500) return;
    last = now;
    const pct = Number((p.labelsDone * 1000n) / p.totalLabels) / 10;
    const line = `nonces [${p.nonceStart}, ${p.nonceEnd}): ${p.labelsDone}/${p.totalLabels} labels (${pct.toFixed(1)}%)`;
    if (io.isTTY) {
      const filled = Math.floor(pct / (100 / 30));
      process.stderr.write(`\r\x1b[2K${'█'.repeat(filled)}${'░'.repeat(30 - filled)} ${line}`);
      if (done) process.stderr.write('\n');
    } else io.err(`progress: ${line}`);
  };
}

export async function runProve(args: string[], io: CliIO): Promise<number> {
  const { options: o, positionals } = parseArgs(args, {
    ...proofSpec,
    nonces: { type: 'string' },
    threads: { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const c = parseCommon(o);
  const nonces = Number(parseInteger(o.nonces ?? '128', 'nonces', 16n, 4096n));
  if (nonces % 16 !== 0) throw new UsageError(`--nonces must be a multiple of 16: ${nonces}`);
  const threads = Number(
    parseInteger(o.threads ?? String(availableParallelism()), 'threads', 1n, 1024n),
  );
  try {
    const k2pow = k2PowFor(c.k2powKind);
    const reader = await FileLabelReader.open(c.dir);
    const m = reader.metadata;
    if (m.lastPosition === null || m.lastPosition < reader.totalLabels) {
      // Labels past LastPosition may be missing or unsynced: a proof over them would not verify.
      io.err(
        `smesh post prove: initialization has not finished (LastPosition ${m.lastPosition ?? 'null'} of ${reader.totalLabels} labels); run 'smesh post init' again to complete it`,
      );
      return 1;
    }
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    try {
      const proof = await generateProof(
        reader,
        c.challenge,
        { k1: c.k1, k2: c.k2, powDifficulty: c.powDifficulty },
        { nodeId: m.nodeId, numUnits: m.numUnits, labelsPerUnit: m.labelsPerUnit },
        {
          nonces,
          k2pow,
          aes: nodeAes,
          signal: abort.signal,
          onProgress: progress(io),
          ...(threads > 1 ? { workers: { spawn: spawnNodeProveWorker, threads } } : {}),
        },
      );
      io.out(proofToJson(proof));
      return 0;
    } finally {
      process.off('SIGINT', onSignal);
    }
  } catch (e) {
    if (e instanceof ProvingError || e instanceof K2PowError) {
      io.err(`smesh post prove: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

export async function runVerify(args: string[], io: CliIO): Promise<number> {
  const { options: o, positionals } = parseArgs(args, {
    ...proofSpec,
    proof: { type: 'string', required: true },
    k3: { type: 'string', required: true },
    'scrypt-n': { type: 'string' },
    seed: { type: 'string' },
    'min-num-units': { type: 'string' },
    'max-num-units': { type: 'string' },
    'post-rs-compat': { type: 'boolean' },
  });
  if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
  const c = parseCommon(o);
  const k3 = Number(parseInteger(o.k3, 'k3', 1n, BigInt(c.k2)));
  const scryptN = parseScryptN(o['scrypt-n'] ?? '8192');
  const seedHex = typeof o.seed === 'string' ? o.seed.replace(/^0x/i, '') : '';
  if (!/^([0-9a-fA-F]{2})*$/.test(seedHex)) throw new UsageError('--seed must be hex');
  const seed = Uint8Array.from(seedHex.match(/../g) ?? [], (h) => parseInt(h, 16));
  const minNumUnits = Number(
    parseInteger(o['min-num-units'] ?? '1', 'min-num-units', 0n, 0xffffffffn),
  );
  const maxNumUnits = Number(
    parseInteger(o['max-num-units'] ?? '4294967295', 'max-num-units', 0n, 0xffffffffn),
  );
  const file = String(o.proof);
  const text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  try {
    const proof = proofFromJson(text);
    const k2pow = k2PowFor(c.k2powKind);
    const reader = await FileLabelReader.open(c.dir);
    const m = reader.metadata;
    await verifyProof(
      proof,
      {
        nodeId: m.nodeId,
        commitmentAtxId: m.commitmentAtxId,
        challenge: c.challenge,
        numUnits: m.numUnits,
      },
      {
        minNumUnits,
        maxNumUnits,
        labelsPerUnit: m.labelsPerUnit,
        scryptN,
        k1: c.k1,
        k2: c.k2,
        powDifficulty: c.powDifficulty,
      },
      { mode: { kind: 'subset', k3, seed }, k2pow, strictIndices: o['post-rs-compat'] !== true },
    );
    io.out('valid');
    return 0;
  } catch (e) {
    if (e instanceof PostVerificationError) {
      io.out(`invalid: ${e.reason}: ${e.message}`);
      return 1;
    }
    if (e instanceof ProofFormatError || e instanceof K2PowError) {
      io.err(`smesh post verify: ${e.message}`);
      return 1;
    }
    throw e;
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
