// The caches that let the simulation's nodes share work in one process: the verification memo
// (crypto/verified-memo.ts), the ATX validator's memos of PoST, VRF-nonce and PoET checks
// (mesh/atx/validation.ts), the interned stores (sim/interning-store.ts) and the shared PoET
// seam (sim/poet-seam.ts). Each must answer a known input from the cache, run the real check on
// a new one, and never serve a cached answer to a different input.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { PoetRoundProof, PoetSeam } from '../../../src/lib/activation/poet-seam.ts';
import { withGenesis } from '../../../src/lib/config/genesis.ts';
import { getPreset } from '../../../src/lib/config/presets.ts';
import type { NetworkConfig } from '../../../src/lib/config/types.ts';
import { publicKeyOf } from '../../../src/lib/crypto/signing.ts';
import { setVerifiedMemo, VerifiedMemo } from '../../../src/lib/crypto/verified-memo.ts';
import { AtxValidationError } from '../../../src/lib/mesh/atx/errors.ts';
import type { AtxValidationReason } from '../../../src/lib/mesh/atx/errors.ts';
import { atxCheckMemoStats, Validator } from '../../../src/lib/mesh/atx/validation.ts';
import { SharedDecoder } from '../../../src/lib/codec/shared-decoder.ts';
import { AtxBytesChecks } from '../../../src/lib/mesh/atx/shared-checks.ts';
import { AtxHeaderCodec } from '../../../src/lib/mesh/atx/store.ts';
import type { AtxHeader } from '../../../src/lib/mesh/atx/store.ts';
import { encode } from '../../../src/lib/codec/index.ts';
import { DecodeError } from '../../../src/lib/codec/index.ts';
import type { PoetProofRecord } from '../../../src/lib/mesh/atx/validation.ts';
import { CpuLabelProvider } from '../../../src/lib/post/cpu-provider.ts';
import { initialize } from '../../../src/lib/post/init.ts';
import {
  commitment,
  compareBytes,
  labelOutput,
  vrfDifficulty,
} from '../../../src/lib/post/labels.ts';
import type { Proof } from '../../../src/lib/post/proof.ts';
import { generateProof } from '../../../src/lib/post/prove.ts';
import { MemoryPostStorage } from '../../../src/lib/post/storage.ts';
import { StoreClosedError } from '../../../src/lib/store/errors.ts';
import { ByteInterner, InterningMemoryStore } from '../../../src/lib/sim/interning-store.ts';
import { SharedPoetSeam } from '../../../src/lib/sim/poet-seam.ts';
import { labelReader, poetRound } from '../mesh/atx/fixture.ts';

const b = (...xs: number[]) => Uint8Array.from(xs);

afterEach(() => setVerifiedMemo(true));

describe('VerifiedMemo', () => {
  it('runs the check once per input and answers repeats from the memo', () => {
    const memo = new VerifiedMemo('t');
    let runs = 0;
    const ok = () => (runs++, true);
    expect(memo.verify([b(1), b(2)], ok)).toBe(true);
    expect(memo.verify([b(1), b(2)], ok)).toBe(true);
    expect(runs).toBe(1);
    expect(memo.stats).toEqual({ hits: 1, misses: 1 });
  });

  it('does not serve a different input, nor the same bytes split differently', () => {
    const memo = new VerifiedMemo('t');
    memo.verify([b(1, 2), b(3)], () => true);
    let runs = 0;
    const no = () => (runs++, false);
    expect(memo.verify([b(1), b(2, 3)], no)).toBe(false);
    expect(memo.verify([b(1, 2, 3)], no)).toBe(false);
    expect(memo.verify([b(1, 2), b(4)], no)).toBe(false);
    expect(runs).toBe(3);
    // Another memo (another kind of check) does not share the first one's successes.
    expect(new VerifiedMemo('u').verify([b(1, 2), b(3)], no)).toBe(false);
    expect(runs).toBe(4);
  });

  it('does not remember failures: a failed input is checked again', () => {
    const memo = new VerifiedMemo('t');
    let runs = 0;
    expect(memo.verify([b(9)], () => (runs++, false))).toBe(false);
    expect(memo.verify([b(9)], () => (runs++, false))).toBe(false);
    expect(runs).toBe(2);
    expect(memo.stats).toEqual({ hits: 0, misses: 2 });
  });

  it('keeps two generations: a full young one ages, the oldest is forgotten', () => {
    const memo = new VerifiedMemo('t', 2);
    for (const x of [1, 2, 3]) memo.verify([b(x)], () => true); // young {3}, old {1, 2}
    let runs = 0;
    const ok = () => (runs++, true);
    expect(memo.verify([b(1)], ok)).toBe(true);
    expect(runs).toBe(0);
    memo.verify([b(4)], ok); // young {3, 4}
    memo.verify([b(5)], ok); // young {5}, old {3, 4}: 1 and 2 are gone
    expect(runs).toBe(2);
    memo.verify([b(1)], ok);
    expect(runs).toBe(3);
    memo.verify([b(3)], ok);
    expect(runs).toBe(3);
  });

  it('check/checkSync pass a failing check’s error through and remember only successes', async () => {
    const memo = new VerifiedMemo('t');
    const boom = new RangeError('bad');
    await expect(memo.check([b(1)], () => Promise.reject(boom))).rejects.toBe(boom);
    expect(() =>
      memo.checkSync([b(1)], () => {
        throw boom;
      }),
    ).toThrow(boom);
    let runs = 0;
    await memo.check([b(1)], () => {
      runs++;
    });
    await memo.check([b(1)], () => {
      runs++;
    });
    memo.checkSync([b(1)], () => {
      runs++;
    });
    expect(runs).toBe(1);
  });

  it('is bypassed while switched off', () => {
    const memo = new VerifiedMemo('t');
    memo.verify([b(1)], () => true);
    setVerifiedMemo(false);
    let runs = 0;
    expect(memo.verify([b(1)], () => (runs++, false))).toBe(false);
    expect(runs).toBe(1);
  });
});

describe('ATX validator memos (shared by every Validator in the process)', () => {
  const LPU = 64;
  const N = 16;
  const base = withGenesis(getPreset('devnet'), {
    time: '2026-01-01T00:00:00Z',
    extraData: 'memo',
  });
  const network: NetworkConfig = {
    ...base,
    post: {
      ...base.post,
      labelsPerUnit: LPU,
      minNumUnits: 1,
      maxNumUnits: 4,
      k1: 12,
      k2: 4,
      k3: 4,
      scrypt: { n: N, r: 1, p: 1 },
    },
  };
  const secret = sha256(utf8ToBytes('sharing test smesher'));
  const nodeId = publicKeyOf(secret);
  const commitmentAtx = sha256(utf8ToBytes('sharing test commitment'));
  const challenge = sha256(utf8ToBytes('sharing test challenge'));
  let proof: Proof;
  let nonce: bigint;

  const reason = async (p: Promise<unknown> | (() => void)): Promise<AtxValidationReason> => {
    try {
      if (typeof p === 'function') p();
      else await p;
    } catch (e) {
      if (e instanceof AtxValidationError) return e.reason;
      throw e;
    }
    throw new Error('expected a rejection');
  };

  beforeAll(async () => {
    const storage = new MemoryPostStorage();
    await initialize({
      storage,
      provider: new CpuLabelProvider(),
      nodeId,
      commitmentAtxId: commitmentAtx,
      numUnits: 2,
      labelsPerUnit: BigInt(LPU),
      scryptN: N,
    });
    const cfg = { k1: 12, k2: 4, powDifficulty: new Uint8Array(32).fill(0xff) };
    const data = { nodeId, numUnits: 2, labelsPerUnit: BigInt(LPU) };
    proof = await generateProof(labelReader(storage, 2 * LPU), challenge, cfg, data);
    const c = commitment(nodeId, commitmentAtx);
    const d = vrfDifficulty(2n * BigInt(LPU));
    let i = 0n;
    while (compareBytes(labelOutput(c, i, N), d) >= 0) i++;
    nonce = i;
  });

  it('a PoST proof one validator accepted is not accepted for other bytes by another', async () => {
    const a = new Validator({ network });
    const other = new Validator({ network });
    const before = atxCheckMemoStats().post;
    await a.post(nodeId, commitmentAtx, proof, challenge, 2, 'invalid-post');
    await other.post(nodeId, commitmentAtx, proof, challenge, 2, 'invalid-post');
    expect(atxCheckMemoStats().post).toEqual({
      hits: before.hits + 1,
      misses: before.misses + 1,
    });
    const flipped = proof.indices.slice();
    flipped[0]! ^= 0x01;
    const bad = { ...proof, indices: flipped };
    expect(await reason(other.post(nodeId, commitmentAtx, bad, challenge, 2, 'invalid-post'))).toBe(
      'invalid-post',
    );
    const nonce1 = { ...proof, nonce: proof.nonce + 1 };
    expect(
      await reason(other.post(nodeId, commitmentAtx, nonce1, challenge, 2, 'invalid-initial-post')),
    ).toBe('invalid-initial-post');
    // Same proof, other claims: another challenge, another smesher, other units.
    const otherChallenge = sha256(challenge);
    expect(
      await reason(other.post(nodeId, commitmentAtx, proof, otherChallenge, 2, 'invalid-post')),
    ).toBe('invalid-post');
    const otherId = publicKeyOf(sha256(secret));
    expect(
      await reason(other.post(otherId, commitmentAtx, proof, challenge, 2, 'invalid-post')),
    ).toBe('invalid-post');
    expect(
      await reason(other.post(nodeId, commitmentAtx, proof, challenge, 3, 'invalid-post')),
    ).toBe('invalid-post');
  });

  it('a VRF nonce valid for 2 units is still checked for 4 and for another smesher', async () => {
    const a = new Validator({ network });
    const before = atxCheckMemoStats().vrfNonce;
    a.vrfNonce(nodeId, commitmentAtx, nonce, 2);
    new Validator({ network }).vrfNonce(nodeId, commitmentAtx, nonce, 2);
    expect(atxCheckMemoStats().vrfNonce.hits).toBe(before.hits + 1);
    // Valid for 2 units may or may not be for 4: the answer must be the real one.
    const d4 = vrfDifficulty(4n * BigInt(LPU));
    const validFor4 =
      compareBytes(labelOutput(commitment(nodeId, commitmentAtx), nonce, N), d4) < 0;
    const four = () => a.vrfNonce(nodeId, commitmentAtx, nonce, 4);
    if (validFor4) four();
    else expect(await reason(four)).toBe('invalid-vrf-nonce');
    // A nonce at or above the difficulty for another smesher's data is refused.
    const otherId = publicKeyOf(sha256(secret));
    const c2 = commitment(otherId, commitmentAtx);
    const d2 = vrfDifficulty(2n * BigInt(LPU));
    let badNonce = 0n;
    while (compareBytes(labelOutput(c2, badNonce, N), d2) < 0) badNonce++;
    expect(await reason(() => a.vrfNonce(otherId, commitmentAtx, badNonce, 2))).toBe(
      'invalid-vrf-nonce',
    );
  });

  it('a PoET proof verified once is not taken for a tampered one under the same ref', async () => {
    const round = poetRound([sha256(utf8ToBytes('member'))], 200);
    const provider = (r: PoetProofRecord) => ({ get: () => Promise.resolve(r) });
    await new Validator({ network }).poetProof(round.ref, provider(round.record));
    const rec = round.record;
    const leaves = rec.proof.proof.provenLeaves.map((x) => x.slice());
    leaves[0]![0]! ^= 0x80;
    const tampered: PoetProofRecord = {
      statement: rec.statement,
      proof: { ...rec.proof, proof: { ...rec.proof.proof, provenLeaves: leaves } },
    };
    // A fresh validator (its own per-instance cache is empty): only the shared memo could err.
    const fresh = new Validator({ network });
    expect(await reason(fresh.poetProof(round.ref, provider(tampered)))).toBe('invalid-poet-proof');
    const hits = atxCheckMemoStats().poet.hits;
    await fresh.poetProof(round.ref, provider(round.record));
    expect(atxCheckMemoStats().poet.hits).toBe(hits + 1);
  });

  it('a validator takes another record of a verified root, statement and leaf count as it is', async () => {
    // All an ATX reads from the record is the statement and the leaf count: once a valid proof
    // of them under the root was seen, another record of the same three adds nothing (no memo
    // lookup either); a different leaf count is checked, and refused.
    const round = poetRound([sha256(utf8ToBytes('member 2'))], 200);
    const provider = (r: PoetProofRecord) => ({ get: () => Promise.resolve(r) });
    const v = new Validator({ network });
    await v.poetProof(round.ref, provider(round.record));
    const rec = round.record;
    const copy: PoetProofRecord = {
      statement: rec.statement.slice(),
      proof: { ...rec.proof, proof: { ...rec.proof.proof, proofNodes: [] } },
    };
    const memo = JSON.stringify(atxCheckMemoStats().poet);
    expect(await v.poetProof(round.ref, provider(copy))).toBe(copy);
    expect(JSON.stringify(atxCheckMemoStats().poet)).toBe(memo);
    const more: PoetProofRecord = {
      ...rec,
      proof: { ...rec.proof, leaves: rec.proof.leaves + 1n },
    };
    expect(await reason(v.poetProof(round.ref, provider(more)))).toBe('invalid-poet-proof');
  });
});

describe('InterningMemoryStore', () => {
  it('keeps one copy of equal bytes across stores, and hands out private copies', async () => {
    const interner = new ByteInterner();
    const s1 = new InterningMemoryStore(interner);
    const s2 = new InterningMemoryStore(interner);
    const big = new Uint8Array(100).map((_, i) => i);
    await s1.put(b(1, 2), big);
    await s2.batch([{ type: 'put', key: b(1, 2), value: big.slice() }]);
    expect(interner.stats).toEqual({ hits: 2, misses: 2 });
    big[0] = 99; // the caller's array is not the stored one
    const read = (await s1.get(b(1, 2)))!;
    expect(read[0]).toBe(0);
    read[1] = 77; // nor is what a read returns
    expect((await s2.get(b(1, 2)))![1]).toBe(1);
    // Each store has its own entries.
    await s1.delete(b(1, 2));
    expect(await s1.has(b(1, 2))).toBe(false);
    expect((await s2.get(b(1, 2)))!.length).toBe(100);
  });

  it('never aliases different bytes, short or long', async () => {
    const interner = new ByteInterner();
    const s = new InterningMemoryStore(interner);
    const long = new Uint8Array(100).fill(5); // keyed by its hash
    const long2 = long.slice();
    long2[99] = 6;
    await s.batch([
      { type: 'put', key: b(1), value: long },
      { type: 'put', key: b(2), value: long2 },
      { type: 'put', key: b(3), value: b(0, 1) },
      { type: 'put', key: b(4), value: b(1, 0) },
      { type: 'put', key: b(5), value: b() },
    ]);
    expect(interner.stats.hits).toBe(0);
    expect([...(await s.get(b(2)))!].at(-1)).toBe(6);
    expect([...(await s.get(b(1)))!].at(-1)).toBe(5);
    expect([...(await s.get(b(3)))!]).toEqual([0, 1]);
    expect([...(await s.get(b(4)))!]).toEqual([1, 0]);
    expect([...(await s.get(b(5)))!]).toEqual([]);
  });

  it('keeps values over 8 KiB private (a node’s own records), still correct', async () => {
    const interner = new ByteInterner();
    const s1 = new InterningMemoryStore(interner);
    const s2 = new InterningMemoryStore(interner);
    const huge = new Uint8Array(9000).fill(7);
    await s1.put(b(1), huge);
    await s2.put(b(1), huge);
    expect(interner.stats).toEqual({ hits: 1, misses: 1 }); // the key only
    huge[0] = 0;
    expect((await s1.get(b(1)))![0]).toBe(7);
    expect((await s2.get(b(1)))!.length).toBe(9000);
  });

  it('refuses a bad batch whole, and works no more once closed', async () => {
    const s = new InterningMemoryStore(new ByteInterner());
    await expect(
      s.batch([
        { type: 'put', key: b(1), value: b(1) },
        { type: 'put', key: b(), value: b(2) },
      ]),
    ).rejects.toThrow();
    expect(await s.has(b(1))).toBe(false);
    await s.close();
    await expect(s.put(b(1), b(1))).rejects.toBeInstanceOf(StoreClosedError);
    await expect(s.batch([])).rejects.toBeInstanceOf(StoreClosedError);
  });
});

describe('SharedPoetSeam', () => {
  const answer = (roundId: string): PoetRoundProof => ({
    roundId,
    proof: { proof: { root: b(1), provenLeaves: [], proofNodes: [] }, leaves: 1n },
    members: [],
    statement: b(2),
  });

  it('asks the PoET once per finished round, again while a round has no proof', async () => {
    const asked: string[] = [];
    let ready = false;
    const inner: PoetSeam = {
      submit: () => Promise.reject(new Error('unused')),
      proof: (id) => (asked.push(id), Promise.resolve(ready ? answer(id) : null)),
    };
    const seam = new SharedPoetSeam(inner);
    expect(await seam.proof('1')).toBeNull();
    expect(await seam.proof('1')).toBeNull();
    expect(asked).toEqual(['1', '1']);
    ready = true;
    const p = await seam.proof('1');
    expect(p?.roundId).toBe('1');
    expect(await seam.proof('1')).toBe(p);
    // Another round is not served round 1's proof.
    expect((await seam.proof('2'))?.roundId).toBe('2');
    expect(asked).toEqual(['1', '1', '1', '2']);
    expect(seam.fetched).toBe(4);
  });

  it('does not remember an error', async () => {
    let fail = true;
    const inner: PoetSeam = {
      submit: () => Promise.reject(new Error('unused')),
      proof: (id) => (fail ? Promise.reject(new Error('down')) : Promise.resolve(answer(id))),
    };
    const seam = new SharedPoetSeam(inner);
    await expect(seam.proof('3')).rejects.toThrow('down');
    fail = false;
    expect((await seam.proof('3'))?.roundId).toBe('3');
  });
});

describe('SharedDecoder (ATX headers)', () => {
  const header = (weight: bigint): AtxHeader => ({
    id: new Uint8Array(32).fill(1),
    smesher: new Uint8Array(32).fill(2),
    publishEpoch: 3,
    sequence: 0n,
    prevAtx: new Uint8Array(32),
    numUnits: 2,
    effectiveNumUnits: 2,
    baseTickHeight: 0n,
    tickCount: 5n,
    weight,
    commitmentAtx: new Uint8Array(32).fill(3),
    vrfNonce: 7n,
    coinbase: new Uint8Array(24).fill(4),
  });

  it('decodes equal bytes to one frozen object and different bytes to another', () => {
    const d = new SharedDecoder(AtxHeaderCodec, 'AtxHeader');
    const bytes = encode(AtxHeaderCodec, header(10n));
    const a = d.decode(bytes);
    const b2 = d.decode(bytes.slice());
    expect(b2).toBe(a);
    expect(a.weight).toBe(10n);
    expect(Object.isFrozen(a)).toBe(true);
    const c = d.decode(encode(AtxHeaderCodec, header(11n)));
    expect(c).not.toBe(a);
    expect(c.weight).toBe(11n);
    expect(d.stats).toEqual({ hits: 1, misses: 2 });
  });

  it('throws for bytes that do not decode, every time', () => {
    const d = new SharedDecoder(AtxHeaderCodec, 'AtxHeader');
    const bad = encode(AtxHeaderCodec, header(1n)).subarray(0, 40);
    expect(() => d.decode(bad)).toThrow(DecodeError);
    expect(() => d.decode(bad)).toThrow(DecodeError);
    expect(d.stats.hits).toBe(0);
  });
});

describe('AtxBytesChecks (ATX id and signature by bytes)', () => {
  const g1 = new Uint8Array(20).fill(1);
  const g2 = new Uint8Array(20).fill(2);
  const id = new Uint8Array(32).fill(9);

  it('serves a recorded id for the same bytes and network only, as a private copy', () => {
    const c = new AtxBytesChecks();
    const k = c.key(g1, b(1, 2, 3));
    expect(c.lookup(k)).toBeUndefined();
    c.remember(k, id);
    const got = c.lookup(c.key(g1, b(1, 2, 3)))!.id;
    expect([...got]).toEqual([...id]);
    got[0] = 0;
    expect(c.lookup(k)!.id[0]).toBe(9);
    expect(c.lookup(c.key(g1, b(1, 2, 4)))).toBeUndefined();
    expect(c.lookup(c.key(g2, b(1, 2, 3)))).toBeUndefined();
    expect(c.stats).toEqual({ hits: 2, misses: 3 });
  });

  it('keeps the facts that held for the bytes, shared by every lookup of them', () => {
    const c = new AtxBytesChecks();
    const k = c.key(g1, b(7, 7));
    c.remember(k, id)!.facts.add('membership:aa');
    expect(c.lookup(c.key(g1, b(7, 7)))!.facts.has('membership:aa')).toBe(true);
    expect(c.lookup(c.key(g1, b(7, 7)))!.facts.has('membership:bb')).toBe(false);
    expect(c.lookup(c.key(g2, b(7, 7)))).toBeUndefined();
    c.remember(c.key(g1, b(7, 8)), id);
    expect(c.lookup(c.key(g1, b(7, 8)))!.facts.size).toBe(0);
  });

  it('forgets the oldest generation, and is off with the verification memo', () => {
    const c = new AtxBytesChecks(1);
    const [k1, k2, k3] = [b(1), b(2), b(3)].map((x) => c.key(g1, x));
    c.remember(k1!, id);
    c.remember(k2!, id);
    expect(c.lookup(k1!)).toBeDefined();
    c.remember(k3!, id);
    expect(c.lookup(k1!)).toBeUndefined();
    setVerifiedMemo(false);
    expect(c.key(g1, b(2))).toBeNull();
    expect(c.lookup(null)).toBeUndefined();
  });
});
