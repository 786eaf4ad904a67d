// The PoET proof verifier (poet verifier/): the proof opens exactly T Fiat–Shamir leaves of the
// claimed width, its nodes lead to the claimed root, and each opened leaf is the label of its
// index over the left siblings that the partial tree reveals. Isomorphic: the browser worker
// runs it on every proof before use (≈ 60 000 SHA-256 of 32 bytes).
import { PoetVerificationError } from './errors.ts';
import { nobleHasher, type PoetHasher } from './hash.ts';
import { calcPartialTree } from './merkle.ts';
import { fiatShamir, labelInput, MAX_PROOF_NODES, NODE_SIZE, T, type PoetProof } from './shared.ts';

const U64_MAX = (1n << 64n) - 1n;

function equal(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * Throws PoetVerificationError unless `proof` is an honest prover's proof over `statement`
 * (poet verifier.Validate with T = 150).
 */
export function verifyPoetProof(
  statement: Uint8Array,
  { proof, leaves }: PoetProof,
  securityParam = T,
  hasher: PoetHasher = nobleHasher,
): void {
  if (typeof leaves !== 'bigint' || leaves < 0n || leaves > U64_MAX)
    throw new PoetVerificationError('malformed', 'leaf count is not a u64');
  if (leaves > BigInt(Number.MAX_SAFE_INTEGER))
    throw new PoetVerificationError('malformed', `leaf count ${leaves} is beyond any real round`);
  if (proof.provenLeaves.length !== securityParam)
    throw new PoetVerificationError(
      'malformed',
      `number of proven leaves (${proof.provenLeaves.length}) must be equal to security param (${securityParam})`,
    );
  if (proof.proofNodes.length > MAX_PROOF_NODES)
    throw new PoetVerificationError('malformed', `more than ${MAX_PROOF_NODES} proof nodes`);
  for (const n of [proof.root, ...proof.provenLeaves, ...proof.proofNodes]) {
    if (!(n instanceof Uint8Array) || n.length !== NODE_SIZE)
      throw new PoetVerificationError('malformed', `a node is not ${NODE_SIZE} bytes`);
  }
  const indices = fiatShamir(proof.root, leaves, securityParam);
  if (indices.length !== proof.provenLeaves.length)
    throw new PoetVerificationError('malformed', 'fewer Fiat–Shamir leaves than proven leaves');
  const { root, snapshots } = calcPartialTree(
    indices.map(Number),
    proof.provenLeaves,
    proof.proofNodes,
    (l, r) => hasher.node(statement, l, r),
  );
  if (!equal(root, proof.root))
    throw new PoetVerificationError('bad-root', 'merkle proof not valid');
  if (snapshots.length !== proof.provenLeaves.length)
    throw new PoetVerificationError(
      'bad-root',
      `merkle proof not valid: ${snapshots.length} parking snapshots for ${proof.provenLeaves.length} leaves`,
    );
  for (let k = 0; k < indices.length; k++) {
    const expected = hasher.label(statement, labelInput(indices[k]!, snapshots[k]!));
    if (!equal(expected, proof.provenLeaves[k]!))
      throw new PoetVerificationError('bad-label', `label at index ${indices[k]} incorrect`);
  }
}
