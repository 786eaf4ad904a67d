// The malfeasance handler (go-spacemesh malfeasance/handler.go): receives proofs from gossip
// (topic `mp1`, MalfeasanceGossip) and from sync (a MalfeasanceProof fetched for an identity),
// checks them by kind, stores the first proof of each identity through the AtxStore (which is
// what makes it malicious everywhere: identities.SetMalicious) and tells listeners (the
// tortoise, events). Proofs produced locally (ATX handler: double publish; ballot handler:
// double ballot; hare: equivocation) are already stored with the data that made them and are
// only gossiped, once per identity, with `publish`.
import { DecodeError, encode } from '../../codec/index.ts';
import { AtxStore } from '../../mesh/atx/store.ts';
import { Topic } from '../../p2p/interface.ts';
import type { Gossip, ValidationResult } from '../../p2p/interface.ts';
import type { Store } from '../../store/interface.ts';
import {
  decodeMalfeasanceGossip,
  decodeMalfeasanceProof,
  MalfeasanceGossipCodec,
} from '../../types/malfeasance.ts';
import type { MalfeasanceProof } from '../../types/malfeasance.ts';
import { equalBytes } from '../../bytes.ts';
import { MalfeasanceError } from './errors.ts';
import type { MaliciousListener, PostIndexVerifier } from './interface.ts';
import { validateProof } from './validate.ts';

export interface MalfeasanceHandlerOptions {
  readonly store: Store;
  readonly genesisId: Uint8Array;
  /** Needed for `publish` and `subscribe`; a handler without it only validates and stores. */
  readonly gossip?: Gossip;
  /** Without it, invalid-PoST-index proofs are 'unsupported-proof' (ignored, not punished). */
  readonly postVerifier?: PostIndexVerifier;
}

export type MalfeasanceHandled = {
  /** 'stored': the identity is newly malicious; 'known': it already was, nothing written. */
  readonly status: 'stored' | 'known';
  readonly nodeId: Uint8Array;
};

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export class MalfeasanceHandler {
  readonly atxs: AtxStore;
  readonly #o: MalfeasanceHandlerOptions;
  readonly #listeners = new Set<MaliciousListener>();
  /** Identities (hex) whose local proof was published: gossip each one once. */
  readonly #published = new Set<string>();
  /** Serializes check-then-store so two proofs of one identity store and notify once. */
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: MalfeasanceHandlerOptions) {
    this.#o = options;
    this.atxs = new AtxStore(options.store);
  }

  /** Registers handleGossip on the malfeasance topic; returns the unsubscribe function. */
  subscribe(): () => void {
    const gossip = this.#gossip();
    return gossip.subscribe(Topic.MALFEASANCE, (from, data) => this.handleGossip(from, data));
  }

  /** Calls `cb` with each identity newly known malicious; returns the function that removes it. */
  onMalicious(cb: MaliciousListener): () => void {
    this.#listeners.add(cb);
    return () => this.#listeners.delete(cb);
  }

  isMalicious(nodeId: Uint8Array): Promise<boolean> {
    return this.atxs.isMalicious(nodeId);
  }

  /** The identity `proof` makes malicious; throws MalfeasanceError when it proves nothing. */
  validate(proof: MalfeasanceProof): Promise<Uint8Array> {
    return validateProof(
      { genesisId: this.#o.genesisId, atxs: this.atxs, postVerifier: this.#o.postVerifier },
      proof,
    );
  }

  /** validateAndSave: checks `proof`, stores it unless its identity is already malicious. */
  async handleProof(proof: MalfeasanceProof): Promise<MalfeasanceHandled> {
    const nodeId = await this.validate(proof);
    return this.#exclusive(async () => {
      if (await this.atxs.isMalicious(nodeId)) return { status: 'known', nodeId };
      await this.#o.store.batch([this.atxs.malfeasanceOp(nodeId, proof)]);
      this.#notify(nodeId);
      return { status: 'stored', nodeId };
    });
  }

  /**
   * HandleSyncedMalfeasanceProof: a proof fetched for `expected` (the fetch hint's hash is the
   * node id). A valid proof of another identity is refused as 'wrong-identity', unstored.
   */
  async handleSynced(expected: Uint8Array, bytes: Uint8Array): Promise<MalfeasanceHandled> {
    let proof: MalfeasanceProof;
    try {
      proof = decodeMalfeasanceProof(bytes);
    } catch (e) {
      if (e instanceof DecodeError)
        throw new MalfeasanceError('malformed', `proof does not decode: ${e.message}`, {
          cause: e,
        });
      throw e;
    }
    const nodeId = await this.validate(proof);
    if (!equalBytes(nodeId, expected))
      throw new MalfeasanceError(
        'wrong-identity',
        `proof for ${hex(nodeId)}, wanted ${hex(expected)}`,
      );
    return this.handleProof(proof);
  }

  /**
   * HandleMalfeasanceProof, the gossip validator: 'accept' a new valid proof (stored, listeners
   * told), 'ignore' one for an identity already malicious or of a kind this node cannot check,
   * 'reject' anything else. A proof this node publishes itself was stored by its producer:
   * it is checked and announced to listeners, not stored again.
   */
  async handleGossip(from: string, data: Uint8Array): Promise<ValidationResult> {
    try {
      let gossip;
      try {
        gossip = decodeMalfeasanceGossip(data);
      } catch (e) {
        if (e instanceof DecodeError)
          throw new MalfeasanceError('malformed', `gossip does not decode: ${e.message}`);
        throw e;
      }
      if (gossip.eligibility !== null)
        throw new MalfeasanceError('deprecated-eligibility', 'eligibility deprecated by hare 3');
      const proof: MalfeasanceProof = { layer: gossip.layer, proof: gossip.proof };
      if (this.#o.gossip !== undefined && from === this.#o.gossip.peerId) {
        const nodeId = await this.validate(proof);
        await this.#exclusive(async () => {
          if (!(await this.atxs.isMalicious(nodeId)))
            await this.#o.store.batch([this.atxs.malfeasanceOp(nodeId, proof)]);
        });
        this.#notify(nodeId);
        return 'accept';
      }
      const { status } = await this.handleProof(proof);
      return status === 'stored' ? 'accept' : 'ignore';
    } catch (e) {
      if (e instanceof MalfeasanceError)
        return e.reason === 'unsupported-proof' ? 'ignore' : 'reject';
      throw e;
    }
  }

  /**
   * Gossips a locally produced proof (already stored by its producer) once per identity.
   * Resolves with the local validation result; 'ignore' for an identity already published.
   */
  async publish(proof: MalfeasanceProof): Promise<ValidationResult> {
    const gossip = this.#gossip();
    const nodeId = await this.validate(proof).catch(() => undefined);
    if (nodeId === undefined) return 'reject';
    const key = hex(nodeId);
    if (this.#published.has(key)) return 'ignore';
    this.#published.add(key);
    const data = encode(MalfeasanceGossipCodec, { ...proof, eligibility: null });
    return gossip.publish(Topic.MALFEASANCE, data);
  }

  #gossip(): Gossip {
    const g = this.#o.gossip;
    if (g === undefined) throw new TypeError('MalfeasanceHandler has no gossip');
    return g;
  }

  #notify(nodeId: Uint8Array): void {
    for (const cb of [...this.#listeners]) cb(nodeId);
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn, fn);
    this.#tail = run.catch(() => undefined);
    return run;
  }
}
