// The simulated network's seen caches, kept per message: each peer's view is that of its own
// cache with the TTL, records of messages nobody remembers are dropped, a crash forgets.
import { describe, expect, it } from 'vitest';
import { SeenTable } from '../../../src/lib/sim/seen-table.ts';

describe('seen table', () => {
  it('a peer has seen a message until its own expiry, not another peer’s', () => {
    const t = new SeenTable(1_000);
    const [a, b] = [t.addPeer(), t.addPeer()];
    t.mark(a, 'm', 1_000);
    t.mark(b, 'm', 1_400);
    expect(t.has(a, 'm', 999)).toBe(true);
    expect(t.has(a, 'm', 1_000)).toBe(false);
    expect(t.has(b, 'm', 1_000)).toBe(true);
    expect(t.has(b, 'm', 1_400)).toBe(false);
    expect(t.has(a, 'other', 0)).toBe(false);
  });

  it('drops a record once every peer’s expiry passed, at most a quarter TTL late', () => {
    const t = new SeenTable(1_000);
    const a = t.addPeer();
    t.mark(a, 'old', 1_000);
    t.mark(a, 'new', 1_600);
    expect(t.size).toBe(2);
    t.lookup('x', 1_000);
    expect(t.size).toBe(1); // 'old' expired at 1,000
    t.lookup('x', 1_100); // next sweep not before 1,250
    t.mark(a, 'newer', 2_100);
    t.lookup('x', 1_600);
    expect(t.size).toBe(1);
    expect(t.has(a, 'newer', 2_099)).toBe(true);
    t.lookup('x', 2_100);
    expect(t.size).toBe(0);
  });

  it('a crash forgets the peer’s messages only; peers joining later get a slot', () => {
    const t = new SeenTable(1_000);
    const [a, b] = [t.addPeer(), t.addPeer()];
    t.mark(a, 'm', 500);
    t.mark(b, 'm', 500);
    t.forget(a);
    expect(t.has(a, 'm', 0)).toBe(false);
    expect(t.has(b, 'm', 0)).toBe(true);
    const late = t.addPeer();
    expect(t.has(late, 'm', 0)).toBe(false);
    t.mark(late, 'm', 700);
    expect(t.has(late, 'm', 600)).toBe(true);
    expect(t.has(b, 'm', 0)).toBe(true);
  });
});
