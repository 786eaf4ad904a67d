// The memory backend's structure against a plain model, with tiny chunks so that splits,
// chunk removal and copy-on-write after freeze() all happen within a few hundred operations.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareBytes } from '../../../src/lib/store/bytes.ts';
import {
  SortedChunks,
  walkFrozen,
  type FrozenChunks,
} from '../../../src/lib/store/sorted-chunks.ts';
import { hex } from './assert.ts';

type Op = { k: number; del: boolean; freeze: boolean };

function modelEntries(m: Map<string, string>): [string, string][] {
  return [...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

function frozenEntries(v: FrozenChunks, reverse = false): [string, string][] {
  return [...walkFrozen(v, {}, reverse)].map(([k, val]) => [hex(k), hex(val)]);
}

describe('SortedChunks', () => {
  it('matches a model through inserts, deletes and freezes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            k: fc.integer({ min: 0, max: 300 }),
            del: fc.boolean(),
            freeze: fc.boolean(),
          }),
          { maxLength: 400 },
        ),
        fc.integer({ min: 2, max: 8 }),
        (ops: Op[], maxChunk) => {
          const s = new SortedChunks(maxChunk);
          const model = new Map<string, string>();
          const snaps: { view: FrozenChunks; expect: [string, string][] }[] = [];
          ops.forEach((op, i) => {
            const key = Uint8Array.of(op.k >> 8, op.k & 0xff);
            if (op.del) {
              expect(s.delete(key)).toBe(model.delete(hex(key)));
            } else {
              const v = Uint8Array.of(i & 0xff);
              s.set(key, v);
              model.set(hex(key), hex(v));
            }
            if (op.freeze) snaps.push({ view: s.freeze(), expect: modelEntries(model) });
          });
          expect(s.size).toBe(model.size);
          const all = modelEntries(model);
          expect(frozenEntries(s.freeze())).toEqual(all);
          expect(frozenEntries(s.freeze(), true)).toEqual([...all].reverse());
          // every earlier view still shows exactly the state at its freeze()
          for (const snap of snaps) expect(frozenEntries(snap.view)).toEqual(snap.expect);
          for (const [k, v] of all) {
            const got = s.get(Uint8Array.of(parseInt(k.slice(0, 2), 16), parseInt(k.slice(2), 16)));
            expect(got && hex(got)).toBe(v);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('range walks agree with a filtered model', () => {
    const s = new SortedChunks(3);
    const keys: Uint8Array[] = [];
    for (let i = 0; i < 60; i += 3) {
      const k = Uint8Array.of(i);
      keys.push(k);
      s.set(k, k);
    }
    const v = s.freeze();
    for (let lo = -1; lo <= 61; lo++) {
      for (let hi = lo; hi <= 61; hi += 5) {
        const r = {
          ...(lo >= 0 ? { gte: Uint8Array.of(lo) } : {}),
          ...(hi <= 60 ? { lt: Uint8Array.of(hi) } : {}),
        };
        const want = keys
          .filter((k) => r.gte === undefined || compareBytes(k, r.gte) >= 0)
          .filter((k) => r.lt === undefined || compareBytes(k, r.lt) < 0)
          .map(hex);
        expect([...walkFrozen(v, r, false)].map(([k]) => hex(k))).toEqual(want);
        expect([...walkFrozen(v, r, true)].map(([k]) => hex(k))).toEqual([...want].reverse());
      }
    }
  });
});
