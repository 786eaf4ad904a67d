import { describe, expect, it } from 'vitest';
import {
  encodeAddress,
  templateAddress,
  decodeAddress,
} from '../../../../src/lib/crypto/address.ts';
import {
  b64ToHex,
  enumWord,
  epochLayers,
  epochOf,
  grouped,
  hexToB64,
  layerTime,
  methodName,
  shortId,
  smh,
  templateName,
} from '../../../../src/lib/ui/explorer/format.ts';

describe('explorer formatting', () => {
  it('converts wire base64 to hex and back', () => {
    expect(b64ToHex('AAEC/w==')).toBe('000102ff');
    expect(hexToB64('000102ff')).toBe('AAEC/w==');
    expect(hexToB64('0x000102FF')).toBe('AAEC/w==');
    expect(b64ToHex('')).toBe('');
  });

  it('shortens long ids only', () => {
    expect(shortId('abcdef')).toBe('abcdef');
    expect(shortId('0123456789abcdef0123')).toBe('012345…abcdef'.replace('abcdef', 'ef0123'));
  });

  it('writes smidge as SMH with grouped thousands', () => {
    expect(smh('0')).toBe('0 SMH');
    expect(smh('1500000000')).toBe('1.5 SMH');
    expect(smh(1234567n * 1_000_000_000n + 1n)).toBe('1,234,567.000000001 SMH');
    expect(smh('')).toBe('0 SMH');
    expect(grouped('1234567')).toBe('1,234,567');
    expect(grouped(999)).toBe('999');
  });

  it('maps layers to epochs and times', () => {
    expect(epochOf(0, 10)).toBe(0);
    expect(epochOf(19, 10)).toBe(1);
    expect(epochOf(20, 10)).toBe(2);
    expect(epochLayers(3, 10)).toEqual([30, 39]);
    expect(layerTime(5, '2026-01-01T00:00:00Z', 2).toISOString()).toBe('2026-01-01T00:00:10.000Z');
  });

  it('turns enum names into words', () => {
    expect(enumWord('LAYER_STATUS_VERIFIED', 'LAYER_STATUS_')).toBe('verified');
    expect(enumWord('TRANSACTION_STATE_INSUFFICIENT_FUNDS', 'TRANSACTION_STATE_')).toBe(
      'insufficient funds',
    );
    expect(enumWord(undefined, 'X_')).toBe('');
  });

  it('names templates and methods', () => {
    const wallet = encodeAddress(templateAddress(1), 'stest');
    const vault = encodeAddress(templateAddress(4), 'stest');
    const other = encodeAddress(new Uint8Array(24).fill(7), 'stest');
    const dec = (a: string) => decodeAddress(a);
    expect(templateName(wallet, dec)).toBe('wallet');
    expect(templateName(vault, dec)).toBe('vault');
    expect(templateName(other, dec)).toBe(other);
    expect(templateName('', dec)).toBe('');
    expect(templateName('garbage', dec)).toBe('garbage');
    expect(methodName(0)).toBe('spawn');
    expect(methodName(16)).toBe('spend');
    expect(methodName(17)).toBe('drain vault');
    expect(methodName(3)).toBe('#3');
  });
});
