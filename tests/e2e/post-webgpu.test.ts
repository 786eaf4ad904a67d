// The PoST worker computing labels with WebGPU in real headless Chromium (SwiftShader here):
// a tiny page, built with Vite into tests/e2e/output, starts src/workers/post.worker.ts and
// the labels must match the vectors, including N = 8192, and the VRF nonce the CPU scan.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, relative, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { openTestSite, type TestSite } from './test-site.ts';
import { LabelHasher, vrfDifficulty } from '../../src/lib/post/labels.ts';
import { loadVectors } from '../unit/vectors.ts';

const SITE = resolve('tests/e2e/output/post-webgpu-site');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

interface PostLabelVector {
  commitment: string;
  n: number;
  index: number;
  output: string;
}

// The page exposes `run(commitmentHex, start, count, n, difficultyHex?)` over the worker.
const WORKER = relative(join(SITE, 'src'), resolve('src/workers/post.worker.ts'));
const MAIN = `
import { wrap } from 'comlink';
const worker = new Worker(new URL('${WORKER}', import.meta.url), { type: 'module' });
const post = wrap(worker);
const bytes = (h) => Uint8Array.from(h.match(/../g), (b) => parseInt(b, 16));
const hex = (u) => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');
window.openGpu = () => post.open();
window.run = async (c, start, count, n, d) => {
  await post.open(); // idempotent: each test stands alone
  const batch = await post.compute(bytes(c), BigInt(start), count, n, d ? bytes(d) : undefined);
  return {
    labels: hex(batch.labels),
    nonce: batch.nonce ? { index: String(batch.nonce.index), value: hex(batch.nonce.value) } : null,
  };
};
`;

let site: TestSite | undefined;
let page: Page;

beforeAll(async () => {
  site = await openTestSite(SITE, { 'main.js': MAIN });
  page = site.page;
  await page.waitForFunction(() => 'run' in window);
});

afterAll(async () => {
  await site?.close();
});

type Run = (
  c: string,
  s: string,
  n: number,
  N: number,
  d?: string,
) => Promise<{
  labels: string;
  nonce: { index: string; value: string } | null;
}>;
const run = (c: string, start: number, count: number, n: number, d?: Uint8Array) =>
  page.evaluate(([c, s, k, N, d]) => (window as unknown as { run: Run }).run(c, s, k, N, d), [
    c,
    String(start),
    count,
    n,
    d ? hex(d) : '',
  ] as const);

describe('PoST worker on WebGPU in Chromium', () => {
  it('opens a WebGPU adapter inside the worker', async () => {
    const adapter = await page.evaluate(() =>
      (window as unknown as { openGpu: () => Promise<string> }).openGpu(),
    );
    expect(adapter.length).toBeGreaterThan(0);
  });

  it('matches post_labels.json for every N (2, 512, 8192)', async () => {
    const { vectors } = loadVectors<{ vectors: PostLabelVector[] }>('post_labels.json');
    expect(new Set(vectors.map((v) => v.n))).toEqual(new Set([2, 512, 8192]));
    for (const v of vectors) {
      const got = await run(v.commitment, v.index, 1, v.n);
      expect(got.labels, `N=${v.n} index ${v.index}`).toBe(v.output.slice(0, 32));
    }
  });

  it('matches the CPU path on 512 labels at N = 64, with the VRF nonce', async () => {
    const c = '66bdc8411909f333cdfd8d5132408e65b488d4a21d848509704271bde93e5e39';
    const commitment = Uint8Array.from(Buffer.from(c, 'hex'));
    const d = vrfDifficulty(512n);
    const cpu = new LabelHasher(64).batch(commitment, 1000n, 512, d);
    const got = await run(c, 1000, 512, 64, d);
    expect(got.labels).toBe(hex(cpu.labels));
    expect(cpu.nonce).toBeDefined();
    expect(got.nonce).toEqual({ index: String(cpu.nonce!.index), value: hex(cpu.nonce!.value) });
  });
});
