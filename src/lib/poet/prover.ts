// The sequential-work prover (poet prover/): appends labels to an incremental Merkle tree whose
// parked nodes (the pending left siblings, one per layer) feed every next label, so leaf n
// cannot be computed before leaves 0..n-1. Work is pushed by the host in batches (addLeaves);
// the proof opens the Fiat–Shamir leaves chosen by the root.
import type { PoetHasher } from './hash.ts';
import { nodeAt, proofNodesFor, rootOf, shr, type NodeHash } from './merkle.ts';
import { fiatShamir, labelInput, T, type PoetProof } from './shared.ts';
import type { TreeStore } from './tree-store.ts';
import { PoetProverError } from './errors.ts';

/** A plain Uint8Array copy: host hashers may return subclasses (Node's Buffer). */
const plain = (b: Uint8Array): Uint8Array => new Uint8Array(b);

export class Prover {
  readonly statement: Uint8Array;
  readonly #hasher: PoetHasher;
  readonly #store: TreeStore;
  readonly #hash: NodeHash;
  /** parked[h]: the node waiting at layer h for its right sibling, or null. */
  readonly #parked: (Uint8Array | null)[] = [];
  #leaves: number;

  /**
   * Starts on `store`, resuming from the leaves it already holds: a store written by an earlier
   * run (truncated by its host to a checkpoint) gives back the parked nodes, so the next label
   * is the one the interrupted run would have computed.
   */
  constructor(statement: Uint8Array, hasher: PoetHasher, store: TreeStore) {
    this.statement = statement;
    this.#hasher = hasher;
    this.#store = store;
    this.#hash = (l, r) => hasher.node(statement, l, r);
    const leaves = store.width(0);
    for (let h = 0; 2 ** h <= leaves; h++) {
      const expected = shr(leaves, h);
      if (store.width(h) !== expected)
        throw new PoetProverError(
          `layer ${h} holds ${store.width(h)} nodes, ${expected} expected for ${leaves} leaves`,
        );
      this.#parked.push(expected % 2 === 1 ? store.read(h, expected - 1) : null);
    }
    this.#leaves = leaves;
  }

  get leaves(): number {
    return this.#leaves;
  }

  /** Computes and appends the next `count` leaves. */
  addLeaves(count: number): void {
    const parked = this.#parked;
    const store = this.#store;
    for (let c = 0; c < count; c++) {
      let node = this.#hasher.label(this.statement, labelInput(BigInt(this.#leaves), parked));
      for (let h = 0; ; h++) {
        store.append(h, node);
        const left = parked[h];
        if (!left) {
          parked[h] = node;
          break;
        }
        node = this.#hash(left, node);
        parked[h] = null;
      }
      this.#leaves++;
    }
  }

  /** The tree's root over the leaves so far. */
  root(): Uint8Array {
    return plain(rootOf(this.#leaves, (h, i) => this.#store.read(h, i), this.#hash));
  }

  /** The non-interactive proof over the leaves so far (at least T are needed). */
  proof(securityParam = T): PoetProof {
    if (this.#leaves < securityParam)
      throw new PoetProverError(`${this.#leaves} leaves, a proof needs ${securityParam}`);
    const width = this.#leaves;
    const read = (h: number, i: number) => this.#store.read(h, i);
    const root = this.root();
    const indices = fiatShamir(root, BigInt(width), securityParam).map(Number);
    return {
      proof: {
        root,
        provenLeaves: indices.map((i) => plain(nodeAt(width, 0, i, read, this.#hash))),
        proofNodes: proofNodesFor(width, indices, read, this.#hash).map(plain),
      },
      leaves: BigInt(width),
    };
  }
}
