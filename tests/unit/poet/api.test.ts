// grpc-gateway JSON mapping of poet's messages: scalars, both key spellings, round trips.
import { describe, expect, it } from 'vitest';
import {
  decodeBytes,
  decodeDuration,
  decodeProofResponse,
  decodeSubmit,
  decodeU64,
  encodeDuration,
  encodeProofResponse,
  encodeSubmit,
  PoetApiError,
} from '../../../src/lib/poet/api.ts';

describe('poet api JSON', () => {
  it('durations as protojson writes them', () => {
    expect([0, 1000, 1500, 20_000, 12_345, -250].map(encodeDuration)).toEqual([
      '0s',
      '1s',
      '1.500s',
      '20s',
      '12.345s',
      '-0.250s',
    ]);
    expect(decodeDuration('1.5s', 'd')).toBe(1500);
    expect(decodeDuration('3600s', 'd')).toBe(3_600_000);
    expect(() => decodeDuration('1m', 'd')).toThrow(PoetApiError);
  });

  it('uint64 as strings, bytes as std or url-safe base64', () => {
    expect(decodeU64('18446744073709551615', 'n')).toBe(2n ** 64n - 1n);
    expect(() => decodeU64('18446744073709551616', 'n')).toThrow(PoetApiError);
    expect(() => decodeU64('-1', 'n')).toThrow(PoetApiError);
    expect(decodeBytes('-_8', 'b')).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(decodeBytes('+/8=', 'b')).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(() => decodeBytes(12, 'b')).toThrow(PoetApiError);
  });

  it('submit requests round trip, snake_case accepted', () => {
    const req = {
      nonce: 77n,
      powParams: { challenge: new Uint8Array([1, 2]), difficulty: 9 },
      prefix: new Uint8Array([3]),
      challenge: new Uint8Array([4]),
      pubkey: new Uint8Array([5]),
      signature: new Uint8Array([6]),
      deadlineMs: Date.UTC(2026, 0, 1),
      roundId: '4',
    };
    const json = encodeSubmit(req);
    expect(json).toMatchObject({ nonce: '77', deadline: '2026-01-01T00:00:00.000Z', roundId: '4' });
    expect(decodeSubmit(JSON.parse(JSON.stringify(json)))).toEqual(req);
    const { powParams, ...rest } = json;
    expect(decodeSubmit({ ...rest, pow_params: powParams }).powParams.difficulty).toBe(9);
  });

  it('proof responses round trip', () => {
    const p = {
      proof: {
        proof: {
          root: new Uint8Array(32).fill(1),
          provenLeaves: [new Uint8Array(32)],
          proofNodes: [],
        },
        leaves: 12345678901234n,
      },
      members: [new Uint8Array(32).fill(2)],
      pubkey: new Uint8Array(32).fill(3),
    };
    const json = JSON.parse(JSON.stringify(encodeProofResponse(p)));
    expect(json.proof.leaves).toBe('12345678901234');
    expect(Object.keys(json.proof.proof)).toEqual(['root', 'provenLeaves', 'proofNodes']);
    expect(decodeProofResponse(json)).toEqual(p);
  });
});
