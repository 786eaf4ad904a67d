// tests/vectors/genesis.json: go-spacemesh config/genesis.go GoldenATX / GenesisID.
import { describe, expect, it } from 'vitest';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { blake3 } from '@noble/hashes/blake3.js';
import { loadVectors } from '../vectors.ts';
import {
  GENESIS_ID_LENGTH,
  configGenesisId,
  configGoldenAtx,
  formatGenesisTime,
  genesisId,
  genesisTimeMs,
  goldenAtx,
  parseGenesisTime,
  unixSeconds,
  withGenesis,
} from '../../../src/lib/config/genesis.ts';
import { GenesisTimeNotSetError, InvalidGenesisError } from '../../../src/lib/config/errors.ts';
import { devnet } from '../../../src/lib/config/devnet.ts';
import { mainnet } from '../../../src/lib/config/mainnet.ts';

interface GenesisCase {
  name: string;
  genesisTime?: string;
  unixSeconds: number;
  extraData: string;
  expectedGenesisId: string | null;
  preimageAscii: string;
  goldenAtx_blake3_256: string;
  genesisId: string;
}

const { cases } = loadVectors<{ cases: GenesisCase[] }>('genesis.json');

describe('genesis.json', () => {
  it('has the cases this test expects', () => {
    expect(cases.map((c) => c.name)).toEqual([
      'mainnet',
      'config/genesis_test.go TestGenesisID/stable',
    ]);
  });

  for (const c of cases) {
    describe(c.name, () => {
      if (c.genesisTime !== undefined) {
        const time = c.genesisTime;
        it('genesis time → unix seconds', () => {
          expect(unixSeconds(parseGenesisTime(time))).toBe(c.unixSeconds);
        });
      }

      it('preimage is decimal seconds ‖ extra data', () => {
        expect(`${c.unixSeconds}${c.extraData}`).toBe(c.preimageAscii);
        expect(bytesToHex(blake3(utf8ToBytes(c.preimageAscii)))).toBe(c.goldenAtx_blake3_256);
      });

      it('golden ATX and genesis id', () => {
        const atx = goldenAtx(c.unixSeconds, c.extraData);
        expect(bytesToHex(atx)).toBe(c.goldenAtx_blake3_256);
        expect(bytesToHex(genesisId(c.unixSeconds, c.extraData))).toBe(c.genesisId);
        expect(bytesToHex(genesisId(BigInt(c.unixSeconds), c.extraData))).toBe(c.genesisId);
        expect(c.genesisId).toBe(c.goldenAtx_blake3_256.slice(0, 2 * GENESIS_ID_LENGTH));
        // A buffer of its own, so .buffer or a Map key never carries the other 12 bytes.
        expect(genesisId(c.unixSeconds, c.extraData).buffer.byteLength).toBe(GENESIS_ID_LENGTH);
        if (c.expectedGenesisId !== null) expect(c.genesisId).toBe(c.expectedGenesisId);
      });

      it('changes when one second or one character changes', () => {
        const id = bytesToHex(genesisId(c.unixSeconds, c.extraData));
        expect(bytesToHex(genesisId(c.unixSeconds + 1, c.extraData))).not.toBe(id);
        const flipped = (c.extraData[0] === 'x' ? 'y' : 'x') + c.extraData.slice(1);
        expect(bytesToHex(genesisId(c.unixSeconds, flipped))).not.toBe(id);
      });
    });
  }

  it('mainnet preset gives the mainnet vector', () => {
    const vector = cases[0] as GenesisCase;
    expect(mainnet.genesis.time).toBe(vector.genesisTime);
    expect(mainnet.genesis.extraData).toBe(vector.extraData);
    expect(bytesToHex(configGoldenAtx(mainnet))).toBe(vector.goldenAtx_blake3_256);
    expect(bytesToHex(configGenesisId(mainnet))).toBe('9eebff023abb17ccb775c602daade8ed708f0a50');
  });
});

describe('genesis time parsing (Go time.RFC3339)', () => {
  it('parses Z and offsets to the same instant', () => {
    const z = parseGenesisTime('2023-07-14T08:00:00Z');
    expect(z).toBe(Date.UTC(2023, 6, 14, 8));
    expect(parseGenesisTime('2023-07-14T10:30:00+02:30')).toBe(z);
    expect(parseGenesisTime('2023-07-14T03:00:00-05:00')).toBe(z);
    expect(parseGenesisTime('2023-07-14T08:00:00.999Z')).toBe(z + 999);
    expect(unixSeconds(parseGenesisTime('2023-07-14T08:00:00.999Z'))).toBe(1_689_321_600);
    expect(parseGenesisTime('2024-02-29T00:00:00Z')).toBe(Date.UTC(2024, 1, 29));
  });

  it('floors like Go for times before 1970', () => {
    expect(unixSeconds(parseGenesisTime('1969-12-31T23:59:59.5Z'))).toBe(-1);
    expect(bytesToHex(goldenAtx(-1, 'x'))).toBe(bytesToHex(blake3(utf8ToBytes('-1x'))));
  });

  it('rejects what Go rejects', () => {
    for (const bad of [
      '2023-07-14 08:00:00Z',
      '2023-07-14T08:00:00',
      '2023-07-14t08:00:00z',
      '2023-02-29T00:00:00Z',
      '2023-13-01T00:00:00Z',
      '2023-07-14T24:00:00Z',
      '2023-07-14T08:60:00Z',
      '2023-07-14T08:00:60Z',
      '2023-07-14T08:00:00+24:00',
      '',
    ]) {
      expect(() => parseGenesisTime(bad), bad).toThrow(InvalidGenesisError);
    }
  });

  it('formats whole seconds', () => {
    expect(formatGenesisTime(Date.UTC(2023, 6, 14, 8) + 750)).toBe('2023-07-14T08:00:00Z');
  });
});

describe('genesis inputs', () => {
  it('rejects empty or over-long extra data and fractional seconds', () => {
    expect(() => goldenAtx(1, '')).toThrow(InvalidGenesisError);
    expect(() => goldenAtx(1, 'x'.repeat(256))).toThrow(InvalidGenesisError);
    expect(() => goldenAtx(1, 'x'.repeat(255))).not.toThrow();
    expect(() => goldenAtx(1.5, 'x')).toThrow(InvalidGenesisError);
  });

  it('networks launched later need withGenesis first', () => {
    expect(() => configGenesisId(devnet)).toThrow(GenesisTimeNotSetError);
    expect(() => genesisTimeMs(devnet)).toThrow(GenesisTimeNotSetError);
    const t = Date.UTC(2030, 0, 1, 12);
    const launched = withGenesis(devnet, { time: t + 400 });
    expect(launched.genesis.time).toBe('2030-01-01T12:00:00Z');
    expect(launched.genesis.extraData).toBe(devnet.genesis.extraData);
    expect(genesisTimeMs(launched)).toBe(t);
    expect(bytesToHex(configGenesisId(launched))).toBe(
      bytesToHex(genesisId(t / 1000, devnet.genesis.extraData)),
    );
    expect(devnet.genesis.time).toBeNull();
    const renamed = withGenesis(devnet, { time: '2030-01-01T12:00:00Z', extraData: 'other' });
    expect(renamed.genesis.extraData).toBe('other');
    expect(() => withGenesis(devnet, { time: 'tomorrow' })).toThrow(InvalidGenesisError);
  });
});
