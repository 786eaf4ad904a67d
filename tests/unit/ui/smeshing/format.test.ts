import { describe, expect, it } from 'vitest';
import {
  currentPhase,
  eventKind,
  eventTitle,
  formatBytes,
  formatDuration,
  postBytes,
  timeline,
} from '../../../../src/lib/ui/smeshing/format.ts';
import type { Event } from '../../../../src/lib/api/v1/events.ts';

const ev = (details: Partial<Event>, failure = false): Event =>
  ({ timestamp: '2026-01-01T00:00:00Z', failure, help: '', ...details }) as Event;

/** An ATX published in epoch 1 for epoch 2. */
const ATX_PUBLISHED: Partial<Event> = {
  atxPublished: {
    current: 1,
    target: 2,
    id: '',
    wait: '0s',
    until: '2026-01-01T00:00:00Z',
    smesher: '',
  },
};

describe('smeshing words', () => {
  it('formats sizes and durations', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(64 * 1024)).toBe('64.0 KiB');
    expect(formatBytes(256n * 2n ** 30n)).toBe('256 GiB');
    expect(formatDuration(undefined)).toBe('—');
    expect(formatDuration(Infinity)).toBe('—');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(600)).toBe('10 min');
    expect(formatDuration(2 * 3600 + 300)).toBe('2 h 5 min');
    expect(formatDuration(3 * 86400 + 4 * 3600)).toBe('3 d 4 h');
  });

  it('computes PoST storage: units × labels per unit × 16 bytes', () => {
    expect(postBytes(4, 4096)).toBe(4 * 64 * 1024);
  });

  it('names each event by its details member, and the current phase', () => {
    const init = ev({ initStart: { smesher: '', commitment: '' } });
    const reg = ev({ registeredInPoet: { url: '', smesher: '', roundId: '3' } });
    const atx = ev(ATX_PUBLISHED);
    expect(eventKind(init)).toBe('initStart');
    expect(eventKind(ev({}))).toBe('other');
    expect(eventTitle(ev({}, true))).toBe('Smeshing problem');
    expect(eventTitle(atx)).toBe('Activation published');
    expect(currentPhase([])).toBe('Not started');
    expect(currentPhase([init])).toBe('Initializing PoST data');
    expect(currentPhase([init, reg])).toBe('Waiting for the PoET round to end');
    expect(currentPhase([init, reg, atx, ev({})])).toBe(
      'Activation published: eligible for rewards from epoch 2',
    );
  });
});

describe('smeshing timeline', () => {
  it('merges events and rewards newest first, rewards at their layer start', () => {
    const atx = {
      ...ev(ATX_PUBLISHED),
      timestamp: '2026-01-01T00:00:10Z',
      help: 'ATX published for epoch 2',
    };
    const start = Date.parse('2026-01-01T00:00:00Z');
    const t = timeline(
      [atx],
      [{ layer: 25, total: '1500000000' }],
      (l) => start + l * 2000,
      (s) => (Number(s) / 1e9).toString(),
    );
    expect(t.map((e) => e.kind)).toEqual(['reward', 'atxPublished']);
    expect(t[0]).toMatchObject({ title: 'Reward received', detail: '1.5 SMH for layer 25' });
    expect(t[0]!.at).toBe(start + 50_000);
    expect(t[1]).toMatchObject({
      title: 'Activation published',
      detail: 'ATX published for epoch 2',
    });
  });
});
