// Genesis identity, as go-spacemesh config/genesis.go computes it:
//   GoldenATX = blake3(decimal unix seconds of the genesis time ‖ extra data)
//   GenesisID = GoldenATX[0:20]
// Both parts are written to one hasher with no separator or length prefix, and the extra
// data is the literal string (mainnet's looks like hex but is not decoded). The genesis id
// prefixes every signed message, so one wrong byte here splits us from the network.
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { HASH20_LENGTH, blake3 } from '../crypto/hash.ts';
import { GenesisTimeNotSetError, InvalidGenesisError } from './errors.ts';
import type { GenesisConfig, NetworkConfig } from './types.ts';

export const GOLDEN_ATX_LENGTH = 32;
export const GENESIS_ID_LENGTH = HASH20_LENGTH;
/** go-spacemesh GenesisConfig.Validate rejects longer extra data. */
export const MAX_EXTRA_DATA_LENGTH = 255;

// RFC 3339 as Go's time.RFC3339 layout parses it: upper-case T and Z, optional fraction.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Milliseconds since the Unix epoch of an RFC 3339 time. Parsed by hand because
 * Date.parse silently rolls over out-of-range fields (Feb 30 → Mar 2) where Go refuses.
 */
export function parseGenesisTime(text: string): number {
  const m = RFC3339.exec(text);
  if (!m) throw new InvalidGenesisError(`genesis time "${text}" is not RFC 3339`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw new InvalidGenesisError(`genesis time "${text}" has a field out of range`);
  }
  let offsetMinutes = 0;
  if (m[8] !== 'Z') {
    const oh = Number(m[10]);
    const om = Number(m[11]);
    if (oh > 23 || om > 59) {
      throw new InvalidGenesisError(`genesis time "${text}" has an offset out of range`);
    }
    offsetMinutes = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  // Fraction kept to whole milliseconds (truncated); only whole seconds reach the hash.
  const fractionMs = m[7] ? Math.floor(Number(`0${m[7]}`) * 1000) : 0;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  return utc - offsetMinutes * 60_000 + fractionMs;
}

/** Go's time.Time.Unix(): whole seconds, rounded toward minus infinity. */
export function unixSeconds(timeMs: number): number {
  return Math.floor(timeMs / 1000);
}

function checkExtraData(extraData: string): Uint8Array {
  const bytes = utf8ToBytes(extraData);
  if (bytes.length === 0) throw new InvalidGenesisError('genesis extra data is empty');
  if (bytes.length > MAX_EXTRA_DATA_LENGTH) {
    throw new InvalidGenesisError(
      `genesis extra data is ${bytes.length} bytes, more than ${MAX_EXTRA_DATA_LENGTH}`,
    );
  }
  return bytes;
}

/** blake3(ascii decimal unix seconds ‖ extra data): the golden ATX id (32 bytes). */
export function goldenAtx(genesisTimeUnixSeconds: number | bigint, extraData: string): Uint8Array {
  if (typeof genesisTimeUnixSeconds === 'number' && !Number.isSafeInteger(genesisTimeUnixSeconds)) {
    throw new InvalidGenesisError(`genesis seconds ${genesisTimeUnixSeconds} is not an integer`);
  }
  const seconds = utf8ToBytes(BigInt(genesisTimeUnixSeconds).toString(10));
  return blake3(seconds, checkExtraData(extraData));
}

/** First 20 bytes of the golden ATX (types.Hash32.ToHash20). */
export function genesisId(genesisTimeUnixSeconds: number | bigint, extraData: string): Uint8Array {
  return goldenAtx(genesisTimeUnixSeconds, extraData).slice(0, GENESIS_ID_LENGTH);
}

/** Genesis time in ms, or a typed error if the network has not fixed one yet. */
export function genesisTimeMs(config: Pick<NetworkConfig, 'name' | 'genesis'>): number {
  if (config.genesis.time === null) throw new GenesisTimeNotSetError(config.name);
  return parseGenesisTime(config.genesis.time);
}

export function configGoldenAtx(config: Pick<NetworkConfig, 'name' | 'genesis'>): Uint8Array {
  return goldenAtx(unixSeconds(genesisTimeMs(config)), config.genesis.extraData);
}

export function configGenesisId(config: Pick<NetworkConfig, 'name' | 'genesis'>): Uint8Array {
  return configGoldenAtx(config).slice(0, GENESIS_ID_LENGTH);
}

/** RFC 3339 text for a time in ms, whole seconds, as go-spacemesh prints it. */
export function formatGenesisTime(timeMs: number): string {
  if (!Number.isFinite(timeMs))
    throw new InvalidGenesisError(`genesis time ${timeMs} is not finite`);
  return new Date(unixSeconds(timeMs) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * A copy of `config` with its genesis fixed (for networks whose genesis is chosen at
 * launch). Extra data is kept unless given.
 */
export function withGenesis<T extends NetworkConfig>(
  config: T,
  genesis: { time: string | number; extraData?: string },
): T {
  const time = typeof genesis.time === 'number' ? formatGenesisTime(genesis.time) : genesis.time;
  parseGenesisTime(time);
  const next: GenesisConfig = { time, extraData: genesis.extraData ?? config.genesis.extraData };
  checkExtraData(next.extraData);
  return { ...config, genesis: next };
}
