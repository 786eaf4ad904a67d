import { describe, expect, it } from 'vitest';
import type { Account } from '../../../../src/lib/api/v2alpha1/account.ts';
import type { Activation } from '../../../../src/lib/api/v2alpha1/activation.ts';
import type { Layer } from '../../../../src/lib/api/v2alpha1/layer.ts';
import {
  byBalance,
  epochTotals,
  listAll,
  mergeLayer,
  smeshersOf,
} from '../../../../src/lib/ui/explorer/aggregate.ts';

const atx = (
  smesherId: string,
  publishEpoch: number,
  weight: string,
  numUnits = 1,
): Activation => ({
  id: `${smesherId}${publishEpoch}`,
  smesherId,
  publishEpoch,
  coinbase: 'c',
  weight,
  height: '0',
  numUnits,
});

describe('explorer aggregation', () => {
  it('groups ATXs by smesher, latest ATX and heaviest first', () => {
    const rows = smeshersOf([atx('a', 1, '10'), atx('b', 1, '30'), atx('a', 2, '50')]);
    expect(rows.map((r) => [r.smesherId, r.atxCount, r.latest.publishEpoch])).toEqual([
      ['a', 2, 2],
      ['b', 1, 1],
    ]);
    // ties by id
    expect(smeshersOf([atx('z', 1, '5'), atx('y', 1, '5')]).map((r) => r.smesherId)).toEqual([
      'y',
      'z',
    ]);
  });

  it('totals an epoch (weights beyond 2^53 stay exact)', () => {
    const t = epochTotals([
      atx('a', 1, '9007199254740993', 2),
      atx('b', 1, '1', 3),
      atx('a', 1, '1'),
    ]);
    expect(t).toEqual({ atxs: 3, smeshers: 2, weight: 9007199254740995n, numUnits: 6 });
  });

  it('orders accounts by balance', () => {
    const acc = (address: string, balance: string): Account => ({
      address,
      current: { counter: '0', balance, layer: 1 },
      projected: null,
      template: '',
    });
    expect(
      byBalance([acc('a', '5'), acc('b', '100'), acc('c', '5')]).map((a) => a.address),
    ).toEqual(['b', 'a', 'c']);
  });

  it('reads a list whole, 100 at a time, up to a cap', async () => {
    const source = Array.from({ length: 250 }, (_, i) => i);
    const calls: number[] = [];
    const get = async (offset: number, limit: number) => {
      calls.push(offset);
      return source.slice(offset, offset + limit);
    };
    expect(await listAll(get, 1000)).toEqual({ items: source, capped: false });
    expect(calls).toEqual([0, 100, 200]);
    const capped = await listAll(get, 200);
    expect(capped.items).toHaveLength(200);
    expect(capped.capped).toBe(true);
  });

  it('merges streamed layers newest first, one per number, at most keep', () => {
    const layer = (number: number, stateHash = ''): Layer => ({
      number,
      status: 'LAYER_STATUS_VERIFIED',
      consensusHash: '',
      stateHash,
      cumulativeStateHash: '',
      block: null,
    });
    let list: Layer[] = [];
    for (const n of [5, 6, 7]) list = mergeLayer(list, layer(n), 2);
    expect(list.map((l) => l.number)).toEqual([7, 6]);
    list = mergeLayer(list, layer(6, 'new'), 2);
    expect(list.map((l) => [l.number, l.stateHash])).toEqual([
      [7, ''],
      [6, 'new'],
    ]);
  });
});
