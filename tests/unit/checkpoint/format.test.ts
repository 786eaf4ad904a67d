// go-spacemesh's checkpoint JSON: what smesh writes parses back to the same checkpoint, a file
// shaped like go's output (base64 bytes and unit keys, marriages) parses, and every malformed
// or corrupt file is refused with its typed reason and the field's path.
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../../src/lib/checkpoint/errors.ts';
import type { CheckpointErrorReason } from '../../../src/lib/checkpoint/errors.ts';
import {
  encodeCheckpoint,
  SCHEMA_VERSION,
  snapshotLayerOf,
} from '../../../src/lib/checkpoint/format.ts';
import { parseCheckpoint } from '../../../src/lib/checkpoint/parse.ts';
import { buildCheckpoint } from '../../../src/lib/checkpoint/snapshot.ts';
import { accounts, header } from './fixture.ts';

const cp = buildCheckpoint(
  {
    snapshotLayer: 29,
    atxs: [header(1, 1), header(1, 2), header(2, 2)],
    accounts,
    malicious: () => false,
  },
  10,
);
const text = encodeCheckpoint(cp);

function refused(t: string): CheckpointError {
  try {
    parseCheckpoint(t);
  } catch (e) {
    if (e instanceof CheckpointError) return e;
    throw e;
  }
  throw new Error('accepted');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the edits reach into any JSON
type Loose = Record<string, any>;

/** The encoded checkpoint with `edit` applied to its parsed JSON. */
function edited(edit: (j: Loose) => void): string {
  const j = JSON.parse(text) as Loose;
  edit(j);
  return JSON.stringify(j);
}

describe('checkpoint file format', () => {
  it('round-trips, uint64 values above 2^53 included', () => {
    const back = parseCheckpoint(text);
    expect(back).toEqual(cp);
    expect(back.accounts.find((a) => a.balance > 2n ** 53n)?.balance).toBe(
      12_345_678_901_234_567_890n,
    );
    expect(text).toContain('"balance":12345678901234567890');
    expect(back.version).toBe(SCHEMA_VERSION);
    expect(snapshotLayerOf(back.id)).toBe(29);
  });

  it("reads go-spacemesh's encoding: base64 bytes and unit keys, null template, marriages", () => {
    const id = Buffer.alloc(32, 7).toString('base64');
    const pk = Buffer.alloc(32, 8);
    const goFile = JSON.stringify({
      command: 'grpcurl ...',
      version: SCHEMA_VERSION,
      data: {
        id: 'snapshot-9',
        atxs: [
          {
            id,
            epoch: 1,
            commitmentAtx: id,
            marriageAtx: null,
            vrfNonce: 5,
            baseTickHeight: 0,
            tickCount: 3,
            publicKey: pk.toString('base64'),
            sequence: 0,
            coinbase: Buffer.alloc(24, 1).toString('base64'),
            numUnits: 2,
            units: { [pk.toString('base64')]: 2 },
          },
        ],
        accounts: [
          {
            address: Buffer.alloc(24, 3).toString('base64'),
            balance: 10,
            nonce: 0,
            template: null,
            state: null,
          },
        ],
        marriages: {},
      },
    });
    const parsed = parseCheckpoint(goFile);
    expect(parsed.atxs[0]!.units.get(pk.toString('base64'))).toBe(2);
    expect(parsed.atxs[0]!.marriageAtx).toBeNull();
    expect(parsed.accounts[0]!.template).toBeNull();
    expect(parsed.accounts[0]!.balance).toBe(10n);
  });

  const cases: [string, string, CheckpointErrorReason, string][] = [
    ['not JSON', text.slice(0, 40), 'not-json', ''],
    ['a JSON array', '[]', 'not-json', ''],
    ['another version', edited((j) => (j['version'] = 'v0')), 'bad-version', '$.version'],
    ['no data', edited((j) => delete j['data']), 'missing-field', '$.data'],
    ['no atxs', edited((j) => delete j['data'].atxs), 'missing-field', '$.data.atxs'],
    ['atxs not an array', edited((j) => (j['data'].atxs = {})), 'bad-field', '$.data.atxs'],
    [
      'an ATX without id',
      edited((j) => delete j['data'].atxs[1].id),
      'missing-field',
      '$.data.atxs[1].id',
    ],
    [
      'a short ATX id',
      edited((j) => (j['data'].atxs[0].id = 'AAAA')),
      'bad-field',
      '$.data.atxs[0].id',
    ],
    [
      'an id not base64',
      edited((j) => (j['data'].atxs[0].id = '!!')),
      'bad-field',
      '$.data.atxs[0].id',
    ],
    [
      'a negative epoch',
      edited((j) => (j['data'].atxs[0].epoch = -1)),
      'bad-field',
      '$.data.atxs[0].epoch',
    ],
    [
      'a fractional tick count',
      edited((j) => (j['data'].atxs[0].tickCount = 1.5)),
      'bad-field',
      '$.data.atxs[0].tickCount',
    ],
    [
      'an epoch over uint32',
      edited((j) => (j['data'].atxs[0].epoch = 2 ** 32)),
      'bad-field',
      '$.data.atxs[0].epoch',
    ],
    [
      'a numeric string',
      edited((j) => (j['data'].atxs[0].sequence = '1')),
      'bad-field',
      '$.data.atxs[0].sequence',
    ],
    [
      'a bad units key',
      edited((j) => (j['data'].atxs[0].units = { zz: 1 })),
      'bad-field',
      '$.data.atxs[0].units.zz',
    ],
    [
      'a 23-byte address',
      edited((j) => (j['data'].accounts[0].address = Buffer.alloc(23).toString('base64'))),
      'bad-field',
      '$.data.accounts[0].address',
    ],
    [
      'a duplicate ATX',
      edited((j) => j['data'].atxs.push(j['data'].atxs[0])),
      'duplicate',
      '$.data.atxs[3]',
    ],
    [
      'a duplicate account',
      edited((j) => j['data'].accounts.push(j['data'].accounts[1])),
      'duplicate',
      '$.data.accounts[2]',
    ],
  ];
  it.each(cases)('refuses %s', (_what, t, reason, path) => {
    const e = refused(t);
    expect(e.reason).toBe(reason);
    expect(e.path).toBe(path);
  });

  it('refuses a balance over uint64 (go would overflow)', () => {
    const t = text.replace('"balance":500', '"balance":18446744073709551616');
    expect(refused(t)).toMatchObject({ reason: 'bad-field', path: '$.data.accounts[0].balance' });
  });
});
