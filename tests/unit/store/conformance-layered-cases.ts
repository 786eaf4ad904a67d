// Conformance cases for what sits on the key-value contract: schema version and migrations,
// and bucket namespaces — run on every backend, since they rely on its order and atomicity.
import { Bucket, defineBucket, u32Key } from '../../../src/lib/store/buckets.ts';
import {
  CorruptStoreError,
  MigrationError,
  SchemaTooNewError,
} from '../../../src/lib/store/errors.ts';
import { collect } from '../../../src/lib/store/iterate.ts';
import {
  SCHEMA_VERSION_KEY,
  migrate,
  readSchemaVersion,
  type Migration,
} from '../../../src/lib/store/schema.ts';
import { bytesEqual, equal, hexListEqual, ok, rejects } from './assert.ts';
import { b, keysOf, withStore, type ConformanceCase } from './conformance-helpers.ts';

export const LAYERED_CASES: ConformanceCase[] = [
  {
    name: 'schema: migrations run in order, atomically, once',
    run: (h) =>
      withStore(h, async (s) => {
        const log: number[] = [];
        const m1: Migration = {
          version: 1,
          description: 'seed',
          async up(_r, batch) {
            log.push(1);
            batch.put(b(0x50, 1), b(1));
          },
        };
        const m2: Migration = {
          version: 2,
          description: 'rewrite seed',
          async up(r, batch) {
            log.push(2);
            const v = await r.get(b(0x50, 1));
            ok(v !== undefined, 'migration 2 sees migration 1');
            batch.del(b(0x50, 1)).put(b(0x50, 2), Uint8Array.of(v[0]! + 1));
          },
        };
        const failing: Migration = {
          version: 3,
          description: 'fails half-way',
          async up(_r, batch) {
            batch.put(b(0x50, 3), b(3));
            throw new Error('boom');
          },
        };
        let r = await migrate(s, [m2, m1]);
        equal(`${r.from}->${r.to}`, '0->2', 'fresh store migrated');
        equal(log.join(), '1,2', 'order');
        equal(await readSchemaVersion(s), 2, 'stored version');
        hexListEqual(await keysOf(s, { gte: b(0x50) }), ['5002'], 'migrated data');
        r = await migrate(s, [m1, m2]);
        equal(`${r.from}->${r.to}`, '2->2', 'second open is a no-op');
        equal(log.join(), '1,2', 'not re-run');
        await rejects(() => migrate(s, [m1, m2, failing]), MigrationError, 'failing migration');
        equal(await readSchemaVersion(s), 2, 'version unchanged after failure');
        equal(await s.has(b(0x50, 3)), false, 'failed migration wrote nothing');
        await rejects(() => migrate(s, [m1]), SchemaTooNewError, 'store newer than code');
        await rejects(() => migrate(s, [m1, { ...m2, version: 3 }]), MigrationError, 'gap');
      }),
  },
  {
    name: 'schema: corrupt or missing version is refused',
    run: (h) =>
      withStore(h, async (s) => {
        await s.put(b(0x60), b(1));
        await rejects(() => migrate(s, []), CorruptStoreError, 'data without a version');
        await s.delete(b(0x60));
        const r = await migrate(s, []);
        equal(r.to, 0, 'empty store gets version 0');
        bytesEqual(await s.get(SCHEMA_VERSION_KEY), b(0, 0, 0, 0), 'version record');
        await s.put(SCHEMA_VERSION_KEY, b(1, 2, 3));
        await rejects(() => migrate(s, []), CorruptStoreError, 'short version record');
      }),
  },
  {
    name: 'buckets keep components apart',
    run: (h) =>
      withStore(h, async (s) => {
        const atxs = defineBucket(0x70, 'conformance-atxs');
        const ballots = defineBucket(0x71, 'conformance-ballots');
        const last = new Bucket(0xff, 'conformance-last');
        for (let i = 0; i < 5; i++) {
          await atxs.view(s).put(u32Key(i), b(i));
          await ballots.view(s).put(u32Key(i), b(0x80 + i));
          await last.view(s).put(b(0xff, i), b(i));
        }
        await s.batch([atxs.delOp(u32Key(0)), ballots.putOp(u32Key(9), b(9))]);
        const a = await collect(atxs.view(s).iterate());
        hexListEqual(
          a.map((e) => e.key),
          ['00000001', '00000002', '00000003', '00000004'],
          'atx keys',
        );
        bytesEqual(a[0]?.value, b(1), 'atx value');
        const bl = await collect(ballots.view(s).iterate({ gte: u32Key(3), reverse: true }));
        hexListEqual(
          bl.map((e) => e.key),
          ['00000009', '00000004', '00000003'],
          'ballot range',
        );
        const l = await collect(last.view(s).iterate({ prefix: b(0xff), limit: 2 }));
        hexListEqual(
          l.map((e) => e.key),
          ['ff00', 'ff01'],
          'bucket 0xff has no upper key',
        );
        const below = await collect(ballots.view(s).iterate({ lt: u32Key(1) }));
        hexListEqual(
          below.map((e) => e.key),
          ['00000000'],
          'upper bound inside bucket',
        );
        ok(defineBucket(0x70, 'conformance-atxs').id === 0x70, 'same definition again is fine');
        let clash = false;
        try {
          defineBucket(0x70, 'someone-else');
        } catch {
          clash = true;
        }
        ok(clash, 'a second owner of a bucket id is refused');
      }),
  },
];
