// Verifying a PoST proof (post-rs src/verification.rs): bounds on numUnits, the k2pow of the
// nonce's group, the packed indices' length, then for K3 of the K2 indices (picked with the
// blake3-XOF shuffle) the label is recomputed and must pass the same AES test as in proving.
// Every rejection is a PostVerificationError whose `reason` says which rule failed.
import { NONCES_PER_AES, aesKey, lazyAesKey, lsb56, tableAes } from './cipher.ts';
import type { AesFactory } from './cipher.ts';
import { decompressIndexes, expectedIndicesBytes, requiredBits } from './compression.ts';
import {
  DifficultyError,
  provingDifficulty,
  scalePowDifficulty,
  splitDifficulty,
} from './difficulty.ts';
import { LABEL_SIZE } from './interface.ts';
import { K2PowError, noK2Pow } from './k2pow.ts';
import type { K2Pow } from './k2pow.ts';
import { LabelHasher, commitment as calcCommitment } from './labels.ts';
import type { Proof } from './proof.ts';
import { randomValues } from './random-values.ts';

export type PostVerificationReason =
  /** numUnits outside [minNumUnits, maxNumUnits] */
  | 'num-units'
  /** nonce / 16 does not fit the u8 the k2pow takes */
  | 'nonce-group'
  /** the k2pow is not valid for (nonce group, challenge, node id) */
  | 'pow'
  /** the packed indices are not ⌈bits · K2 / 8⌉ bytes */
  | 'index-count'
  /** an index is ≥ numUnits · labelsPerUnit (strict mode) */
  | 'index-out-of-range'
  /** an index appears twice (strict mode) */
  | 'duplicate-index'
  /** K1 and the number of labels give no difficulty */
  | 'difficulty'
  /** the label could not be recomputed */
  | 'label'
  /** the recomputed label does not pass the difficulty for the proof's nonce */
  | 'label-does-not-pass';

export class PostVerificationError extends Error {
  readonly reason: PostVerificationReason;
  /** The offending index, for index and label failures. */
  readonly index: bigint | undefined;
  constructor(reason: PostVerificationReason, message: string, index?: bigint) {
    super(message);
    this.name = 'PostVerificationError';
    this.reason = reason;
    this.index = index;
  }
}

/** What the proof claims about the data (post-rs ProofMetadata). */
export interface ProofMetadata {
  readonly nodeId: Uint8Array;
  readonly commitmentAtxId: Uint8Array;
  readonly challenge: Uint8Array;
  readonly numUnits: number;
}

/** Network parameters (post-rs InitConfig + ProofConfig). */
export interface VerifyConfig {
  readonly minNumUnits: number;
  readonly maxNumUnits: number;
  readonly labelsPerUnit: bigint;
  readonly scryptN: number;
  readonly k1: number;
  readonly k2: number;
  readonly powDifficulty: Uint8Array;
}

/** Which of the K2 indices to re-check (post-rs Mode). */
export type VerifyMode =
  | { readonly kind: 'all' }
  | { readonly kind: 'one'; readonly index: number }
  /** go-spacemesh: K3 picked with a seed private to the verifier (its peer id). */
  | { readonly kind: 'subset'; readonly k3: number; readonly seed: Uint8Array };

/** Recomputes the label (≥ 16 bytes; the first 16 are used) of `index`. */
export type LabelFunction = (
  commitment: Uint8Array,
  index: bigint,
  scryptN: number,
) => Uint8Array | Promise<Uint8Array>;

export interface VerifyOptions {
  readonly mode?: VerifyMode;
  readonly k2pow?: K2Pow;
  readonly aes?: AesFactory;
  /** Default: the CPU scrypt-jane label on this thread. */
  readonly label?: LabelFunction;
  /**
   * Also reject repeated and out-of-range indices (default true). post-rs checks neither: with
   * them a proof could repeat one passing label K2 times. `false` reproduces post-rs exactly.
   */
  readonly strictIndices?: boolean;
}

/**
 * The CPU label on the calling thread. One hasher (its 128·N-byte scratch) is kept per N across
 * calls: verifying ATXs recomputes labels at the same N over and over. Label computation is
 * synchronous, so concurrent verifications cannot interleave inside one hasher.
 */
const hashers = new Map<number, LabelHasher>();
const cpuLabel: LabelFunction = (c, index, n) => {
  let h = hashers.get(n);
  if (h === undefined) {
    if (hashers.size >= 4) hashers.clear(); // bound the memory kept for unusual N
    hashers.set(n, (h = new LabelHasher(n)));
  }
  return h.output(c, index);
};

/** Resolves when `proof` is valid; rejects with PostVerificationError otherwise. */
export async function verifyProof(
  proof: Proof,
  meta: ProofMetadata,
  cfg: VerifyConfig,
  opts: VerifyOptions = {},
): Promise<void> {
  if (meta.challenge.length !== 32) throw new RangeError('challenge must be 32 bytes');
  const mode = opts.mode ?? { kind: 'all' };
  // A mode that checks nothing would accept any proof: refuse it as a caller error.
  if (
    mode.kind === 'one' &&
    !(Number.isInteger(mode.index) && mode.index >= 0 && mode.index < cfg.k2)
  )
    throw new RangeError(`mode 'one' needs an index in [0, K2), got ${mode.index}`);
  if (mode.kind === 'subset' && !(Number.isInteger(mode.k3) && mode.k3 >= 1))
    throw new RangeError(`mode 'subset' needs K3 ≥ 1, got ${mode.k3}`);
  const fail = (reason: PostVerificationReason, msg: string, index?: bigint): never => {
    throw new PostVerificationError(reason, msg, index);
  };
  if (meta.numUnits < cfg.minNumUnits)
    fail('num-units', `numUnits too small: ${meta.numUnits} < ${cfg.minNumUnits}`);
  if (meta.numUnits > cfg.maxNumUnits)
    fail('num-units', `numUnits too large: ${meta.numUnits} > ${cfg.maxNumUnits}`);

  const nonceGroup = Math.floor(proof.nonce / NONCES_PER_AES);
  if (!Number.isInteger(proof.nonce) || proof.nonce < 0 || nonceGroup > 255)
    fail('nonce-group', `nonce ${proof.nonce}: group ${nonceGroup} out of bounds (max 255)`);
  if (proof.pow < 0n || proof.pow >= 1n << 64n) fail('pow', `pow ${proof.pow} is not a u64`);
  try {
    (opts.k2pow ?? noK2Pow).verify(proof.pow, {
      nonceGroup,
      challenge8: meta.challenge.subarray(0, 8),
      difficulty: scalePowDifficulty(cfg.powDifficulty, meta.numUnits),
      nodeId: meta.nodeId,
    });
  } catch (e) {
    if (e instanceof K2PowError) fail('pow', `invalid proof of work: ${e.message}`);
    throw e;
  }

  const numLabels = BigInt(meta.numUnits) * cfg.labelsPerUnit;
  const bits = requiredBits(numLabels);
  const expected = expectedIndicesBytes(bits, cfg.k2);
  if (proof.indices.length !== expected)
    fail(
      'index-count',
      `invalid number of indices bytes (expected ${expected}, got ${proof.indices.length})`,
    );
  const indices = decompressIndexes(proof.indices, bits).slice(0, cfg.k2);

  if (opts.strictIndices ?? true) {
    const seen = new Set<bigint>();
    for (const index of indices) {
      if (index >= numLabels)
        fail('index-out-of-range', `index ${index} ≥ ${numLabels} labels`, index);
      if (seen.has(index)) fail('duplicate-index', `index ${index} appears twice`, index);
      seen.add(index);
    }
  }

  const difficulty = (() => {
    try {
      return provingDifficulty(cfg.k1, numLabels);
    } catch (e) {
      if (e instanceof DifficultyError) fail('difficulty', e.message);
      throw e;
    }
  })();
  const { msb: dMsb, lsb: dLsb } = splitDifficulty(difficulty);

  let checked: bigint[];
  if (mode.kind === 'all' || (mode.kind === 'subset' && mode.k3 === cfg.k2)) checked = indices;
  else if (mode.kind === 'one') checked = indices.slice(mode.index, mode.index + 1);
  else checked = randomValues(indices, [mode.seed, meta.nodeId, meta.challenge], mode.k3);

  const aes = opts.aes ?? tableAes;
  const cipher = aes(aesKey(meta.challenge, nonceGroup, proof.pow));
  const lazy = aes(lazyAesKey(meta.challenge, proof.nonce, nonceGroup, proof.pow));
  const byte = proof.nonce % NONCES_PER_AES;
  const label = opts.label ?? cpuLabel;
  const commitment = calcCommitment(meta.nodeId, meta.commitmentAtxId);
  const out = new Uint8Array(16);
  for (const index of checked) {
    let value: Uint8Array;
    try {
      // A copy: a label function may reuse its output buffer across calls.
      value = (await label(commitment, index, cfg.scryptN)).slice(0, LABEL_SIZE);
    } catch (e) {
      return fail('label', `cannot compute label ${index}: ${(e as Error).message}`, index);
    }
    if (value.length !== LABEL_SIZE)
      fail('label', `label ${index} is not ${LABEL_SIZE} bytes`, index);
    const msb = cipher.encrypt(value, out)[byte]!;
    if (msb > dMsb) fail('label-does-not-pass', `label ${index}: msb ${msb} > ${dMsb}`, index);
    if (msb === dMsb) {
      const lsb = lsb56(lazy.encrypt(value, out));
      if (lsb >= dLsb) fail('label-does-not-pass', `label ${index}: lsb ${lsb} ≥ ${dLsb}`, index);
    }
  }
}
