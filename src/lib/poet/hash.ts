// The two hashes of the sequential-work tree, salted with the round's statement (poet hash/):
//   label(data) = SHA-256 applied 400 times, the first over statement ‖ data
//   node(L, R)  = SHA-256(statement ‖ L ‖ R)
// The prover takes them from its host so that Node can use node:crypto (native SHA-NI) while
// the verifier and the browser use @noble/hashes, with identical bytes.
import { sha256 } from '@noble/hashes/sha2.js';
import { LABEL_HASH_NESTING_DEPTH } from './shared.ts';

export interface PoetHasher {
  /** The nested label hash of statement ‖ data. */
  label(statement: Uint8Array, data: Uint8Array): Uint8Array;
  /** A tree node over its two children. */
  node(statement: Uint8Array, left: Uint8Array, right: Uint8Array): Uint8Array;
}

/** Builds a hasher from any one-shot SHA-256 (used by both hosts, so the nesting is shared). */
export function hasherFromSha256(digest: (data: Uint8Array) => Uint8Array): PoetHasher {
  return {
    label(statement, data) {
      const first = new Uint8Array(statement.length + data.length);
      first.set(statement, 0);
      first.set(data, statement.length);
      let h = digest(first);
      for (let i = 1; i < LABEL_HASH_NESTING_DEPTH; i++) h = digest(h);
      return h;
    },
    node(statement, left, right) {
      const buf = new Uint8Array(statement.length + left.length + right.length);
      buf.set(statement, 0);
      buf.set(left, statement.length);
      buf.set(right, statement.length + left.length);
      return digest(buf);
    },
  };
}

// The nested loop re-hashes 32 bytes 399 times. Restoring a fresh hasher's state into one
// reused instance (noble's _cloneInto) instead of allocating a hasher per call halves the
// verifier's time, which is what the browser worker spends on every proof.
const PRISTINE = sha256.create();
const WORK = sha256.create();

function nobleNested(statement: Uint8Array, data: Uint8Array): Uint8Array {
  const h = new Uint8Array(32);
  PRISTINE._cloneInto(WORK);
  WORK.update(statement);
  WORK.update(data);
  WORK.digestInto(h);
  for (let i = 1; i < LABEL_HASH_NESTING_DEPTH; i++) {
    PRISTINE._cloneInto(WORK);
    WORK.update(h);
    WORK.digestInto(h);
  }
  return h;
}

/** The isomorphic hasher (@noble/hashes): verification, browsers, tests. */
export const nobleHasher: PoetHasher = {
  label: nobleNested,
  node: hasherFromSha256((d) => sha256(d)).node,
};
