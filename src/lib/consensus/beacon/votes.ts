// Proposal lists, vote bit vectors, tallies and the beacon rule (go-spacemesh beacon/codec.go,
// proposal_list.go, votes_calc.go, beacon.go calcBeacon). Proposals are 4-byte values; sets
// are keyed by hex so that iteration never decides anything: every output is sorted by bytes.
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { compareBytes } from '../../bytes.ts';
import { blake3 } from '../../crypto/hash.ts';

export const BEACON_LENGTH = 4;

/** Proposals sorted bytewise (proposalList.sort). */
export function sortProposals(list: Iterable<Uint8Array>): Uint8Array[] {
  return [...list].sort(compareBytes);
}

/** A set of proposals as sorted bytes. */
export function sortedSet(keys: Iterable<string>): Uint8Array[] {
  return sortProposals([...keys].map((k) => hexToBytes(k)));
}

export const proposalKey = (p: Uint8Array): string => bytesToHex(p);

/** calcBeacon: the first 4 bytes of blake3 over the sorted supported proposals. */
export function calcBeacon(support: Iterable<Uint8Array>): Uint8Array {
  return blake3(...sortProposals(support)).slice(0, BEACON_LENGTH);
}

/**
 * The beacon of the first epochs, before any ATX can target one: go-spacemesh's standalone and
 * test networks bootstrap epoch (effective genesis epoch + 1) with the genesis id's first bytes.
 */
export function genesisBeacon(genesisId: Uint8Array): Uint8Array {
  return genesisId.slice(0, BEACON_LENGTH);
}

/** Last epoch whose beacon is the genesis one (types.GetEffectiveGenesis().GetEpoch() + 1). */
export const GENESIS_BEACON_EPOCH = 2;

/**
 * encodeVotes: bit i set when the i-th proposal of the first-round list is supported. The list
 * is of proposal keys (proposalKey), as the beacon state keeps it.
 */
export function encodeVotes(
  support: ReadonlySet<string>,
  firstRound: readonly string[],
): Uint8Array {
  let last = -1;
  firstRound.forEach((k, i) => {
    if (support.has(k)) last = i;
  });
  // big.Int.Bytes(): minimal big-endian, empty for zero.
  if (last < 0) return new Uint8Array(0);
  const out = new Uint8Array((last >> 3) + 1);
  firstRound.forEach((k, i) => {
    if (support.has(k)) out[out.length - 1 - (i >> 3)]! |= 1 << (i & 7);
  });
  return out;
}

export interface Votes {
  readonly support: Set<string>;
  readonly against: Set<string>;
}

/**
 * decodeVotes (go's), one vote at a time: whether the voter supports the `i`-th proposal of its
 * first-round list — bit i of the big-endian bit vector (missing high bytes are zero: against).
 */
export function votedFor(bitVector: Uint8Array, i: number): boolean {
  const n = bitVector.length;
  const byte = i >> 3 < n ? bitVector[n - 1 - (i >> 3)]! : 0;
  return ((byte >> (i & 7)) & 1) === 1;
}

/** calcVotes: margins at or past ±threshold decide; the rest wait for the weak coin. */
export function calcVotes(
  margins: ReadonlyMap<string, bigint>,
  threshold: bigint,
): { votes: Votes; undecided: string[] } {
  const votes: Votes = { support: new Set(), against: new Set() };
  const undecided: string[] = [];
  for (const [p, margin] of margins) {
    if (margin >= threshold) votes.support.add(p);
    else if (margin <= -threshold) votes.against.add(p);
    else undecided.push(p);
  }
  return { votes, undecided };
}

/** tallyUndecided: the weak coin settles what the votes left open. */
export function tallyUndecided(votes: Votes, undecided: readonly string[], coin: boolean): void {
  for (const p of undecided) (coin ? votes.support : votes.against).add(p);
}
