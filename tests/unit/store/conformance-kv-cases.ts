// Conformance cases for the key-value contract itself: reads, writes, order, ranges, batches,
// iterator consistency, close and reopen.
import { InvalidKeyError, StoreClosedError } from '../../../src/lib/store/errors.ts';
import type { BatchOp, IterateOptions } from '../../../src/lib/store/interface.ts';
import { collect } from '../../../src/lib/store/iterate.ts';
import { bytesEqual, equal, fromHex, hex, hexListEqual, ok, rejects } from './assert.ts';
import {
  b,
  expectRange,
  keysOf,
  prng,
  withStore,
  type ConformanceCase,
} from './conformance-helpers.ts';

export const KV_CASES: ConformanceCase[] = [
  {
    name: 'get, has, put, delete',
    run: (h) =>
      withStore(h, async (s) => {
        equal(await s.get(b(1)), undefined, 'missing key');
        equal(await s.has(b(1)), false, 'missing has');
        await s.put(b(1), b(10));
        bytesEqual(await s.get(b(1)), b(10), 'after put');
        equal(await s.has(b(1)), true, 'has after put');
        await s.put(b(1), b(11, 12));
        bytesEqual(await s.get(b(1)), b(11, 12), 'overwrite');
        await s.delete(b(1));
        equal(await s.get(b(1)), undefined, 'after delete');
        equal(await s.has(b(1)), false, 'has after delete');
        await s.delete(b(1)); // deleting an absent key is not an error
        await s.delete(b(2));
      }),
  },
  {
    name: 'values round-trip exactly and are copies',
    run: (h) =>
      withStore(h, async (s) => {
        const all = Uint8Array.from({ length: 256 }, (_, i) => i);
        await s.put(b(1), all);
        bytesEqual(await s.get(b(1)), all, 'all byte values');
        await s.put(b(2), new Uint8Array(0));
        const empty = await s.get(b(2));
        ok(empty !== undefined && empty.length === 0, 'empty value is present and empty');
        equal(await s.has(b(2)), true, 'empty value has()');
        const big = new Uint8Array(1 << 20).map((_, i) => (i * 31) & 0xff);
        await s.put(b(3), big);
        bytesEqual(await s.get(b(3)), big, '1 MiB value');
        // a view into a larger buffer stores only the view's bytes
        const backing = b(9, 9, 0x0a, 2, 3, 9);
        await s.put(backing.subarray(2, 3), backing.subarray(3, 5));
        bytesEqual(await s.get(b(0x0a)), b(2, 3), 'subarray key and value');
        const kv = await collect(s.iterate({ gte: b(0x0a), lt: b(0x0b) }));
        equal(kv.length, 1, 'one entry under the subarray key');
        bytesEqual(kv[0]?.key, b(0x0a), 'iterated key is the view bytes only');
        bytesEqual(kv[0]?.value, b(2, 3), 'iterated value is the view bytes only');
        // mutating what was put or what was read must not change the store
        const v = b(5, 6);
        await s.put(b(4), v);
        v[0] = 99;
        bytesEqual(await s.get(b(4)), b(5, 6), 'put copies');
        const got = await s.get(b(4));
        got![0] = 77;
        bytesEqual(await s.get(b(4)), b(5, 6), 'get copies');
        for await (const e of s.iterate({ gte: b(4), lte: b(4) })) e.value[1] = 66;
        bytesEqual(await s.get(b(4)), b(5, 6), 'iterate copies');
      }),
  },
  {
    name: 'keys order bytewise unsigned, prefixes first',
    run: (h) =>
      withStore(h, async (s) => {
        const expected = [
          '00',
          '0000',
          '0001',
          '01',
          '0100',
          '01ff',
          '02',
          '7f',
          '80',
          '80ff',
          'fe',
          'ff',
          'ff00',
          'ffff',
          'ffffff',
        ];
        const shuffled = [...expected].sort((x, y) =>
          hex(fromHex(y + x)) < hex(fromHex(x + y)) ? -1 : 1,
        );
        for (const k of shuffled) await s.put(fromHex(k), fromHex(k));
        hexListEqual(await keysOf(s), expected, 'ascending');
        hexListEqual(await keysOf(s, { reverse: true }), [...expected].reverse(), 'descending');
        hexListEqual(
          await keysOf(s, { gte: b(0x80) }),
          ['80', '80ff', 'fe', 'ff', 'ff00', 'ffff', 'ffffff'],
          'high bytes are not negative',
        );
        hexListEqual(
          await keysOf(s, { gt: b(0xff), lt: b(0xff, 0xff) }),
          ['ff00'],
          'between prefix and extension',
        );
      }),
  },
  {
    name: 'range bounds, reverse and limit',
    run: (h) =>
      withStore(h, async (s) => {
        // even second bytes only, so bounds on odd values fall between stored keys
        const keys: Uint8Array[] = [];
        for (let i = 0; i < 100; i += 2) keys.push(b(0x10, i));
        await s.batch(keys.map((k) => ({ type: 'put', key: k, value: k })));
        const rnd = prng(7);
        const pick = () => b(0x10, Math.floor(rnd() * 104));
        const cases: IterateOptions[] = [
          {},
          { reverse: true },
          { limit: 0 },
          { limit: 3 },
          { reverse: true, limit: 3 },
          { gte: b(0x10, 10), lte: b(0x10, 10) },
          { gt: b(0x10, 10), lt: b(0x10, 10) },
          { gt: b(0x10, 20), lt: b(0x10, 10) },
          { gte: b(0x10, 20), lt: b(0x10, 21), reverse: true },
          { lt: b(0x10) },
          { gt: b(0x10, 0xff) },
          { gte: b(0x10) },
          { lte: b(0x11) },
        ];
        for (let i = 0; i < 60; i++) {
          const o: { -readonly [K in keyof IterateOptions]: IterateOptions[K] } = {};
          const lo = pick();
          const hi = pick();
          if (rnd() < 0.5) o.gt = lo;
          else if (rnd() < 0.8) o.gte = lo;
          if (rnd() < 0.5) o.lt = hi;
          else if (rnd() < 0.8) o.lte = hi;
          if (rnd() < 0.5) o.reverse = true;
          if (rnd() < 0.4) o.limit = Math.floor(rnd() * 10);
          cases.push(o);
        }
        for (const o of cases) {
          const label = JSON.stringify(o, (_, v) => (v instanceof Uint8Array ? hex(v) : v));
          hexListEqual(await keysOf(s, o), expectRange(keys, o), `range ${label}`);
        }
        const vals = await collect(s.iterate({ gte: b(0x10, 4), limit: 2 }));
        bytesEqual(vals[1]?.value, b(0x10, 6), 'iterate yields values');
      }),
  },
  {
    name: 'random writes and deletes match a model',
    run: (h) =>
      withStore(h, async (s) => {
        const rnd = prng(42);
        const model = new Map<string, Uint8Array>();
        for (let round = 0; round < 12; round++) {
          const ops: BatchOp[] = [];
          for (let i = 0; i < 400; i++) {
            const k = b(0x20, Math.floor(rnd() * 16), Math.floor(rnd() * 256));
            if (rnd() < 0.3) {
              ops.push({ type: 'del', key: k });
              model.delete(hex(k));
            } else {
              const v = b(round, i & 0xff);
              ops.push({ type: 'put', key: k, value: v });
              model.set(hex(k), v);
            }
          }
          await s.batch(ops);
        }
        const sorted = [...model.keys()].sort().map(fromHex);
        hexListEqual(await keysOf(s), sorted.map(hex), 'all keys');
        hexListEqual(await keysOf(s, { reverse: true }), [...sorted].reverse().map(hex), 'reverse');
        for (let i = 0; i < 20; i++) {
          const lo = b(0x20, Math.floor(rnd() * 16), Math.floor(rnd() * 256));
          const hi = b(0x20, Math.floor(rnd() * 16), Math.floor(rnd() * 256));
          const o = { gte: lo, lt: hi, reverse: rnd() < 0.5 };
          hexListEqual(await keysOf(s, o), expectRange(sorted, o), `range ${hex(lo)}..${hex(hi)}`);
        }
        for (const [k, v] of model) bytesEqual(await s.get(fromHex(k)), v, `value of ${k}`);
      }),
  },
  {
    name: 'batch applies in order, all or nothing',
    run: (h) =>
      withStore(h, async (s) => {
        await s.put(b(1), b(1));
        await s.batch([
          { type: 'put', key: b(2), value: b(2) },
          { type: 'del', key: b(1) },
          { type: 'put', key: b(3), value: b(3) },
          { type: 'put', key: b(3), value: b(33) },
          { type: 'put', key: b(4), value: b(4) },
          { type: 'del', key: b(4) },
        ]);
        hexListEqual(await keysOf(s), ['02', '03'], 'keys after batch');
        bytesEqual(await s.get(b(3)), b(33), 'later put wins');
        await s.batch([]);
        // one invalid op rejects the whole batch before anything is written
        await rejects(
          () =>
            s.batch([
              { type: 'put', key: b(5), value: b(5) },
              { type: 'del', key: b(2) },
              { type: 'put', key: new Uint8Array(0), value: b(0) },
            ]),
          InvalidKeyError,
          'batch with an empty key',
        );
        hexListEqual(await keysOf(s), ['02', '03'], 'nothing applied from the rejected batch');
      }),
  },
  {
    name: 'invalid keys and options are refused',
    run: (h) =>
      withStore(h, async (s) => {
        await rejects(() => s.put(new Uint8Array(0), b(1)), InvalidKeyError, 'empty key put');
        await rejects(() => s.get(new Uint8Array(0)), InvalidKeyError, 'empty key get');
        await rejects(
          () => s.put('k' as unknown as Uint8Array, b(1)),
          InvalidKeyError,
          'string key',
        );
        await rejects(
          () => s.put(b(1), [1] as unknown as Uint8Array),
          InvalidKeyError,
          'array value',
        );
        await rejects(() => collect(s.iterate({ limit: -1 })), InvalidKeyError, 'negative limit');
        equal((await keysOf(s)).length, 0, 'nothing written');
      }),
  },
  {
    name: 'iterators read the state at the time iterate() was called',
    run: (h) =>
      withStore(h, async (s) => {
        const ops: BatchOp[] = [];
        for (let i = 0; i < 1200; i++)
          ops.push({ type: 'put', key: b(0x30, i >> 8, i & 0xff), value: b(1) });
        await s.batch(ops);
        const it = s.iterate({ gte: b(0x30) });
        // writes after the call, before the first next(): inserts, deletes, overwrites
        await s.put(b(0x30, 0, 0, 1), b(2));
        await s.delete(b(0x30, 0, 5));
        await s.put(b(0x30, 0, 6), b(9));
        await s.batch([
          { type: 'del', key: b(0x30, 4, 0xaf) },
          { type: 'put', key: b(0x31), value: b(3) },
        ]);
        let n = 0;
        for await (const e of it) {
          ok(e.key.length === 3 && e.key[0] === 0x30, `unexpected key ${hex(e.key)}`);
          bytesEqual(e.value, b(1), `value of ${hex(e.key)} as of iterate()`);
          if (n === 10) {
            await s.delete(b(0x30, 3, 0));
            await s.put(b(0x30, 3, 1), b(7));
          }
          n++;
        }
        equal(n, 1200, 'entries seen');
        const now = await keysOf(s, { gte: b(0x30) });
        equal(now.length, 1200 + 2 - 2 - 1, 'current state has the writes');
      }),
  },
  {
    name: 'leaving an iterator early releases it',
    run: (h) =>
      withStore(h, async (s) => {
        for (let i = 0; i < 50; i++) await s.put(b(0x40, i), b(i));
        for (let round = 0; round < 20; round++) {
          for await (const e of s.iterate({ gte: b(0x40) })) {
            if (e.key[1] === 3) break;
          }
        }
        const first = await s.iterate({ reverse: true }).next();
        bytesEqual(first.done ? undefined : first.value.key, b(0x40, 49), 'last key');
        await s.put(b(0x41), b(1));
        equal(await s.has(b(0x41)), true, 'writable after abandoned iterators');
      }),
  },
  {
    name: 'closed store rejects every operation with StoreClosedError',
    run: async (h) => {
      const s = await h.open();
      await s.put(b(1), b(1));
      await s.put(b(2), b(2));
      const pending = s.iterate();
      const first = await pending.next();
      ok(!first.done, 'iterator started');
      equal(s.closed, false, 'open');
      await s.close();
      equal(s.closed, true, 'closed');
      await s.close(); // idempotent
      await rejects(() => s.get(b(1)), StoreClosedError, 'get');
      await rejects(() => s.has(b(1)), StoreClosedError, 'has');
      await rejects(() => s.put(b(1), b(1)), StoreClosedError, 'put');
      await rejects(() => s.delete(b(1)), StoreClosedError, 'delete');
      await rejects(() => s.batch([]), StoreClosedError, 'batch');
      await rejects(() => collect(s.iterate()), StoreClosedError, 'iterate');
      await rejects(() => pending.next(), StoreClosedError, 'iterator opened before close');
    },
  },
  {
    name: 'data survives close and reopen',
    run: async (h) => {
      if (!h.reopen) return; // a backend without persistence has nothing to show here
      const s = await h.open();
      await s.put(b(1), b(1));
      await s.batch([
        { type: 'put', key: b(2), value: b(2) },
        { type: 'put', key: b(3), value: b(3) },
        { type: 'del', key: b(1) },
      ]);
      await s.close();
      const again = await h.reopen();
      try {
        hexListEqual(await keysOf(again), ['02', '03'], 'keys after reopen');
        bytesEqual(await again.get(b(3)), b(3), 'value after reopen');
      } finally {
        await again.close();
      }
    },
  },
];
