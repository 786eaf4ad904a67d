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

/**
 * The tree of a members list, built once per list: every smesher of a round builds its own
 * membership proof from the same list the PoET hands out (in the simulation, one list object
 * for every node of the process), and rebuilding the tree each time made that O(N²) hashing.
 * A members list is never written once received; a list changed anyway would not be found
 * here again (the cache remembers its length and first and last leaf too, and rebuilds).
 */
const trees = new WeakMap<
  readonly Uint8Array[],
  { n: number; first?: Uint8Array; last?: Uint8Array; read: ReturnType<typeof buildLayers> }
>();

function treeOf(members: readonly Uint8Array[]): ReturnType<typeof buildLayers> {
  const known = trees.get(members);
  if (
    known !== undefined &&
    known.n === members.length &&
    known.first === members[0] &&
    known.last === members[members.length - 1]
  )
    return known.read;
  const read = buildLayers(members, hashMembershipTreeNode);
  trees.set(members, {
    n: members.length,
    first: members[0],
    last: members[members.length - 1],
    read,
  });
  return read;
}

/** The statement for a round with these members (empty bytes when nobody registered, as poet). */
export function membershipRoot(members: readonly Uint8Array[]): Uint8Array {
  return rootOf(members.length, treeOf(members), hashMembershipTreeNode);
}

/** The proof that members[leafIndex] is in the tree. */
export function membershipProof(
  members: readonly Uint8Array[],
  leafIndex: number,
): MembershipProof {
  if (!Number.isInteger(leafIndex) || leafIndex < 0 || leafIndex >= members.length)
    throw new RangeError(`no member at index ${leafIndex}`);
  return {
    leafIndex,
    nodes: proofNodesFor(members.length, [leafIndex], treeOf(members), hashMembershipTreeNode),
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
