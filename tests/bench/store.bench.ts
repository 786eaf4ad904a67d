// Store backends: writes and reads per second for memory and LevelDB (Node) and IndexedDB
// (headless Chromium), each as a ratio against a plain Map's set/get measured in the same run —
// in the same process for memory and LevelDB, in the same page for IndexedDB.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { measure, report, type Rate } from './harness.ts';
import { LevelDbStore } from '../../src/cli/store/leveldb.ts';
import { MemoryStore } from '../../src/lib/store/memory.ts';
import type { BatchOp, Store } from '../../src/lib/store/interface.ts';

const MS = 600;
const PRELOAD = 20_000;
const BATCH = 1000;
const SCAN = 1000;
const VALUE = new Uint8Array(100).fill(7); // about an account or a small index record

/** bucket ‖ u64 — the shape of most real keys. */
function key(i: number): Uint8Array {
  const k = new Uint8Array(9);
  k[0] = 0x10;
  const dv = new DataView(k.buffer);
  dv.setUint32(1, Math.floor(i / 2 ** 32));
  dv.setUint32(5, i >>> 0);
  return k;
}

// reads use prebuilt keys, as the Map reference does, so both measure lookups and not key building
const READ_KEYS = Array.from({ length: PRELOAD }, (_, i) => key(i));

interface Rates {
  put: Rate;
  batch: Rate;
  get: Rate;
  scan: Rate;
}

async function rates(store: Store): Promise<Rates> {
  let next = 1_000_000_000;
  const put = await measure(() => store.put(key(next++), VALUE), 'put', MS);
  const batch = await measure(
    async () => {
      const ops: BatchOp[] = [];
      for (let i = 0; i < BATCH; i++) ops.push({ type: 'put', key: key(next++), value: VALUE });
      await store.batch(ops);
      return BATCH;
    },
    'put',
    MS,
  );
  const ops: BatchOp[] = [];
  for (let i = 0; i < PRELOAD; i++) ops.push({ type: 'put', key: READ_KEYS[i]!, value: VALUE });
  await store.batch(ops);
  let r = 12345;
  const get = await measure(
    async () => {
      r = (r * 1103515245 + 12345) >>> 0;
      if ((await store.get(READ_KEYS[r % PRELOAD]!)) === undefined) throw new Error('missing key');
    },
    'get',
    MS,
  );
  const scan = await measure(
    async () => {
      r = (r * 1103515245 + 12345) >>> 0;
      let n = 0;
      for await (const _ of store.iterate({ gte: READ_KEYS[r % (PRELOAD - SCAN)]!, limit: SCAN }))
        n++;
      if (n !== SCAN) throw new Error(`scan returned ${n}`);
      return n;
    },
    'entry',
    MS,
  );
  return { put, batch, get, scan };
}

function mapRates(): { set: Rate; get: Rate } {
  const map = new Map<string, Uint8Array>();
  const keys = Array.from({ length: PRELOAD }, (_, i) => `k${i}`);
  let i = 0;
  const set = { perSecond: 0, unit: 'set' };
  const t0 = performance.now();
  while (performance.now() - t0 < MS) {
    for (let j = 0; j < 1000; j++) map.set(keys[i++ % PRELOAD]! + (i >> 14), VALUE);
    set.perSecond += 1000;
  }
  set.perSecond = (set.perSecond * 1000) / (performance.now() - t0);
  const get = { perSecond: 0, unit: 'get' };
  const t1 = performance.now();
  while (performance.now() - t1 < MS) {
    for (let j = 0; j < 1000; j++) if (map.get(keys[j]! + '0') === undefined) throw new Error();
    get.perSecond += 1000;
  }
  get.perSecond = (get.perSecond * 1000) / (performance.now() - t1);
  return { set, get };
}

function print(backend: string, r: Rates, map: { set: Rate; get: Rate }): void {
  report(`store ${backend} put (one write each)`, r.put, 'Map.set', map.set);
  report(`store ${backend} batch of ${BATCH} puts`, r.batch, 'Map.set', map.set);
  report(`store ${backend} get`, r.get, 'Map.get', map.get);
  report(`store ${backend} range scan (${SCAN}/scan)`, r.scan, 'Map.get', map.get);
}

async function indexedDb(): Promise<void> {
  const { CHROMIUM_PATH } = await import('../../scripts/chromium.ts');
  if (!existsSync(CHROMIUM_PATH)) {
    console.log(`store indexeddb: skipped (no Chromium at ${CHROMIUM_PATH})`);
    return;
  }
  const { openTestSite, importFrom } = await import('../e2e/test-site.ts');
  const SITE = resolve('tests/e2e/output/store-bench-site');
  const site = await openTestSite(SITE, {
    'main.js': importFrom(SITE, 'tests/unit/store/browser-entry.ts'),
  });
  try {
    const page = site.page;
    await page.waitForFunction(() => 'storeConformance' in globalThis);
    // the same loops as rates() and mapRates(), run inside the page (nothing here can import)
    const out = await page.evaluate(
      async ({ MS, PRELOAD, BATCH, SCAN }) => {
        type Page = { open(n: string): Promise<Store> };
        const s = await (globalThis as unknown as { storeConformance: Page }).storeConformance.open(
          `bench-${Date.now()}`,
        );
        const VALUE = new Uint8Array(100).fill(7);
        const key = (i: number) => {
          const k = new Uint8Array(9);
          k[0] = 0x10;
          const dv = new DataView(k.buffer);
          dv.setUint32(1, Math.floor(i / 2 ** 32));
          dv.setUint32(5, i >>> 0);
          return k;
        };
        const readKeys = Array.from({ length: PRELOAD }, (_, i) => key(i));
        const rate = async (fn: () => Promise<number>) => {
          let units = 0;
          const t0 = performance.now();
          while (performance.now() - t0 < MS) units += await fn();
          return (units * 1000) / (performance.now() - t0);
        };
        let next = 1_000_000_000;
        const put = await rate(async () => (await s.put(key(next++), VALUE), 1));
        const batch = await rate(async () => {
          const ops: BatchOp[] = [];
          for (let i = 0; i < BATCH; i++) ops.push({ type: 'put', key: key(next++), value: VALUE });
          await s.batch(ops);
          return BATCH;
        });
        const ops: BatchOp[] = [];
        for (let i = 0; i < PRELOAD; i++)
          ops.push({ type: 'put', key: readKeys[i]!, value: VALUE });
        await s.batch(ops);
        let r = 12345;
        const get = await rate(async () => {
          r = (r * 1103515245 + 12345) >>> 0;
          if ((await s.get(readKeys[r % PRELOAD]!)) === undefined) throw new Error('missing');
          return 1;
        });
        const scan = await rate(async () => {
          r = (r * 1103515245 + 12345) >>> 0;
          let n = 0;
          for await (const _ of s.iterate({ gte: readKeys[r % (PRELOAD - SCAN)]!, limit: SCAN }))
            n++;
          return n;
        });
        await s.close();
        const map = new Map<string, Uint8Array>();
        const keys = Array.from({ length: PRELOAD }, (_, i) => `k${i}`);
        let i = 0;
        const set = await rate(async () => {
          for (let j = 0; j < 1000; j++) map.set(keys[i++ % PRELOAD]! + (i >> 14), VALUE);
          return 1000;
        });
        const mget = await rate(async () => {
          for (let j = 0; j < 1000; j++) if (map.get(keys[j]! + '0') === undefined) throw 0;
          return 1000;
        });
        return { put, batch, get, scan, set, mget };
      },
      { MS, PRELOAD, BATCH, SCAN },
    );
    print(
      'indexeddb (Chromium)',
      {
        put: { perSecond: out.put, unit: 'put' },
        batch: { perSecond: out.batch, unit: 'put' },
        get: { perSecond: out.get, unit: 'get' },
        scan: { perSecond: out.scan, unit: 'entry' },
      },
      { set: { perSecond: out.set, unit: 'set' }, get: { perSecond: out.mget, unit: 'get' } },
    );
  } finally {
    await site.close();
  }
}

export async function run(): Promise<void> {
  const map = mapRates();
  const memory = new MemoryStore();
  print('memory', await rates(memory), map);
  await memory.close();

  const dir = mkdtempSync(join(tmpdir(), 'smesh-store-bench-'));
  try {
    const level = await LevelDbStore.open({ location: join(dir, 'db') });
    print('leveldb', await rates(level), map);
    await level.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }

  await indexedDb();
}
