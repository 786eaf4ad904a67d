// Amounts as people type them: SMH with up to nine decimals (1 SMH = 10^9 smidge, go-spacemesh
// common/types.Amount), or whole smidge. Amounts are uint64 on the wire.
import { WalletError } from './errors.ts';

export const SMIDGE_PER_SMH = 1_000_000_000n;
const DECIMALS = 9;
const MAX_U64 = (1n << 64n) - 1n;

function bad(text: string, why: string): never {
  throw new WalletError('bad-amount', `amount "${text}": ${why}`);
}

/** "1.5" → 1_500_000_000n; refuses signs, exponents, more than 9 decimals, and overflow. */
export function parseSmh(text: string): bigint {
  const m = /^(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (m === null) bad(text, 'not a decimal number of SMH');
  const frac = m[2] ?? '';
  if (frac.length > DECIMALS) bad(text, `more than ${DECIMALS} decimals (1 smidge = 1e-9 SMH)`);
  const v = BigInt(m[1]!) * SMIDGE_PER_SMH + BigInt(frac.padEnd(DECIMALS, '0') || '0');
  if (v > MAX_U64) bad(text, 'larger than a uint64 of smidge');
  return v;
}

/** A whole number of smidge. */
export function parseSmidge(text: string): bigint {
  if (!/^\d+$/.test(text.trim())) bad(text, 'not a whole number of smidge');
  const v = BigInt(text.trim());
  if (v > MAX_U64) bad(text, 'larger than a uint64');
  return v;
}

/** 1_500_000_000n → "1.5"; whole amounts without a point. */
export function formatSmh(smidge: bigint): string {
  const whole = smidge / SMIDGE_PER_SMH;
  const frac = (smidge % SMIDGE_PER_SMH).toString().padStart(DECIMALS, '0').replace(/0+$/, '');
  return frac === '' ? whole.toString() : `${whole}.${frac}`;
}
