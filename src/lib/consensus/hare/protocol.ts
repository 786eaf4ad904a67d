// The hare3 state machine of one layer (go-spacemesh hare3/protocol.go, section 4.3 of the hare3
// paper): a preround, then iterations of hardlock, softlock, propose, wait1, wait2, commit and
// notify. Pure and synchronous: the driver (hare.ts) feeds it validated messages and calls
// next() once per round tick; next() says what to send and whether the layer has a result.
import { bytesToHex } from '@noble/hashes/utils.js';
import { compareBytes, equalBytes } from '../../bytes.ts';
import { blake3 } from '../../crypto/hash.ts';
import { HareRound } from '../../types/hare.ts';
import type { HareValue } from '../../types/hare.ts';
import { MalfeasanceType } from '../../types/malfeasance.ts';
import type { MalfeasanceProof } from '../../types/malfeasance.ts';
import { compareVrf, GradedGossip } from './gossip.ts';
import type { IterRound, ProtocolInput } from './gossip.ts';

export type { IterRound, ProtocolInput } from './gossip.ts';

/** What one round tick produced (protocol.go `output`). */
export interface ProtocolOutput {
  /** The weak coin, once, at the first softlock (LSB of the smallest preround VRF proof). */
  readonly coin?: boolean;
  /** The agreed proposal set, at the hardlock after a notify threshold (may be empty). */
  readonly result?: Uint8Array[];
  /** The protocol ran one more iteration after its result: the session is over. */
  readonly terminated: boolean;
  /** The message to send this round (the driver adds layer, eligibility, sender, signature). */
  readonly message?: { readonly iter: number; readonly round: number; readonly value: HareValue };
}

/** types.CalcProposalHash32Presorted(ids, nil): the reference commit and notify carry. */
export function proposalsHash(sorted: Uint8Array[]): Uint8Array {
  return blake3(...sorted);
}

function isSubset(s: Uint8Array[], v: Uint8Array[]): boolean {
  const set = new Set(v.map(bytesToHex));
  return s.every((id) => set.has(bytesToHex(id)));
}

/** IterRound.IsMessageRound. */
export function isMessageRound(round: number): boolean {
  return (
    round === HareRound.PREROUND ||
    round === HareRound.PROPOSE ||
    round === HareRound.COMMIT ||
    round === HareRound.NOTIFY
  );
}

const PREROUND: IterRound = { iter: 0, round: HareRound.PREROUND };

export class HareProtocol {
  #iter = 0;
  #round: number = HareRound.PREROUND;
  #coinOut = false;
  #coin: Uint8Array | null = null;
  #initial: Uint8Array[] = [];
  #result: Uint8Array | null = null;
  #locked: Uint8Array | null = null;
  #hardLocked = false;
  readonly #validProposals = new Map<string, Uint8Array[]>();
  readonly #gossip: GradedGossip;

  /** `threshold` = committee/2 + 1 (hare.go onLayer). */
  constructor(threshold: number) {
    this.#gossip = new GradedGossip(threshold);
  }

  /** The round the next call to next() executes. */
  get current(): IterRound {
    return { iter: this.#iter, round: this.#round };
  }

  /** Si: this node's own proposal set for the preround (sorted by the caller or here). */
  onInitial(proposals: Uint8Array[]): void {
    this.#initial = [...proposals].sort(compareBytes);
  }

  /**
   * protocol.go OnInput: whether the message is new (relay it) and, for a sender's second
   * different message in one round, the hare equivocation proof.
   */
  onInput(
    layer: number,
    input: ProtocolInput,
  ): { gossip: boolean; equivocation: MalfeasanceProof | null } {
    const { gossip, equivocation } = this.#gossip.receive(this.current, input);
    if (gossip && input.message.round === HareRound.PREROUND) {
      const proof = input.message.eligibility.proof;
      if (this.#coin === null || compareVrf(proof, this.#coin) < 0) this.#coin = proof;
    }
    if (equivocation === null) return { gossip, equivocation: null };
    return {
      gossip,
      equivocation: {
        layer,
        proof: { type: MalfeasanceType.HARE_EQUIVOCATION, messages: equivocation },
      },
    };
  }

  /** protocol.go Next: executes the current round and moves to the next one. */
  next(): ProtocolOutput {
    const out = this.#execute();
    let coin: boolean | undefined;
    if (this.#round >= HareRound.SOFTLOCK && this.#coin !== null && !this.#coinOut) {
      coin = (this.#coin[0]! & 1) !== 0;
      this.#coinOut = true;
    }
    if (this.#round === HareRound.PREROUND && this.#iter === 0) {
      // Iteration 0 skips hardlock: nothing can be locked yet.
      this.#round = HareRound.SOFTLOCK;
    } else if (this.#round === HareRound.NOTIFY) {
      this.#round = HareRound.HARDLOCK;
      this.#iter++;
    } else {
      this.#round++;
    }
    return coin === undefined ? out : { ...out, coin };
  }

  // The first threshold reference (in byte order) whose proposal set this node validated.
  #thresholdProposals(ir: IterRound, grade: number): [Uint8Array, Uint8Array[]] | null {
    for (const ref of this.#gossip.thresholdGossipRef(ir, grade)) {
      const valid = this.#validProposals.get(bytesToHex(ref));
      if (valid !== undefined) return [ref, valid];
    }
    return null;
  }

  #commitExists(iter: number, match: Uint8Array, grade: number): boolean {
    return this.#gossip
      .thresholdGossipRef({ iter, round: HareRound.COMMIT }, grade)
      .some((ref) => equalBytes(ref, match));
  }

  #execute(): ProtocolOutput {
    const iter = this.#iter;
    const round = this.#round;
    const send = (value: HareValue) => ({ iter, round, value });
    const g = this.#gossip;
    switch (round) {
      case HareRound.PREROUND:
        return { terminated: false, message: send({ proposals: this.#initial, reference: null }) };
      case HareRound.HARDLOCK: {
        if (iter === 0) return { terminated: false };
        const terminated = this.#result !== null;
        let result: Uint8Array[] | undefined;
        const notified = this.#thresholdProposals({ iter: iter - 1, round: HareRound.NOTIFY }, 5);
        if (notified !== null && this.#result === null) {
          this.#result = notified[0];
          result = notified[1];
        }
        const committed = this.#thresholdProposals({ iter: iter - 1, round: HareRound.COMMIT }, 4);
        this.#locked = committed === null ? null : committed[0];
        this.#hardLocked = committed !== null;
        return result === undefined ? { terminated } : { terminated, result };
      }
      case HareRound.SOFTLOCK: {
        if (iter > 0 && !this.#hardLocked) {
          const soft = this.#thresholdProposals({ iter: iter - 1, round: HareRound.COMMIT }, 3);
          this.#locked = soft === null ? null : soft[0];
        }
        return { terminated: false };
      }
      case HareRound.PROPOSE: {
        let values = g.thresholdGossip(PREROUND, 4);
        if (iter > 0) {
          const prev = this.#thresholdProposals({ iter: iter - 1, round: HareRound.COMMIT }, 2);
          if (prev !== null) values = prev[1];
        }
        return { terminated: false, message: send({ proposals: values, reference: null }) };
      }
      case HareRound.COMMIT:
        return this.#commit(iter, send);
      case HareRound.NOTIFY: {
        let ref = this.#result;
        if (ref === null) {
          const committed = this.#thresholdProposals({ iter, round: HareRound.COMMIT }, 5);
          ref = committed === null ? null : committed[0];
        }
        if (ref === null) return { terminated: false };
        return { terminated: false, message: send({ proposals: [], reference: ref }) };
      }
      default: // wait1, wait2
        return { terminated: false };
    }
  }

  #commit(
    iter: number,
    send: (value: HareValue) => NonNullable<ProtocolOutput['message']>,
  ): ProtocolOutput {
    const g = this.#gossip;
    // Condition (d) of the paper holds by ordering the proposed sets by their leaders' VRFs.
    const proposed = g.gradecast({ iter, round: HareRound.PROPOSE });
    const g2values = g.thresholdGossip(PREROUND, 2);
    for (const graded of proposed) {
      // Conditions (a) and (b); grade-0 sets never reach here.
      if (isSubset(graded.values, g2values))
        this.#validProposals.set(bytesToHex(proposalsHash(graded.values)), graded.values);
    }
    if (this.#hardLocked && this.#locked !== null)
      return { terminated: false, message: send({ proposals: [], reference: this.#locked }) };
    const g3values = g.thresholdGossip(PREROUND, 3);
    const g5values = g.thresholdGossip(PREROUND, 5);
    for (const graded of proposed) {
      const id = proposalsHash(graded.values);
      if (!this.#validProposals.has(bytesToHex(id))) continue; // (c)
      if (graded.grade !== 2) continue; // (e)
      if (!isSubset(graded.values, g3values)) continue; // (f)
      if (!isSubset(g5values, graded.values) && !this.#commitExists(iter - 1, id, 1)) continue; // (g)
      if (this.#locked !== null && !equalBytes(this.#locked, id)) continue; // (h)
      return { terminated: false, message: send({ proposals: [], reference: id }) };
    }
    return { terminated: false };
  }
}
