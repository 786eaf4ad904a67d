// ATX v1 handler scenarios on real proofs at tiny sizes: PoST initialized with scrypt-jane
// (N = 16, 2 × 128 labels), PoET rounds run in-process by the sequential-work prover over a
// membership tree that holds the ATX's challenge hash, PoST proven on the PoET root. An initial
// ATX, then a follow-up, go through the handler; every rejection is typed and leaves the store
// byte-for-byte unchanged; a second ATX in one epoch produces a verifiable malfeasance proof.
import { beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import {
  configGenesisId,
  configGoldenAtx,
  withGenesis,
} from '../../../../src/lib/config/genesis.ts';
import { getPreset } from '../../../../src/lib/config/presets.ts';
import type { NetworkConfig } from '../../../../src/lib/config/types.ts';
import { Domain, publicKeyOf, sign } from '../../../../src/lib/crypto/signing.ts';
import { HandlerV1 } from '../../../../src/lib/mesh/atx/handler.ts';
import type { HandleOptions } from '../../../../src/lib/mesh/atx/handler.ts';
import { AtxValidationError } from '../../../../src/lib/mesh/atx/errors.ts';
import type { AtxValidationReason } from '../../../../src/lib/mesh/atx/errors.ts';
import { tickHeight } from '../../../../src/lib/mesh/atx/store.ts';
import { atxCheckMemoStats, ZERO_CHALLENGE } from '../../../../src/lib/mesh/atx/validation.ts';
import type { PoetProofRecord } from '../../../../src/lib/mesh/atx/validation.ts';
import { membershipProof } from '../../../../src/lib/poet/membership.ts';
import { CpuLabelProvider } from '../../../../src/lib/post/cpu-provider.ts';
import { initialize } from '../../../../src/lib/post/init.ts';
import {
  commitment,
  compareBytes,
  labelOutput,
  vrfDifficulty,
} from '../../../../src/lib/post/labels.ts';
import type { Proof } from '../../../../src/lib/post/proof.ts';
import { generateProof } from '../../../../src/lib/post/prove.ts';
import { MemoryPostStorage } from '../../../../src/lib/post/storage.ts';
import { MemoryStore } from '../../../../src/lib/store/memory.ts';
import { collect } from '../../../../src/lib/store/iterate.ts';
import {
  atxIdV1,
  atxSignedBytesV1,
  encodeAtxV1,
  nipostChallengeHash,
  signAtxV1,
} from '../../../../src/lib/types/atx.ts';
import type {
  ActivationTxV1,
  InnerActivationTxV1,
  NIPostChallengeV1,
} from '../../../../src/lib/types/atx.ts';
import { EMPTY_ATX_ID } from '../../../../src/lib/types/common.ts';
import type { NIPostV1 } from '../../../../src/lib/types/common.ts';
import {
  decodeMalfeasanceProof,
  encodeMalfeasanceProof,
  MalfeasanceType,
  verifyAtxProofMsg,
} from '../../../../src/lib/types/malfeasance.ts';
import { labelReader, poetRound } from './fixture.ts';

const LPU = 128;
const SCRYPT_N = 16;
const TICK_SIZE = 100;
const FF32 = new Uint8Array(32).fill(0xff);

const base = withGenesis(getPreset('devnet'), {
  time: '2026-01-01T00:00:00Z',
  extraData: 'atx-handler-test',
});
const network: NetworkConfig = {
  ...base,
  post: {
    ...base.post,
    labelsPerUnit: LPU,
    minNumUnits: 1,
    maxNumUnits: 4,
    k1: 20,
    k2: 6,
    k3: 6,
    scrypt: { n: SCRYPT_N, r: 1, p: 1 },
  },
  poet: { ...base.poet, tickSize: TICK_SIZE },
};
const golden = configGoldenAtx(network);
const genesisId = configGenesisId(network);
const secret = sha256(utf8ToBytes('atx handler test smesher'));
const smesher = publicKeyOf(secret);
const coinbase = new Uint8Array(24).map((_, i) => (i < 4 ? 0 : i));
const hex = bytesToHex;
const seeded = (tag: string) => sha256(utf8ToBytes(tag));

const proofCfg = { k1: network.post.k1, k2: network.post.k2, powDifficulty: FF32 };

describe('ATX v1 handler', () => {
  const store = new MemoryStore();
  const poetProofs = new Map<string, PoetProofRecord>();
  let epoch = 1;
  const handler = new HandlerV1({
    network,
    store,
    currentEpoch: () => epoch,
    poetProofs: { get: (ref) => Promise.resolve(poetProofs.get(hex(ref))) },
  });

  let storage: MemoryPostStorage;
  let vrfNonce: bigint;
  let initialPost: Proof;
  let inner1: InnerActivationTxV1;
  let atx1: ActivationTxV1;
  let id1: Uint8Array;
  let inner2: InnerActivationTxV1;
  let atx2: ActivationTxV1;
  let id2: Uint8Array;
  let round2: ReturnType<typeof poetRound>;
  // Smesher B: PoST committed to A's initial ATX, initial ATX in epoch 2 positioned on it.
  const secretB = seeded('atx handler test smesher B');
  const smesherB = publicKeyOf(secretB);
  let innerB: InnerActivationTxV1;
  let idB: Uint8Array;
  let vrfNonceB: bigint;
  // A's third ATX: back to 2 units (more than the previous 1), positioned on B's initial ATX.
  let inner3: InnerActivationTxV1;

  const dump = async () =>
    (await collect(store.iterate())).map((e) => `${hex(e.key)}=${hex(e.value)}`);

  /** Handles `bytes`, expects refusal for `reason`, and an untouched store. */
  async function rejects(bytes: Uint8Array, reason: AtxValidationReason, opts?: HandleOptions) {
    const before = await dump();
    const err = await handler.handleAtx(bytes, opts).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AtxValidationError);
    expect((err as AtxValidationError).reason).toBe(reason);
    expect(await dump()).toEqual(before);
    return err as AtxValidationError;
  }

  const resign = (inner: InnerActivationTxV1) => encodeAtxV1(signAtxV1(secret, genesisId, inner));
  /** Signs exactly `inner` (no node id filled in), as a faulty or hostile smesher could. */
  const signRaw = (inner: InnerActivationTxV1) =>
    encodeAtxV1({
      ...inner,
      smesherID: smesher,
      signature: sign(secret, genesisId, Domain.ATX, atxSignedBytesV1(inner)),
    });

  /** A label index whose full output is not below the VRF difficulty for `numUnits`. */
  function badVrfNonce(numUnits: number): bigint {
    const c = commitment(smesher, golden);
    const d = vrfDifficulty(BigInt(numUnits * LPU));
    for (let i = 0n; ; i++) if (compareBytes(labelOutput(c, i, SCRYPT_N), d) >= 0) return i;
  }

  beforeAll(async () => {
    storage = new MemoryPostStorage();
    const meta = await initialize({
      storage,
      provider: new CpuLabelProvider(),
      nodeId: smesher,
      commitmentAtxId: golden,
      numUnits: 2,
      labelsPerUnit: BigInt(LPU),
      scryptN: SCRYPT_N,
    });
    expect(meta.nonce).not.toBeNull();
    // Any label below the difficulty is a valid nonce, not only init's best: take one that is
    // valid for 2 units but not for 4, so that growing to 4 units must re-check it.
    const cA = commitment(smesher, golden);
    const [d2, d4] = [vrfDifficulty(2n * BigInt(LPU)), vrfDifficulty(4n * BigInt(LPU))];
    let pick: bigint | undefined;
    for (let i = 0n; i < 2n * BigInt(LPU) && pick === undefined; i++) {
      const out = labelOutput(cA, i, SCRYPT_N);
      if (compareBytes(out, d4) >= 0 && compareBytes(out, d2) < 0) pick = i;
    }
    expect(pick).toBeDefined();
    vrfNonce = pick!;
    const data = { nodeId: smesher, numUnits: 2, labelsPerUnit: BigInt(LPU) };
    const reader2 = labelReader(storage, 2 * LPU);
    initialPost = await generateProof(reader2, ZERO_CHALLENGE, proofCfg, data);

    // Epoch 0 → published in 1: initial ATX on the golden ATX, a round of 350 leaves (3 ticks).
    const challenge1: NIPostChallengeV1 = {
      publishEpoch: 1,
      sequence: 0n,
      prevATXID: EMPTY_ATX_ID,
      positioningATXID: golden,
      commitmentATXID: golden,
      initialPost,
    };
    const others = [seeded('other 1'), seeded('other 2'), seeded('other 3')];
    const round1 = poetRound(
      [others[0]!, nipostChallengeHash(challenge1), ...others.slice(1)],
      350,
    );
    poetProofs.set(hex(round1.ref), round1.record);
    const m1 = membershipProof(round1.members, 1);
    inner1 = {
      ...challenge1,
      coinbase,
      numUnits: 2,
      nipost: {
        membership: { nodes: [...m1.nodes], leafIndex: BigInt(m1.leafIndex) },
        post: await generateProof(reader2, round1.ref, proofCfg, data),
        postMetadata: { challenge: round1.ref, labelsPerUnit: BigInt(LPU) },
      },
      nodeID: null,
      vrfNonce,
    };
    atx1 = signAtxV1(secret, genesisId, inner1);
    id1 = atxIdV1(atx1);

    // Published in 2: follow-up on the initial ATX with 1 unit (of the same data), 470 leaves.
    const challenge2: NIPostChallengeV1 = {
      publishEpoch: 2,
      sequence: 1n,
      prevATXID: id1,
      positioningATXID: id1,
      commitmentATXID: null,
      initialPost: null,
    };
    const storageB = new MemoryPostStorage();
    const metaB = await initialize({
      storage: storageB,
      provider: new CpuLabelProvider(),
      nodeId: smesherB,
      commitmentAtxId: id1,
      numUnits: 3,
      labelsPerUnit: BigInt(LPU),
      scryptN: SCRYPT_N,
    });
    expect(metaB.nonce).not.toBeNull();
    vrfNonceB = metaB.nonce!;
    const readerB = labelReader(storageB, 3 * LPU);
    const dataB = { nodeId: smesherB, numUnits: 3, labelsPerUnit: BigInt(LPU) };
    const challengeB: NIPostChallengeV1 = {
      publishEpoch: 2,
      sequence: 0n,
      prevATXID: EMPTY_ATX_ID,
      positioningATXID: id1,
      commitmentATXID: id1,
      initialPost: await generateProof(readerB, ZERO_CHALLENGE, proofCfg, dataB),
    };
    round2 = poetRound(
      [nipostChallengeHash(challenge2), nipostChallengeHash(challengeB), ...others],
      470,
    );
    const mB = membershipProof(round2.members, 1);
    innerB = {
      ...challengeB,
      coinbase,
      numUnits: 3,
      nipost: {
        membership: { nodes: [...mB.nodes], leafIndex: 1n },
        post: await generateProof(readerB, round2.ref, proofCfg, dataB),
        postMetadata: { challenge: round2.ref, labelsPerUnit: BigInt(LPU) },
      },
      nodeID: null,
      vrfNonce: vrfNonceB,
    };
    idB = atxIdV1(signAtxV1(secretB, genesisId, innerB));

    poetProofs.set(hex(round2.ref), round2.record);
    const m2 = membershipProof(round2.members, 0);
    inner2 = {
      ...challenge2,
      coinbase,
      numUnits: 1,
      nipost: {
        membership: { nodes: [...m2.nodes], leafIndex: 0n },
        post: await generateProof(labelReader(storage, LPU), round2.ref, proofCfg, {
          ...data,
          numUnits: 1,
        }),
        postMetadata: { challenge: round2.ref, labelsPerUnit: BigInt(LPU) },
      },
      nodeID: null,
      vrfNonce: null,
    };
    atx2 = signAtxV1(secret, genesisId, inner2);
    id2 = atxIdV1(atx2);

    const challenge3: NIPostChallengeV1 = {
      publishEpoch: 3,
      sequence: 2n,
      prevATXID: id2,
      positioningATXID: idB,
      commitmentATXID: null,
      initialPost: null,
    };
    const round3 = poetRound([...others, nipostChallengeHash(challenge3)], 560);
    poetProofs.set(hex(round3.ref), round3.record);
    const m3 = membershipProof(round3.members, 3);
    inner3 = {
      ...challenge3,
      coinbase,
      numUnits: 2,
      nipost: {
        membership: { nodes: [...m3.nodes], leafIndex: 3n },
        post: await generateProof(reader2, round3.ref, proofCfg, data),
        postMetadata: { challenge: round3.ref, labelsPerUnit: BigInt(LPU) },
      },
      nodeID: null,
      vrfNonce: null,
    };
  }, 60_000);

  describe('initial ATX', () => {
    it('rejects initial-ATX faults before storing anything', async () => {
      expect(await dump()).toEqual([]);
      const bad = badVrfNonce(2);
      await rejects(resign({ ...inner1, vrfNonce: bad }), 'invalid-vrf-nonce');
      await rejects(resign({ ...inner1, vrfNonce: null }), 'missing-initial-field');
      await rejects(signRaw({ ...inner1, nodeID: null }), 'missing-initial-field');
      // B's PoST is committed to A's initial ATX, which is not stored yet.
      await rejects(encodeAtxV1(signAtxV1(secretB, genesisId, innerB)), 'unknown-commitment-atx');
      await rejects(resign({ ...inner1, initialPost: null }), 'missing-initial-field');
      await rejects(resign({ ...inner1, commitmentATXID: null }), 'missing-initial-field');
      await rejects(resign({ ...inner1, commitmentATXID: EMPTY_ATX_ID }), 'empty-commitment-atx');
      // signAtxV1 sets the node id of an initial ATX; sign one with a foreign node id by hand.
      await rejects(signRaw({ ...inner1, nodeID: seeded('someone else') }), 'node-id-mismatch');
      await rejects(resign({ ...inner1, sequence: 1n }), 'wrong-sequence');
      await rejects(resign({ ...inner1, numUnits: 5 }), 'num-units');
      await rejects(resign({ ...inner1, numUnits: 0 }), 'num-units');
      await rejects(resign({ ...inner1, positioningATXID: EMPTY_ATX_ID }), 'empty-positioning-atx');
      await rejects(
        resign({ ...inner1, positioningATXID: seeded('unknown positioning') }),
        'unknown-positioning-atx',
      );
      const flipped = initialPost.indices.slice();
      flipped[0]! ^= 0x01;
      await rejects(
        resign({ ...inner1, initialPost: { ...initialPost, indices: flipped } }),
        'invalid-initial-post',
      );
      await rejects(
        resign({ ...inner1, nipost: { ...inner1.nipost!, post: null } }),
        'missing-nipost',
      );
      await rejects(resign({ ...inner1, nipost: null }), 'missing-nipost');
      await rejects(
        resign({
          ...inner1,
          nipost: {
            ...inner1.nipost!,
            postMetadata: { ...inner1.nipost!.postMetadata!, labelsPerUnit: BigInt(LPU * 2) },
          },
        }),
        'labels-per-unit',
      );
    });

    it('stores it: effective numUnits 2, 350 leaves → 3 ticks from height 0, weight 6', async () => {
      const r = await handler.handleAtx(encodeAtxV1(atx1));
      expect(r.status).toBe('stored');
      if (r.status !== 'stored') return;
      expect(r.malfeasance).toBeNull();
      const h = r.header;
      expect(hex(h.id)).toBe(hex(id1));
      expect(h.effectiveNumUnits).toBe(2);
      expect(h.baseTickHeight).toBe(0n);
      expect(h.tickCount).toBe(350n / BigInt(TICK_SIZE));
      expect(h.tickCount).toBe(3n);
      expect(h.weight).toBe(6n);
      expect(tickHeight(h)).toBe(3n);
      expect(h.vrfNonce).toBe(vrfNonce);
      expect(await handler.atxs.header(id1)).toEqual(h);
      expect(hex((await handler.atxs.commitment(smesher))!)).toBe(hex(golden));
      expect(hex((await handler.atxs.idByEpochAndSmesher(1, smesher))!)).toBe(hex(id1));
      expect(encodeAtxV1((await handler.atxs.get(id1))!)).toEqual(encodeAtxV1(atx1));
      expect(await handler.atxs.isMalicious(smesher)).toBe(false);
    });
  });

  describe('follow-up ATX', () => {
    it('stores it: effective numUnits min(2, 1), 470 leaves → 4 ticks on height 3, weight 4', async () => {
      epoch = 2;
      const r = await handler.handleAtx(encodeAtxV1(atx2), { gossip: true });
      expect(r.status).toBe('stored');
      if (r.status !== 'stored') return;
      expect(r.malfeasance).toBeNull();
      const h = r.header;
      expect(hex(h.id)).toBe(hex(id2));
      expect(h.numUnits).toBe(1);
      expect(h.effectiveNumUnits).toBe(1);
      expect(h.baseTickHeight).toBe(3n);
      expect(h.tickCount).toBe(4n);
      expect(tickHeight(h)).toBe(7n);
      expect(h.weight).toBe(4n);
      // No nonce in the follow-up: the initial ATX's stays in force.
      expect(h.vrfNonce).toBe(vrfNonce);
      expect(hex(h.commitmentAtx)).toBe(hex(golden));
      expect(hex((await handler.atxs.lastBySmesher(smesher))!.id)).toBe(hex(id2));
      expect((await collect(handler.atxs.epochHeaders(2))).map((x) => hex(x.id))).toEqual([
        hex(id2),
      ]);
    });

    it("another node of the process takes the checks that held as facts, never its store's", async () => {
      // shared-checks.ts: a second handler (another simulated node, its own store) meets the
      // same bytes. The proofs that held for them need not run again — the PoST and VRF-nonce
      // memos are not even asked — but whatever depends on its own store is checked.
      const provider = { get: (ref: Uint8Array) => Promise.resolve(poetProofs.get(hex(ref))) };
      const other = new HandlerV1({
        network,
        store: new MemoryStore(),
        currentEpoch: () => 2,
        poetProofs: provider,
      });
      const noPoet = new HandlerV1({
        network,
        store: new MemoryStore(),
        currentEpoch: () => 2,
        poetProofs: { get: () => Promise.resolve(undefined) },
      });
      const refused = (h: HandlerV1, bytes: Uint8Array) =>
        h.handleAtx(bytes).then(
          () => 'stored',
          (e: unknown) => (e as AtxValidationError).reason,
        );
      expect(await refused(other, encodeAtxV1(atx2))).toBe('unknown-prev-atx');
      expect(await refused(noPoet, encodeAtxV1(atx1))).toBe('unknown-poet-proof');
      const proofMemos = () => {
        const { post, vrfNonce } = atxCheckMemoStats();
        return JSON.stringify({ post, vrfNonce });
      };
      const memos = proofMemos();
      expect((await other.handleAtx(encodeAtxV1(atx1))).status).toBe('stored');
      const r2 = await other.handleAtx(encodeAtxV1(atx2));
      expect(r2.status).toBe('stored');
      expect(proofMemos()).toBe(memos);
      expect(await other.atxs.header(id2)).toEqual(await handler.atxs.header(id2));
      // Both nodes hold one header object for the ATX: the one the store reads back.
      if (r2.status === 'stored') {
        expect(r2.header).toBe(await handler.atxs.header(id2));
        expect(Object.isFrozen(r2.header)).toBe(true);
      }
    });

    it('takes a replayed ATX as known: no write, no malfeasance', async () => {
      const before = await dump();
      for (const atx of [atx1, atx2]) {
        const r = await handler.handleAtx(encodeAtxV1(atx));
        expect(r.status).toBe('known');
      }
      expect(await dump()).toEqual(before);
      expect(await handler.atxs.isMalicious(smesher)).toBe(false);
    });

    it('rejects bad signatures, wrong genesis and malformed bytes', async () => {
      // A fresh variant (other coinbase) so that "known" cannot answer first.
      const variant = signAtxV1(secret, genesisId, { ...inner2, coinbase: new Uint8Array(24) });
      const sig = variant.signature.slice();
      sig[5]! ^= 0x10;
      await rejects(encodeAtxV1({ ...variant, signature: sig }), 'invalid-signature');
      await rejects(
        encodeAtxV1({ ...variant, smesherID: publicKeyOf(seeded('not the signer')) }),
        'invalid-signature',
      );
      const otherGenesis = configGenesisId(withGenesis(network, { time: '2026-01-01T00:00:01Z' }));
      await rejects(
        encodeAtxV1(signAtxV1(secret, otherGenesis, { ...inner2, coinbase: new Uint8Array(24) })),
        'invalid-signature',
      );
      const bytes = encodeAtxV1(variant);
      const err = await rejects(bytes.subarray(0, bytes.length - 1), 'malformed');
      expect(err.atxId).toBeUndefined();
      await rejects(new Uint8Array([...bytes, 0]), 'malformed');
      await rejects(new Uint8Array(0), 'malformed');
    });

    it('rejects faults in the challenge and its dependencies, each with its reason', async () => {
      const v = (over: Partial<InnerActivationTxV1>) =>
        resign({ ...inner2, coinbase: new Uint8Array(24), ...over });
      await rejects(v({ prevATXID: seeded('unknown prev') }), 'unknown-prev-atx');
      await rejects(
        v({ positioningATXID: seeded('unknown positioning') }),
        'unknown-positioning-atx',
      );
      await rejects(v({ positioningATXID: id2 }), 'positioning-atx-epoch');
      await rejects(v({ sequence: 2n }), 'wrong-sequence');
      await rejects(v({ sequence: 0n }), 'wrong-sequence');
      await rejects(v({ publishEpoch: 1 }), 'prev-atx-epoch');
      await rejects(v({ numUnits: 5 }), 'num-units');
      await rejects(v({ numUnits: 0 }), 'num-units');
      await rejects(v({ commitmentATXID: golden }), 'unexpected-initial-field');
      await rejects(v({ initialPost }), 'unexpected-initial-field');
      await rejects(signRaw({ ...inner2, nodeID: smesher }), 'unexpected-initial-field');
      await rejects(v({ vrfNonce: badVrfNonce(1) }), 'invalid-vrf-nonce');
    });

    it("rejects an unknown smesher's follow-up", async () => {
      const stranger = sha256(utf8ToBytes('stranger'));
      // The id covers the inner ATX only: the same inner signed by another key is a known ATX.
      expect(
        (await handler.handleAtx(encodeAtxV1(signAtxV1(stranger, genesisId, inner2)))).status,
      ).toBe('known');
      await rejects(
        encodeAtxV1(signAtxV1(stranger, genesisId, { ...inner2, coinbase: new Uint8Array(24) })),
        'unknown-commitment',
      );
    });

    it('rejects NIPoST faults: PoST, membership, PoET proof', async () => {
      const n = inner2.nipost!;
      const v = (nipost: NIPostV1) => resign({ ...inner2, coinbase: new Uint8Array(24), nipost });
      const post = n.post!;
      const flipped = post.indices.slice();
      flipped[1]! ^= 0x04;
      const err = await rejects(v({ ...n, post: { ...post, indices: flipped } }), 'invalid-post');
      expect(hex(err.atxId!)).toBe(
        hex(
          atxIdV1({
            ...inner2,
            coinbase: new Uint8Array(24),
            nipost: { ...n, post: { ...post, indices: flipped } },
          }),
        ),
      );
      await rejects(v({ ...n, post: { ...post, nonce: post.nonce + 1 } }), 'invalid-post');
      // The challenge is member 0; claiming leaf 1 (another member's place) fails.
      await rejects(v({ ...n, membership: { ...n.membership, leafIndex: 1n } }), 'poet-membership');
      const nodes = n.membership.nodes.map((x) => x.slice());
      nodes[0]![0]! ^= 1;
      await rejects(v({ ...n, membership: { ...n.membership, nodes } }), 'poet-membership');
      // A challenge hash the round never saw: right proof, other epoch's challenge.
      const m1 = inner1.nipost!.membership;
      await rejects(v({ ...n, membership: m1 }), 'poet-membership');
      // Unknown PoET ref; a ref whose record is another round's proof; a tampered proof.
      const ref = seeded('unknown poet ref');
      const meta = { ...n.postMetadata!, challenge: ref };
      await rejects(v({ ...n, postMetadata: meta }), 'unknown-poet-proof');
      poetProofs.set(hex(ref), poetProofs.get(hex(inner1.nipost!.postMetadata!.challenge))!);
      await rejects(v({ ...n, postMetadata: meta }), 'invalid-poet-proof');
      const rec = round2.record;
      const leaves = rec.proof.proof.provenLeaves.map((x) => x.slice());
      leaves[3]![7]! ^= 0x80;
      const tampered: PoetProofRecord = {
        statement: rec.statement,
        proof: { ...rec.proof, proof: { ...rec.proof.proof, provenLeaves: leaves } },
      };
      const tamperedRef = rec.proof.proof.root;
      const good = poetProofs.get(hex(tamperedRef))!;
      const tamperedHandler = new HandlerV1({
        network,
        store,
        currentEpoch: () => epoch,
        poetProofs: { get: () => Promise.resolve(tampered) },
      });
      const before = await dump();
      const e = await tamperedHandler
        .handleAtx(v(n))
        .catch((x: unknown) => x as AtxValidationError);
      expect((e as AtxValidationError).reason).toBe('invalid-poet-proof');
      expect(await dump()).toEqual(before);
      expect(poetProofs.get(hex(tamperedRef))).toBe(good);
      // A short PoST challenge is malformed.
      await rejects(
        v({ ...n, postMetadata: { ...n.postMetadata!, challenge: ref.subarray(0, 31) } }),
        'malformed',
      );
    });

    it('rejects ATXs outside the publish window', async () => {
      const variant = resign({ ...inner2, coinbase: new Uint8Array(24) });
      epoch = 0;
      await rejects(variant, 'epoch-in-future');
      epoch = 4;
      await rejects(variant, 'epoch-too-old', { gossip: true });
      epoch = 2;
    });
  });

  describe('a second smesher', () => {
    const signB = (inner: InnerActivationTxV1) => encodeAtxV1(signAtxV1(secretB, genesisId, inner));

    it('rejects an initial ATX not after its commitment ATX', async () => {
      await rejects(signB({ ...innerB, publishEpoch: 1 }), 'commitment-atx-epoch');
    });

    it("stores an initial ATX positioned on A's: base height 3, 4 ticks, weight 3 × 4", async () => {
      // The epoch's id list (what the sync server answers) is cached until an ATX of it is stored.
      expect((await handler.epochIds(2)).map(hex)).toEqual([hex(id2)]);
      const r = await handler.handleAtx(signB(innerB));
      expect(r.status).toBe('stored');
      if (r.status !== 'stored') return;
      expect(hex(r.header.id)).toBe(hex(idB));
      expect(hex(r.header.commitmentAtx)).toBe(hex(id1));
      expect(r.header.effectiveNumUnits).toBe(3);
      expect(r.header.baseTickHeight).toBe(tickHeight((await handler.atxs.header(id1))!));
      expect(r.header.baseTickHeight).toBe(3n);
      expect(r.header.tickCount).toBe(4n);
      expect(r.header.weight).toBe(12n);
      expect(r.header.vrfNonce).toBe(vrfNonceB);
      expect(r.malfeasance).toBeNull();
      const epoch2 = await collect(handler.atxs.epochHeaders(2));
      expect(epoch2.map((h) => hex(h.id)).sort()).toEqual([hex(id2), hex(idB)].sort());
      expect(epoch2.reduce((w, h) => w + h.weight, 0n)).toBe(16n);
      expect((await handler.epochIds(2)).map(hex)).toEqual(epoch2.map((h) => hex(h.id)));
      expect(await handler.epochIds(3)).toEqual([]);
    });

    it("rejects a follow-up whose previous ATX is another smesher's", async () => {
      await rejects(
        signB({
          ...innerB,
          publishEpoch: 3,
          sequence: 1n,
          prevATXID: id1,
          positioningATXID: idB,
          commitmentATXID: null,
          initialPost: null,
          vrfNonce: null,
        }),
        'prev-atx-smesher',
      );
    });
  });

  describe('a third ATX', () => {
    it("counts min(previous, declared) units and builds on the positioning ATX's tick height", async () => {
      epoch = 3;
      // More units than the previous ATX (4 > 1): the inherited nonce is re-checked, and fails.
      await rejects(resign({ ...inner3, numUnits: 4 }), 'invalid-vrf-nonce');
      const r = await handler.handleAtx(resign(inner3));
      expect(r.status).toBe('stored');
      if (r.status !== 'stored') return;
      const h = r.header;
      expect(h.sequence).toBe(2n);
      expect(h.numUnits).toBe(2);
      expect(h.effectiveNumUnits).toBe(1);
      // B's initial ATX ends at 3 + 4.
      expect(h.baseTickHeight).toBe(7n);
      expect(h.tickCount).toBe(5n);
      expect(tickHeight(h)).toBe(12n);
      expect(h.weight).toBe(5n);
      expect(hex((await handler.atxs.lastBySmesher(smesher))!.id)).toBe(hex(h.id));
      epoch = 2;
    });
  });

  describe('double publishing', () => {
    it("stores the second ATX by id, keeps the first as the epoch's, and proves malfeasance", async () => {
      const otherCoinbase = new Uint8Array(24).fill(9, 4);
      const twin = signAtxV1(secret, genesisId, { ...inner2, coinbase: otherCoinbase });
      const twinId = atxIdV1(twin);
      // Same NIPoST challenge (the coinbase is not part of it), so the twin is valid on its own.
      const r = await handler.handleAtx(encodeAtxV1(twin));
      expect(r.status).toBe('stored');
      if (r.status !== 'stored') return;
      const proof = r.malfeasance!;
      expect(proof).not.toBeNull();
      expect(proof.layer).toBe(2 * network.layersPerEpoch);
      expect(proof.proof.type).toBe(MalfeasanceType.MULTIPLE_ATXS);
      if (proof.proof.type !== MalfeasanceType.MULTIPLE_ATXS) return;
      const [a, b] = proof.proof.messages;
      expect(hex(a!.innerMsg.msgHash)).toBe(hex(id2));
      expect(hex(b!.innerMsg.msgHash)).toBe(hex(twinId));
      for (const m of [a!, b!]) {
        expect(m.innerMsg.publishEpoch).toBe(2);
        expect(hex(m.smesherID)).toBe(hex(smesher));
        expect(verifyAtxProofMsg(genesisId, m)).toBe(true);
        expect(verifyAtxProofMsg(configGenesisId(withGenesis(network, { time: 0 })), m)).toBe(
          false,
        );
      }
      // Stored, and it round-trips through its wire encoding.
      const stored = (await handler.atxs.malfeasanceProof(smesher))!;
      expect(encodeMalfeasanceProof(stored)).toEqual(encodeMalfeasanceProof(proof));
      expect(decodeMalfeasanceProof(encodeMalfeasanceProof(proof))).toEqual(stored);
      expect(await handler.atxs.isMalicious(smesher)).toBe(true);
      expect(hex((await handler.atxs.idByEpochAndSmesher(2, smesher))!)).toBe(hex(id2));
      expect(await handler.atxs.has(twinId)).toBe(true);
      expect(r.header.weight).toBe(4n);
    });

    it('does not prove again once the smesher is malicious, and replays stay known', async () => {
      const before = (await handler.atxs.malfeasanceProof(smesher))!;
      const third = signAtxV1(secret, genesisId, {
        ...inner2,
        coinbase: new Uint8Array(24).fill(3, 4),
      });
      const r = await handler.handleAtx(encodeAtxV1(third));
      expect(r.status).toBe('stored');
      if (r.status === 'stored') expect(r.malfeasance).toBeNull();
      expect(encodeMalfeasanceProof((await handler.atxs.malfeasanceProof(smesher))!)).toEqual(
        encodeMalfeasanceProof(before),
      );
      const snapshot = await dump();
      expect((await handler.handleAtx(encodeAtxV1(third))).status).toBe('known');
      expect(await dump()).toEqual(snapshot);
    });
  });

  it('proves double publishing once when both ATXs arrive together', async () => {
    const fresh = new MemoryStore();
    const h = new HandlerV1({
      network,
      store: fresh,
      currentEpoch: () => 2,
      poetProofs: { get: (ref) => Promise.resolve(poetProofs.get(hex(ref))) },
    });
    expect((await h.handleAtx(encodeAtxV1(atx1))).status).toBe('stored');
    const twin = signAtxV1(secret, genesisId, {
      ...inner2,
      coinbase: new Uint8Array(24).fill(5, 4),
    });
    const results = await Promise.all([atx2, twin].map((a) => h.handleAtx(encodeAtxV1(a))));
    const proofs = results.flatMap((r) => (r.status === 'stored' && r.malfeasance ? [r] : []));
    expect(results.every((r) => r.status === 'stored')).toBe(true);
    expect(proofs).toHaveLength(1);
    const firstId = (await h.atxs.idByEpochAndSmesher(2, smesher))!;
    const [, second] =
      proofs[0]!.malfeasance!.proof.type === MalfeasanceType.MULTIPLE_ATXS
        ? proofs[0]!.malfeasance!.proof.messages
        : [];
    expect(hex(second!.innerMsg.msgHash)).toBe(hex(proofs[0]!.header.id));
    expect(hex(firstId)).not.toBe(hex(proofs[0]!.header.id));
  });
});
