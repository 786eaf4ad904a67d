// SMH ↔ smidge: what `smesh wallet send` accepts and prints, and every refusal.
import { describe, expect, it } from 'vitest';
import { WalletError } from '../../../src/lib/wallet/errors.ts';
import { formatSmh, parseSmh, parseSmidge } from '../../../src/lib/wallet/amount.ts';

describe('amounts', () => {
  it('parses SMH with up to nine decimals and formats it back', () => {
    expect(parseSmh('1')).toBe(1_000_000_000n);
    expect(parseSmh('1.5')).toBe(1_500_000_000n);
    expect(parseSmh('0.000000001')).toBe(1n);
    expect(parseSmh('18446744073.709551615')).toBe((1n << 64n) - 1n);
    expect(formatSmh(1_500_000_000n)).toBe('1.5');
    expect(formatSmh(1n)).toBe('0.000000001');
    expect(formatSmh(42_000_000_000n)).toBe('42');
    expect(parseSmidge('123')).toBe(123n);
  });

  it.each(['', '-1', '1e9', '1.0000000001', '0x10', '1,5', '18446744073.709551616', ' . '])(
    'refuses %j as SMH with bad-amount',
    (text) => {
      expect(() => parseSmh(text)).toThrow(WalletError);
      try {
        parseSmh(text);
      } catch (e) {
        expect((e as WalletError).reason).toBe('bad-amount');
      }
    },
  );

  it('refuses fractional or oversized smidge', () => {
    for (const t of ['1.5', '18446744073709551616', 'abc'])
      expect(() => parseSmidge(t)).toThrow(expect.objectContaining({ reason: 'bad-amount' }));
  });
});
