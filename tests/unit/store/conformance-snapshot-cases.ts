// Conformance cases for read snapshots: a snapshot keeps showing the state at snapshot() through
// later overwrites, deletes and inserts, across many pages of entries, in both directions.
import { StoreClosedError } from '../../../src/lib/store/errors.ts';
import type {
  BatchOp,
  IterateOptions,
  Store,
  StoreSnapshot,
} from '../../../src/lib/store/interface.ts';
import { collect } from '../../../src/lib/store/iterate.ts';
import { bytesEqual, equal, fromHex, hex, hexListEqual, ok, rejects } from './assert.ts';
import { b, expectRange, prng, withStore, type ConformanceCase } from './conformance-helpers.ts';

type Model = Map<string, Uint8Array>;

async function expectView(view: StoreSnapshot | Store, model: Model, label: string) {
  const sorted = [...model.keys()].sort();
  const all = await collect(view.iterate());
  hexListEqual(
    all.map((e) => e.key),
    sorted,
    `${label}: keys`,
  );
  for (const e of all) bytesEqual(e.value, model.get(hex(e.key)), `${label}: value ${hex(e.key)}`);
  const rev = await collect(view.iterate({ reverse: true }));
  hexListEqual(
    rev.map((e) => e.key),
    [...sorted].reverse(),
    `${label}: reverse keys`,
  );
}

function randomWrites(rnd: () => number, model: Model, n: number, tag: number): BatchOp[] {
  const ops: BatchOp[] = [];
  for (let i = 0; i < n; i++) {
    const k = b(0x90, Math.floor(rnd() * 8), Math.floor(rnd() * 256));
    if (rnd() < 0.35) {
      ops.push({ type: 'del', key: k });
      model.delete(hex(k));
    } else {
      const v = b(tag, i & 0xff, (i >> 8) & 0xff);
      ops.push({ type: 'put', key: k, value: v });
      model.set(hex(k), v);
    }
  }
  return ops;
}

export const SNAPSHOT_CASES: ConformanceCase[] = [
  {
    name: 'snapshot: point reads ignore later writes',
    run: (h) =>
      withStore(h, async (s) => {
        await s.put(b(0x80, 1), b(1));
        await s.put(b(0x80, 2), b(2));
        const snap = s.snapshot();
        await s.put(b(0x80, 1), b(11)); // overwrite
        await s.delete(b(0x80, 2)); // delete
        await s.put(b(0x80, 3), b(3)); // insert
        await s.put(b(0x80, 1), b(111)); // second overwrite: the snapshot keeps the first value
        bytesEqual(await snap.get(b(0x80, 1)), b(1), 'overwritten key');
        bytesEqual(await snap.get(b(0x80, 2)), b(2), 'deleted key');
        equal(await snap.get(b(0x80, 3)), undefined, 'inserted key');
        equal(await snap.has(b(0x80, 2)), true, 'has deleted key');
        equal(await snap.has(b(0x80, 3)), false, 'has inserted key');
        hexListEqual(
          (await collect(snap.iterate({ gte: b(0x80) }))).map((e) => e.key),
          ['8001', '8002'],
          'snapshot scan',
        );
        bytesEqual(await s.get(b(0x80, 1)), b(111), 'store sees its writes');
        await snap.release();
        await snap.release();
        await rejects(() => snap.get(b(0x80, 1)), StoreClosedError, 'get after release');
        await rejects(() => collect(snap.iterate()), StoreClosedError, 'iterate after release');
      }),
  },
  {
    name: 'snapshot: scans across many pages match the state at snapshot()',
    run: (h) =>
      withStore(h, async (s) => {
        const rnd = prng(99);
        const model: Model = new Map();
        await s.batch(randomWrites(rnd, model, 1500, 1));
        const atSnap: Model = new Map(model);
        const snap = s.snapshot();
        const late: Model = new Map(model);
        // rewrite, delete and insert all over the key space, in several batches
        for (let round = 0; round < 4; round++)
          await s.batch(randomWrites(rnd, late, 400, 2 + round));
        await s.put(b(0x90, 0, 0), b(0xee));
        late.set('900000', b(0xee));
        await expectView(snap, atSnap, 'snapshot');
        await expectView(s, late, 'store');
        const sorted = [...atSnap.keys()].sort().map(fromHex);
        for (let i = 0; i < 12; i++) {
          const lo = b(0x90, Math.floor(rnd() * 8), Math.floor(rnd() * 256));
          const hi = b(0x90, Math.floor(rnd() * 8), Math.floor(rnd() * 256));
          const o: IterateOptions = {
            gte: lo,
            lt: hi,
            reverse: rnd() < 0.5,
            ...(rnd() < 0.5 ? { limit: Math.floor(rnd() * 300) } : {}),
          };
          hexListEqual(
            (await collect(snap.iterate(o))).map((e) => e.key),
            expectRange(sorted, o),
            `snapshot range ${hex(lo)}..${hex(hi)}`,
          );
        }
        // writes made while a snapshot scan is under way do not leak into it
        const it = snap.iterate();
        const first = await it.next();
        ok(!first.done, 'scan started');
        for (let round = 0; round < 2; round++) await s.batch(randomWrites(rnd, late, 400, 9));
        const rest = await collect(it);
        hexListEqual(
          [first.value.key, ...rest.map((e) => e.key)],
          [...atSnap.keys()].sort(),
          'scan interleaved with writes',
        );
        await snap.release();
      }),
  },
  {
    name: 'snapshot: two snapshots, a batch in flight, and close',
    run: async (h) => {
      const s = await h.open();
      await s.put(b(0xa0, 1), b(1));
      const s1 = s.snapshot();
      await s.put(b(0xa0, 2), b(2));
      const s2 = s.snapshot();
      await s.batch([
        { type: 'del', key: b(0xa0, 1) },
        { type: 'put', key: b(0xa0, 3), value: b(3) },
      ]);
      hexListEqual(
        (await collect(s1.iterate())).map((e) => e.key),
        ['a001'],
        'first snapshot',
      );
      hexListEqual(
        (await collect(s2.iterate())).map((e) => e.key),
        ['a001', 'a002'],
        'second snapshot',
      );
      // a batch not yet resolved when the snapshot is taken is in it entirely or not at all
      const pending = s.batch([
        { type: 'put', key: b(0xa0, 4), value: b(4) },
        { type: 'put', key: b(0xa0, 5), value: b(5) },
      ]);
      const s3 = s.snapshot();
      await pending;
      await s.put(b(0xa0, 6), b(6));
      const keys = (await collect(s3.iterate())).map((e) => hex(e.key)).join();
      ok(
        keys === 'a002,a003' || keys === 'a002,a003,a004,a005',
        `in-flight batch is all or nothing in the snapshot, got ${keys}`,
      );
      await s1.release();
      bytesEqual(await s2.get(b(0xa0, 1)), b(1), 'releasing one snapshot keeps the other');
      await s.close();
      await rejects(() => s2.get(b(0xa0, 1)), StoreClosedError, 'snapshot after store close');
      await rejects(() => collect(s3.iterate()), StoreClosedError, 'scan after store close');
      let threw: unknown;
      try {
        s.snapshot();
      } catch (e) {
        threw = e;
      }
      ok(threw instanceof StoreClosedError, 'snapshot() on a closed store throws');
    },
  },
];
