// Realistic wire values for the type tests and the fuzzer: seeded, so every run builds the same
// bytes; sizes like a devnet's (a few votes, a handful of tx ids, K2-sized PoST indices).
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { expect } from 'vitest';
import {
  DecodeError,
  Reader,
  Writer,
  readCompact32,
  writeCompact32,
} from '../../../src/lib/codec/index.ts';
import { signAtxV1 } from '../../../src/lib/types/atx.ts';
import type { ActivationTxV1, InnerActivationTxV1 } from '../../../src/lib/types/atx.ts';
import { signBallot } from '../../../src/lib/types/ballot.ts';
import type { Ballot } from '../../../src/lib/types/ballot.ts';
import type { Block } from '../../../src/lib/types/block.ts';
import { signCertifyMessage } from '../../../src/lib/types/certificate.ts';
import type { Certificate } from '../../../src/lib/types/certificate.ts';
import { HareRound, signHareMessage } from '../../../src/lib/types/hare.ts';
import type { HareMessage } from '../../../src/lib/types/hare.ts';
import { signProposal } from '../../../src/lib/types/proposal.ts';
import type { Proposal } from '../../../src/lib/types/proposal.ts';
import { Rng } from '../codec/fuzz-kit.ts';

/** Mainnet genesis id (PROTOCOL.md, vectors/genesis.json). */
export const GENESIS = hexToBytes('9eebff023abb17ccb775c602daade8ed708f0a50');
export const OTHER_GENESIS = new Uint8Array(20).fill(7);

export const rng = new Rng(0x5eed);
export const bytes = (n: number): Uint8Array => rng.bytes(n);
export const SECRET = new Uint8Array(32).fill(1);
export const OTHER_SECRET = new Uint8Array(32).fill(2);

export function initialAtxInner(): InnerActivationTxV1 {
  return {
    publishEpoch: 2,
    sequence: 0n,
    prevATXID: new Uint8Array(32),
    positioningATXID: bytes(32),
    commitmentATXID: bytes(32),
    initialPost: { nonce: 17, indices: bytes(37 * 2), pow: 123456789n },
    coinbase: Uint8Array.from([0, 0, 0, 0, ...bytes(20)]),
    numUnits: 4,
    nipost: {
      membership: { nodes: [bytes(32), bytes(32), bytes(32)], leafIndex: 5n },
      post: { nonce: 3, indices: bytes(74), pow: 0xfedcba9876543210n },
      postMetadata: { challenge: bytes(32), labelsPerUnit: 512n },
    },
    nodeID: null,
    vrfNonce: 987654n,
  };
}

export function initialAtx(): ActivationTxV1 {
  return signAtxV1(SECRET, GENESIS, initialAtxInner());
}

export function followupAtx(prev: Uint8Array): ActivationTxV1 {
  return signAtxV1(SECRET, GENESIS, {
    ...initialAtxInner(),
    publishEpoch: 3,
    sequence: 1n,
    prevATXID: prev,
    commitmentATXID: null,
    initialPost: null,
    vrfNonce: null,
  });
}

export function refBallot(): Ballot {
  return signBallot(SECRET, GENESIS, {
    layer: 4033,
    atxID: bytes(32),
    opinionHash: bytes(32),
    refBallot: new Uint8Array(20),
    epochData: { activeSetHash: bytes(32), beacon: bytes(4), eligibilityCount: 12 },
    votes: {
      base: bytes(20),
      support: [
        { id: bytes(20), layerID: 4031, height: 1000n },
        { id: bytes(20), layerID: 4032, height: 2n ** 40n },
      ],
      against: [{ id: bytes(20), layerID: 4000, height: 7n }],
      abstain: [4020, 4021],
    },
    eligibilityProofs: [
      { j: 0, sig: bytes(80) },
      { j: 3, sig: bytes(80) },
    ],
    activeSet: [],
  });
}

export function proposal(): Proposal {
  return signProposal(SECRET, GENESIS, {
    ballot: refBallot(),
    txIDs: [bytes(32), bytes(32), bytes(32)],
    meshHash: bytes(32),
  });
}

export function block(): Block {
  return {
    layerIndex: 4033,
    tickHeight: 123456n,
    rewards: [
      { atxID: bytes(32), weight: { num: 3n, denom: 7n } },
      { atxID: bytes(32), weight: { num: 2n ** 63n, denom: 2n ** 64n - 1n } },
    ],
    txIDs: [bytes(32), bytes(32)],
  };
}

export function certificate(): Certificate {
  const blockID = bytes(20);
  const msg = (sk: Uint8Array) =>
    signCertifyMessage(sk, GENESIS, {
      layerID: 4033,
      blockID,
      eligibilityCnt: 2,
      proof: bytes(80),
    });
  return { blockID, signatures: [msg(SECRET), msg(OTHER_SECRET)] };
}

export function hareMessage(round: number = HareRound.PREROUND, iter = 0): HareMessage {
  const withRef = round === HareRound.COMMIT || round === HareRound.NOTIFY;
  return signHareMessage(SECRET, GENESIS, {
    layer: 4033,
    iter,
    round,
    value: withRef
      ? { proposals: [], reference: bytes(32) }
      : { proposals: [bytes(20), bytes(20)], reference: null },
    eligibility: { proof: bytes(80), count: 3 },
  });
}

/**
 * Takes the encodings of one value with an empty slice (`empty`) and with exactly `max` items
 * (`full`), finds the slice's length prefix (first differing byte) and rewrites it to max + 1:
 * the bytes a peer would send to overflow that field.
 */
export function overMax(empty: Uint8Array, full: Uint8Array, max: number): Uint8Array {
  let at = 0;
  while (at < empty.length && empty[at] === full[at]) at++;
  const r = new Reader(full.subarray(at));
  const n = readCompact32(r);
  if (n !== max) throw new Error(`length prefix at ${at} is ${n}, not ${max}`);
  const w = new Writer();
  writeCompact32(w, max + 1);
  const prefix = w.finish();
  if (prefix.length !== r.pos) throw new Error('max and max+1 have different compact widths');
  const out = full.slice();
  out.set(prefix, at);
  return out;
}

export const hex = bytesToHex;

export function concat(...parts: (Uint8Array | number[])[]): Uint8Array {
  const arrays = parts.map((p) => (p instanceof Uint8Array ? p : Uint8Array.from(p)));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let o = 0;
  for (const a of arrays) {
    out.set(a, o);
    o += a.length;
  }
  return out;
}

export const fill = (n: number, b: number): Uint8Array => new Uint8Array(n).fill(b);

/** The DecodeError code `f` throws, or 'decoded' when it succeeds; other errors propagate. */
export function code(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (e instanceof DecodeError) return e.code;
    throw e;
  }
  return 'decoded';
}

/**
 * A shared decoder's answer for `bytes` (codec/shared-decoder.ts): the same object for a copy of
 * the bytes, frozen, equal to `value`.
 */
export function sharedDecode<T>(
  decodeShared: (b: Uint8Array) => T,
  bytes: Uint8Array,
  value: T,
): T {
  const shared = decodeShared(bytes);
  expect(decodeShared(bytes.slice())).toBe(shared);
  expect(Object.isFrozen(shared)).toBe(true);
  expect(shared).toEqual(value);
  return shared;
}
