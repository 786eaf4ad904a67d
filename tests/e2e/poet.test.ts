// A proof made by the PoET server verifies in headless Chromium: the isomorphic verifier is
// bundled with Vite (lib mode), run in a Web Worker of a page on localhost, and fed the
// server's /v1/proofs JSON as is; a tampered copy is refused there too.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../../scripts/chromium.ts';
import { serveStatic, type StaticServer } from '../../src/cli/static-server.ts';
import { startPoetServer, type RunningPoetServer } from '../../src/cli/poet/server.ts';
import { configGenesisId, withGenesis } from '../../src/lib/config/genesis.ts';
import { getPreset } from '../../src/lib/config/presets.ts';
import { PoetClient } from '../../src/lib/poet/client.ts';
import { roundEnd, roundStart } from '../../src/lib/poet/round.ts';

const LIB = resolve('src/lib/poet');
const WORKER_ENTRY = `
import { decodeProofResponse } from ${JSON.stringify(join(LIB, 'api.ts'))};
import { membershipRoot } from ${JSON.stringify(join(LIB, 'membership.ts'))};
import { verifyPoetProof } from ${JSON.stringify(join(LIB, 'verifier.ts'))};
self.onmessage = (e) => {
  const t0 = performance.now();
  try {
    const r = decodeProofResponse(e.data);
    verifyPoetProof(membershipRoot(r.members), r.proof);
    self.postMessage({ ok: true, ms: performance.now() - t0, leaves: String(r.proof.leaves) });
  } catch (err) {
    self.postMessage({ ok: false, code: err.code ?? null, message: String(err.message) });
  }
};
`;

interface Verdict {
  ok: boolean;
  ms?: number;
  leaves?: string;
  code?: string | null;
  message?: string;
}

let dir: string;
let poet: RunningPoetServer;
let web: StaticServer;
let browser: Browser;
let page: Page;
let proofJson: {
  proof: {
    proof: { proofNodes: string[]; provenLeaves: string[] };
    members: string[];
    leaves: string;
  };
};

function flipBase64(b64: string): string {
  const b = Buffer.from(b64, 'base64');
  b[5]! ^= 0x10;
  return b.toString('base64');
}

async function verifyInWorker(json: unknown): Promise<Verdict> {
  return page.evaluate(
    (data) =>
      new Promise<Verdict>((done) => {
        const w = new Worker('/verify-worker.js', { type: 'module' });
        w.onmessage = (e) => {
          done(e.data as Verdict);
          w.terminate();
        };
        w.onerror = (e) => done({ ok: false, code: 'worker-error', message: e.message });
        w.postMessage(data);
      }),
    json,
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'smesh-poet-e2e-'));
  // devnet with 4 s epochs: a round proves for 3 s.
  const base = withGenesis(getPreset('devnet'), { time: Date.now() - 60_000 });
  const network = {
    ...base,
    layerDurationMs: 400,
    poet: { ...base.poet, phaseShiftMs: 2000, cycleGapMs: 1000 },
  };
  poet = await startPoetServer({
    network,
    dataDir: join(dir, 'poet'),
    host: '127.0.0.1',
    port: 0,
    powDifficulty: 6,
  });
  await writeFile(join(dir, 'verify-worker.ts'), WORKER_ENTRY);
  await build({
    configFile: false,
    logLevel: 'silent',
    root: dir,
    build: {
      outDir: join(dir, 'www'),
      emptyOutDir: true,
      minify: false,
      lib: {
        entry: join(dir, 'verify-worker.ts'),
        formats: ['es'],
        fileName: () => 'verify-worker.js',
      },
    },
  });
  await writeFile(join(dir, 'www', 'index.html'), '<!doctype html><title>poet verifier</title>');

  const client = new PoetClient({ url: poet.url, retries: 2, retryDelayMs: 50 });
  await new Promise((r) =>
    setTimeout(
      r,
      Math.max(0, roundStart(poet.service.rounds, poet.service.openRound) + 50 - Date.now()),
    ),
  );
  const round = poet.service.openRound;
  const genesisId = configGenesisId(network);
  for (let i = 0; i < 3; i++)
    await client.submit({
      secretKey: new Uint8Array(randomBytes(32)),
      genesisId,
      challenge: new Uint8Array(randomBytes(32)),
    });
  await new Promise((r) =>
    setTimeout(r, Math.max(0, roundEnd(poet.service.rounds, round) - Date.now())),
  );
  for (let i = 0; i < 100; i++) {
    const res = await fetch(`${poet.url}/v1/proofs/${round}`);
    if (res.ok) {
      proofJson = (await res.json()) as typeof proofJson;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!proofJson) throw new Error('the server produced no proof');

  web = await serveStatic(join(dir, 'www'), '127.0.0.1', 0);
  browser = await launchChromium();
  page = await browser.newPage();
  await page.goto(web.url);
});

afterAll(async () => {
  await browser?.close();
  await web?.close();
  await poet?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('poet proof in the browser', () => {
  it('bundles the verifier without Node built-ins', async () => {
    const code = await readFile(join(dir, 'www', 'verify-worker.js'), 'utf8');
    expect(code).not.toMatch(/from\s+["']node:/);
  });

  it("verifies the server's proof in a Web Worker, in milliseconds", async () => {
    const v = await verifyInWorker(proofJson);
    expect(v).toMatchObject({ ok: true, leaves: proofJson.proof.leaves });
    const again = await verifyInWorker(proofJson); // a fresh worker; the code is cached
    expect(again.ok).toBe(true);
    expect(Math.min(v.ms!, again.ms!)).toBeLessThan(2000);
    console.log(
      `browser worker verified a ${proofJson.proof.leaves}-leaf proof in ${v.ms!.toFixed(1)} ms ` +
        `(again: ${again.ms!.toFixed(1)} ms)`,
    );
  });

  it('refuses a tampered proof node, leaf, leaf count or member', async () => {
    const clone = () => JSON.parse(JSON.stringify(proofJson)) as typeof proofJson;
    const node = clone();
    node.proof.proof.proofNodes[3] = flipBase64(node.proof.proof.proofNodes[3]!);
    expect(await verifyInWorker(node)).toMatchObject({ ok: false, code: 'bad-root' });
    const leaf = clone();
    leaf.proof.proof.provenLeaves[0] = flipBase64(leaf.proof.proof.provenLeaves[0]!);
    expect(await verifyInWorker(leaf)).toMatchObject({ ok: false, code: 'bad-root' });
    const count = clone();
    count.proof.leaves = String(BigInt(count.proof.leaves) + 1n);
    expect((await verifyInWorker(count)).ok).toBe(false);
    const member = clone();
    member.proof.members[0] = flipBase64(member.proof.members[0]!);
    expect(await verifyInWorker(member)).toMatchObject({ ok: false, code: 'bad-root' });
  });
});
