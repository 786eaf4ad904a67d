// The membership tree: the round's registered challenges as leaves (raw, in the order the server
// stores them: by node id), blake3(0x01 ‖ L ‖ R) as node hash (poet HashMembershipTreeNode). Its
// root is the statement the round's sequential work is salted with; a node proves its challenge
// took part with a one-leaf partial-tree proof (go-spacemesh types.MerkleProof {nodes, leafIndex},
// checked by its validateMerkleProof).
import { blake3 } from '@noble/hashes/blake3.js';
import { PoetVerificationError } from './errors.ts';
import { buildLayers, calcPartialTree, proofNodesFor, rootOf, type NodeHash } from './merkle.ts';

const MEMBERSHIP_NODE_PREFIX = new Uint8Array([0x01]);

export const hashMembershipTreeNode: NodeHash = (left, right) => {
  const h = blake3.create();
  h.update(MEMBERSHIP_NODE_PREFIX);
  h.update(left);
  h.update(right);
  return h.digest();
};

export interface MembershipProof {
  readonly leafIndex: number;
  readonly nodes: readonly Uint8Array[];
}

/** The statement for a round with these members (empty bytes when nobody registered, as poet). */
export function membershipRoot(members: readonly Uint8Array[]): Uint8Array {
  return rootOf(
    members.length,
    buildLayers(members, hashMembershipTreeNode),
    hashMembershipTreeNode,
  );
}

/** The proof that members[leafIndex] is in the tree. */
export function membershipProof(
  members: readonly Uint8Array[],
  leafIndex: number,
): MembershipProof {
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= members.length)
    throw new RangeError(`no member at index ${leafIndex}`);
  const read = buildLayers(members, hashMembershipTreeNode);
  return {
    leafIndex,
    nodes: proofNodesFor(members.length, [leafIndex], read, hashMembershipTreeNode),
  };
}

/** Throws PoetVerificationError unless `proof` shows `leaf` under `root`. */
export function verifyMembership(leaf: Uint8Array, proof: MembershipProof, root: Uint8Array): void {
  if (!Number.isSafeInteger(proof.leafIndex) || proof.leafIndex < 0)
    throw new PoetVerificationError('malformed', 'leaf index is not a non-negative integer');
  const { root: computed } = calcPartialTree(
    [proof.leafIndex],
    [leaf],
    proof.nodes,
    hashMembershipTreeNode,
  );
  if (computed.length !== root.length || computed.some((b, i) => b !== root[i]))
    throw new PoetVerificationError('bad-membership', 'membership proof does not lead to the root');
}
