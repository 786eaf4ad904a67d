// The requesting side of fetch (go-spacemesh fetch/fetch.go, simplified): batched hash requests
// to one peer at a time, the preferred peer (the one that sent what needs the data) first, then
// the others in a rotating order; every answer is checked against its id; a peer that fails,
// times out or sends a wrong blob is skipped for that request. Requests are bounded in count and
// size, and nothing is buffered beyond one response.
import { bytesToHex } from '@noble/hashes/utils.js';
import { decode, encode } from '../codec/index.ts';
import type { Requester } from '../p2p/interface.ts';
import { blobMatches } from './verify.ts';
import {
  encodeU32,
  EpochAtxsCodec,
  HashRequestCodec,
  HashResponseCodec,
  LayerDataCodec,
  MAX_HASH_REQUEST,
  MeshHashesCodec,
  MeshHashRequestCodec,
  SyncProtocol,
} from './protocol.ts';
import type { Hint, LayerData } from './protocol.ts';

export interface FetcherOptions {
  /** Deadline of one request (default 5 s). */
  readonly timeoutMs?: number;
  /** Most peers asked for one batch before giving up (default 4). */
  readonly maxPeers?: number;
  /** Told about peers that answered with bytes that do not match (for scoring). */
  readonly onBadPeer?: (peer: string, why: string) => void;
}

export class Fetcher {
  readonly #r: Requester;
  readonly #timeoutMs: number;
  readonly #maxPeers: number;
  readonly #onBad: (peer: string, why: string) => void;
  #turn = 0;

  constructor(requester: Requester, o: FetcherOptions = {}) {
    this.#r = requester;
    this.#timeoutMs = o.timeoutMs ?? 5_000;
    this.#maxPeers = o.maxPeers ?? 4;
    this.#onBad = o.onBadPeer ?? (() => {});
  }

  /** Up to maxPeers peers: `prefer` first, then the rest in rotation. */
  #peers(prefer?: string): string[] {
    const all = this.#r.peers().filter((p) => p !== this.#r.peerId);
    const start = all.length === 0 ? 0 : this.#turn++ % all.length;
    const rotated = [...all.slice(start), ...all.slice(0, start)].filter((p) => p !== prefer);
    const order = prefer !== undefined && all.includes(prefer) ? [prefer, ...rotated] : rotated;
    return order.slice(0, this.#maxPeers);
  }

  /** The blobs found for `ids` (hex id → bytes); ids nobody had are absent. */
  async hashes(hint: Hint, ids: readonly Uint8Array[], prefer?: string) {
    const found = new Map<string, Uint8Array>();
    let missing = [...new Map(ids.map((id) => [bytesToHex(id), id])).values()];
    for (const peer of this.#peers(prefer)) {
      if (missing.length === 0) break;
      for (let i = 0; i < missing.length; i += MAX_HASH_REQUEST) {
        const batch = missing.slice(i, i + MAX_HASH_REQUEST);
        let blobs: (Uint8Array | null)[];
        try {
          const req = encode(
            HashRequestCodec,
            batch.map((id) => ({ hint, id })),
          );
          const res = await this.#r.request(peer, SyncProtocol.HASH, req, this.#timeoutMs);
          blobs = decode(HashResponseCodec, res, 'hash response');
        } catch {
          break; // this peer failed: try the next one for what is still missing
        }
        if (blobs.length !== batch.length) {
          this.#onBad(peer, 'hash response of the wrong length');
          break;
        }
        batch.forEach((id, k) => {
          const blob = blobs[k];
          if (blob === null || blob === undefined) return;
          if (blobMatches(hint, id, blob)) found.set(bytesToHex(id), blob);
          else this.#onBad(peer, `blob does not match its id (hint ${hint})`);
        });
      }
      missing = missing.filter((id) => !found.has(bytesToHex(id)));
    }
    return found;
  }

  /** What the first peer that answers knows of `layer`; undefined when none answered. */
  async layerData(layer: number, prefer?: string): Promise<LayerData | undefined> {
    for (const peer of this.#peers(prefer)) {
      try {
        const res = await this.#r.request(
          peer,
          SyncProtocol.LAYER_DATA,
          encodeU32(layer),
          this.#timeoutMs,
        );
        return decode(LayerDataCodec, res, 'layer data');
      } catch {
        continue;
      }
    }
    return undefined;
  }

  /** The next peer in rotation (undefined when there is none). */
  nextPeer(): string | undefined {
    return this.#peers()[0];
  }

  /** A peer's mesh hashes of layers [from, to] (null where it has none); undefined on failure. */
  async meshHashes(
    peer: string,
    from: number,
    to: number,
  ): Promise<(Uint8Array | null)[] | undefined> {
    try {
      const res = await this.#r.request(
        peer,
        SyncProtocol.MESH_HASHES,
        encode(MeshHashRequestCodec, { from, to }),
        this.#timeoutMs,
      );
      const hashes = decode(MeshHashesCodec, res, 'mesh hashes');
      if (hashes.length !== to - from + 1) {
        this.#onBad(peer, 'mesh hash response of the wrong length');
        return undefined;
      }
      return hashes;
    } catch {
      return undefined;
    }
  }

  /** ATX ids published in `epoch`: the union of what up to maxPeers peers list (deduplicated). */
  async epochAtxs(epoch: number, prefer?: string): Promise<Uint8Array[] | undefined> {
    const ids = new Map<string, Uint8Array>();
    let answered = false;
    for (const peer of this.#peers(prefer)) {
      try {
        const res = await this.#r.request(
          peer,
          SyncProtocol.EPOCH_ATXS,
          encodeU32(epoch),
          this.#timeoutMs,
        );
        for (const id of decode(EpochAtxsCodec, res, 'epoch ATX ids')) ids.set(bytesToHex(id), id);
        answered = true;
      } catch {
        continue;
      }
    }
    return answered ? [...ids.values()] : undefined;
  }
}
