// PoET round timing (poet server/config.go RoundConfig), from a network preset: round N starts
// at genesis + phaseShift + N·epochDuration and proves until epochDuration − cycleGap later.
// Registrations go to the "open" round: the next one to start.
import { genesisTimeMs } from '../config/genesis.ts';
import type { NetworkConfig } from '../config/types.ts';

export interface RoundConfig {
  readonly genesisMs: number;
  readonly epochDurationMs: number;
  readonly phaseShiftMs: number;
  readonly cycleGapMs: number;
}

/** The round timing of a network whose genesis time is fixed (withGenesis). */
export function roundConfigOf(config: NetworkConfig): RoundConfig {
  return {
    genesisMs: genesisTimeMs(config),
    epochDurationMs: config.layerDurationMs * config.layersPerEpoch,
    phaseShiftMs: config.poet.phaseShiftMs,
    cycleGapMs: config.poet.cycleGapMs,
  };
}

export function roundStart(c: RoundConfig, round: number): number {
  return c.genesisMs + c.phaseShiftMs + c.epochDurationMs * round;
}

export function roundEnd(c: RoundConfig, round: number): number {
  return roundStart(c, round) + c.epochDurationMs - c.cycleGapMs;
}

/** RoundConfig.OpenRoundId: the round that accepts registrations at `nowMs`. */
export function openRoundId(c: RoundConfig, nowMs: number): number {
  const since = nowMs - c.genesisMs;
  if (since < c.phaseShiftMs) return 0;
  return Math.floor((since - c.phaseShiftMs) / c.epochDurationMs) + 1;
}
