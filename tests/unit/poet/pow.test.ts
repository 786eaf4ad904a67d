// poet's registration PoW: RIPEMD-256(powChallenge ‖ nodeId ‖ poetChallenge ‖ u64le(nonce)) with
// `difficulty` leading zero bits.
import { describe, expect, it } from 'vitest';
import { concatBytes } from '@noble/hashes/utils.js';
import {
  checkLeadingZeroBits,
  findSubmitPowNonce,
  powHash,
  verifyPow,
} from '../../../src/lib/poet/pow.ts';
import { ripemd256 } from '../../../src/lib/poet/ripemd256.ts';
import { PoetVerificationError } from '../../../src/lib/poet/errors.ts';

const powChallenge = new Uint8Array(32).fill(7);
const nodeId = new Uint8Array(32).fill(9);
const poetChallenge = new Uint8Array(32).fill(3);

describe('pow', () => {
  it('checks leading zero bits like shared.CheckLeadingZeroBits', () => {
    expect(checkLeadingZeroBits(new Uint8Array([0, 0x0f]), 12)).toBe(true);
    expect(checkLeadingZeroBits(new Uint8Array([0, 0x1f]), 12)).toBe(false);
    expect(checkLeadingZeroBits(new Uint8Array([0x80]), 0)).toBe(true);
    expect(checkLeadingZeroBits(new Uint8Array([0, 0]), 16)).toBe(true);
    expect(checkLeadingZeroBits(new Uint8Array([0, 0]), 17)).toBe(false);
  });

  it('hashes the inputs in poet order with a little-endian nonce', () => {
    const nonce = 0x0102030405060708n;
    const le = new Uint8Array([8, 7, 6, 5, 4, 3, 2, 1]);
    expect(powHash(powChallenge, nodeId, poetChallenge, nonce)).toEqual(
      ripemd256(concatBytes(powChallenge, nodeId, poetChallenge, le)),
    );
  });

  it('finds the first solving nonce and verifies it', () => {
    const params = { challenge: powChallenge, difficulty: 10 };
    const nonce = findSubmitPowNonce(params, poetChallenge, nodeId);
    expect(checkLeadingZeroBits(powHash(powChallenge, nodeId, poetChallenge, nonce), 10)).toBe(
      true,
    );
    for (let n = 0n; n < nonce; n++)
      expect(checkLeadingZeroBits(powHash(powChallenge, nodeId, poetChallenge, n), 10)).toBe(false);
    expect(() => verifyPow(params, poetChallenge, nodeId, nonce)).not.toThrow();
    expect(() => verifyPow(params, poetChallenge, nodeId, nonce + 1n)).toThrow(
      PoetVerificationError,
    );
    expect(() => verifyPow(params, poetChallenge, nodeId.subarray(1), nonce)).toThrow(
      /nodeID length/,
    );
    expect(() =>
      findSubmitPowNonce({ challenge: powChallenge, difficulty: 64 }, poetChallenge, nodeId, 100n),
    ).toThrow(RangeError);
  });
});
