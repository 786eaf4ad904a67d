// The serving side of fetch and sync: answers hash, layer-data and epoch-ATX requests from the
// node's stores. Unknown ids are answered with "none", never with an error, so one missing object
// does not fail a batch; malformed requests are errors (the requester's fault).
import { decode, encode } from '../codec/index.ts';
import type { Requester } from '../p2p/interface.ts';
import type { NodeParts } from '../node/components.ts';
import { encodeBallot } from '../types/ballot.ts';
import { encodeBlock } from '../types/block.ts';
import { encodeMalfeasanceProof } from '../types/malfeasance.ts';
import { encodeProposal } from '../types/proposal.ts';
import {
  decodeU32,
  EpochAtxsCodec,
  HashRequestCodec,
  HashResponseCodec,
  Hint,
  LayerDataCodec,
  MAX_MESH_HASH_LAYERS,
  MeshHashesCodec,
  MeshHashRequestCodec,
  SyncProtocol,
} from './protocol.ts';
import type { LayerData } from './protocol.ts';

async function blob(p: NodeParts, hint: Hint, id: Uint8Array): Promise<Uint8Array | undefined> {
  switch (hint) {
    case Hint.ATX:
      return p.atxHandler.atxs.blob(id);
    case Hint.BALLOT: {
      const b = await p.ballots.ballots.get(id);
      return b && encodeBallot(b);
    }
    case Hint.PROPOSAL: {
      const x = await p.proposals.proposals.get(id);
      return x && encodeProposal(x);
    }
    case Hint.BLOCK: {
      const b = await p.executor.blocks.get(id);
      return b && encodeBlock(b);
    }
    case Hint.TX:
      return p.txs.raw(id);
    case Hint.ACTIVE_SET:
      return p.activeSets.blob(id);
    case Hint.MALFEASANCE: {
      const proof = await p.atxHandler.atxs.malfeasanceProof(id);
      return proof && encodeMalfeasanceProof(proof);
    }
  }
}

export async function layerData(p: NodeParts, layer: number): Promise<LayerData> {
  const hare = await p.executor.blocks.hareOutput(layer);
  return {
    ballots: await p.ballots.ballots.layerIds(layer),
    blocks: await p.executor.blocks.layerIds(layer),
    hareKnown: hare !== undefined,
    hareBlock: hare ?? null,
  };
}

/** Encoded epoch-ATX answers, per list (the handler keeps a list until its epoch changes). */
const encodedIds = new WeakMap<readonly Uint8Array[], Uint8Array>();

async function epochAtxs(p: NodeParts, epoch: number): Promise<Uint8Array> {
  const ids = await p.atxHandler.epochIds(epoch);
  let out = encodedIds.get(ids);
  if (out === undefined) {
    out = encode(EpochAtxsCodec, [...ids]);
    encodedIds.set(ids, out);
  }
  return out;
}

/** Registers the three protocols on `requester`; returns the function that removes them. */
export function serveSync(requester: Requester, p: NodeParts): () => void {
  const offs = [
    requester.handle(SyncProtocol.HASH, async (_from, req) => {
      const items = decode(HashRequestCodec, req, 'hash request');
      const out: (Uint8Array | null)[] = [];
      for (const it of items) out.push((await blob(p, it.hint, it.id)) ?? null);
      return encode(HashResponseCodec, out);
    }),
    requester.handle(SyncProtocol.LAYER_DATA, async (_from, req) =>
      encode(LayerDataCodec, await layerData(p, decodeU32(req))),
    ),
    requester.handle(SyncProtocol.MESH_HASHES, async (_from, req) => {
      const { from, to } = decode(MeshHashRequestCodec, req, 'mesh hash request');
      if (to < from || to - from >= MAX_MESH_HASH_LAYERS)
        throw new RangeError(`mesh hash range ${from}..${to} is empty or too long`);
      const out: (Uint8Array | null)[] = [];
      for (let l = from; l <= to; l++) out.push((await p.executor.blocks.meshHash(l)) ?? null);
      return encode(MeshHashesCodec, out);
    }),
    requester.handle(SyncProtocol.EPOCH_ATXS, (_from, req) => epochAtxs(p, decodeU32(req))),
  ];
  return () => offs.forEach((off) => off());
}
