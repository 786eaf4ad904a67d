import { describe, expect, it } from 'vitest';
import { blake3 } from '../../../src/lib/crypto/hash.ts';
import {
  encodeRequestFrame,
  encodeResponseFrame,
  encodeUvarint,
  FrameError,
  FrameKind,
  FrameReader,
  MAX_ERROR_LENGTH,
} from '../../../src/lib/p2p/frame.ts';
import type { Chunk } from '../../../src/lib/p2p/frame.ts';
import {
  gossipsubOptions,
  messageId,
  scoreParameterDecay,
  topicScoreParams,
} from '../../../src/lib/p2p/gossip-params.ts';

/** Yields the chunks, then fails the test if the reader pulls past `allow` of them. */
async function* chunks(parts: Uint8Array[], allow = parts.length): AsyncGenerator<Chunk> {
  for (let i = 0; i < parts.length; i++) {
    if (i >= allow) throw new Error(`reader pulled chunk ${i}`);
    yield parts[i] as Uint8Array;
  }
}

async function reason(p: Promise<unknown>): Promise<string> {
  const err = await p.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(FrameError);
  return (err as FrameError).reason;
}

describe('frames', () => {
  it('encodes uvarints as LEB128', () => {
    expect(encodeUvarint(0)).toEqual(Uint8Array.of(0));
    expect(encodeUvarint(127)).toEqual(Uint8Array.of(0x7f));
    expect(encodeUvarint(128)).toEqual(Uint8Array.of(0x80, 0x01));
    expect(encodeUvarint(10_240)).toEqual(Uint8Array.of(0x80, 0x50));
  });

  it('reads a request frame split across chunks', async () => {
    const frame = encodeRequestFrame(new Uint8Array(300).fill(7));
    const reader = new FrameReader(
      chunks([frame.subarray(0, 1), frame.subarray(1, 50), frame.subarray(50)]),
    );
    expect(await reader.readBody(300)).toEqual(new Uint8Array(300).fill(7));
  });

  it('reads data and error response frames', async () => {
    const data = encodeResponseFrame(FrameKind.DATA, Uint8Array.of(1, 2));
    const error = encodeResponseFrame(FrameKind.ERROR, new TextEncoder().encode('boom'));
    const reader = new FrameReader(chunks([data, error]));
    expect(await reader.readResponse(10)).toEqual({
      kind: FrameKind.DATA,
      body: Uint8Array.of(1, 2),
    });
    const e = await reader.readResponse(10);
    expect(e.kind).toBe(FrameKind.ERROR);
    expect(new TextDecoder().decode(e.body)).toBe('boom');
  });

  it('refuses an oversize body from its length prefix, without reading the body', async () => {
    const header = encodeUvarint(1_000_000);
    const reader = new FrameReader(chunks([header, new Uint8Array(10)], 1));
    expect(await reason(reader.readBody(1000))).toBe('too-large');
  });

  it('limits an error body to MAX_ERROR_LENGTH whatever the data limit', async () => {
    const frame = encodeResponseFrame(FrameKind.ERROR, new Uint8Array(MAX_ERROR_LENGTH + 1));
    expect(await reason(new FrameReader(chunks([frame])).readResponse(1 << 20))).toBe('too-large');
  });

  it('refuses unknown kinds, long or non-minimal uvarints, and cut frames', async () => {
    expect(await reason(new FrameReader(chunks([Uint8Array.of(9, 0)])).readResponse(10))).toBe(
      'malformed',
    );
    expect(await reason(new FrameReader(chunks([Uint8Array.of(0x80, 0x00)])).readBody(10))).toBe(
      'malformed',
    );
    const long = Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0xff, 0x01);
    expect(await reason(new FrameReader(chunks([long])).readBody(10))).toBe('malformed');
    expect(await reason(new FrameReader(chunks([Uint8Array.of(5, 1, 2)])).readBody(10))).toBe(
      'eof',
    );
    expect(await reason(new FrameReader(chunks([])).readBody(10))).toBe('eof');
  });
});

describe('gossip parameters (go-spacemesh p2p/pubsub)', () => {
  it('message id is blake3(topic ‖ data)', async () => {
    const data = Uint8Array.of(1, 2, 3);
    const expected = blake3(new TextEncoder().encode('ax1'), data);
    expect(messageId('ax1', data)).toEqual(expected);
    const opts = gossipsubOptions({ topics: ['ax1'] });
    const id = await opts.msgIdFn?.({ type: 'unsigned', topic: 'ax1', data });
    expect(id).toEqual(expected);
    // the topic is part of the id: the same bytes on another topic are another message
    expect(messageId('pp1', data)).not.toEqual(expected);
  });

  it('scores invalid messages at −100·n² and decays counters to zero in an hour', () => {
    const t = topicScoreParams();
    expect(t.topicWeight * t.invalidMessageDeliveriesWeight).toBeCloseTo(-100);
    expect(Math.pow(scoreParameterDecay(3_600_000), 3600)).toBeCloseTo(0.01, 6);
    const opts = gossipsubOptions({ topics: ['ax1', 'pp1'] });
    expect(Object.keys(opts.scoreParams?.topics ?? {})).toEqual(['ax1', 'pp1']);
    expect(opts.globalSignaturePolicy).toBe('StrictNoSign');
  });

  it('gives bootnodes no mesh and PX, and a +10000 app score to bootnodes elsewhere', () => {
    const boot = gossipsubOptions({ topics: [], isBootnode: true, bootnodes: ['p1'] });
    expect([boot.D, boot.Dlo, boot.Dhi, boot.doPX]).toEqual([0, 0, 0, true]);
    expect(boot.scoreParams?.appSpecificScore?.('p1')).toBe(0);
    const node = gossipsubOptions({ topics: [], bootnodes: ['p1'] });
    expect(node.scoreParams?.appSpecificScore?.('p1')).toBe(10_000);
    expect(node.scoreParams?.appSpecificScore?.('p2')).toBe(0);
  });
});
