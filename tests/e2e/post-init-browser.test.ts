// PoST initialization inside the browser's PoST worker, into OPFS, in real headless Chromium
// (WebGPU on SwiftShader here). The expected bytes come from `initialize` with the CPU provider
// and MemoryPostStorage in this Node process; every OPFS file (postdata_k.bin and the metadata)
// must match them byte for byte — after an uninterrupted WebGPU run, after a run whose worker is
// terminated midway and resumed in a new worker, on the Web Worker CPU path, after
// pause / resume / cancel / re-init, and with the metadata written without move().
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join, relative, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { openTestSite, type TestSite } from './test-site.ts';
import { CpuLabelProvider } from '../../src/lib/post/cpu-provider.ts';
import { initialize } from '../../src/lib/post/init.ts';
import { METADATA_FILE_NAME, postDataFileName } from '../../src/lib/post/metadata.ts';
import { MemoryPostStorage } from '../../src/lib/post/storage.ts';

const SITE = resolve('tests/e2e/output/post-init-browser-site');
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

// Small enough for SwiftShader, big enough for many batches over several files: 4096 labels,
// 1000 per file (five files, the last one short), batches of 128 cut at file boundaries.
const PARAMS = {
  nodeId: '5a'.repeat(16) + '01'.repeat(16),
  commitmentAtxId: 'c3'.repeat(32),
  numUnits: 2,
  labelsPerUnit: '2048',
  scryptN: 32,
  maxFileSize: String(1000 * 16),
  batchSize: 128,
};
const TOTAL = 4096;

const POST_WORKER = relative(join(SITE, 'src'), resolve('src/workers/post.worker.ts'));
const OPFS_STORAGE = relative(join(SITE, 'src'), resolve('src/lib/post/opfs-storage.ts'));
// The page drives the PoST worker through comlink and reads OPFS back from the main thread.
// `initRun(dir, options)`: starts a fresh worker and an init; with `stopAt` it terminates the
// worker at the first progress event at or past it, with `control` it pauses, resumes, cancels
// and re-inits in the same worker.
const MAIN = `
import { wrap, proxy } from 'comlink';
const bytes = (h) => Uint8Array.from(h.match(/../g), (b) => parseInt(b, 16));
const hex = (u) => Array.from(u, (b) => b.toString(16).padStart(2, '0')).join('');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const spawn = () => new Worker(new URL('${POST_WORKER}', import.meta.url), { type: 'module' });

const params = (p, dir, o) => ({
  dir,
  nodeId: bytes(p.nodeId),
  commitmentAtxId: bytes(p.commitmentAtxId),
  numUnits: p.numUnits,
  labelsPerUnit: BigInt(p.labelsPerUnit),
  scryptN: p.scryptN,
  maxFileSize: BigInt(p.maxFileSize),
  batchSize: p.batchSize,
  ...(o.provider ? { provider: o.provider } : {}),
  ...(o.threads ? { threads: o.threads } : {}),
});

window.initRun = async (p, dir, o) => {
  const worker = spawn();
  const post = wrap(worker);
  const events = [];
  const t0 = performance.now();
  const onProgress = (e) => {
    events.push({ done: Number(e.labelsDone), rate: e.labelsPerSecond, provider: e.provider });
  };
  const summary = (extra) => ({ events, ms: performance.now() - t0, ...extra });
  if (o.stopAt !== undefined) {
    // Settles on termination (the worker never answers after terminate()) or on completion.
    let at;
    let settle;
    const ended = new Promise((r) => (settle = r));
    const cb = (e) => {
      onProgress(e);
      if (at === undefined && e.labelsDone >= BigInt(o.stopAt)) {
        worker.terminate();
        at = Number(e.labelsDone);
        settle('terminated');
      }
    };
    post.init(params(p, dir, o), proxy(cb)).then(
      () => settle('finished'),
      (e) => settle('error: ' + e.message),
    );
    return summary({ how: await ended, at });
  }
  if (o.control) {
    const log = [];
    let phase = 'run';
    let r1;
    const first = post.init(params(p, dir, o), proxy(async (e) => {
      onProgress(e);
      if (phase === 'run' && e.labelsDone > 0n) {
        phase = 'paused';
        await post.pause();
        const before = events.length;
        await sleep(400);
        log.push({ eventsWhilePaused: events.length - before });
        phase = 'resumed';
        await post.resume();
      } else if (phase === 'resumed' && e.labelsDone >= BigInt(o.cancelAt)) {
        phase = 'cancelled';
        await post.cancel();
      }
    }));
    try { await first; r1 = 'finished'; } catch (e) { r1 = 'rejected: ' + e.message; }
    const second = await post.init(params(p, dir, o));
    worker.terminate();
    return summary({ how: r1, log, provider: second.provider, lastPosition: String(second.metadata.lastPosition) });
  }
  try {
    const r = await post.init(params(p, dir, o), proxy(onProgress));
    return summary({ how: 'finished', provider: r.provider, nonce: String(r.metadata.nonce) });
  } finally {
    worker.terminate();
  }
};

window.readDir = async (dir) => {
  const root = await navigator.storage.getDirectory();
  const d = await root.getDirectoryHandle(dir);
  const out = {};
  for await (const [name, h] of d.entries()) {
    out[name] = hex(new Uint8Array(await (await h.getFile()).arrayBuffer()));
  }
  return out;
};

// Appends bytes past the end of a file, as a crash between a label write and its metadata
// update leaves them. Retries while the terminated worker's lock lingers.
window.appendBytes = async (dir, name, n) => {
  const root = await navigator.storage.getDirectory();
  const fh = await (await root.getDirectoryHandle(dir)).getFileHandle(name);
  for (let i = 0; ; i++) {
    try {
      const w = await fh.createWritable({ keepExistingData: true });
      await w.write({ type: 'write', position: (await fh.getFile()).size, data: new Uint8Array(n).fill(0xee) });
      await w.close();
      return (await fh.getFile()).size;
    } catch (e) {
      if (i > 50) throw e;
      await sleep(50);
    }
  }
};

window.clearOpfs = async () => {
  const root = await navigator.storage.getDirectory();
  for await (const name of root.keys()) await root.removeEntry(name, { recursive: true });
};

// OpfsPostStorage's metadata paths, run in a dedicated worker (sync access handles).
window.storageCheck = async () => {
  const w = new Worker(new URL('./storage-check.js', import.meta.url), { type: 'module' });
  const res = await new Promise((r) => (w.onmessage = (ev) => r(ev.data)));
  w.terminate();
  return res;
};
`;

// A worker exercising OpfsPostStorage directly: move() and fallback metadata replaces, the
// read path that picks the valid copy, positional writes, truncate and sizes.
const STORAGE_CHECK = `
import { OpfsPostStorage } from '${OPFS_STORAGE}';
import { encodeMetadata } from '${relative(join(SITE, 'src'), resolve('src/lib/post/metadata.ts'))}';
const meta = (pos) => encodeMetadata({ nodeId: new Uint8Array(32).fill(1), commitmentAtxId: new Uint8Array(32).fill(2),
  labelsPerUnit: 16n, numUnits: 1, maxFileSize: 256n, nonce: null, lastPosition: pos });
const out = { moveSupported: typeof FileSystemFileHandle.prototype.move === 'function' };
try {
  const root = await navigator.storage.getDirectory();
  for (const noMove of [false, true]) {
    const name = 'storage-check-' + noMove;
    const dir = await root.getDirectoryHandle(name, { create: true });
    const s = new OpfsPostStorage(dir, { noMove });
    const r = {};
    r.emptyMeta = (await s.readMetadata()) ?? null;
    r.hasBefore = await s.hasDataFile(0);
    await s.writeMetadata(meta(1n));
    await s.writeMetadata(meta(7n));
    r.meta = await s.readMetadata();
    const names = [];
    for await (const n of dir.keys()) names.push(n);
    r.names = names.sort();
    // A torn main file (crash mid-write on the fallback path) with a complete .tmp beside it.
    const main = await dir.getFileHandle('postdata_metadata.json');
    const h = await main.createSyncAccessHandle();
    h.truncate(10); h.flush(); h.close();
    const tmp = await dir.getFileHandle('postdata_metadata.json.tmp', { create: true });
    const t = await tmp.createSyncAccessHandle();
    t.write(new TextEncoder().encode(meta(5n)), { at: 0 }); t.flush(); t.close();
    r.recovered = await s.readMetadata();
    const f = await s.openDataFile(0);
    await f.write(32, new Uint8Array([1, 2, 3]));
    r.size1 = await f.size();
    r.read = Array.from(await f.read(30, 10));
    await f.truncate(31);
    await f.sync();
    r.size2 = await f.size();
    await f.close();
    r.hasAfter = await s.hasDataFile(0);
    out[noMove ? 'fallback' : 'move'] = r;
    await root.removeEntry(name, { recursive: true });
  }
} catch (e) { out.error = String(e && e.stack || e); }
self.postMessage(out);
`;

let site: TestSite | undefined;
let page: Page;
let expected: Record<string, string>;
let expectedNonce: string;

interface RunResult {
  events: { done: number; rate: number; provider: string }[];
  ms: number;
  how: string;
  at?: number;
  provider?: string;
  nonce?: string;
  lastPosition?: string;
  log?: { eventsWhilePaused: number }[];
}
interface RunOptions {
  provider?: 'auto' | 'webgpu' | 'cpu';
  threads?: number;
  stopAt?: number;
  control?: boolean;
  cancelAt?: number;
}
type Win = {
  initRun: (p: typeof PARAMS, dir: string, o: RunOptions) => Promise<RunResult>;
  readDir: (dir: string) => Promise<Record<string, string>>;
  clearOpfs: () => Promise<void>;
  appendBytes: (dir: string, name: string, n: number) => Promise<number>;
  storageCheck: () => Promise<Record<string, unknown>>;
};
const initRun = (dir: string, o: RunOptions) =>
  page.evaluate(([p, d, o]) => (window as unknown as Win).initRun(p, d, o), [
    PARAMS,
    dir,
    o,
  ] as const);
const readDir = (dir: string) => page.evaluate((d) => (window as unknown as Win).readDir(d), dir);
const rate = (r: RunResult) => Math.round((TOTAL / r.ms) * 1000);

beforeAll(async () => {
  // The expected data set, computed here with src/lib on the CPU.
  const storage = new MemoryPostStorage();
  const meta = await initialize({
    storage,
    provider: new CpuLabelProvider(),
    nodeId: Buffer.from(PARAMS.nodeId, 'hex'),
    commitmentAtxId: Buffer.from(PARAMS.commitmentAtxId, 'hex'),
    numUnits: PARAMS.numUnits,
    labelsPerUnit: BigInt(PARAMS.labelsPerUnit),
    scryptN: PARAMS.scryptN,
    maxFileSize: BigInt(PARAMS.maxFileSize),
    batchSize: PARAMS.batchSize,
  });
  expectedNonce = String(meta.nonce);
  expected = { [METADATA_FILE_NAME]: hex(new TextEncoder().encode(storage.metadata)) };
  for (const [k, bytes] of storage.files) expected[postDataFileName(k)] = hex(bytes);

  site = await openTestSite(SITE, { 'main.js': MAIN, 'storage-check.js': STORAGE_CHECK });
  page = site.page;
  await page.waitForFunction(() => 'initRun' in window);
  await page.evaluate(() => (window as unknown as Win).clearOpfs());
});

afterAll(async () => {
  await site?.close();
});

describe('PoST init in the browser worker, into OPFS', () => {
  it('the expected data set has five files and a nonce', () => {
    expect(Object.keys(expected).sort()).toEqual([
      'postdata_0.bin',
      'postdata_1.bin',
      'postdata_2.bin',
      'postdata_3.bin',
      'postdata_4.bin',
      METADATA_FILE_NAME,
    ]);
    expect(expected['postdata_4.bin']!.length).toBe(96 * 16 * 2);
    expect(expectedNonce).not.toBe('null');
  });

  it('OpfsPostStorage: atomic metadata (move and fallback), recovery read, positional I/O', async () => {
    const r = await page.evaluate(() => (window as unknown as Win).storageCheck());
    expect(r.error).toBeUndefined();
    // Chromium ships FileSystemHandle.move(): the atomic path is the one in use there.
    expect(r.moveSupported).toBe(true);
    for (const mode of ['move', 'fallback'] as const) {
      const m = r[mode] as Record<string, unknown>;
      expect(m.emptyMeta, mode).toBeNull();
      expect(m.hasBefore, mode).toBe(false);
      expect(m.meta, mode).toMatch(/"LastPosition": 7\n}$/);
      // No .tmp left behind after a completed replace.
      expect(m.names, mode).toEqual(['postdata_metadata.json']);
      expect(m.recovered, mode).toMatch(/"LastPosition": 5\n}$/);
      expect(m.size1, mode).toBe(35);
      expect(m.read, mode).toEqual([0, 0, 1, 2, 3]);
      expect(m.size2, mode).toBe(31);
      expect(m.hasAfter, mode).toBe(true);
    }
  });

  let gpuRun: RunResult;
  it('WebGPU init to completion: every OPFS file equals the Node CPU result', async () => {
    gpuRun = await initRun('full-gpu', { provider: 'webgpu' });
    expect(gpuRun.how).toBe('finished');
    expect(gpuRun.provider).toBe('webgpu');
    expect(gpuRun.nonce).toBe(expectedNonce);
    expect(gpuRun.events.at(-1)?.done).toBe(TOTAL);
    expect(gpuRun.events.length).toBeGreaterThan(TOTAL / PARAMS.batchSize);
    expect(await readDir('full-gpu')).toEqual(expected);
    console.log(`browser WebGPU (SwiftShader) init: ${rate(gpuRun)} labels/s at N = 32`);
  });

  it('terminating the worker midway and resuming in a new one gives identical files', async () => {
    const cut = await initRun('resume-gpu', { provider: 'webgpu', stopAt: 1024 });
    expect(cut.how).toBe('terminated');
    const partial = await readDir('resume-gpu');
    const meta = new TextDecoder().decode(Buffer.from(partial[METADATA_FILE_NAME]!, 'hex'));
    const last = Number(/"LastPosition": (\d+)/.exec(meta)?.[1]);
    expect(last).toBeGreaterThanOrEqual(cut.at!);
    expect(last).toBeLessThan(TOTAL);
    expect(partial).not.toEqual(expected);
    console.log(`terminated after a progress event at ${cut.at}; durable LastPosition ${last}`);

    // An unacknowledged tail in the file being written: the resume must cut it off. (The file
    // can already hold labels past the durable position: a batch written whose metadata update
    // the termination cut off; the resume cuts those as well.)
    const file = postDataFileName(Math.floor(last / 1000));
    const size = await page.evaluate(
      ([d, f]) => (window as unknown as Win).appendBytes(d, f, 5 * 16),
      ['resume-gpu', file] as const,
    );
    expect(size).toBeGreaterThanOrEqual((last % 1000) * 16 + 5 * 16);

    // 'auto' picks WebGPU where an adapter opens.
    const resumed = await initRun('resume-gpu', {});
    expect(resumed.how).toBe('finished');
    expect(resumed.provider).toBe('webgpu');
    // The new worker starts at the durable position, it does not recompute finished labels.
    expect(resumed.events[0]!.done).toBeGreaterThanOrEqual(last);
    expect(resumed.nonce).toBe(expectedNonce);
    expect(await readDir('resume-gpu')).toEqual(expected);
  });

  it('the CPU path over Web Workers gives the same files', async () => {
    const cpu = await initRun('full-cpu', { provider: 'cpu', threads: 4 });
    expect(cpu.how).toBe('finished');
    expect(cpu.provider).toBe('cpu');
    expect(cpu.events.at(-1)?.provider).toBe('cpu');
    expect(await readDir('full-cpu')).toEqual(expected);
    console.log(`browser CPU (4 Web Workers) init: ${rate(cpu)} labels/s at N = 32`);
  });

  it('pause holds the init, cancel stops it resumably, re-init completes identically', async () => {
    const r = await initRun('control', {
      provider: 'cpu',
      threads: 2,
      control: true,
      cancelAt: 2048,
    });
    // At most the batch that was already computed ahead lands while paused.
    expect(r.log![0]!.eventsWhilePaused).toBeLessThanOrEqual(1);
    expect(r.how).toMatch(/^rejected: .*cancelled/);
    expect(r.lastPosition).toBe(String(TOTAL));
    expect(await readDir('control')).toEqual(expected);
  });
});
