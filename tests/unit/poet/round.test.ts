// Round timing as poet's RoundConfig computes it, from the network presets.
import { describe, expect, it } from 'vitest';
import { getPreset } from '../../../src/lib/config/presets.ts';
import { withGenesis } from '../../../src/lib/config/genesis.ts';
import { openRoundId, roundConfigOf, roundEnd, roundStart } from '../../../src/lib/poet/round.ts';

describe('rounds', () => {
  const g = Date.UTC(2026, 0, 1);
  const devnet = roundConfigOf(withGenesis(getPreset('devnet'), { time: g }));

  it('starts at genesis + phase shift + epoch·round and ends a cycle gap before the next', () => {
    expect(devnet).toEqual({
      genesisMs: g,
      epochDurationMs: 100_000,
      phaseShiftMs: 50_000,
      cycleGapMs: 20_000,
    });
    expect(roundStart(devnet, 0)).toBe(g + 50_000);
    expect(roundEnd(devnet, 0)).toBe(g + 130_000);
    expect(roundStart(devnet, 3)).toBe(g + 350_000);
    expect(roundEnd(devnet, 3)).toBe(g + 430_000);
  });

  it('opens the next round to start', () => {
    expect(openRoundId(devnet, g - 1)).toBe(0);
    expect(openRoundId(devnet, g + 49_999)).toBe(0);
    expect(openRoundId(devnet, g + 50_000)).toBe(1);
    expect(openRoundId(devnet, g + 149_999)).toBe(1);
    expect(openRoundId(devnet, g + 150_000)).toBe(2);
  });

  it('mainnet: 2-week epochs, 240 h phase shift, 12 h gap', () => {
    const m = roundConfigOf(getPreset('mainnet'));
    expect(m.epochDurationMs).toBe(4032 * 5 * 60_000);
    expect(roundEnd(m, 0) - roundStart(m, 0)).toBe(m.epochDurationMs - 12 * 3_600_000);
  });
});
