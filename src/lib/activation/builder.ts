// The ATX builder, smesher side (go-spacemesh activation/activation.go Builder, nipost.go
// NIPostBuilder). For each publish epoch P it walks one persisted record through:
//   challenge   — built shortly before PoET round P−1 starts (gracePeriod ahead): sequence and
//                 previous ATX from our last ATX, positioning ATX = the highest-tick ATX of the
//                 latest epoch that has any (or ours, or golden); an initial ATX also carries
//                 the commitment ATX of the PoST data and the initial PoST (zero challenge).
//   registered  — the challenge hash submitted to the PoET for round P−1, before it starts.
//   poet-proof  — after the round ends: the verified proof, and our membership path in it.
//   post-proven — the PoST proof over our data on the PoET root.
//   built       — the signed ATX, kept so that publishing again repeats the same bytes.
//   published   — handed to the publish callback (gossip + the node's own handler).
// Every transition is written before the next step starts, so a builder restarted over the same
// store resumes where it stopped: it never registers twice, fetches a proof it holds, or proves
// a PoST it has on record.
import { configGenesisId, configGoldenAtx, genesisTimeMs } from '../config/genesis.ts';
import type { NetworkConfig } from '../config/types.ts';
import { LayerConverter } from '../clock/converter.ts';
import { systemTime, systemTimer } from '../clock/interface.ts';
import type { TimeSource, Timer } from '../clock/interface.ts';
import { publicKeyOf } from '../crypto/signing.ts';
import type { AtxStore, AtxHeader } from '../mesh/atx/store.ts';
import { tickHeight } from '../mesh/atx/store.ts';
import { ZERO_CHALLENGE } from '../mesh/atx/validation.ts';
import type { PoetProofProvider, PoetProofRecord } from '../mesh/atx/validation.ts';
import { membershipProof } from '../poet/membership.ts';
import { openRoundId, roundConfigOf, roundStart } from '../poet/round.ts';
import type { RoundConfig } from '../poet/round.ts';
import type { LabelReader } from '../post/interface.ts';
import type { PostMetadata } from '../post/metadata.ts';
import type { Proof } from '../post/proof.ts';
import type { Store } from '../store/interface.ts';
import { atxIdV1, decodeAtxV1, encodeAtxV1, nipostChallengeHash, signAtxV1 } from '../types/atx.ts';
import type { InnerActivationTxV1, NIPostChallengeV1 } from '../types/atx.ts';
import { bytesEqual, EMPTY_ATX_ID } from '../types/common.ts';
import { ActivationError } from './errors.ts';
import type { ActivationErrorCode } from './errors.ts';
import { classifyPoetError } from './poet-seam.ts';
import type { PoetRegistration, PoetRoundProof, PoetSeam } from './poet-seam.ts';
import { highestTickAtx } from './positioning.ts';
import { dataProver } from './post-prover.ts';
import type { PostProver } from './post-prover.ts';
import { ActivationState } from './state.ts';
import type { NipostState } from './state.ts';

/** setTimeout keeps its delay in an int32. */
const MAX_DELAY_MS = 2 ** 31 - 1;

export type BuilderEvent =
  | {
      readonly type: 'challenge-built';
      readonly publishEpoch: number;
      readonly challengeHash: Uint8Array;
      readonly initial: boolean;
    }
  | { readonly type: 'initial-post' }
  | {
      readonly type: 'poet-registered';
      readonly publishEpoch: number;
      readonly roundId: string;
      readonly roundEndAt: number;
    }
  | {
      readonly type: 'poet-proof';
      readonly publishEpoch: number;
      readonly roundId: string;
      /** The PoET root: the PoST challenge and the ATX's PoET ref. */
      readonly ref: Uint8Array;
      readonly leaves: bigint;
      readonly memberIndex: number;
      readonly record: PoetProofRecord;
    }
  | { readonly type: 'post-proven'; readonly publishEpoch: number }
  | { readonly type: 'atx-built'; readonly publishEpoch: number; readonly id: Uint8Array }
  | {
      readonly type: 'atx-published';
      readonly publishEpoch: number;
      readonly id: Uint8Array;
      readonly bytes: Uint8Array;
    }
  | {
      readonly type: 'error';
      readonly publishEpoch: number;
      /** The ActivationError's code; 'internal' for anything else (a bug, an I/O failure). */
      readonly code: ActivationErrorCode | 'internal';
      readonly error: unknown;
    };

export interface AtxBuilderOptions {
  /** The network, with its genesis time fixed. */
  readonly network: NetworkConfig;
  /** The smesher's ed25519 secret key (node id = its public key). */
  readonly secretKey: Uint8Array;
  /** Where the builder keeps its state (the ACTIVATION bucket). */
  readonly store: Store;
  /** Initialized PoST data of this smesher. */
  readonly post: {
    readonly metadata: PostMetadata;
    readonly reader?: LabelReader;
    /** Default: dataProver over `reader`. */
    readonly prover?: PostProver;
  };
  readonly poet: PoetSeam;
  /** Valid ATXs known to the node: our previous ATX, positioning candidates. */
  readonly atxStore: AtxStore;
  /** Gossips the ATX (and hands it to the node's own handler). */
  readonly publish: (bytes: Uint8Array) => Promise<void>;
  /** 24-byte reward address. */
  readonly coinbase: Uint8Array;
  readonly time?: TimeSource;
  readonly timer?: Timer;
  readonly onEvent?: (e: BuilderEvent) => void;
  /** PoET requests retried this many times after the first (default 3). */
  readonly poetRetries?: number;
  /** First backoff between PoET retries, doubling (default 1000 ms). */
  readonly poetRetryDelayMs?: number;
  /** How often to ask for a proof the PoET does not have yet (default 1000 ms). */
  readonly proofPollMs?: number;
}

export interface BuiltAtx {
  readonly id: Uint8Array;
  readonly bytes: Uint8Array;
}

export class AtxBuilder {
  readonly state: ActivationState;
  readonly smesherId: Uint8Array;
  readonly genesisId: Uint8Array;
  readonly goldenAtx: Uint8Array;
  readonly rounds: RoundConfig;
  readonly layers: LayerConverter;
  /** PoET proofs of our own NIPoSTs by ref, for the node's handler (a poetDb source). */
  readonly poetProofs: PoetProofProvider;
  readonly #o: AtxBuilderOptions;
  readonly #time: TimeSource;
  readonly #timer: Timer;
  readonly #prover: PostProver;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #pollMs: number;

  constructor(o: AtxBuilderOptions) {
    this.#o = o;
    this.state = new ActivationState(o.store);
    this.smesherId = publicKeyOf(o.secretKey);
    if (!bytesEqual(o.post.metadata.nodeId, this.smesherId))
      throw new RangeError('PoST data belongs to another node id');
    if (o.coinbase.length !== 24) throw new RangeError('coinbase must be 24 bytes');
    this.genesisId = configGenesisId(o.network);
    this.goldenAtx = configGoldenAtx(o.network);
    this.rounds = roundConfigOf(o.network);
    this.layers = new LayerConverter({
      genesisTimeMs: genesisTimeMs(o.network),
      layerDurationMs: o.network.layerDurationMs,
      layersPerEpoch: o.network.layersPerEpoch,
    });
    this.#time = o.time ?? systemTime;
    this.#timer = o.timer ?? systemTimer;
    const prover =
      o.post.prover ??
      (o.post.reader ? dataProver(o.network, o.post.reader, o.post.metadata) : undefined);
    if (prover === undefined) throw new RangeError('post needs a reader or a prover');
    this.#prover = prover;
    this.#retries = o.poetRetries ?? 3;
    this.#retryDelayMs = o.poetRetryDelayMs ?? 1000;
    this.#pollMs = o.proofPollMs ?? 1000;
    this.poetProofs = { get: (ref) => this.state.poetProof(ref) };
  }

  /** Builds ATX after ATX until `signal` aborts; failures become 'error' events. */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const epoch = await this.nextPublishEpoch();
      try {
        await this.buildForEpoch(epoch, signal);
      } catch {
        if (signal.aborted) return;
        // Reported as an event by buildForEpoch; try again (the same record while it is viable).
        await this.#sleep(this.#retryDelayMs, signal).catch(() => undefined);
      }
    }
  }

  /**
   * The epoch to work on: an unfinished record that can still succeed, else the one after our
   * last ATX whose PoET round is still open for registration.
   */
  async nextPublishEpoch(): Promise<number> {
    const now = this.#time.now();
    const records = await this.state.all();
    for (const s of records)
      if (s.phase !== 'published' && this.#viable(s, now)) return s.publishEpoch;
    let last = -1;
    for (const s of records) if (s.phase === 'published') last = Math.max(last, s.publishEpoch);
    const prev = await this.#o.atxStore.lastBySmesher(this.smesherId);
    if (prev !== undefined) last = Math.max(last, prev.publishEpoch);
    // The round that starts next is the open one; it serves publish epoch round + 1.
    return Math.max(openRoundId(this.rounds, now) + 1, last + 1);
  }

  #viable(s: NipostState, now: number): boolean {
    if (s.phase === 'challenge') return now < roundStart(this.rounds, s.publishEpoch - 1);
    return now < this.layers.epochToTime(s.publishEpoch + 1);
  }

  /** Takes publish epoch `epoch` from wherever its record stands to a published ATX. */
  async buildForEpoch(epoch: number, signal?: AbortSignal): Promise<BuiltAtx> {
    if (!Number.isSafeInteger(epoch) || epoch < 1)
      throw new RangeError(`publish epoch must be ≥ 1, got ${epoch}`);
    try {
      return await this.#build(epoch, signal);
    } catch (error) {
      if (!signal?.aborted)
        this.#emit({
          type: 'error',
          publishEpoch: epoch,
          code: error instanceof ActivationError ? error.code : 'internal',
          error,
        });
      throw error;
    }
  }

  async #build(epoch: number, signal: AbortSignal | undefined): Promise<BuiltAtx> {
    let s = await this.state.get(epoch);
    if (s === undefined) {
      const grace = this.#o.network.poet.gracePeriodMs;
      await this.#sleepUntil(roundStart(this.rounds, epoch - 1) - grace, signal);
      s = await this.#newChallenge(epoch, signal);
    }
    if (s.phase === 'challenge') s = await this.#register(s, signal);
    if (s.phase === 'registered') s = await this.#awaitPoetProof(s, signal);
    if (s.phase === 'poet-proof') s = await this.#provePost(s, signal);
    if (s.phase === 'post-proven') s = await this.#buildAtx(s);
    if (s.phase === 'built') s = await this.#publish(s);
    const bytes = s.atx;
    if (bytes === null)
      throw new ActivationError('corrupt-state', `record of epoch ${epoch} has no ATX`, {
        publishEpoch: epoch,
      });
    return { id: atxIdFromState(s), bytes };
  }

  async #newChallenge(epoch: number, signal: AbortSignal | undefined): Promise<NipostState> {
    const atxs = this.#o.atxStore;
    const prev = await atxs.lastBySmesher(this.smesherId);
    if (prev !== undefined && prev.publishEpoch >= epoch)
      throw new ActivationError(
        'already-published',
        `our ATX of epoch ${prev.publishEpoch} is not before ${epoch}`,
        { publishEpoch: epoch },
      );
    for (const r of await this.state.all())
      if (
        r.phase === 'published' &&
        r.publishEpoch < epoch &&
        (prev === undefined || r.publishEpoch > prev.publishEpoch)
      )
        throw new ActivationError(
          'prev-atx-missing',
          `our ATX of epoch ${r.publishEpoch} is not in the ATX store`,
          { publishEpoch: epoch },
        );
    const positioningATXID = await this.#positioning(epoch, prev);
    let challenge: NIPostChallengeV1;
    if (prev === undefined) {
      challenge = {
        publishEpoch: epoch,
        sequence: 0n,
        prevATXID: EMPTY_ATX_ID,
        positioningATXID,
        commitmentATXID: this.#o.post.metadata.commitmentAtxId,
        initialPost: await this.#initialPost(signal),
      };
    } else {
      challenge = {
        publishEpoch: epoch,
        sequence: prev.sequence + 1n,
        prevATXID: prev.id,
        positioningATXID,
        commitmentATXID: null,
        initialPost: null,
      };
    }
    const s: NipostState = {
      publishEpoch: epoch,
      phase: 'challenge',
      challenge,
      registration: null,
      poetProof: null,
      membership: null,
      post: null,
      atx: null,
    };
    await this.state.put(s);
    this.#emit({
      type: 'challenge-built',
      publishEpoch: epoch,
      challengeHash: nipostChallengeHash(challenge),
      initial: prev === undefined,
    });
    signal?.throwIfAborted();
    return s;
  }

  /** The initial PoST on the zero challenge: proven once, then kept. */
  async #initialPost(signal: AbortSignal | undefined): Promise<Proof> {
    const stored = await this.state.initialPost();
    if (stored !== undefined) return stored;
    const proof = await this.#prover.prove(ZERO_CHALLENGE, signal);
    await this.state.putInitialPost(proof);
    this.#emit({ type: 'initial-post' });
    return proof;
  }

  /** getPositioningAtx: the best ATX before `epoch`, or our previous one if it is as high. */
  async #positioning(epoch: number, prev: AtxHeader | undefined): Promise<Uint8Array> {
    let best = await highestTickAtx(this.#o.atxStore, epoch);
    if (prev !== undefined && (best === undefined || tickHeight(prev) >= tickHeight(best)))
      best = prev;
    return best?.id ?? this.goldenAtx;
  }

  async #register(s: NipostState, signal: AbortSignal | undefined): Promise<NipostState> {
    const epoch = s.publishEpoch;
    const round = epoch - 1;
    const start = roundStart(this.rounds, round);
    const missed = async (cause?: unknown) => {
      await this.state.discard(epoch);
      return new ActivationError('poet-round-missed', `PoET round ${round} has started`, {
        cause,
        publishEpoch: epoch,
      });
    };
    const challenge = nipostChallengeHash(s.challenge);
    let reg: PoetRegistration | undefined;
    let last: unknown;
    for (let attempt = 0; attempt <= this.#retries && reg === undefined; attempt++) {
      if (attempt > 0) await this.#sleep(this.#retryDelayMs * 2 ** (attempt - 1), signal);
      if (this.#time.now() >= start) throw await missed(last);
      try {
        reg = await this.#o.poet.submit({
          secretKey: this.#o.secretKey,
          genesisId: this.genesisId,
          challenge,
          roundId: String(round),
        });
      } catch (e) {
        signal?.throwIfAborted();
        const kind = classifyPoetError(e);
        if (kind === 'round-closed') throw await missed(e);
        if (kind === 'rejected')
          throw new ActivationError('poet-rejected', `PoET refused the registration`, {
            cause: e,
            publishEpoch: epoch,
          });
        last = e;
      }
    }
    if (reg === undefined)
      throw new ActivationError(
        'poet-unavailable',
        `PoET registration failed after ${this.#retries + 1} attempts`,
        { cause: last, publishEpoch: epoch },
      );
    const roundEndAt = this.#time.now() + Math.max(0, reg.roundEndMs);
    const next: NipostState = {
      ...s,
      phase: 'registered',
      registration: { roundId: reg.roundId, roundEndAt: BigInt(Math.ceil(roundEndAt)) },
    };
    await this.state.put(next);
    this.#emit({ type: 'poet-registered', publishEpoch: epoch, roundId: reg.roundId, roundEndAt });
    signal?.throwIfAborted();
    return next;
  }

  async #awaitPoetProof(s: NipostState, signal: AbortSignal | undefined): Promise<NipostState> {
    const epoch = s.publishEpoch;
    const reg = s.registration;
    if (reg === null)
      throw new ActivationError('corrupt-state', 'registered without a round', {
        publishEpoch: epoch,
      });
    await this.#sleepUntil(Number(reg.roundEndAt), signal);
    // The ATX is worth publishing until its publish epoch ends.
    const deadline = this.layers.epochToTime(epoch + 1);
    let failures = 0;
    let result: PoetRoundProof | null = null;
    for (;;) {
      try {
        result = await this.#o.poet.proof(reg.roundId);
      } catch (e) {
        signal?.throwIfAborted();
        if (++failures > this.#retries)
          throw new ActivationError(
            'poet-unavailable',
            `no usable proof of round ${reg.roundId} after ${failures} attempts`,
            { cause: e, publishEpoch: epoch },
          );
      }
      if (result !== null) break;
      if (this.#time.now() + this.#pollMs >= deadline)
        throw new ActivationError(
          'poet-proof-timeout',
          `no proof of round ${reg.roundId} before epoch ${epoch} ends`,
          { publishEpoch: epoch },
        );
      await this.#sleep(failures > 0 ? this.#retryDelayMs : this.#pollMs, signal);
    }
    const hash = nipostChallengeHash(s.challenge);
    const index = result.members.findIndex((m) => bytesEqual(m, hash));
    if (index < 0) {
      await this.state.discard(epoch);
      throw new ActivationError(
        'poet-not-member',
        `round ${reg.roundId}'s proof does not list our challenge`,
        { publishEpoch: epoch },
      );
    }
    const path = membershipProof(result.members, index);
    const record: PoetProofRecord = { statement: result.statement, proof: result.proof };
    const next: NipostState = {
      ...s,
      phase: 'poet-proof',
      poetProof: record,
      membership: { nodes: [...path.nodes], leafIndex: BigInt(index) },
    };
    await this.state.put(next);
    this.#emit({
      type: 'poet-proof',
      publishEpoch: epoch,
      roundId: reg.roundId,
      ref: result.proof.proof.root,
      leaves: result.proof.leaves,
      memberIndex: index,
      record,
    });
    signal?.throwIfAborted();
    return next;
  }

  async #provePost(s: NipostState, signal: AbortSignal | undefined): Promise<NipostState> {
    const root = s.poetProof?.proof.proof.root;
    if (root === undefined)
      throw new ActivationError('corrupt-state', 'no PoET proof on record', {
        publishEpoch: s.publishEpoch,
      });
    const post = await this.#prover.prove(root, signal);
    const next: NipostState = { ...s, phase: 'post-proven', post };
    await this.state.put(next);
    this.#emit({ type: 'post-proven', publishEpoch: s.publishEpoch });
    signal?.throwIfAborted();
    return next;
  }

  async #buildAtx(s: NipostState): Promise<NipostState> {
    const epoch = s.publishEpoch;
    const m = this.#o.post.metadata;
    const { membership, post, poetProof } = s;
    if (membership === null || post === null || poetProof === null)
      throw new ActivationError('corrupt-state', 'NIPoST incomplete at build', {
        publishEpoch: epoch,
      });
    if (m.nonce === null)
      throw new ActivationError('no-vrf-nonce', 'the PoST data has no VRF nonce', {
        publishEpoch: epoch,
      });
    const c = s.challenge;
    let vrfNonce: bigint | null = m.nonce;
    if (!bytesEqual(c.prevATXID, EMPTY_ATX_ID)) {
      // A follow-up repeats the nonce only when it changed or the units grew (activation.go).
      const prev = await this.#o.atxStore.header(c.prevATXID);
      if (prev !== undefined && prev.vrfNonce === m.nonce && m.numUnits <= prev.numUnits)
        vrfNonce = null;
    }
    const inner: InnerActivationTxV1 = {
      ...c,
      coinbase: this.#o.coinbase,
      numUnits: m.numUnits,
      nipost: {
        membership,
        post,
        postMetadata: { challenge: poetProof.proof.proof.root, labelsPerUnit: m.labelsPerUnit },
      },
      nodeID: null,
      vrfNonce,
    };
    const atx = signAtxV1(this.#o.secretKey, this.genesisId, inner);
    const next: NipostState = { ...s, phase: 'built', atx: encodeAtxV1(atx) };
    await this.state.put(next);
    this.#emit({ type: 'atx-built', publishEpoch: epoch, id: atxIdV1(atx) });
    return next;
  }

  async #publish(s: NipostState): Promise<NipostState> {
    const bytes = s.atx!;
    try {
      await this.#o.publish(bytes);
    } catch (e) {
      throw new ActivationError('publish-failed', `publishing the ATX of epoch ${s.publishEpoch}`, {
        cause: e,
        publishEpoch: s.publishEpoch,
      });
    }
    const next: NipostState = { ...s, phase: 'published' };
    await this.state.put(next);
    this.#emit({
      type: 'atx-published',
      publishEpoch: s.publishEpoch,
      id: atxIdFromState(s),
      bytes,
    });
    return next;
  }

  #emit(e: BuilderEvent): void {
    const listener = this.#o.onEvent;
    if (listener === undefined) return;
    try {
      listener(e);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  #sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
    return this.#sleepUntil(this.#time.now() + ms, signal);
  }

  /** Waits on the injected timer until the injected clock reads ≥ t. */
  async #sleepUntil(t: number, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const d = t - this.#time.now();
      if (d <= 0) return;
      await new Promise<void>((resolve, reject) => {
        const h = this.#timer.setTimeout(done, Math.min(d, MAX_DELAY_MS));
        function done() {
          signal?.removeEventListener('abort', abort);
          resolve();
        }
        const timer = this.#timer;
        function abort() {
          timer.clearTimeout(h);
          reject(signal?.reason);
        }
        signal?.addEventListener('abort', abort, { once: true });
      });
    }
  }
}

/** The id of the ATX on a built record. */
function atxIdFromState(s: NipostState): Uint8Array {
  if (s.atx === null) throw new ActivationError('corrupt-state', 'no ATX on record');
  return atxIdV1(decodeAtxV1(s.atx));
}
