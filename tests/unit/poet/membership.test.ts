// The membership tree (blake3(0x01 ‖ L ‖ R), zero padding) and its one-leaf proofs.
import { describe, expect, it } from 'vitest';
import { blake3 } from '@noble/hashes/blake3.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import {
  hashMembershipTreeNode,
  membershipProof,
  membershipRoot,
  verifyMembership,
} from '../../../src/lib/poet/membership.ts';
import { PoetVerificationError } from '../../../src/lib/poet/errors.ts';

const member = (i: number) => blake3(new Uint8Array([i]));
const H = (l: Uint8Array, r: Uint8Array) => blake3(concatBytes(new Uint8Array([1]), l, r));
const zero = new Uint8Array(32);

describe('membership tree', () => {
  it('hashes nodes as blake3(0x01 ‖ L ‖ R) and pads with the zero node', () => {
    expect(bytesToHex(hashMembershipTreeNode(member(0), member(1)))).toBe(
      bytesToHex(H(member(0), member(1))),
    );
    const [a, b, c] = [member(0), member(1), member(2)];
    expect(bytesToHex(membershipRoot([a]))).toBe(bytesToHex(a));
    expect(bytesToHex(membershipRoot([a, b, c]))).toBe(bytesToHex(H(H(a, b), H(c, zero))));
    const five = [0, 1, 2, 3, 4].map(member);
    expect(bytesToHex(membershipRoot(five))).toBe(
      bytesToHex(H(H(H(five[0]!, five[1]!), H(five[2]!, five[3]!)), H(H(five[4]!, zero), zero))),
    );
    expect(membershipRoot([])).toHaveLength(0);
  });

  it('proves every member of trees of 1..17 members', () => {
    for (let n = 1; n <= 17; n++) {
      const members = Array.from({ length: n }, (_, i) => member(i));
      const root = membershipRoot(members);
      for (let i = 0; i < n; i++) verifyMembership(members[i]!, membershipProof(members, i), root);
    }
  });

  it('refuses a changed leaf, node, index or root', () => {
    const members = Array.from({ length: 11 }, (_, i) => member(i));
    const root = membershipRoot(members);
    const proof = membershipProof(members, 6);
    const flip = (b: Uint8Array) => b.map((x, i) => (i === 3 ? x ^ 0x80 : x));
    const bad = (fn: () => void) => expect(fn).toThrow(PoetVerificationError);
    bad(() => verifyMembership(flip(members[6]!), proof, root));
    for (let k = 0; k < proof.nodes.length; k++) {
      const nodes = [...proof.nodes];
      nodes[k] = flip(nodes[k]!);
      bad(() => verifyMembership(members[6]!, { ...proof, nodes }, root));
    }
    bad(() => verifyMembership(members[6]!, { ...proof, leafIndex: 7 }, root));
    bad(() => verifyMembership(members[6]!, proof, flip(root)));
    bad(() => verifyMembership(members[6]!, { ...proof, nodes: proof.nodes.slice(1) }, root));
    bad(() => verifyMembership(members[6]!, { ...proof, leafIndex: -1 }, root));
  });

  it('serves proofs from a cached tree that follows a list changed since', () => {
    // Every smesher of a round proves its membership from the one list the PoET hands out, so
    // a list's tree is built once; a list grown or with its last leaf replaced gets a new one.
    const members = Array.from({ length: 9 }, (_, i) => member(i));
    const root = membershipRoot(members);
    for (let i = 0; i < members.length; i++)
      verifyMembership(members[i]!, membershipProof(members, i), root);
    members.push(member(9));
    const grown = membershipRoot(members);
    expect(bytesToHex(grown)).toBe(bytesToHex(membershipRoot([...members])));
    verifyMembership(members[9]!, membershipProof(members, 9), grown);
    members[9] = member(10);
    const replaced = membershipRoot(members);
    expect(bytesToHex(replaced)).toBe(bytesToHex(membershipRoot([...members])));
    verifyMembership(members[9]!, membershipProof(members, 9), replaced);
  });
});
