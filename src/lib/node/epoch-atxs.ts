// The ATXs in force for an epoch, as consensus reads them: the first ATX of every smesher
// published in the epoch before (go-spacemesh's "ATXs targeting epoch E"), minus identities
// proven malicious. Hare's and the certifier's committees, the beacon's participants and the
// smesher's active set all come from here, so they agree on one view of the node's store.
import { bytesToHex } from '@noble/hashes/utils.js';
import type { AtxHeader, AtxStore } from '../mesh/atx/store.ts';
import { compareBytes } from '../bytes.ts';

/**
 * The hex smesher id of a header. Headers are shared by every node of a process
 * (codec/shared-decoder.ts), and so are these keys: each node's view then holds only its map
 * entries.
 */
const smesherHex = new WeakMap<AtxHeader, string>();
function hexOfSmesher(h: AtxHeader): string {
  let k = smesherHex.get(h);
  if (k === undefined) {
    k = bytesToHex(h.smesher);
    smesherHex.set(h, k);
  }
  return k;
}

interface EpochView {
  readonly headers: AtxHeader[];
  readonly bySmesher: Map<string, AtxHeader>;
  readonly total: bigint;
}

export class EpochAtxs {
  readonly #atxs: AtxStore;
  readonly #isMalicious: (nodeId: Uint8Array) => Promise<boolean>;
  readonly #cache = new Map<number, EpochView>();

  constructor(atxs: AtxStore, isMalicious: (nodeId: Uint8Array) => Promise<boolean>) {
    this.#atxs = atxs;
    this.#isMalicious = isMalicious;
  }

  /** A new ATX or a new malicious identity changes the view of the epochs it touches. */
  invalidate(targetEpoch?: number): void {
    if (targetEpoch === undefined) this.#cache.clear();
    else this.#cache.delete(targetEpoch);
  }

  async #view(targetEpoch: number): Promise<EpochView> {
    const cached = this.#cache.get(targetEpoch);
    if (cached) return cached;
    const headers: AtxHeader[] = [];
    if (targetEpoch >= 1)
      for await (const h of this.#atxs.epochHeaders(targetEpoch - 1))
        if (!(await this.#isMalicious(h.smesher))) headers.push(h);
    headers.sort((a, b) => compareBytes(a.id, b.id));
    const bySmesher = new Map(headers.map((h) => [hexOfSmesher(h), h]));
    const total = headers.reduce((s, h) => s + h.weight, 0n);
    const view = { headers, bySmesher, total };
    this.#cache.set(targetEpoch, view);
    return view;
  }

  /** Headers of the ATXs targeting `epoch`, by id. */
  async headers(targetEpoch: number): Promise<AtxHeader[]> {
    return (await this.#view(targetEpoch)).headers;
  }

  async bySmesher(targetEpoch: number, nodeId: Uint8Array): Promise<AtxHeader | undefined> {
    return (await this.#view(targetEpoch)).bySmesher.get(bytesToHex(nodeId));
  }

  async totalWeight(targetEpoch: number): Promise<bigint> {
    return (await this.#view(targetEpoch)).total;
  }
}
