// RequestGuard and PeerBans on a hand-moved clock: every refusal reason, strikes to abuse, decay,
// and the bounds on what they remember.
import { describe, expect, it } from 'vitest';
import { PeerBans } from '../../../src/lib/p2p/peer-bans.ts';
import type { BanEntry } from '../../../src/lib/p2p/peer-bans.ts';
import { RequestGuard } from '../../../src/lib/p2p/request-guard.ts';
import type { AbuseReason } from '../../../src/lib/p2p/request-guard.ts';

function clock(start = 1_000_000) {
  const c = { t: start, now: () => c.t };
  return c;
}

describe('RequestGuard', () => {
  it('admits a burst at once, then makes a peer wait for its tokens', () => {
    const time = clock();
    const g = new RequestGuard({ time, ratePerSec: 10, burst: 3, maxInFlightPerPeer: 100 });
    for (let i = 0; i < 3; i++) {
      expect(g.admit('p')).toEqual({ waitMs: 0 });
      g.release('p');
    }
    expect(g.admit('p')).toEqual({ waitMs: 100 });
    expect(g.admit('p')).toEqual({ waitMs: 200 });
    g.release('p');
    g.release('p');
    time.t += 200; // two tokens at 10/s pay back the debt
    expect(g.admit('p')).toEqual({ waitMs: 100 });
    g.release('p');
    // another peer has its own bucket
    expect(g.admit('q')).toEqual({ waitMs: 0 });
  });

  it('refuses a peer over its in-flight cap (peer-busy) and everyone over the host cap (host-busy)', () => {
    const g = new RequestGuard({
      time: clock(),
      burst: 100,
      maxInFlightPerPeer: 2,
      maxInFlight: 3,
    });
    expect(g.admit('p')).toEqual({ waitMs: 0 });
    expect(g.admit('p')).toEqual({ waitMs: 0 });
    expect(g.admit('p')).toEqual({ refused: 'peer-busy' });
    expect(g.admit('q')).toEqual({ waitMs: 0 });
    expect(g.active).toBe(3);
    expect(g.admit('r')).toEqual({ refused: 'host-busy' });
    g.release('p');
    expect(g.admit('r')).toEqual({ waitMs: 0 });
  });

  it('reports request-flood once peer-busy strikes reach the limit; strikes decay', () => {
    const time = clock();
    const abuse: [string, AbuseReason][] = [];
    const g = new RequestGuard({
      time,
      maxInFlightPerPeer: 1,
      strikeLimit: 5,
      strikeDecayPerSec: 1,
      onAbuse: (p, r) => abuse.push([p, r]),
    });
    expect(g.admit('p')).toEqual({ waitMs: 0 }); // holds the one slot
    for (let i = 0; i < 4; i++) expect(g.admit('p')).toEqual({ refused: 'peer-busy' });
    expect(abuse).toEqual([]);
    time.t += 3000; // 3 of the 4 strikes decay
    for (let i = 0; i < 3; i++) expect(g.admit('p')).toEqual({ refused: 'peer-busy' });
    expect(abuse).toEqual([]); // 1 + 3 = 4 < 5
    expect(g.admit('p')).toEqual({ refused: 'peer-busy' });
    expect(abuse).toEqual([['p', 'request-flood']]);
    expect(g.admit('p')).toEqual({ refused: 'peer-busy' });
    expect(abuse.length).toBe(1); // once per crossing
    // host-busy is nobody's fault: no strikes
    const h = new RequestGuard({
      time,
      maxInFlight: 1,
      strikeLimit: 1,
      onAbuse: (p, r) => abuse.push([p, r]),
    });
    expect(h.admit('x')).toEqual({ waitMs: 0 });
    for (let i = 0; i < 10; i++) expect(h.admit('y')).toEqual({ refused: 'host-busy' });
    expect(abuse.length).toBe(1);
  });

  it('reports malformed-requests after ten broken frames', () => {
    const abuse: AbuseReason[] = [];
    const g = new RequestGuard({ time: clock(), onAbuse: (_p, r) => abuse.push(r) });
    for (let i = 0; i < 9; i++) g.fault('p', i % 2 === 0 ? 'too-large' : 'malformed');
    expect(abuse).toEqual([]);
    g.fault('p', 'malformed');
    expect(abuse).toEqual(['malformed-requests']);
  });

  it('keeps at most 1024 idle peers', () => {
    const time = clock();
    const g = new RequestGuard({ time, ratePerSec: 1000, burst: 2 });
    for (let i = 0; i < 5000; i++) {
      expect(g.admit(`peer-${i}`)).toEqual({ waitMs: 0 });
      g.release(`peer-${i}`);
      time.t += 1;
    }
    expect(g.tracked).toBeLessThanOrEqual(1024);
    expect(g.active).toBe(0);
  });
});

describe('PeerBans', () => {
  it('bans for the period, tells listeners, and forgets after it', () => {
    const time = clock();
    const bans = new PeerBans({ time, banMs: 1000 });
    const seen: BanEntry[] = [];
    const off = bans.onBan((e) => seen.push(e));
    bans.ban('b', 'graylisted');
    bans.ban('a', 'request-flood');
    expect(bans.get('b')?.reason).toBe('graylisted');
    expect(bans.list().map((e) => e.peer)).toEqual(['a', 'b']);
    expect(seen.map((e) => e.reason)).toEqual(['graylisted', 'request-flood']);
    time.t += 999;
    expect(bans.isBanned('a')).toBe(true);
    time.t += 1;
    expect(bans.isBanned('a')).toBe(false);
    expect(bans.size).toBe(0);
    off();
    bans.ban('c', 'malformed-requests');
    expect(seen.length).toBe(2);
  });

  it('keeps a longer ban in force and caps the entries', () => {
    const time = clock();
    const bans = new PeerBans({ time, banMs: 1000, maxEntries: 3 });
    const first = bans.ban('a', 'graylisted');
    time.t += 500;
    const again = bans.ban('a', 'request-flood');
    expect(again.until).toBe(first.until + 500);
    expect(again.reason).toBe('request-flood');
    for (const p of ['b', 'c', 'd']) bans.ban(p, 'graylisted');
    expect(bans.list().map((e) => e.peer)).toEqual(['b', 'c', 'd']);
  });
});
