// The shape descriptions: protojson's reading of requests (defaults, proto names, numbers as
// strings, enums by name or number) and the contract checker's strictness.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/lib/api/errors.ts';
import { NodeStatusResponse } from '../../../src/lib/api/v2alpha1/node.ts';
import { RewardRequest } from '../../../src/lib/api/v2alpha1/reward.ts';
import { TransactionResponse } from '../../../src/lib/api/v2alpha1/tx.ts';
import { checkMessage, decodeBase64, parseMessage } from '../../../src/lib/api/v2alpha1/shape.ts';

describe('parseMessage', () => {
  it('fills defaults, leaves optional members out and accepts proto names', () => {
    expect(parseMessage(RewardRequest, {})).toEqual({
      startLayer: 0,
      endLayer: 0,
      offset: '0',
      limit: '0',
      sortOrder: 'ASC',
    });
    expect(
      parseMessage(RewardRequest, { start_layer: '5', limit: 7, sort_order: 1, coinbase: 'x' }),
    ).toMatchObject({ startLayer: 5, limit: '7', sortOrder: 'DESC', coinbase: 'x' });
    expect(parseMessage(RewardRequest, { unknown: 1 })).not.toHaveProperty('unknown');
  });

  it.each([
    [{ startLayer: -1 }, 'body.startLayer: not a uint32'],
    [{ startLayer: 2 ** 32 }, 'body.startLayer: not a uint32'],
    [{ limit: '18446744073709551616' }, 'body.limit: not a uint64'],
    [{ limit: 1.5 }, 'body.limit: not a uint64'],
    [{ sortOrder: 'UP' }, 'body.sortOrder: not one of ASC, DESC'],
    [{ smesher: '@@' }, 'body.smesher: not base64 bytes'],
    [[], 'body: not a JSON object'],
  ])('refuses %j', (json, message) => {
    expect(() => parseMessage(RewardRequest, json)).toThrow(ApiError);
    expect(() => parseMessage(RewardRequest, json)).toThrow(message);
  });

  it('reads standard and URL-safe base64, padded or not', () => {
    expect([...decodeBase64('-_8')]).toEqual([251, 255]);
    expect([...decodeBase64('+/8=')]).toEqual([251, 255]);
  });
});

describe('checkMessage', () => {
  const ok = {
    connectedPeers: '3',
    status: 'SYNC_STATUS_SYNCED',
    latestLayer: 1,
    appliedLayer: 1,
    processedLayer: 1,
    currentLayer: 2,
  };

  it('accepts a conforming message', () => {
    expect(checkMessage(NodeStatusResponse, ok)).toEqual([]);
  });

  it('names every missing, extra and mistyped field', () => {
    const { currentLayer: _, ...missing } = ok;
    expect(checkMessage(NodeStatusResponse, missing)).toEqual(['$.currentLayer: missing']);
    expect(checkMessage(NodeStatusResponse, { ...ok, extra: 1 })).toEqual([
      '$.extra: unexpected field',
    ]);
    expect(checkMessage(NodeStatusResponse, { ...ok, connectedPeers: 3 })).toEqual([
      '$.connectedPeers: uint64 string, got 3',
    ]);
    expect(checkMessage(NodeStatusResponse, { ...ok, status: 'SYNCED' })).toEqual([
      '$.status: enum name, got "SYNCED"',
    ]);
  });

  it('checks nested messages, optional members and lists', () => {
    const bad = { tx: null, txResult: { status: 'TRANSACTION_STATUS_SUCCESS' }, txState: 4 };
    const errs = checkMessage(TransactionResponse, bad);
    expect(errs).toContain('$.txResult.message: missing');
    expect(errs).toContain('$.txState: enum name, got 4');
    expect(checkMessage(TransactionResponse, { tx: null, txResult: null })).toEqual([]);
  });
});
