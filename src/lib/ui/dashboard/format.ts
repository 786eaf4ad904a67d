// How the dashboard writes its numbers, and the network clock it reads the current layer from
// (genesis time and layer duration from NodeInfo: no request per second to know the layer).
import { SMIDGE_PER_SMH, formatSmh } from '../../wallet/amount.ts';

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** 1536n → "1.5 KiB"; binary units, up to three significant digits. */
export function formatBytes(bytes: bigint): string {
  if (bytes < 0n) throw new RangeError('formatBytes: negative');
  let unit = 0;
  let whole = bytes;
  while (whole >= 1024n && unit < BYTE_UNITS.length - 1) {
    whole /= 1024n;
    unit++;
  }
  if (unit === 0) return `${bytes} B`;
  const value = Number(bytes) / 1024 ** unit;
  const digits = value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${trimZeros(value.toFixed(digits))} ${BYTE_UNITS[unit]}`;
}

function trimZeros(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}

/** Thousands separators, locale-independent (tests read them). */
export function formatCount(n: number | bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/**
 * Smidge as SMH for a tile: thousands separators and two decimals (truncated); amounts under
 * 0.01 SMH keep every digit so a small reward does not read as zero.
 */
export function formatSmhShort(smidge: bigint): string {
  return `${formatSmhNumber(smidge)} SMH`;
}

/** formatSmhShort without the unit. */
export function formatSmhNumber(smidge: bigint): string {
  if (smidge < SMIDGE_PER_SMH / 100n) return formatSmh(smidge);
  const whole = smidge / SMIDGE_PER_SMH;
  const cents = (smidge % SMIDGE_PER_SMH) / (SMIDGE_PER_SMH / 100n);
  const frac = cents === 0n ? '' : `.${cents.toString().padStart(2, '0')}`.replace(/0$/, '');
  return `${formatCount(whole)}${frac}`;
}

/** 0.8734 → "87.3 %". */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

/** Seconds as "1 h 05 min", "3 min 20 s", "42 s". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(s / 3600);
  if (h < 48) return `${h} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
  return `${Math.floor(h / 24)} d ${h % 24} h`;
}

export interface ClockParams {
  /** RFC 3339 */
  readonly genesisTime: string;
  readonly layerDurationSeconds: number;
  readonly layersPerEpoch: number;
}

export interface ClockReading {
  /** False before genesis: layer and epoch are 0 then. */
  readonly started: boolean;
  readonly layer: number;
  readonly epoch: number;
  /** Seconds until the next epoch starts (until genesis, before it). */
  readonly secondsToNextEpoch: number;
  /** How far through the current epoch, 0..1. */
  readonly epochProgress: number;
}

export function readClock(p: ClockParams, nowMs: number): ClockReading {
  const genesis = Date.parse(p.genesisTime);
  const layerMs = p.layerDurationSeconds * 1000;
  const epochMs = layerMs * p.layersPerEpoch;
  if (nowMs < genesis)
    return {
      started: false,
      layer: 0,
      epoch: 0,
      secondsToNextEpoch: (genesis - nowMs) / 1000,
      epochProgress: 0,
    };
  const since = nowMs - genesis;
  const layer = Math.floor(since / layerMs);
  const epoch = Math.floor(layer / p.layersPerEpoch);
  const intoEpoch = since - epoch * epochMs;
  return {
    started: true,
    layer,
    epoch,
    secondsToNextEpoch: (epochMs - intoEpoch) / 1000,
    epochProgress: intoEpoch / epochMs,
  };
}
