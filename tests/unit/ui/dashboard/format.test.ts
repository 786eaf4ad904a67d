// Dashboard formatting, pagination and the network clock.
import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatPercent,
  formatSmhNumber,
  formatSmhShort,
  readClock,
} from '../../../../src/lib/ui/dashboard/format.ts';
import { listAll } from '../../../../src/lib/ui/dashboard/paginate.ts';

describe('format', () => {
  it('writes bytes in binary units', () => {
    expect(formatBytes(0n)).toBe('0 B');
    expect(formatBytes(1023n)).toBe('1023 B');
    expect(formatBytes(1536n)).toBe('1.5 KiB');
    expect(formatBytes(5n * 1024n ** 3n)).toBe('5 GiB');
    expect(formatBytes(1024n ** 4n + 1024n ** 4n / 4n)).toBe('1.25 TiB');
    expect(formatBytes(300n * 1024n ** 4n)).toBe('300 TiB');
    expect(formatBytes(12_345n * 1024n ** 2n)).toBe('12.1 GiB');
  });

  it('writes counts, percentages and durations', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(1234567)).toBe('1,234,567');
    expect(formatCount(123n)).toBe('123');
    expect(formatPercent(0.8734)).toBe('87.3 %');
    expect(formatDuration(42.4)).toBe('42 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3900)).toBe('1 h 05 min');
    expect(formatDuration(3 * 86400 + 7200)).toBe('3 d 2 h');
    expect(formatDuration(-5)).toBe('0 s');
  });

  it('writes SMH short, keeping small amounts exact', () => {
    expect(formatSmhShort(0n)).toBe('0 SMH');
    expect(formatSmhShort(1_234_567_890_000n)).toBe('1,234.56 SMH');
    expect(formatSmhShort(1_500_000_000n)).toBe('1.5 SMH');
    expect(formatSmhShort(2_000_000_000n)).toBe('2 SMH');
    expect(formatSmhShort(1_050_000_000n)).toBe('1.05 SMH');
    expect(formatSmhShort(1_234n)).toBe('0.000001234 SMH');
    expect(formatSmhNumber(19_582_240_000_000n)).toBe('19,582.24');
  });
});

describe('readClock', () => {
  const p = { genesisTime: '2026-01-01T00:00:00Z', layerDurationSeconds: 2, layersPerEpoch: 10 };
  const g = Date.parse(p.genesisTime);

  it('counts down to genesis before it', () => {
    expect(readClock(p, g - 5_000)).toEqual({
      started: false,
      layer: 0,
      epoch: 0,
      secondsToNextEpoch: 5,
      epochProgress: 0,
    });
  });

  it('reads layer, epoch and the time to the next epoch', () => {
    expect(readClock(p, g)).toMatchObject({ layer: 0, epoch: 0, secondsToNextEpoch: 20 });
    const r = readClock(p, g + 45_000); // layer 22, epoch 2, 5 s into it
    expect(r).toMatchObject({ started: true, layer: 22, epoch: 2, secondsToNextEpoch: 15 });
    expect(r.epochProgress).toBeCloseTo(0.25, 12);
  });
});

describe('listAll', () => {
  it('walks pages by offset until a short one', async () => {
    const data = Array.from({ length: 250 }, (_, i) => i);
    const asked: number[] = [];
    const all = await listAll(async (offset, limit) => {
      asked.push(offset);
      return data.slice(offset, offset + limit);
    });
    expect(all).toEqual(data);
    expect(asked).toEqual([0, 100, 200]);
  });

  it('asks once more after an exactly full last page', async () => {
    const asked: number[] = [];
    const all = await listAll(async (offset) => {
      asked.push(offset);
      return offset === 0 ? [1, 2] : [];
    }, 2);
    expect(all).toEqual([1, 2]);
    expect(asked).toEqual([0, 2]);
  });
});
