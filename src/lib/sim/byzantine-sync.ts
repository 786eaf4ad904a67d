// The fetch side of a Byzantine node (byzantine.ts): since peers fetch what they miss (hash
// requests, src/lib/sync), a node that only lied on gossip would still hand out the honest
// object to whoever asks. So the wrapper also rewrites what the node serves on the hash
// protocol: an 'invalid-atx' node serves its own ATXs with the same broken PoST it gossips (the
// requester finds the id does not match and drops it), and a 'withhold-proposals' node answers
// "none" for its own ballots and proposals. Other behaviours serve honestly.
import { decode, encode } from '../codec/index.ts';
import { equalBytes } from '../bytes.ts';
import { publicKeyOf } from '../crypto/signing.ts';
import type { RequestHandler } from '../p2p/interface.ts';
import { HashRequestCodec, HashResponseCodec, Hint, SyncProtocol } from '../sync/protocol.ts';
import { decodeAtxV1 } from '../types/atx.ts';
import { decodeBallot } from '../types/ballot.ts';
import { decodeProposal } from '../types/proposal.ts';
import type { ByzantineBehaviour } from './byzantine.ts';
import { brokenPostAtx } from './byzantine-forge.ts';

/** The smesher an object of `hint` belongs to, or null (other hints, or it does not decode). */
function ownerOf(hint: number, blob: Uint8Array): Uint8Array | null {
  try {
    if (hint === Hint.ATX) return decodeAtxV1(blob).smesherID;
    if (hint === Hint.BALLOT) return decodeBallot(blob).smesherID;
    if (hint === Hint.PROPOSAL) return decodeProposal(blob).ballot.smesherID;
  } catch {
    return null;
  }
  return null;
}

/** Whether `behaviour` changes what the node serves on `protocol`. */
export function altersServing(behaviour: ByzantineBehaviour, protocol: string): boolean {
  return (
    protocol === SyncProtocol.HASH &&
    (behaviour === 'invalid-atx' || behaviour === 'withhold-proposals')
  );
}

/** Wraps the node's hash-request handler so that it serves what `behaviour` would. */
export function byzantineHashHandler(
  behaviour: ByzantineBehaviour,
  secretKey: Uint8Array,
  genesisId: Uint8Array,
  handler: RequestHandler,
): RequestHandler {
  const me = publicKeyOf(secretKey);
  const serve = (hint: number, blob: Uint8Array): Uint8Array | null => {
    const owner = ownerOf(hint, blob);
    if (owner === null || !equalBytes(owner, me)) return blob;
    if (behaviour === 'invalid-atx' && hint === Hint.ATX)
      return brokenPostAtx(secretKey, genesisId, blob) ?? blob;
    if (behaviour === 'withhold-proposals' && (hint === Hint.BALLOT || hint === Hint.PROPOSAL))
      return null;
    return blob;
  };
  return async (from, request) => {
    const response = await handler(from, request);
    // The honest handler accepted the request, so both decode.
    const items = decode(HashRequestCodec, request, 'hash request');
    const blobs = decode(HashResponseCodec, response, 'hash response');
    return encode(
      HashResponseCodec,
      blobs.map((blob, i) => (blob === null ? null : serve(items[i]!.hint, blob))),
    );
  };
}
