// Proposal as go-spacemesh v1.7 defines it (common/types/proposal.go, proposal_scale.go).
// Go's InnerProposal embeds the whole signed Ballot; here it is a `ballot` field, which puts the
// same bytes on the wire (struct fields carry no tags or lengths).
//
// Proposal ID = blake3(signed bytes)[:20], where the signed bytes are
// SCALE(BallotMetadata{ballot.layer, blake3(SCALE(InnerProposal))}) and the signature is made in
// the PROPOSAL domain. The ballot inside keeps its own BALLOT-domain signature.
import { decode, encode, slice, struct } from '../codec/index.ts';
import type { Codec } from '../codec/index.ts';
import { SharedDecoder } from '../codec/shared-decoder.ts';
import { blake3, hash20 } from '../crypto/hash.ts';
import { Domain, sign, verify } from '../crypto/signing.ts';
import { BallotCodec, BallotMetadataCodec } from './ballot.ts';
import type { Ballot } from './ballot.ts';
import { EdSignature, Hash32, TransactionID } from './common.ts';

/** InnerProposal.TxIDs max. */
export const MAX_PROPOSAL_TX_IDS = 100000;

/** types.InnerProposal. */
export interface InnerProposal {
  readonly ballot: Ballot;
  readonly txIDs: Uint8Array[];
  readonly meshHash: Uint8Array;
}

/** types.Proposal. */
export interface Proposal extends InnerProposal {
  readonly signature: Uint8Array;
}

const innerFields = {
  ballot: BallotCodec,
  txIDs: slice(TransactionID, MAX_PROPOSAL_TX_IDS),
  meshHash: Hash32,
};

export const InnerProposalCodec: Codec<InnerProposal> = struct<InnerProposal>(innerFields);
export const ProposalCodec: Codec<Proposal> = struct<Proposal>({
  ...innerFields,
  signature: EdSignature,
});

/** Proposal.HashInnerProposal: blake3(SCALE(InnerProposal)). */
export function proposalInnerHash(p: InnerProposal): Uint8Array {
  return blake3(encode(InnerProposalCodec, p));
}

// A proposal decoded by decodeSharedProposal is one frozen object for every node of the process
// that receives its bytes (codec/shared-decoder.ts); what is derived from it — its signed bytes
// (two encodings and a hash of the whole proposal) and its id — is then worked out once, not
// once per node. Only frozen proposals are remembered: a proposal being built may still change.
const signedOfFrozen = new WeakMap<InnerProposal, Uint8Array>();
const idOfFrozen = new WeakMap<InnerProposal, Uint8Array>();

/** Proposal.SignedBytes: SCALE(BallotMetadata{layer, blake3(SCALE(InnerProposal))}). */
export function proposalSignedBytes(p: InnerProposal): Uint8Array {
  const known = signedOfFrozen.get(p);
  if (known !== undefined) return known;
  const b = encode(BallotMetadataCodec, { layer: p.ballot.layer, msgHash: proposalInnerHash(p) });
  if (Object.isFrozen(p)) signedOfFrozen.set(p, b);
  return b;
}

/** Proposal.Initialize: blake3(signed bytes)[:20]. */
export function proposalId(p: InnerProposal): Uint8Array {
  const known = idOfFrozen.get(p);
  if (known !== undefined) return known.slice();
  const id = hash20(proposalSignedBytes(p));
  if (Object.isFrozen(p)) idOfFrozen.set(p, id.slice());
  return id;
}

/** Signs the proposal (the ballot inside must already be signed, see signBallot). */
export function signProposal(
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  inner: InnerProposal,
): Proposal {
  return {
    ...inner,
    signature: sign(secretKey, genesisId, Domain.PROPOSAL, proposalSignedBytes(inner)),
  };
}

/**
 * proposals/handler.go checks the proposal's signature against the ballot's smesher id (and the
 * ballot's own signature separately, with verifyBallot).
 */
export function verifyProposal(genesisId: Uint8Array, p: Proposal): boolean {
  return verify(
    p.ballot.smesherID,
    genesisId,
    Domain.PROPOSAL,
    proposalSignedBytes(p),
    p.signature,
  );
}

export function encodeProposal(p: Proposal): Uint8Array {
  return encode(ProposalCodec, p);
}

/** Exactly one proposal, no trailing bytes; throws only DecodeError. */
export function decodeProposal(bytes: Uint8Array): Proposal {
  return decode(ProposalCodec, bytes, 'Proposal');
}

const sharedProposals = new SharedDecoder(ProposalCodec, 'Proposal');

/**
 * As decodeProposal, but equal bytes give the same frozen object in the whole process (a
 * received proposal: nothing may change it), whose signed bytes and id are computed once.
 */
export function decodeSharedProposal(bytes: Uint8Array): Proposal {
  return sharedProposals.decode(bytes);
}
