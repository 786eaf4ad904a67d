// The checks of go-spacemesh activation/validation.go (Validator) for ATX v1: numUnits bounds,
// PoST metadata, VRF nonce, PoST proofs, the positioning ATX, the NIPoST challenge rules of
// initial and non-initial ATXs, and the NIPoST itself (PoET proof, membership, PoST on the
// PoET root). Each failure is an AtxValidationError with its reason.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { joinKey } from '../../bytes-table.ts';
import type { NetworkConfig } from '../../config/types.ts';
import { numPart, VerifiedMemo } from '../../crypto/verified-memo.ts';
import type { MemoStats } from '../../crypto/verified-memo.ts';
import { PoetVerificationError } from '../../poet/errors.ts';
import { verifyMembership } from '../../poet/membership.ts';
import type { PoetProof } from '../../poet/shared.ts';
import { verifyPoetProof } from '../../poet/verifier.ts';
import { k2PowFor } from '../../post/k2pow.ts';
import type { K2Pow } from '../../post/k2pow.ts';
import {
  commitment as postCommitment,
  compareBytes,
  LabelHasher,
  vrfDifficulty,
} from '../../post/labels.ts';
import type { Proof } from '../../post/proof.ts';
import { PostVerificationError, verifyProof } from '../../post/verify.ts';
import type { LabelFunction, VerifyConfig, VerifyMode } from '../../post/verify.ts';
import type { NIPostChallengeV1 } from '../../types/atx.ts';
import { bytesEqual, EMPTY_ATX_ID } from '../../types/common.ts';
import type { MerkleProof, PostMetadataV1 } from '../../types/common.ts';
import { AtxValidationError } from './errors.ts';
import type { AtxValidationReason } from './errors.ts';
import type { AtxHeader } from './store.ts';

function concatParts(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/** post-rs / go post shared.ZeroChallenge: the challenge of the initial PoST. */
export const ZERO_CHALLENGE: Uint8Array = new Uint8Array(32);

/** A PoET proof as the node holds it: the round's membership root (statement) and the proof. */
export interface PoetProofRecord {
  readonly statement: Uint8Array;
  readonly proof: PoetProof;
}

/**
 * Where the handler finds PoET proofs by ref (go-spacemesh poetDb). The ref is the PoST
 * challenge of the NIPoST, i.e. the PoET proof's root. Fetching from peers comes later; the
 * handler verifies whatever it is given.
 */
export interface PoetProofProvider {
  get(ref: Uint8Array): Promise<PoetProofRecord | undefined>;
}

export interface ValidatorOptions {
  readonly network: NetworkConfig;
  /** Default: the preset's k2pow (k2PowFor). */
  readonly k2pow?: K2Pow;
  /** Label recomputation for PoST verification (default: CPU on this thread). */
  readonly label?: LabelFunction;
  /**
   * Seed of the K3-of-K2 subset of PoST indices to re-check when K3 < K2 (go-spacemesh uses the
   * local peer id, so each node checks different indices). Default: 32 random bytes.
   */
  readonly postSubsetSeed?: Uint8Array;
}

const fail = (reason: AtxValidationReason, msg: string, cause?: unknown): never => {
  throw new AtxValidationError(reason, msg, cause === undefined ? undefined : { cause });
};

// Process-wide memos of the expensive ATX checks that are pure functions of bytes (PoST labels,
// PoET proof hashing). A node meets each ATX once, but the simulation runs every node in one
// process and each one validates every ATX; with these, the second node on pays a hash lookup.
// Only successes are remembered (verified-memo.ts); a failure is recomputed and throws as before.
const postMemo = new VerifiedMemo('atx-post');
const vrfNonceMemo = new VerifiedMemo('atx-vrf-nonce');
const poetMemo = new VerifiedMemo('atx-poet-proof');

/** Hits and misses of the shared ATX check memos (tests, profiling). */
export function atxCheckMemoStats(): Record<'post' | 'vrfNonce' | 'poet', MemoStats> {
  return { post: postMemo.stats, vrfNonce: vrfNonceMemo.stats, poet: poetMemo.stats };
}

const hex = bytesToHex;

/**
 * A short name for a set of PoST parameters (the facts' names in shared-checks.ts carry it; the
 * full text is a few hundred characters, hashed again at every lookup of a fact).
 */
const paramsIds = new Map<string, string>();
function paramsId(params: string): string {
  let id = paramsIds.get(params);
  if (id === undefined) paramsIds.set(params, (id = `P${paramsIds.size}`));
  return id;
}

export class Validator {
  readonly network: NetworkConfig;
  readonly postConfig: VerifyConfig;
  readonly #k2pow: K2Pow;
  readonly #label: LabelFunction | undefined;
  readonly #mode: VerifyMode;
  readonly #hasher: LabelHasher;
  /** Everything besides the proof that a PoST verification depends on (memo key); null when a
   * custom label function or k2pow makes it depend on code the key cannot name. */
  readonly #postKey: readonly Uint8Array[] | null;
  /**
   * The same as text, to name the facts shared-checks.ts records for PoST and VRF-nonce checks
   * (null: those are not shared).
   */
  readonly factsKey: string | null;
  /**
   * PoET proof records already verified: by identity (a provider mostly hands out the same
   * record object), and by root ‖ statement ‖ leaves (a node's builder decodes its own record
   * afresh after each write of its state; hashing the whole proof for the memo each time was a
   * third of a 1,500-node run's time in its second ATX round).
   */
  readonly #verifiedPoet = new WeakSet<PoetProofRecord>();
  readonly #verifiedPoetKeys = new Set<string>();

  constructor(o: ValidatorOptions) {
    const p = o.network.post;
    this.network = o.network;
    this.#k2pow = o.k2pow ?? k2PowFor(p.k2pow);
    this.#label = o.label;
    this.postConfig = {
      minNumUnits: p.minNumUnits,
      maxNumUnits: p.maxNumUnits,
      labelsPerUnit: BigInt(p.labelsPerUnit),
      scryptN: p.scrypt.n,
      k1: p.k1,
      k2: p.k2,
      powDifficulty:
        p.powDifficulty === null ? new Uint8Array(32).fill(0xff) : hexToBytes(p.powDifficulty),
    };
    this.#mode =
      p.k3 >= p.k2
        ? { kind: 'all' }
        : {
            kind: 'subset',
            k3: p.k3,
            seed: o.postSubsetSeed ?? crypto.getRandomValues(new Uint8Array(32)),
          };
    this.#hasher = new LabelHasher(p.scrypt.n, { simd: false });
    const c = this.postConfig;
    this.#postKey =
      o.k2pow === undefined && o.label === undefined
        ? [
            new TextEncoder().encode(p.k2pow),
            numPart(c.minNumUnits),
            numPart(c.maxNumUnits),
            numPart(c.labelsPerUnit),
            numPart(c.scryptN),
            numPart(c.k1),
            numPart(c.k2),
            c.powDifficulty,
            this.#mode.kind === 'subset'
              ? concatParts(numPart(this.#mode.k3), this.#mode.seed)
              : new TextEncoder().encode(this.#mode.kind),
          ]
        : null;
    this.factsKey = this.#postKey === null ? null : paramsId(bytesToHex(joinKey(this.#postKey)));
  }

  /** Validator.NumUnits. */
  numUnits(numUnits: number): void {
    const { minNumUnits, maxNumUnits } = this.postConfig;
    if (numUnits < minNumUnits || numUnits > maxNumUnits)
      fail('num-units', `numUnits ${numUnits} outside [${minNumUnits}, ${maxNumUnits}]`);
  }

  /** Validator.PostMetadata: the PoST is over this network's unit size. */
  postMetadata(meta: PostMetadataV1): void {
    if (meta.labelsPerUnit !== this.postConfig.labelsPerUnit)
      fail(
        'labels-per-unit',
        `labels per unit ${meta.labelsPerUnit} ≠ network's ${this.postConfig.labelsPerUnit}`,
      );
  }

  /**
   * Validator.VRFNonce (post verifying.VerifyVRFNonce): the full label output at index `nonce`
   * is below the VRF difficulty of numUnits × labelsPerUnit labels.
   */
  vrfNonce(smesher: Uint8Array, commitmentAtx: Uint8Array, nonce: bigint, numUnits: number): void {
    this.numUnits(numUnits);
    const numLabels = BigInt(numUnits) * this.postConfig.labelsPerUnit;
    const key = [
      smesher,
      commitmentAtx,
      numPart(nonce),
      numPart(numLabels),
      numPart(this.postConfig.scryptN),
    ];
    vrfNonceMemo.checkSync(key, () => {
      const out = this.#hasher.output(postCommitment(smesher, commitmentAtx), nonce);
      if (compareBytes(out, vrfDifficulty(numLabels)) >= 0)
        fail('invalid-vrf-nonce', `label ${nonce} is not below the VRF difficulty`);
    });
  }

  /** Validator.Post: `proof` proves numUnits of the smesher's data for `challenge`. */
  async post(
    smesher: Uint8Array,
    commitmentAtx: Uint8Array,
    proof: Proof,
    challenge: Uint8Array,
    numUnits: number,
    reason: 'invalid-post' | 'invalid-initial-post',
  ): Promise<void> {
    if (challenge.length !== 32) fail('malformed', `PoST challenge is ${challenge.length} bytes`);
    const verify = () =>
      verifyProof(
        proof,
        { nodeId: smesher, commitmentAtxId: commitmentAtx, challenge, numUnits },
        this.postConfig,
        {
          mode: this.#mode,
          k2pow: this.#k2pow,
          ...(this.#label === undefined ? {} : { label: this.#label }),
        },
      );
    try {
      if (this.#postKey === null) await verify();
      else
        await postMemo.check(
          [
            ...this.#postKey,
            smesher,
            commitmentAtx,
            challenge,
            numPart(numUnits),
            numPart(proof.nonce),
            proof.indices,
            numPart(proof.pow),
          ],
          verify,
        );
    } catch (e) {
      if (e instanceof PostVerificationError)
        fail(reason, `PoST does not verify (${e.reason}): ${e.message}`, e);
      throw e;
    }
  }

  /** Validator.PositioningAtx: golden, or known and published before `publishEpoch`. */
  positioningAtx(
    id: Uint8Array,
    positioning: AtxHeader | undefined,
    goldenAtx: Uint8Array,
    publishEpoch: number,
  ): void {
    if (bytesEqual(id, EMPTY_ATX_ID)) fail('empty-positioning-atx', 'empty positioning ATX');
    if (bytesEqual(id, goldenAtx)) return;
    if (positioning === undefined)
      fail('unknown-positioning-atx', `positioning ATX ${hex(id)} not found`);
    else if (positioning.publishEpoch >= publishEpoch)
      fail(
        'positioning-atx-epoch',
        `positioning ATX epoch ${positioning.publishEpoch} must be before ${publishEpoch}`,
      );
  }

  /** Validator.InitialNIPostChallengeV1: sequence 0, commitment ATX golden or earlier. */
  initialChallenge(
    c: NIPostChallengeV1,
    commitment: AtxHeader | undefined,
    goldenAtx: Uint8Array,
  ): void {
    if (c.sequence !== 0n) fail('wrong-sequence', 'initial ATX with a non-zero sequence');
    const id = c.commitmentATXID!;
    if (bytesEqual(id, goldenAtx)) return;
    if (commitment === undefined)
      fail('unknown-commitment-atx', `commitment ATX ${hex(id)} not found`);
    else if (c.publishEpoch <= commitment.publishEpoch)
      fail(
        'commitment-atx-epoch',
        `publish epoch ${c.publishEpoch} must be after the commitment ATX's ${commitment.publishEpoch}`,
      );
  }

  /** Validator.NIPostChallengeV1: the previous ATX is the smesher's, earlier, sequence + 1. */
  challenge(c: NIPostChallengeV1, previous: AtxHeader, smesher: Uint8Array): void {
    if (!bytesEqual(previous.smesher, smesher))
      fail('prev-atx-smesher', 'previous ATX belongs to another smesher');
    if (c.publishEpoch <= previous.publishEpoch)
      fail(
        'prev-atx-epoch',
        `previous ATX epoch ${previous.publishEpoch} is not before ${c.publishEpoch}`,
      );
    if (c.sequence !== previous.sequence + 1n)
      fail('wrong-sequence', `sequence ${c.sequence} ≠ previous ${previous.sequence} + 1`);
  }

  /** The PoET proof named by `ref`, verified (once per ref, statement and leaf count). */
  async poetProof(ref: Uint8Array, provider: PoetProofProvider): Promise<PoetProofRecord> {
    const record = await provider.get(ref);
    if (record === undefined) return fail('unknown-poet-proof', `no PoET proof ${hex(ref)}`);
    const { statement, proof } = record;
    if (!bytesEqual(proof.proof.root, ref))
      fail('invalid-poet-proof', `PoET proof root is not the ref ${hex(ref)}`);
    if (this.#verifiedPoet.has(record)) return record;
    // A proof this validator verified for the same root, statement and leaf count: those three
    // are all an ATX takes from the record, so another record of them adds nothing to check.
    const key = `${hex(ref)}:${hex(statement)}:${proof.leaves}`;
    if (this.#verifiedPoetKeys.has(key)) {
      this.#verifiedPoet.add(record);
      return record;
    }
    try {
      // Keyed on the whole proof, not just the ref: another node's success says nothing about
      // different proof nodes under the same root.
      const { root, provenLeaves, proofNodes } = proof.proof;
      poetMemo.checkSync(
        [
          statement,
          numPart(proof.leaves),
          root,
          numPart(provenLeaves.length),
          ...provenLeaves,
          ...proofNodes,
        ],
        () => verifyPoetProof(statement, proof),
      );
    } catch (e) {
      if (e instanceof PoetVerificationError)
        fail('invalid-poet-proof', `PoET proof does not verify (${e.code}): ${e.message}`, e);
      throw e;
    }
    this.#verifiedPoet.add(record);
    if (this.#verifiedPoetKeys.size >= 1024) this.#verifiedPoetKeys.clear();
    this.#verifiedPoetKeys.add(key);
    return record;
  }

  /** validateMerkleProof: the challenge hash is a leaf of the membership tree with root `statement`. */
  membership(challengeHash: Uint8Array, m: MerkleProof, statement: Uint8Array): void {
    if (m.leafIndex > BigInt(Number.MAX_SAFE_INTEGER))
      fail('poet-membership', `leaf index ${m.leafIndex} out of range`);
    try {
      verifyMembership(
        challengeHash,
        { leafIndex: Number(m.leafIndex), nodes: m.nodes },
        statement,
      );
    } catch (e) {
      if (e instanceof PoetVerificationError)
        fail('poet-membership', `challenge not in the PoET membership tree: ${e.message}`, e);
      throw e;
    }
  }
}
