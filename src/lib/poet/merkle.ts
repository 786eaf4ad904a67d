// The Merkle tree rules of spacemeshos/merkle-tree, which both PoET trees use (the sequential-work
// tree with SHA-256 nodes, the membership tree with blake3 nodes):
// - leaves are appended left to right; a tree of n leaves is read as a complete tree of height
//   ⌈log2 n⌉ in which every node whose subtree holds no leaf is the 32-byte zero node (not a hash
//   of zeros), and every other node is hash(left, right);
// - a partial-tree proof lists, depth first from the lowest proven leaf, the sibling of each node
//   on a proven path that is not itself on a proven path ("ValidatePartialTree" consumes them in
//   that order, recursing into a sibling subtree when it holds the next proven leaf).
import { NODE_SIZE } from './shared.ts';
import { PoetVerificationError } from './errors.ts';

export type NodeHash = (left: Uint8Array, right: Uint8Array) => Uint8Array;

/** merkle.PaddingValue: stands for any subtree without leaves. */
export const PADDING: Uint8Array = new Uint8Array(NODE_SIZE);

/** merkle-tree's RootHeightFromWidth: ⌈log2 width⌉ (0 for one leaf). */
export function rootHeightFromWidth(width: number): number {
  let h = 0;
  while (2 ** h < width) h++;
  return h;
}

/** ⌊i / 2^k⌋ for indices beyond 32 bits (where >> would wrap). */
export function shr(i: number, k: number): number {
  return Math.floor(i / 2 ** k);
}

/**
 * A tree's node at (height, index), given the stored full nodes of each layer (`read`, valid for
 * index < ⌊width / 2^height⌋). Partial nodes on the right edge are recomputed, empty ones are
 * PADDING — exactly the values merkle-tree's Root and GenerateProof arrive at.
 */
export function nodeAt(
  width: number,
  height: number,
  index: number,
  read: (height: number, index: number) => Uint8Array,
  hash: NodeHash,
): Uint8Array {
  const span = 2 ** height;
  if ((index + 1) * span <= width) return read(height, index);
  if (index * span >= width) return PADDING;
  return hash(
    nodeAt(width, height - 1, 2 * index, read, hash),
    nodeAt(width, height - 1, 2 * index + 1, read, hash),
  );
}

/** The root of a tree of `width` leaves (merkle-tree Tree.Root). Empty for no leaves. */
export function rootOf(
  width: number,
  read: (height: number, index: number) => Uint8Array,
  hash: NodeHash,
): Uint8Array {
  if (width === 0) return new Uint8Array(0);
  return nodeAt(width, rootHeightFromWidth(width), 0, read, hash);
}

/**
 * The proof nodes for `sortedIndices` (ascending, distinct, < width) in the order the validator
 * consumes them (merkle-tree GenerateProof).
 */
export function proofNodesFor(
  width: number,
  sortedIndices: readonly number[],
  read: (height: number, index: number) => Uint8Array,
  hash: NodeHash,
): Uint8Array[] {
  const top = rootHeightFromWidth(width);
  const out: Uint8Array[] = [];
  let k = 0;
  const walk = (stop: number): void => {
    let index = sortedIndices[k++]!;
    for (let h = 0; h < stop; h++, index = shr(index, 1)) {
      const sibling = index % 2 === 0 ? index + 1 : index - 1;
      const next = sortedIndices[k];
      if (next !== undefined && shr(next, h) === sibling) walk(h);
      else out.push(nodeAt(width, h, sibling, read, hash));
    }
  };
  if (sortedIndices.length > 0) walk(top);
  return out;
}

/** For each proven leaf, the left siblings along its path, bottom up (null where it is a left child). */
export type ParkingSnapshot = (Uint8Array | null)[];

export interface PartialTreeResult {
  readonly root: Uint8Array;
  readonly snapshots: ParkingSnapshot[];
}

/**
 * merkle-tree ValidatePartialTreeWithParkingSnapshots: rebuilds the root from proven leaves and
 * proof nodes (consuming nodes until they run out, as the Go validator does), and the parked
 * nodes each leaf saw when the prover appended it. Throws on malformed input; comparing the root
 * is the caller's job.
 */
export function calcPartialTree(
  sortedIndices: readonly number[],
  leaves: readonly Uint8Array[],
  proofNodes: readonly Uint8Array[],
  hash: NodeHash,
): PartialTreeResult {
  if (sortedIndices.length !== leaves.length)
    throw new PoetVerificationError('malformed', 'leaf and index counts differ');
  if (leaves.length === 0) throw new PoetVerificationError('malformed', 'no leaves to validate');
  for (let i = 1; i < sortedIndices.length; i++) {
    if (!(sortedIndices[i - 1]! < sortedIndices[i]!))
      throw new PoetVerificationError('malformed', 'leaf indices not sorted and distinct');
  }
  let leafPos = 0;
  let nodePos = 0;
  const calc = (stop: number): PartialTreeResult => {
    let index = sortedIndices[leafPos]!;
    let active = leaves[leafPos]!;
    leafPos++;
    let snapshots: ParkingSnapshot[] = [[]];
    let height = 0;
    while (height !== stop) {
      const siblingIndex = index % 2 === 0 ? index + 1 : index - 1;
      const next = sortedIndices[leafPos];
      let sibling: Uint8Array;
      let sub: ParkingSnapshot[] = [];
      if (next !== undefined && shr(next, height) === siblingIndex) {
        const r = calc(height);
        sibling = r.root;
        sub = r.snapshots;
      } else {
        const n = proofNodes[nodePos];
        if (n === undefined) break;
        nodePos++;
        sibling = n;
      }
      if (index % 2 === 1) {
        for (const s of snapshots) s.push(sibling);
        active = hash(sibling, active);
      } else {
        for (const s of snapshots) s.push(null);
        for (const s of sub) s.push(active);
        snapshots = snapshots.concat(sub);
        active = hash(active, sibling);
      }
      index = shr(index, 1);
      height++;
    }
    return { root: active, snapshots };
  };
  return calc(Infinity);
}

/** All full nodes of a small tree, layer by layer, and a reader over them (membership trees, tests). */
export function buildLayers(
  leaves: readonly Uint8Array[],
  hash: NodeHash,
): (height: number, index: number) => Uint8Array {
  const layers: Uint8Array[][] = [[...leaves]];
  for (let below = layers[0]!; below.length >= 2;) {
    const up: Uint8Array[] = [];
    for (let i = 0; i + 1 < below.length; i += 2) up.push(hash(below[i]!, below[i + 1]!));
    layers.push(up);
    below = up;
  }
  return (h, i) => {
    const n = layers[h]?.[i];
    if (!n) throw new RangeError(`no node at height ${h} index ${i}`);
    return n;
  };
}
