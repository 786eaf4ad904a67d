// Fetch over the Requester seam (in-memory network): answers are checked against their ids, a
// peer that lies or fails is skipped for the next, and the protocol codecs hold their bounds.
import { describe, expect, it } from 'vitest';
import { bytesToHex } from '@noble/hashes/utils.js';
import { decode, encode } from '../../../src/lib/codec/index.ts';
import { SimNetwork } from '../../../src/lib/sim/network.ts';
import { Rng } from '../../../src/lib/sim/rng.ts';
import { VirtualTime } from '../../../src/lib/sim/virtual-time.ts';
import { Fetcher } from '../../../src/lib/sync/fetcher.ts';
import {
  HashRequestCodec,
  HashResponseCodec,
  Hint,
  LayerDataCodec,
  MAX_HASH_REQUEST,
  SyncProtocol,
} from '../../../src/lib/sync/protocol.ts';
import { blobMatches } from '../../../src/lib/sync/verify.ts';
import { txId } from '../../../src/lib/vm/tx/id.ts';

const tx = (s: string) => new TextEncoder().encode(`a transaction ${s}`);

function setup() {
  const time = new VirtualTime({ startMs: 0 });
  const net = new SimNetwork(time, new Rng('fetch'), { latencyMs: { min: 5, max: 10 } });
  const me = net.join('a');
  const liar = net.join('b');
  const honest = net.join('c');
  const blobs = new Map([tx('1'), tx('2')].map((t) => [bytesToHex(txId(t)), t]));
  let honestCalls = 0;
  honest.handle(SyncProtocol.HASH, async (_from, req) => {
    honestCalls++;
    const items = decode(HashRequestCodec, req);
    return encode(
      HashResponseCodec,
      items.map((it) => blobs.get(bytesToHex(it.id)) ?? null),
    );
  });
  // Answers every id with the wrong bytes.
  liar.handle(SyncProtocol.HASH, async (_from, req) =>
    encode(
      HashResponseCodec,
      decode(HashRequestCodec, req).map(() => tx('forged')),
    ),
  );
  return { time, me, blobs, calls: () => honestCalls };
}

describe('sync protocol', () => {
  it('checks blobs against their ids', () => {
    const t = tx('x');
    expect(blobMatches(Hint.TX, txId(t), t)).toBe(true);
    expect(blobMatches(Hint.TX, txId(t), tx('y'))).toBe(false);
    expect(blobMatches(Hint.BALLOT, new Uint8Array(20), t)).toBe(false); // does not decode
  });

  it('bounds requests and rejects unknown hints', () => {
    const ok = encode(HashRequestCodec, [{ hint: Hint.ATX, id: new Uint8Array(32) }]);
    expect(decode(HashRequestCodec, ok)).toHaveLength(1);
    const badHint = ok.slice();
    badHint[1] = 99;
    expect(() => decode(HashRequestCodec, badHint)).toThrow();
    const tooMany = Array.from({ length: MAX_HASH_REQUEST + 1 }, () => ({
      hint: Hint.TX,
      id: new Uint8Array(32),
    }));
    expect(() => encode(HashRequestCodec, tooMany)).toThrow();
    const layer = { ballots: [new Uint8Array(20)], blocks: [], hareKnown: true, hareBlock: null };
    expect(decode(LayerDataCodec, encode(LayerDataCodec, layer))).toEqual(layer);
  });

  it('skips a peer that answers with bytes that do not match, and gets them from another', async () => {
    const { time, me, blobs } = setup();
    const bad: string[] = [];
    const f = new Fetcher(me, { onBadPeer: (peer, why) => bad.push(`${peer}: ${why}`) });
    const ids = [...blobs.values()].map(txId);
    const p = f.hashes(Hint.TX, [...ids, new Uint8Array(32).fill(9)], 'b');
    await time.runFor(1_000);
    const got = await p;
    expect([...got.keys()].sort()).toEqual(ids.map(bytesToHex).sort());
    for (const [k, v] of got) expect(bytesToHex(txId(v))).toBe(k);
    expect(bad.length).toBe(3); // the liar's three answers, one per id asked
    expect(bad[0]).toMatch(/^b: blob does not match/);
  });

  it('gives up on layer data nobody serves, and still fetches from the peer that has it', async () => {
    const { time, me, blobs, calls } = setup();
    const silent = new Fetcher(me, { timeoutMs: 200 });
    const ids = [...blobs.values()].map(txId);
    const p = silent.layerData(5, 'b');
    await time.runFor(2_000);
    expect(await p).toBeUndefined(); // nobody serves layer data here
    const q = silent.hashes(Hint.TX, ids);
    await time.runFor(2_000);
    expect((await q).size).toBe(2);
    expect(calls()).toBeGreaterThan(0);
  });
});
