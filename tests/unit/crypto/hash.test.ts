import { describe, expect, it } from 'vitest';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { blake3, hash20, HASH20_LENGTH, HASH32_LENGTH } from '../../../src/lib/crypto/hash.ts';
import { loadVectors } from '../vectors.ts';

interface TxIdCase {
  i: number;
  rawTx: string;
  txId: string;
  expected: string;
}
const genvm = loadVectors<{ blocks_tx_id_fixture: { cases: TxIdCase[] } }>('genvm_golden.json');

describe('blake3', () => {
  it('matches the BLAKE3 reference digests', () => {
    // BLAKE3 reference (official test_vectors.json, input length 0) and the well-known "abc".
    expect(bytesToHex(blake3())).toBe(
      'af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262',
    );
    expect(bytesToHex(blake3(utf8ToBytes('abc')))).toBe(
      '6437b3ac38465133ffb63b75273a8db548c558465d79db03fd359c6cd5bd9d85',
    );
  });

  it('gives go-spacemesh transaction ids (blake3 of the raw signed tx)', () => {
    const cases = genvm.blocks_tx_id_fixture.cases;
    expect(cases.length).toBe(10);
    for (const c of cases) {
      expect(c.txId).toBe(c.expected); // the upstream expected value, not one made here
      expect(bytesToHex(blake3(hexToBytes(c.rawTx)))).toBe(c.expected);
    }
  });

  it('hashes the concatenation of its parts', () => {
    const a = utf8ToBytes('spacemesh ');
    const b = new Uint8Array(0);
    const c = hexToBytes('00ff10');
    const whole = new Uint8Array([...a, ...b, ...c]);
    expect(blake3(a, b, c)).toEqual(blake3(whole));
    expect(blake3(whole.subarray(0, 3), whole.subarray(3))).toEqual(blake3(whole));
    expect(blake3(a, c)).not.toEqual(blake3(c, a));
    expect(blake3(whole).length).toBe(HASH32_LENGTH);
  });
});

describe('hash20', () => {
  it('gives the mainnet genesis id from genesis time and extra data (PROTOCOL.md)', () => {
    // GenesisID = blake3(decimal unix seconds of 2023-07-14T08:00:00Z ‖ extra data)[0:20].
    const seconds = String(Date.parse('2023-07-14T08:00:00Z') / 1000);
    expect(seconds).toBe('1689321600');
    const extra = '00000000000000000001a6bc150307b5c1998045752b3c87eccf3c013036f3cc';
    const id = hash20(utf8ToBytes(seconds), utf8ToBytes(extra));
    expect(bytesToHex(id)).toBe('9eebff023abb17ccb775c602daade8ed708f0a50');
  });

  it('is the 20-byte prefix of blake3, in its own buffer', () => {
    const m = utf8ToBytes('ballot');
    const h = hash20(m);
    expect(h.length).toBe(HASH20_LENGTH);
    expect(h.buffer.byteLength).toBe(HASH20_LENGTH);
    expect(h).toEqual(blake3(m).subarray(0, 20));
  });
});
