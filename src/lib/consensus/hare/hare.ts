// The hare driver (go-spacemesh hare3/hare.go): one session per layer, rounds on the injected
// timer, messages validated (layer window, signature, malicious sender, eligibility) before the
// protocol sees them. The node creates one Hare and calls start(layer) at each layer tick.
import { bytesToHex } from '@noble/hashes/utils.js';
import type { TimeSource, Timer, TimerHandle } from '../../clock/interface.ts';
import type { NetworkConfig } from '../../config/types.ts';
import type { Gossip, ValidationResult } from '../../p2p/interface.ts';
import type { HareEligibility } from '../../types/common.ts';
import {
  absoluteRound,
  decodeSharedHareMessage,
  encodeHareMessage,
  hareMessageHash,
  HareRound,
  signHareMessage,
  validateHareMessage,
  verifyHareMessage,
} from '../../types/hare.ts';
import type { HareMessage } from '../../types/hare.ts';
import type { MalfeasanceProof } from '../../types/malfeasance.ts';
import { EligibilityError, HareMessageError } from './errors.ts';
import type { CommitteeWeights, HareOutput, HareSigner, WeakCoinOutput } from './interface.ts';
import { hareCommitteeFor, hareRoundCommittee, HareOracle } from './oracle.ts';
import { HareProtocol, isMessageRound } from './protocol.ts';
import type { IterRound, ProtocolOutput } from './protocol.ts';

export interface HareOptions {
  readonly network: NetworkConfig;
  readonly genesisId: Uint8Array;
  readonly time: TimeSource;
  readonly timer: Timer;
  readonly gossip: Gossip;
  readonly weights: CommitteeWeights;
  /** null: a node that only observes (validates and follows, never sends). */
  readonly signer: HareSigner | null;
  /** The node's proposal ids for the layer (already filtered: no malicious smeshers). */
  readonly proposals: (layer: number) => Promise<Uint8Array[]>;
  /** Wall time (ms) of a layer's start, from the LayerClock. */
  readonly layerStart: (layer: number) => number;
  /** Identities with a malfeasance proof; their messages are ignored. */
  readonly isMalicious?: (nodeId: Uint8Array) => Promise<boolean>;
  /** Failures of a seam during a round (proposals, weights, publish); the session goes on. */
  readonly onError?: (err: unknown) => void;
}

interface Session {
  readonly layer: number;
  readonly proto: HareProtocol;
  /** Wall time of the next tick. */
  walltime: number;
  handle: TimerHandle | null;
  /** This node's eligibility for the round the next tick executes. */
  eligibility: Promise<HareEligibility | null>;
}

export class Hare {
  readonly #o: HareOptions;
  readonly #oracle: HareOracle;
  readonly #sessions = new Map<number, Session>();
  /** Identities this hare caught equivocating (hare.go: atxsdata.SetMalicious). */
  readonly #malicious = new Set<string>();
  readonly #outputs: ((o: HareOutput) => void)[] = [];
  readonly #coins: ((c: WeakCoinOutput) => void)[] = [];
  readonly #proofs: ((p: MalfeasanceProof) => void)[] = [];
  #latest = -1;
  #stopped = false;
  readonly #unsubscribe: () => void;

  constructor(options: HareOptions) {
    this.#o = options;
    this.#oracle = new HareOracle({
      weights: options.weights,
      layersPerEpoch: options.network.layersPerEpoch,
      confidenceParam: options.network.hareEligibility.confidenceParam,
    });
    this.#unsubscribe = options.gossip.subscribe(options.network.hare.protocolName, (_from, data) =>
      this.#handle(data),
    );
  }

  onOutput(cb: (o: HareOutput) => void): void {
    this.#outputs.push(cb);
  }

  onCoin(cb: (c: WeakCoinOutput) => void): void {
    this.#coins.push(cb);
  }

  onMalfeasance(cb: (p: MalfeasanceProof) => void): void {
    this.#proofs.push(cb);
  }

  /** Layers with a running session, ascending. */
  get running(): number[] {
    return [...this.#sessions.keys()].sort((a, b) => a - b);
  }

  /** hare.go onLayer: opens the layer's session; its preround runs after the preround delay. */
  start(layer: number): void {
    const cfg = this.#o.network.hare;
    if (this.#stopped || layer < cfg.enableLayer || this.#sessions.has(layer)) return;
    if (layer <= this.#latest) return; // a layer is run once, in order
    this.#latest = layer;
    const session: Session = {
      layer,
      proto: new HareProtocol(Math.floor(hareCommitteeFor(cfg, layer) / 2) + 1),
      walltime: this.#o.layerStart(layer) + cfg.preroundDelayMs,
      handle: null,
      eligibility: this.#eligibility(layer, { iter: 0, round: HareRound.PREROUND }),
    };
    this.#sessions.set(layer, session);
    this.#schedule(session, () => this.#guard(this.#preround(session)));
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe();
    for (const s of this.#sessions.values())
      if (s.handle !== null) this.#o.timer.clearTimeout(s.handle);
    this.#sessions.clear();
  }

  /**
   * Validates and applies one gossiped hare message. Throws HareMessageError (its `result` is
   * the gossip verdict); resolves when the protocol took the message.
   */
  async receive(data: Uint8Array): Promise<void> {
    let msg: HareMessage;
    try {
      msg = decodeSharedHareMessage(data);
    } catch (err) {
      throw new HareMessageError('malformed', 'not a hare message', { cause: err });
    }
    const structure = msg.round > HareRound.NOTIFY ? 'unknown round' : validateHareMessage(msg);
    if (structure !== null) throw new HareMessageError('invalid-structure', structure);
    this.#session(msg.layer);
    if (!verifyHareMessage(this.#o.genesisId, msg))
      throw new HareMessageError('invalid-signature', 'bad hare message signature');
    await this.#checkMalicious(msg.sender);
    try {
      await this.#oracle.validateHare(
        this.#o.network.hare,
        msg.sender,
        msg.layer,
        msg.iter,
        msg.round,
        msg.eligibility,
      );
    } catch (err) {
      if (!(err instanceof EligibilityError)) throw err;
      throw new HareMessageError('not-eligible', err.message, { eligibility: err.reason });
    }
    // The session may have ended, or the sender been caught, while the checks awaited.
    const session = this.#session(msg.layer);
    if (this.#malicious.has(bytesToHex(msg.sender)))
      throw new HareMessageError('malicious-sender', 'sender equivocated');
    const input = {
      message: msg,
      msgHash: hareMessageHash(msg),
      atxGrade: 5,
      malicious: false,
    } as const;
    const { gossip, equivocation } = session.proto.onInput(msg.layer, input);
    if (equivocation !== null) {
      this.#malicious.add(bytesToHex(msg.sender));
      for (const cb of this.#proofs) cb(equivocation);
    }
    if (!gossip) throw new HareMessageError('duplicate', 'message already received');
  }

  async #handle(data: Uint8Array): Promise<ValidationResult> {
    try {
      await this.receive(data);
      return 'accept';
    } catch (err) {
      return err instanceof HareMessageError ? err.result : 'ignore';
    }
  }

  #session(layer: number): Session {
    const session = this.#sessions.get(layer);
    if (session !== undefined) return session;
    if (layer > this.#latest)
      throw new HareMessageError('layer-in-future', `layer ${layer} has not started`);
    throw new HareMessageError('layer-too-old', `layer ${layer} is over`);
  }

  async #checkMalicious(nodeId: Uint8Array): Promise<void> {
    if (this.#malicious.has(bytesToHex(nodeId)) || (await this.#o.isMalicious?.(nodeId)) === true)
      throw new HareMessageError('malicious-sender', 'sender is a known malicious identity');
  }

  // legacy_oracle.go active: this node's seats for a message round, or null.
  async #eligibility(layer: number, ir: IterRound): Promise<HareEligibility | null> {
    const signer = this.#o.signer;
    if (signer === null || !isMessageRound(ir.round)) return null;
    try {
      const committee = hareRoundCommittee(this.#o.network.hare, layer, ir.round);
      const round = absoluteRound(ir.iter, ir.round);
      return await this.#oracle.prove(signer.secretKey, signer.nodeId, layer, round, committee);
    } catch (err) {
      // legacy_oracle.go active: any failure means "not active" for this round.
      if (!(err instanceof EligibilityError)) this.#o.onError?.(err);
      return null;
    }
  }

  #guard(p: Promise<void>): void {
    p.catch((err: unknown) => this.#o.onError?.(err));
  }

  #schedule(session: Session, fn: () => void): void {
    const delayMs = Math.max(0, session.walltime - this.#o.time.now());
    session.handle = this.#o.timer.setTimeout(fn, delayMs);
  }

  async #preround(session: Session): Promise<void> {
    const eligibility = await session.eligibility;
    // hare.go run: the initial set is only needed by a node active in the preround.
    if (eligibility !== null) session.proto.onInitial(await this.#initialSet(session.layer));
    if (this.#sessions.get(session.layer) !== session) return;
    const current = session.proto.current;
    await this.#afterTick(session, current, session.proto.next(), eligibility);
  }

  // hare.go selectProposals: on failure the node proposes nothing rather than skip the layer.
  async #initialSet(layer: number): Promise<Uint8Array[]> {
    try {
      return await this.#o.proposals(layer);
    } catch (err) {
      this.#o.onError?.(err);
      return [];
    }
  }

  async #round(session: Session): Promise<void> {
    // next() runs in the timer callback itself, before any await: every message delivered
    // before the tick counts in this round, none after.
    const current = session.proto.current;
    const out = session.proto.next();
    await this.#afterTick(session, current, out, await session.eligibility);
  }

  async #afterTick(
    session: Session,
    current: IterRound,
    out: ProtocolOutput,
    eligibility: HareEligibility | null,
  ): Promise<void> {
    if (this.#stopped) return;
    const done = out.terminated || current.iter >= this.#o.network.hare.iterationsLimit;
    if (done) {
      this.#sessions.delete(session.layer);
    } else {
      session.walltime += this.#o.network.hare.roundDurationMs;
      session.eligibility = this.#eligibility(session.layer, session.proto.current);
      this.#schedule(session, () => this.#guard(this.#round(session)));
    }
    if (out.coin !== undefined)
      for (const cb of this.#coins) cb({ layer: session.layer, coin: out.coin });
    if (out.result !== undefined)
      for (const cb of this.#outputs) cb({ layer: session.layer, proposals: out.result });
    const signer = this.#o.signer;
    if (out.message === undefined || eligibility === null || signer === null) return;
    const msg = signHareMessage(signer.secretKey, this.#o.genesisId, {
      layer: session.layer,
      iter: out.message.iter,
      round: out.message.round,
      value: out.message.value,
      eligibility,
    });
    await this.#o.gossip.publish(this.#o.network.hare.protocolName, encodeHareMessage(msg));
  }
}
