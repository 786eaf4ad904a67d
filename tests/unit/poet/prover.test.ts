// Prover ↔ verifier round trips, the exact label construction, resumption from a store, and
// tampering: any changed node, leaf, count, root or statement must fail verification.
import { describe, expect, it } from 'vitest';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { Prover } from '../../../src/lib/poet/prover.ts';
import { verifyPoetProof } from '../../../src/lib/poet/verifier.ts';
import { nobleHasher } from '../../../src/lib/poet/hash.ts';
import { MemoryTreeStore } from '../../../src/lib/poet/tree-store.ts';
import { fiatShamir, T, type PoetProof } from '../../../src/lib/poet/shared.ts';
import { PoetVerificationError } from '../../../src/lib/poet/errors.ts';

const statement = sha256(new TextEncoder().encode('smesh poet test statement'));

function nested(data: Uint8Array): Uint8Array {
  let h = sha256(concatBytes(statement, data));
  for (let i = 1; i < 400; i++) h = sha256(h);
  return h;
}
function u64be(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), false);
  return b;
}
const node = (l: Uint8Array, r: Uint8Array) => sha256(concatBytes(statement, l, r));

function prove(leaves: number): { prover: Prover; proof: PoetProof } {
  const prover = new Prover(statement, nobleHasher, new MemoryTreeStore());
  prover.addLeaves(leaves);
  return { prover, proof: prover.proof() };
}

function code(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof PoetVerificationError) return e.code;
    throw e;
  }
  return undefined;
}

describe('labels', () => {
  it('are SHA-256 nested 400 times over statement ‖ u64be(index) ‖ parked left siblings', () => {
    const store = new MemoryTreeStore();
    const prover = new Prover(statement, nobleHasher, store);
    prover.addLeaves(6);
    const l0 = nested(u64be(0));
    const l1 = nested(concatBytes(u64be(1), l0));
    const n01 = node(l0, l1);
    const l2 = nested(concatBytes(u64be(2), n01));
    const l3 = nested(concatBytes(u64be(3), l2, n01));
    const n23 = node(l2, l3);
    const n0123 = node(n01, n23);
    const l4 = nested(concatBytes(u64be(4), n0123));
    const l5 = nested(concatBytes(u64be(5), l4, n0123));
    expect([0, 1, 2, 3, 4, 5].map((i) => bytesToHex(store.read(0, i)))).toEqual(
      [l0, l1, l2, l3, l4, l5].map(bytesToHex),
    );
    // 6 leaves: root = H(H(n01, n23), H(H(l4, l5), 0))
    const zero = new Uint8Array(32);
    expect(bytesToHex(prover.root())).toBe(bytesToHex(node(n0123, node(node(l4, l5), zero))));
  });
});

describe('fiat–shamir', () => {
  it('picks u64be(SHA-256(root ‖ u32be(i))[0:8]) mod leaves until T distinct, sorted', () => {
    const root = sha256(new Uint8Array([1, 2, 3]));
    const got = fiatShamir(root, 1000n);
    expect(got).toHaveLength(T);
    const want = new Set<bigint>();
    for (let i = 0; want.size < T; i++) {
      const d = sha256(concatBytes(root, new Uint8Array([i >>> 24, i >>> 16, i >>> 8, i])));
      want.add(new DataView(d.buffer).getBigUint64(0, false) % 1000n);
    }
    expect(got).toEqual([...want].sort((a, b) => (a < b ? -1 : 1)));
    expect(fiatShamir(root, 5n)).toEqual([0n, 1n, 2n, 3n, 4n]);
  });
});

describe('prover and verifier', () => {
  const { prover, proof } = prove(333);

  it('round trip', () => {
    expect(proof.leaves).toBe(333n);
    expect(proof.proof.provenLeaves).toHaveLength(T);
    expect(() => verifyPoetProof(statement, proof)).not.toThrow();
  });

  it('refuses a proof with fewer than T leaves', () => {
    const p = new Prover(statement, nobleHasher, new MemoryTreeStore());
    p.addLeaves(T - 1);
    expect(() => p.proof()).toThrow(/needs 150/);
  });

  it('resumes from its store with the same result', () => {
    const store = new MemoryTreeStore();
    const first = new Prover(statement, nobleHasher, store);
    first.addLeaves(150);
    const second = new Prover(statement, nobleHasher, store);
    expect(second.leaves).toBe(150);
    second.addLeaves(183);
    expect(bytesToHex(second.root())).toBe(bytesToHex(prover.root()));
  });

  const flip = (b: Uint8Array) => {
    const c = b.slice();
    c[7]! ^= 1;
    return c;
  };

  it('fails on any changed proof node', () => {
    const n = proof.proof.proofNodes.length;
    for (const k of [0, 1, Math.floor(n / 2), n - 1]) {
      const nodes = [...proof.proof.proofNodes];
      nodes[k] = flip(nodes[k]!);
      const bad = { ...proof, proof: { ...proof.proof, proofNodes: nodes } };
      expect(code(() => verifyPoetProof(statement, bad))).toBe('bad-root');
    }
  });

  it('fails on a dropped or extra proof node', () => {
    const dropped = {
      ...proof,
      proof: { ...proof.proof, proofNodes: proof.proof.proofNodes.slice(1) },
    };
    expect(code(() => verifyPoetProof(statement, dropped))).toBeDefined();
    const extra = {
      ...proof,
      proof: { ...proof.proof, proofNodes: [...proof.proof.proofNodes, new Uint8Array(32)] },
    };
    expect(code(() => verifyPoetProof(statement, extra))).toBe('bad-root');
  });

  it('fails on any changed leaf', () => {
    for (const k of [0, 75, 149]) {
      const leaves = [...proof.proof.provenLeaves];
      leaves[k] = flip(leaves[k]!);
      const bad = { ...proof, proof: { ...proof.proof, provenLeaves: leaves } };
      expect(code(() => verifyPoetProof(statement, bad))).toBe('bad-root');
    }
  });

  it('fails on a changed leaf count, root or statement', () => {
    for (const leaves of [332n, 334n, 1000n]) {
      expect(code(() => verifyPoetProof(statement, { ...proof, leaves }))).toBeDefined();
    }
    const badRoot = { ...proof, proof: { ...proof.proof, root: flip(proof.proof.root) } };
    expect(code(() => verifyPoetProof(statement, badRoot))).toBeDefined();
    expect(code(() => verifyPoetProof(flip(statement), proof))).toBe('bad-root');
  });

  it('fails on malformed shapes', () => {
    const short = {
      ...proof,
      proof: { ...proof.proof, provenLeaves: proof.proof.provenLeaves.slice(1) },
    };
    expect(code(() => verifyPoetProof(statement, short))).toBe('malformed');
    const odd = {
      ...proof,
      proof: {
        ...proof.proof,
        proofNodes: [new Uint8Array(31), ...proof.proof.proofNodes.slice(1)],
      },
    };
    expect(code(() => verifyPoetProof(statement, odd))).toBe('malformed');
    expect(code(() => verifyPoetProof(statement, { ...proof, leaves: 1n << 64n }))).toBe(
      'malformed',
    );
  });

  it('an honest proof for another statement does not verify', () => {
    const other = new Prover(flip(statement), nobleHasher, new MemoryTreeStore());
    other.addLeaves(200);
    expect(code(() => verifyPoetProof(statement, other.proof()))).toBe('bad-root');
    expect(() => verifyPoetProof(flip(statement), other.proof())).not.toThrow();
  });
});
