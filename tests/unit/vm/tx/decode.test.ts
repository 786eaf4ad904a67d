// Malformed transactions: each fails with a DecodeError whose code and field say what broke.
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { DecodeError, type DecodeErrorCode } from '../../../../src/lib/codec/index.ts';
import { encodeAddress } from '../../../../src/lib/crypto/address.ts';
import {
  decodeTx,
  decodeTxBody,
  decodeUnsignedTx,
  describeTx,
  encodeTx,
  type Transaction,
} from '../../../../src/lib/vm/tx/index.ts';

const principal = hexToBytes('00000000' + '11'.repeat(20));
const destination = hexToBytes('00000000' + '22'.repeat(20));
const spend: Transaction = {
  method: 'spend',
  principal,
  nonce: 5n,
  gasPrice: 1n,
  args: { destination, amount: 1000n },
};
const body = encodeTx(spend);
const H = bytesToHex(body);
// 00 | principal(24) | 40 (method 16) | 14 (nonce 5) | 04 (gas 1) | destination(24) | a10f (1000)
const head = H.slice(0, 2 + 48);

function fails(
  hex: string,
  code: DecodeErrorCode,
  field: string,
  decoder: (b: Uint8Array) => unknown = decodeUnsignedTx,
): void {
  let err: unknown;
  try {
    decoder(hexToBytes(hex));
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(DecodeError);
  expect([(err as DecodeError).code, (err as DecodeError).field]).toEqual([code, field]);
}

describe('transaction decode errors', () => {
  it('layout of the test body', () =>
    expect(H).toBe(`00${'00000000' + '11'.repeat(20)}401404${'00000000' + '22'.repeat(20)}a10f`));
  it('empty input', () => fails('', 'truncated', 'version'));
  it('version other than 0', () => fails('04' + H.slice(2), 'invalid-value', 'version'));
  it('principal cut short', () => fails(H.slice(0, 20), 'truncated', 'principal'));
  it('unknown method', () => fails(head + '08' + H.slice(52), 'invalid-value', 'method'));
  it('method beyond compact8', () => fails(head + '02000000', 'overflow', 'method'));
  it('unknown template in a spawn', () =>
    fails(head + '00' + '00'.repeat(23) + '09' + '0404', 'invalid-value', 'template'));
  it('non-canonical nonce', () =>
    fails(head + '40' + '1500' + H.slice(54), 'non-canonical', 'nonce'));
  it('missing gas price', () => fails(head + '4014', 'truncated', 'gasPrice'));
  it('amount wider than 64 bits', () =>
    fails(H.slice(0, -4) + '17' + 'ff'.repeat(9), 'overflow', 'args.amount'));
  it('destination cut short', () => fails(H.slice(0, 60), 'truncated', 'args.destination'));
  it('more than ten multisig keys', () =>
    fails(
      head + '00' + '00'.repeat(23) + '02' + '0404' + '04' + '2c' + '00'.repeat(32 * 11),
      'too-long',
      'args.publicKeys',
    ));
  it('an unsigned body with trailing bytes', () => fails(H + '00', 'trailing-bytes', ''));
  it('a signed tx without signature', () => fails(H, 'truncated', '', decodeTx));
  it('a signature part cut short', () =>
    fails(
      H + '00' + 'aa'.repeat(64) + '04' + 'bb'.repeat(63),
      'truncated',
      'signature[1].sig',
      decodeTx,
    ));
  it('a signature of 63 bytes', () =>
    fails(H + '00'.repeat(63), 'truncated', 'signature[0].sig', decodeTx));
  it('over 1024 bytes', () =>
    fails(H + '00'.repeat(1025 - body.length), 'too-long', '', decodeTxBody));
});

describe('decodeTxBody', () => {
  it('splits the body from whatever follows', () => {
    const raw = concatBytes(body, hexToBytes('0102'));
    const { tx, unsigned, signatureRegion } = decodeTxBody(raw);
    expect(tx).toEqual(spend);
    expect(bytesToHex(unsigned)).toBe(H);
    expect(bytesToHex(signatureRegion)).toBe('0102');
  });
});

describe('describeTx', () => {
  it('spend: principal template unknown unless given', () => {
    const d = describeTx(spend, 'stest');
    expect(d).toEqual({
      template: null,
      templateAddress: null,
      method: 'spend',
      methodId: 16,
      principal: encodeAddress(principal, 'stest'),
      nonce: '5',
      gasPrice: '1',
      args: { destination: encodeAddress(destination, 'stest'), amount: '1000' },
    });
    expect(describeTx(spend, 'sm', 'wallet').template).toBe('wallet');
    expect(describeTx(spend, 'sm', 'wallet').templateAddress).toBe(
      'sm1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqg56ypy7',
    );
  });
  it('is JSON-serialisable with amounts as decimal strings', () => {
    const big: Transaction = { ...spend, args: { destination, amount: 2n ** 64n - 1n } };
    const json = JSON.parse(JSON.stringify(describeTx(big, 'sm'))) as { args: { amount: string } };
    expect(json.args.amount).toBe('18446744073709551615');
  });
});
