// The explorer's search box: what a query can be (parseQuery, pure) and which page it opens
// (resolveQuery: tries each API lookup the query could match, in order).
import { base64, hex } from '@scure/base';
import type { SmeshApi } from '../../api/interface.ts';
import { decodeAddress } from '../../crypto/address.ts';
import { hexToB64 } from './format.ts';

export type Query =
  | { readonly kind: 'layer'; readonly n: number }
  | { readonly kind: 'epoch'; readonly n: number }
  | { readonly kind: 'address'; readonly address: string }
  /** 32 bytes: a transaction, an ATX or a smesher. */
  | { readonly kind: 'id32'; readonly hex: string }
  /** 20 bytes: a block. */
  | { readonly kind: 'id20'; readonly hex: string }
  | { readonly kind: 'invalid'; readonly why: string };

const MAX_U32 = 0xffffffff;

function number(s: string): number | undefined {
  if (!/^\d{1,10}$/.test(s)) return undefined;
  const n = Number(s);
  return n <= MAX_U32 ? n : undefined;
}

/** Bytes written as hex (0x optional) or base64 (what the API sends), else undefined. */
export function bytesOf(s: string): Uint8Array | undefined {
  const h = s.replace(/^0x/i, '');
  if (/^[0-9a-f]+$/i.test(h) && h.length % 2 === 0) return hex.decode(h.toLowerCase());
  if (/^[A-Za-z0-9+/]+={0,2}$/.test(s) && s.length % 4 === 0) {
    try {
      return base64.decode(s);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** What the text typed into the search box names. */
export function parseQuery(text: string): Query {
  const q = text.trim();
  if (q === '') return { kind: 'invalid', why: 'Type a layer, epoch, id or address.' };
  const n = number(q);
  if (n !== undefined) return { kind: 'layer', n };
  const named = /^(layer|epoch)\s*#?\s*(\d+)$/i.exec(q);
  if (named !== null) {
    const v = number(named[2]!);
    if (v === undefined) return { kind: 'invalid', why: `${named[1]} number too large` };
    return { kind: named[1]!.toLowerCase() === 'epoch' ? 'epoch' : 'layer', n: v };
  }
  if (/^[a-z]+1[02-9ac-hj-np-z]{30,}$/i.test(q))
    return { kind: 'address', address: q.toLowerCase() };
  const b = bytesOf(q);
  if (b?.length === 32) return { kind: 'id32', hex: hex.encode(b) };
  if (b?.length === 20) return { kind: 'id20', hex: hex.encode(b) };
  return {
    kind: 'invalid',
    why: 'Not a layer, epoch, address, or a 32-byte (tx, ATX, smesher) or 20-byte (block) id.',
  };
}

/** Where a query leads: an explorer path and its query string, or why nowhere. */
export type Target =
  | { readonly found: true; readonly path: ExplorerPath; readonly query: string }
  | { readonly found: false; readonly why: string };

export type ExplorerPath =
  | '/explorer/layer'
  | '/explorer/epoch'
  | '/explorer/account'
  | '/explorer/tx'
  | '/explorer/atx'
  | '/explorer/smesher'
  | '/explorer/block';

/** How far back a block id is looked for (LayerService cannot look a block up by id). */
export const BLOCK_SCAN_LAYERS = 2_000;

/** Finds the layer whose block has this id, newest first, within BLOCK_SCAN_LAYERS layers. */
export async function findBlockLayer(api: SmeshApi, idHex: string): Promise<number | undefined> {
  const want = hexToB64(idHex);
  for (let offset = 0; offset < BLOCK_SCAN_LAYERS; offset += 100) {
    const { layers } = await api.call('spacemesh.v2alpha1.LayerService/List', {
      sortOrder: 'DESC',
      limit: '100',
      offset: String(offset),
    });
    const hit = layers.find((l) => l.block?.id === want);
    if (hit !== undefined) return hit.number;
    if (layers.length < 100) return undefined;
  }
  return undefined;
}

/** Tries each lookup the query could match; the first that finds something wins. */
export async function resolveQuery(api: SmeshApi, q: Query, hrp: string): Promise<Target> {
  switch (q.kind) {
    case 'invalid':
      return { found: false, why: q.why };
    case 'layer':
      return { found: true, path: '/explorer/layer', query: `n=${q.n}` };
    case 'epoch':
      return { found: true, path: '/explorer/epoch', query: `n=${q.n}` };
    case 'address': {
      try {
        decodeAddress(q.address, hrp);
      } catch (e) {
        return {
          found: false,
          why: `Not an address of this network (${hrp}): ${e instanceof Error ? e.message : String(e)}`,
        };
      }
      return { found: true, path: '/explorer/account', query: `address=${q.address}` };
    }
    case 'id32': {
      const id = hexToB64(q.hex);
      const tx = await api.call('spacemesh.v2alpha1.TransactionService/List', {
        txid: [id],
        limit: '1',
      });
      if (tx.transactions.length > 0)
        return { found: true, path: '/explorer/tx', query: `id=${q.hex}` };
      const atx = await api.call('spacemesh.v2alpha1.ActivationService/List', {
        id: [id],
        limit: '1',
      });
      if (atx.activations.length > 0)
        return { found: true, path: '/explorer/atx', query: `id=${q.hex}` };
      const sm = await api.call('spacemesh.v2alpha1.ActivationService/List', {
        smesherId: [id],
        limit: '1',
      });
      if (sm.activations.length > 0)
        return { found: true, path: '/explorer/smesher', query: `id=${q.hex}` };
      return { found: false, why: `No transaction, ATX or smesher with id ${q.hex}.` };
    }
    case 'id20': {
      const layer = await findBlockLayer(api, q.hex);
      if (layer !== undefined) return { found: true, path: '/explorer/layer', query: `n=${layer}` };
      return {
        found: false,
        why: `No block ${q.hex} in the last ${BLOCK_SCAN_LAYERS} layers.`,
      };
    }
  }
}
