// What a Byzantine smesher puts on the wire instead of (or besides) its honest messages: each
// function takes the bytes the honest node published and returns forged bytes, validly signed
// with the smesher's own key, or null when the message is not one it can forge from. Used by
// the gossip wrapper in byzantine.ts; nothing here touches the network.
import { equalBytes } from '../bytes.ts';
import { blake3, hash20 } from '../crypto/hash.ts';
import { meshHash } from '../mesh/meshhash.ts';
import { decodeAtxV1, encodeAtxV1, signAtxV1 } from '../types/atx.ts';
import type { InnerActivationTxV1 } from '../types/atx.ts';
import { signBallot } from '../types/ballot.ts';
import { decodeHareMessage, encodeHareMessage, signHareMessage } from '../types/hare.ts';
import type { HareValue } from '../types/hare.ts';
import { decodeProposal, encodeProposal, signProposal } from '../types/proposal.ts';

function tryDecode<T>(decode: (b: Uint8Array) => T, bytes: Uint8Array): T | null {
  try {
    return decode(bytes);
  } catch {
    return null;
  }
}

/** A value that differs from `v` and keeps its shape (a reference stays a reference). */
function otherValue(v: HareValue): HareValue {
  if (v.reference !== null) return { proposals: [], reference: blake3(v.reference) };
  // Drop the last proposal; an empty set gets one id nobody proposed.
  const proposals =
    v.proposals.length > 0
      ? v.proposals.slice(0, -1)
      : [hash20(new TextEncoder().encode('smesh-sim byzantine proposal'))];
  return { proposals, reference: null };
}

/**
 * hare-equivocate: the same layer, iteration, round and eligibility (the VRF proof covers only
 * those, so it stays valid) with another value, signed by the same key. Honest nodes that see
 * both hold two signed messages of one identity in one round: go-spacemesh
 * hare3/protocol.go's equivocation, a HareEquivocation malfeasance proof.
 */
export function conflictingHareMessage(
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  bytes: Uint8Array,
): Uint8Array | null {
  const m = tryDecode(decodeHareMessage, bytes);
  if (m === null) return null;
  const body = {
    layer: m.layer,
    iter: m.iter,
    round: m.round,
    value: otherValue(m.value),
    eligibility: m.eligibility,
  };
  return encodeHareMessage(signHareMessage(secretKey, genesisId, body));
}

/**
 * The opinion hash of a ballot in `layer` that names no base ballot and votes against every
 * block: tortoise decodeVotes starts such a ballot's chain at the genesis layer and gives each
 * layer up to `layer` − 1 an empty support (mesh/meshhash.ts), so anyone can compute it.
 */
export function againstAllOpinion(genesisLayer: number, layer: number): Uint8Array {
  let h: Uint8Array | null = null;
  for (let lid = genesisLayer; lid < layer; lid++) h = meshHash(h, { abstain: false, support: [] });
  return h ?? new Uint8Array(32);
}

/**
 * double-ballot: a second proposal for the same layer whose ballot differs from the first. The
 * ballot id covers layer, ATX, opinion hash, reference ballot and epoch data only, and all but
 * the opinion hash are fixed for a smesher in an epoch, so the votes change: the second ballot
 * votes against every block since genesis (no base ballot, see againstAllOpinion), a ballot
 * every tortoise can decode. Eligibility proofs are reused (the VRF covers beacon, epoch and
 * counter, not the ballot) and the transaction list is dropped. Both ballots are validly
 * signed: whichever arrives second makes a MultipleBallots proof (mesh/ballot/handler.ts).
 */
export function secondProposal(
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  layersPerEpoch: number,
  bytes: Uint8Array,
): Uint8Array | null {
  const p = tryDecode(decodeProposal, bytes);
  if (p === null) return null;
  const b = p.ballot;
  const ballot = signBallot(secretKey, genesisId, {
    layer: b.layer,
    atxID: b.atxID,
    opinionHash: againstAllOpinion(2 * layersPerEpoch - 1, b.layer),
    refBallot: b.refBallot,
    epochData: b.epochData,
    votes: { base: new Uint8Array(20), support: [], against: [], abstain: [] },
    eligibilityProofs: b.eligibilityProofs,
    activeSet: b.activeSet,
  });
  if (equalBytes(ballot.opinionHash, b.opinionHash)) return null; // the honest one votes so too
  const inner = { ballot, txIDs: [], meshHash: p.meshHash };
  return encodeProposal(signProposal(secretKey, genesisId, inner));
}

/**
 * invalid-atx: the ATX with its NIPoST's PoST broken and the whole re-signed, so the signature
 * checks out and the PoST check is what fails. Every index is set to 0 (the compressed indices
 * all zero): the proof names one label k2 times, which the verifier refuses
 * ('duplicate-index') whatever the data. Flipping one byte instead could land on another label
 * that meets the difficulty by chance and leave the proof valid.
 */
export function brokenPostAtx(
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  bytes: Uint8Array,
): Uint8Array | null {
  const atx = tryDecode(decodeAtxV1, bytes);
  if (atx === null || atx.nipost === null || atx.nipost.post === null) return null;
  const post = atx.nipost.post;
  const inner: InnerActivationTxV1 = {
    publishEpoch: atx.publishEpoch,
    sequence: atx.sequence,
    prevATXID: atx.prevATXID,
    positioningATXID: atx.positioningATXID,
    commitmentATXID: atx.commitmentATXID,
    initialPost: atx.initialPost,
    coinbase: atx.coinbase,
    numUnits: atx.numUnits,
    nipost: { ...atx.nipost, post: { ...post, indices: new Uint8Array(post.indices.length) } },
    nodeID: atx.nodeID,
    vrfNonce: atx.vrfNonce,
  };
  return encodeAtxV1(signAtxV1(secretKey, genesisId, inner));
}
