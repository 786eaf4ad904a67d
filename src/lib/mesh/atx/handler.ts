// The ATX v1 handler (go-spacemesh activation/handler_v1.go): decodes an incoming ATX, checks its
// signature, validates it syntactically (fields of initial and non-initial ATXs, epoch window,
// numUnits, VRF nonce, initial PoST), against its dependencies (previous, commitment and
// positioning ATXs, NIPoST: PoET proof, membership, PoST on the PoET root) and stores it with
// its effective numUnits, tick count, base tick height and weight. A second ATX of one smesher in
// one publish epoch yields a MultipleATXs malfeasance proof (activation/malfeasance.go) stored
// with the ATX in one batch; the smesher is then malicious. Every refusal is an
// AtxValidationError and writes nothing.
import { bytesToHex as hex } from '@noble/hashes/utils.js';
import { DecodeError, encode } from '../../codec/index.ts';
import { configGenesisId, configGoldenAtx } from '../../config/genesis.ts';
import type { Store } from '../../store/interface.ts';
import {
  atxIdV1,
  decodeAtxV1,
  encodeAtxV1,
  nipostChallengeHash,
  verifyAtxV1,
} from '../../types/atx.ts';
import type { ActivationTxV1 } from '../../types/atx.ts';
import { bytesEqual, EMPTY_ATX_ID } from '../../types/common.ts';
import type { NIPostV1, PostMetadataV1, PostV1 } from '../../types/common.ts';
import { MalfeasanceType } from '../../types/malfeasance.ts';
import type { MalfeasanceProof } from '../../types/malfeasance.ts';
import { AtxValidationError } from './errors.ts';
import { atxBytesChecks } from './shared-checks.ts';
import type { AtxValidationReason } from './errors.ts';
import { AtxHeaderCodec, AtxStore, sharedHeaders, tickHeight } from './store.ts';
import type { AtxHeader } from './store.ts';
import { Validator, ZERO_CHALLENGE } from './validation.ts';
import type { PoetProofProvider, ValidatorOptions } from './validation.ts';

export interface HandlerV1Options extends ValidatorOptions {
  readonly store: Store;
  readonly poetProofs: PoetProofProvider;
  /** The current epoch (the layer clock's layer / layersPerEpoch). */
  readonly currentEpoch: () => number;
}

export interface HandleOptions {
  /**
   * The ATX arrived by gossip: one whose target epoch (publish + 1) has already passed is
   * refused ('epoch-too-old'). Synced ATXs (history) are not held to that bound.
   */
  readonly gossip?: boolean;
}

export type AtxHandled =
  /** Valid and stored; `malfeasance` is set when it made its smesher malicious. */
  | {
      readonly status: 'stored';
      readonly header: AtxHeader;
      readonly malfeasance: MalfeasanceProof | null;
    }
  /** Already stored (a replay): nothing written, no malfeasance. */
  | { readonly status: 'known'; readonly id: Uint8Array };

/** A valid ATX's NIPoST with its optional parts present. */
interface CompleteNIPost extends NIPostV1 {
  readonly post: PostV1;
  readonly postMetadata: PostMetadataV1;
}

/** What validation derived, before the store adds the tick height. */
interface Validated {
  readonly leaves: bigint;
  readonly effectiveNumUnits: number;
  readonly commitmentAtx: Uint8Array;
  readonly vrfNonce: bigint;
}

const reject = (reason: AtxValidationReason, msg: string): never => {
  throw new AtxValidationError(reason, msg);
};

export class HandlerV1 {
  readonly atxs: AtxStore;
  readonly validator: Validator;
  readonly goldenAtx: Uint8Array;
  readonly genesisId: Uint8Array;
  readonly #o: HandlerV1Options;
  /** Serializes the read-check-write of storing, as go's DB transaction does. */
  #tail: Promise<unknown> = Promise.resolve();
  /**
   * epochIds answers by publish epoch. This handler is the only writer of ATXs, so it drops an
   * epoch's list when it stores an ATX of that epoch: peers ask for an epoch's list every layer
   * while syncing, and each answer would otherwise walk the store's index.
   */
  readonly #epochIds = new Map<number, Promise<readonly Uint8Array[]>>();

  constructor(o: HandlerV1Options) {
    this.#o = o;
    this.atxs = new AtxStore(o.store);
    this.validator = new Validator(o);
    this.goldenAtx = configGoldenAtx(o.network);
    this.genesisId = configGenesisId(o.network);
  }

  /** Ids of the first ATX of every smesher published in `epoch` (AtxStore.epochIds, cached). */
  epochIds(epoch: number): Promise<readonly Uint8Array[]> {
    let ids = this.#epochIds.get(epoch);
    if (ids === undefined) {
      ids = this.atxs.epochIds(epoch).then((l) => Object.freeze(l));
      this.#epochIds.set(epoch, ids);
      ids.catch(() => this.#epochIds.delete(epoch));
    }
    return ids;
  }

  /** HandlerV1.processATX on gossiped or synced bytes. Throws AtxValidationError on refusal. */
  async handleAtx(bytes: Uint8Array, opts: HandleOptions = {}): Promise<AtxHandled> {
    let atx: ActivationTxV1;
    try {
      atx = decodeAtxV1(bytes);
    } catch (e) {
      if (e instanceof DecodeError)
        throw new AtxValidationError('malformed', `ATX does not decode: ${e.message}`, {
          cause: e,
        });
      throw e;
    }
    // Another node of this process may have derived the id and checked the signature of these
    // very bytes already, and the proofs below (shared-checks.ts); the decode above still runs,
    // for its errors, and so do the checks that read this node's own store.
    const checkKey = atxBytesChecks.key(this.genesisId, bytes);
    let checked = atxBytesChecks.lookup(checkKey);
    const id = checked?.id ?? atxIdV1(atx);
    try {
      if (checked === undefined) {
        if (!verifyAtxV1(this.genesisId, atx)) reject('invalid-signature', 'invalid ATX signature');
        checked = atxBytesChecks.remember(checkKey, id);
      }
      if (await this.atxs.has(id)) return { status: 'known', id };
      const nipost = this.#syntactic(atx, opts);
      const v = await this.#dependencies(atx, nipost, checked?.facts);
      return await this.#serial(() => this.#storeAtx(atx, bytes, checked?.facts, id, v));
    } catch (e) {
      if (e instanceof AtxValidationError && e.atxId === undefined)
        throw new AtxValidationError(e.reason, e.message, { atxId: id, cause: e.cause });
      throw e;
    }
  }

  /** syntacticallyValidate: checks that need nothing but the ATX and the clock. */
  #syntactic(atx: ActivationTxV1, opts: HandleOptions): CompleteNIPost {
    const nipost = atx.nipost;
    if (nipost === null || nipost.post === null || nipost.postMetadata === null)
      return reject('missing-nipost', 'ATX without a complete NIPoST');
    const current = this.#o.currentEpoch();
    if (atx.publishEpoch > current + 1)
      reject('epoch-in-future', `publish epoch ${atx.publishEpoch} > ${current + 1}`);
    if (opts.gossip === true && atx.publishEpoch + 1 < current)
      reject('epoch-too-old', `target epoch ${atx.publishEpoch + 1} is before ${current}`);
    if (bytesEqual(atx.positioningATXID, EMPTY_ATX_ID))
      reject('empty-positioning-atx', 'empty positioning ATX');
    this.validator.numUnits(atx.numUnits);
    this.validator.postMetadata(nipost.postMetadata);
    return nipost as CompleteNIPost;
  }

  /** The initial ATX's own proofs: VRF nonce and the PoST on the zero challenge. */
  async #initial(
    atx: ActivationTxV1,
    facts: Set<string> | undefined,
  ): Promise<{ commitment: Uint8Array; nonce: bigint }> {
    const { initialPost, nodeID, vrfNonce, commitmentATXID } = atx;
    if (initialPost === null || nodeID === null || vrfNonce === null || commitmentATXID === null)
      return reject(
        'missing-initial-field',
        'initial ATX needs initial PoST, node id, VRF nonce and commitment ATX',
      );
    if (bytesEqual(commitmentATXID, EMPTY_ATX_ID))
      reject('empty-commitment-atx', 'empty commitment ATX');
    if (!bytesEqual(nodeID, atx.smesherID))
      reject('node-id-mismatch', 'node id of an initial ATX is not its smesher id');
    if (atx.sequence !== 0n) reject('wrong-sequence', 'initial ATX with a non-zero sequence');
    const params = this.validator.factsKey;
    await once(facts, params && `vrf:${params}:${hex(commitmentATXID)}:${vrfNonce}`, () =>
      this.validator.vrfNonce(atx.smesherID, commitmentATXID, vrfNonce, atx.numUnits),
    );
    await once(facts, params && `initial-post:${params}`, () =>
      this.validator.post(
        atx.smesherID,
        commitmentATXID,
        initialPost,
        ZERO_CHALLENGE,
        atx.numUnits,
        'invalid-initial-post',
      ),
    );
    return { commitment: commitmentATXID, nonce: vrfNonce };
  }

  /** syntacticallyValidateDeps: previous / commitment / positioning ATXs and the NIPoST. */
  async #dependencies(
    atx: ActivationTxV1,
    nipost: CompleteNIPost,
    facts: Set<string> | undefined,
  ): Promise<Validated> {
    const v = this.validator;
    const params = v.factsKey;
    let commitmentAtx: Uint8Array;
    let vrfNonce: bigint;
    let effectiveNumUnits: number;
    if (bytesEqual(atx.prevATXID, EMPTY_ATX_ID)) {
      const initial = await this.#initial(atx, facts);
      commitmentAtx = initial.commitment;
      vrfNonce = initial.nonce;
      v.initialChallenge(atx, await this.atxs.header(commitmentAtx), this.goldenAtx);
      effectiveNumUnits = atx.numUnits;
    } else {
      if (atx.nodeID !== null || atx.initialPost !== null || atx.commitmentATXID !== null)
        reject(
          'unexpected-initial-field',
          'non-initial ATX with node id, initial PoST or commitment ATX',
        );
      const previous = await this.atxs.header(atx.prevATXID);
      if (previous === undefined) return reject('unknown-prev-atx', 'previous ATX not found');
      const commitment = await this.atxs.commitment(atx.smesherID);
      if (commitment === undefined)
        return reject('unknown-commitment', 'no commitment ATX on record for the smesher');
      commitmentAtx = commitment;
      v.challenge(atx, previous, atx.smesherID);
      // validateNonInitialAtx: a new nonce, or more units than before, needs the nonce checked.
      vrfNonce = atx.vrfNonce ?? previous.vrfNonce;
      if (atx.vrfNonce !== null || atx.numUnits > previous.numUnits) {
        const c = commitmentAtx;
        const nonce = vrfNonce;
        await once(facts, params && `vrf:${params}:${hex(c)}:${nonce}`, () =>
          v.vrfNonce(atx.smesherID, c, nonce, atx.numUnits),
        );
      }
      effectiveNumUnits = Math.min(previous.numUnits, atx.numUnits);
    }

    v.positioningAtx(
      atx.positioningATXID,
      await this.atxs.header(atx.positioningATXID),
      this.goldenAtx,
      atx.publishEpoch,
    );

    // Validator.NIPost: PoET proof by ref, membership of the challenge, PoST on the PoET root.
    const ref = nipost.postMetadata.challenge;
    if (ref.length !== 32) reject('malformed', `PoST challenge is ${ref.length} bytes`);
    const poet = await v.poetProof(ref, this.#o.poetProofs);
    await once(facts, `membership:${hex(poet.statement)}`, () =>
      v.membership(nipostChallengeHash(atx), nipost.membership, poet.statement),
    );
    await once(facts, params && `post:${params}:${hex(commitmentAtx)}`, () =>
      v.post(atx.smesherID, commitmentAtx, nipost.post, ref, atx.numUnits, 'invalid-post'),
    );
    return { leaves: poet.proof.leaves, effectiveNumUnits, commitmentAtx, vrfNonce };
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#tail.then(fn);
    this.#tail = run.catch(() => {});
    return run;
  }

  /** storeAtx with checkMalicious / checkDoublePublish, in one batch. */
  /**
   * Stores encodeAtxV1(atx), as go does (the received bytes may encode a big compact integer
   * with more bytes than it needs). When another node of the process found the received bytes
   * to be that very encoding (the 'canonical' fact, shared-checks.ts), they are stored as they
   * are.
   */
  async #storeAtx(
    atx: ActivationTxV1,
    bytes: Uint8Array,
    facts: Set<string> | undefined,
    id: Uint8Array,
    v: Validated,
  ): Promise<AtxHandled> {
    if (await this.atxs.has(id)) return { status: 'known', id };
    let baseTickHeight = 0n;
    if (!bytesEqual(atx.positioningATXID, this.goldenAtx)) {
      const pos = await this.atxs.header(atx.positioningATXID);
      if (pos === undefined) return reject('unknown-positioning-atx', 'positioning ATX not found');
      baseTickHeight = tickHeight(pos);
    }
    const tickCount = v.leaves / BigInt(this.#o.network.poet.tickSize);
    const fields: AtxHeader = {
      id,
      smesher: atx.smesherID,
      publishEpoch: atx.publishEpoch,
      sequence: atx.sequence,
      prevAtx: atx.prevATXID,
      numUnits: atx.numUnits,
      effectiveNumUnits: v.effectiveNumUnits,
      baseTickHeight,
      tickCount,
      weight: BigInt(v.effectiveNumUnits) * tickCount,
      commitmentAtx: v.commitmentAtx,
      vrfNonce: v.vrfNonce,
      coinbase: atx.coinbase,
    };
    // The header as the store holds it, and as it reads it back: one frozen object for equal
    // bytes in the process (store.ts sharedHeaders), so what consensus keeps per ATX (epoch
    // views, the tortoise's inputs) is not copied per node of a simulation.
    const headerBytes = encode(AtxHeaderCodec, fields);
    const header = sharedHeaders.decode(headerBytes);
    const first = await this.atxs.idByEpochAndSmesher(atx.publishEpoch, atx.smesherID);
    let blob = bytes;
    if (facts?.has('canonical') !== true) {
      blob = encodeAtxV1(atx);
      if (facts !== undefined && bytesEqual(blob, bytes)) facts.add('canonical');
    }
    const ops = this.atxs.addOps(header, blob, first === undefined, headerBytes);
    let malfeasance: MalfeasanceProof | null = null;
    if (first !== undefined && !(await this.atxs.isMalicious(atx.smesherID))) {
      malfeasance = await this.#doublePublishProof(atx, id, first);
      ops.push(this.atxs.malfeasanceOp(atx.smesherID, malfeasance));
    }
    try {
      await this.#o.store.batch(ops);
    } finally {
      // A list read while the batch ran may or may not hold the new id.
      this.#epochIds.delete(atx.publishEpoch);
    }
    return { status: 'stored', header, malfeasance };
  }

  /** checkDoublePublish: both ATXs' signed metadata, the first one's first. */
  async #doublePublishProof(
    atx: ActivationTxV1,
    id: Uint8Array,
    firstId: Uint8Array,
  ): Promise<MalfeasanceProof> {
    const first = await this.atxs.get(firstId);
    if (first === undefined) throw new Error('ATX store index names an ATX it does not hold');
    const msg = (msgHash: Uint8Array, signature: Uint8Array) => ({
      innerMsg: { publishEpoch: atx.publishEpoch, msgHash },
      smesherID: atx.smesherID,
      signature,
    });
    return {
      layer: atx.publishEpoch * this.#o.network.layersPerEpoch,
      proof: {
        type: MalfeasanceType.MULTIPLE_ATXS,
        messages: [msg(firstId, first.signature), msg(id, atx.signature)],
      },
    };
  }
}

/**
 * Runs `check` unless `facts` (shared-checks.ts) says it held for these ATX bytes and the inputs
 * `fact` names; records the fact once it holds. A null fact (inputs the name cannot spell out)
 * or no facts (memo off, or a signature not checked yet): just the check.
 */
async function once(
  facts: Set<string> | undefined,
  fact: string | null,
  check: () => void | Promise<void>,
): Promise<void> {
  if (facts === undefined || fact === null) return check();
  if (facts.has(fact)) return;
  await check();
  facts.add(fact);
}
