// The IndexedDB snapshot's undo-log merge, run in Node against a memory-backed source that
// follows the same write protocol as IndexedDbStore.batch (record the values a batch overwrites
// into every older snapshot, then apply it), with pages as small as one entry so that every page
// boundary case occurs. The real backend runs the same cases in Chromium (conformance suite).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { IdbSnapshot, type SnapshotSource } from '../../../src/lib/store/indexeddb-snapshot.ts';
import type { BatchOp, IterateOptions } from '../../../src/lib/store/interface.ts';
import { collect } from '../../../src/lib/store/iterate.ts';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import { hex } from './assert.ts';
import { expectRange } from './conformance-helpers.ts';

class Harness {
  readonly mem = new MemoryStore();
  readonly live = new Set<IdbSnapshot>();
  readonly source: SnapshotSource = {
    backend: 'test',
    isClosed: () => this.mem.closed,
    current: (key) => this.mem.get(key),
    page: (range, count) => collect(this.mem.iterate({ ...range, limit: count })),
    forget: (s) => this.live.delete(s),
  };

  snapshot(pageSize: number): IdbSnapshot {
    const s = new IdbSnapshot(this.source, [], pageSize);
    this.live.add(s);
    return s;
  }

  async batch(ops: BatchOp[]): Promise<void> {
    const older = [...this.live];
    for (const op of ops) {
      const before = await this.mem.get(op.key);
      for (const s of older) s.record(op.key, before);
    }
    await this.mem.batch(ops);
  }
}

const opArb = fc.record({
  k: fc.integer({ min: 0, max: 40 }),
  del: fc.boolean(),
  v: fc.integer({ min: 0, max: 255 }),
});

describe('IdbSnapshot', () => {
  it('shows the state at snapshot() for any writes, ranges and page sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { maxLength: 60 }),
        fc.array(fc.array(opArb, { maxLength: 20 }), { maxLength: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.record({
          lo: fc.option(fc.integer({ min: 0, max: 41 })),
          hi: fc.option(fc.integer({ min: 0, max: 41 })),
          loOpen: fc.boolean(),
          hiOpen: fc.boolean(),
          reverse: fc.boolean(),
          limit: fc.option(fc.integer({ min: 0, max: 50 })),
        }),
        async (initial, later, pageSize, q) => {
          const h = new Harness();
          const toOps = (xs: typeof initial): BatchOp[] =>
            xs.map((x) =>
              x.del
                ? { type: 'del', key: Uint8Array.of(7, x.k) }
                : { type: 'put', key: Uint8Array.of(7, x.k), value: Uint8Array.of(x.v) },
            );
          await h.batch(toOps(initial));
          const expected = await collect(h.mem.iterate());
          const snap = h.snapshot(pageSize);
          for (const ops of later) await h.batch(toOps(ops));
          const o: IterateOptions = {
            ...(q.lo === null
              ? {}
              : q.loOpen
                ? { gt: Uint8Array.of(7, q.lo) }
                : { gte: Uint8Array.of(7, q.lo) }),
            ...(q.hi === null
              ? {}
              : q.hiOpen
                ? { lt: Uint8Array.of(7, q.hi) }
                : { lte: Uint8Array.of(7, q.hi) }),
            reverse: q.reverse,
            ...(q.limit === null ? {} : { limit: q.limit }),
          };
          const got = await collect(snap.iterate(o));
          const want = expectRange(
            expected.map((e) => e.key),
            o,
          );
          expect(got.map((e) => hex(e.key))).toEqual(want);
          const values = new Map(expected.map((e) => [hex(e.key), hex(e.value)]));
          for (const e of got) expect(hex(e.value)).toBe(values.get(hex(e.key)));
          for (let k = 0; k <= 41; k++) {
            const v = await snap.get(Uint8Array.of(7, k));
            expect(v && hex(v)).toBe(values.get(hex(Uint8Array.of(7, k))));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('stops being fed once released', async () => {
    const h = new Harness();
    const s = h.snapshot(2);
    expect(h.live.size).toBe(1);
    await s.release();
    expect(h.live.size).toBe(0);
  });
});
