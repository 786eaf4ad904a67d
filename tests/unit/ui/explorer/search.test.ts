import { describe, expect, it } from 'vitest';
import { hex } from '@scure/base';
import type { SmeshApi } from '../../../../src/lib/api/interface.ts';
import { encodeAddress } from '../../../../src/lib/crypto/address.ts';
import { hexToB64 } from '../../../../src/lib/ui/explorer/format.ts';
import { bytesOf, parseQuery, resolveQuery } from '../../../../src/lib/ui/explorer/search.ts';

const H32 = 'ab'.repeat(32);
const H20 = 'cd'.repeat(20);
const ADDR = encodeAddress(new Uint8Array(24).fill(3).fill(0, 0, 4), 'stest');

describe('parseQuery', () => {
  it('reads layers and epochs', () => {
    expect(parseQuery(' 42 ')).toEqual({ kind: 'layer', n: 42 });
    expect(parseQuery('layer 7')).toEqual({ kind: 'layer', n: 7 });
    expect(parseQuery('Epoch 3')).toEqual({ kind: 'epoch', n: 3 });
    expect(parseQuery('epoch#12')).toEqual({ kind: 'epoch', n: 12 });
    expect(parseQuery('4294967296').kind).toBe('invalid');
    expect(parseQuery('epoch 99999999999').kind).toBe('invalid');
  });

  it('reads addresses, hex and base64 ids by length', () => {
    expect(parseQuery(ADDR.toUpperCase())).toEqual({ kind: 'address', address: ADDR });
    expect(parseQuery(H32)).toEqual({ kind: 'id32', hex: H32 });
    expect(parseQuery(`0x${H32.toUpperCase()}`)).toEqual({ kind: 'id32', hex: H32 });
    expect(parseQuery(hexToB64(H32))).toEqual({ kind: 'id32', hex: H32 });
    expect(parseQuery(H20)).toEqual({ kind: 'id20', hex: H20 });
  });

  it('refuses what is none of those', () => {
    expect(parseQuery('').kind).toBe('invalid');
    expect(parseQuery('hello world').kind).toBe('invalid');
    expect(parseQuery('abc').kind).toBe('invalid');
    expect(parseQuery('ab'.repeat(10)).kind).toBe('invalid');
    expect(bytesOf('zz')).toBeUndefined();
    expect(bytesOf('0x00ff')).toEqual(hex.decode('00ff'));
  });
});

/** A fake API answering the lists the resolver asks, from fixed sets of ids. */
function fakeApi(o: { txs?: string[]; atxs?: string[]; smeshers?: string[]; blocks?: string[] }) {
  const calls: string[] = [];
  const api = {
    call: async (method: string, req: Record<string, unknown>) => {
      calls.push(method);
      const has = (list: string[] | undefined, ids: unknown) =>
        (ids as string[]).some((id) => (list ?? []).map(hexToB64).includes(id));
      switch (method) {
        case 'spacemesh.v2alpha1.TransactionService/List':
          return { transactions: has(o.txs, req.txid) ? [{}] : [] };
        case 'spacemesh.v2alpha1.ActivationService/List':
          if (req.id !== undefined) return { activations: has(o.atxs, req.id) ? [{}] : [] };
          return { activations: has(o.smeshers, req.smesherId) ? [{}] : [] };
        case 'spacemesh.v2alpha1.LayerService/List': {
          const offset = Number(req.offset);
          const all = (o.blocks ?? []).map((b, i) => ({
            number: 500 - i,
            block: { id: hexToB64(b) },
          }));
          return { layers: all.slice(offset, offset + Number(req.limit)) };
        }
      }
      throw new Error(`unexpected ${method}`);
    },
  } as unknown as SmeshApi;
  return { api, calls };
}

describe('resolveQuery', () => {
  it('opens layers, epochs and addresses of this network without asking', async () => {
    const { api, calls } = fakeApi({});
    expect(await resolveQuery(api, parseQuery('12'), 'stest')).toEqual({
      found: true,
      path: '/explorer/layer',
      query: 'n=12',
    });
    expect(await resolveQuery(api, parseQuery('epoch 2'), 'stest')).toMatchObject({
      path: '/explorer/epoch',
      query: 'n=2',
    });
    expect(await resolveQuery(api, parseQuery(ADDR), 'stest')).toMatchObject({
      path: '/explorer/account',
      query: `address=${ADDR}`,
    });
    expect((await resolveQuery(api, parseQuery(ADDR), 'sm')).found).toBe(false);
    expect(calls).toEqual([]);
  });

  it('tries tx, then ATX, then smesher for a 32-byte id', async () => {
    expect(await resolveQuery(fakeApi({ txs: [H32] }).api, parseQuery(H32), 'stest')).toMatchObject(
      { path: '/explorer/tx', query: `id=${H32}` },
    );
    expect(
      await resolveQuery(fakeApi({ atxs: [H32] }).api, parseQuery(H32), 'stest'),
    ).toMatchObject({ path: '/explorer/atx' });
    const sm = fakeApi({ smeshers: [H32] });
    expect(await resolveQuery(sm.api, parseQuery(H32), 'stest')).toMatchObject({
      path: '/explorer/smesher',
    });
    expect(sm.calls).toHaveLength(3);
    const none = await resolveQuery(fakeApi({}).api, parseQuery(H32), 'stest');
    expect(none.found).toBe(false);
  });

  it('finds a block id among the layers, newest first', async () => {
    const blocks = Array.from({ length: 150 }, (_, i) => i.toString(16).padStart(40, '0'));
    blocks[120] = H20;
    expect(await resolveQuery(fakeApi({ blocks }).api, parseQuery(H20), 'stest')).toEqual({
      found: true,
      path: '/explorer/layer',
      query: `n=${500 - 120}`,
    });
    expect((await resolveQuery(fakeApi({ blocks: [] }).api, parseQuery(H20), 'stest')).found).toBe(
      false,
    );
  });
});
