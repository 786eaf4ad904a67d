// Strict parsing of `smesh post` option values. Every mistake is a UsageError (exit 2).
import { hexToBytes } from '@noble/hashes/utils.js';
import { UsageError } from '../io.ts';

/** Exactly 32 bytes of hex, optional 0x. */
export function parseHex32(value: string | boolean | undefined, name: string): Uint8Array {
  if (typeof value !== 'string') throw new UsageError(`missing --${name}`);
  const body = /^0x/i.test(value) ? value.slice(2) : value;
  if (!/^[0-9a-fA-F]{64}$/.test(body))
    throw new UsageError(`--${name} must be 32 bytes of hex (64 digits), got '${value}'`);
  return hexToBytes(body);
}

/** A decimal integer in [min, max]. */
export function parseInteger(
  value: string | boolean | undefined,
  name: string,
  min: bigint,
  max: bigint,
): bigint {
  if (typeof value !== 'string') throw new UsageError(`missing --${name}`);
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a decimal integer: '${value}'`);
  const v = BigInt(value);
  if (v < min || v > max) throw new UsageError(`--${name} must be in [${min}, ${max}]: ${value}`);
  return v;
}

export const U64_MAX = (1n << 64n) - 1n;

/** scrypt N: a power of two ≥ 2 (the scratchpad, 128·N bytes, must fit one typed array). */
export function parseScryptN(value: string | boolean | undefined): number {
  const n = parseInteger(value, 'scrypt-n', 2n, 1n << 24n);
  if ((n & (n - 1n)) !== 0n) throw new UsageError(`--scrypt-n must be a power of two: ${n}`);
  return Number(n);
}

export type ProviderName = 'cpu' | 'webgpu';

export function parseProvider(value: string | boolean | undefined): ProviderName {
  if (value === undefined || value === 'cpu') return 'cpu';
  if (value === 'webgpu') return 'webgpu';
  throw new UsageError(`--provider must be cpu or webgpu: '${String(value)}'`);
}
