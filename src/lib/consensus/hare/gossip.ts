// hare3's graded gossip, gradecast and threshold gossip (go-spacemesh hare3/protocol.go, the
// `gossip` type; Protocols 1–3 of the hare3 paper). Go iterates maps here; this file sorts by
// bytes wherever an order could leak into the outcome, so every node computes the same thing.
import { bytesToHex } from '@noble/hashes/utils.js';
import { compareBytes, equalBytes } from '../../bytes.ts';
import type { HareProofMsg } from '../../types/malfeasance.ts';
import { absoluteRound, HareRound, hareMetadata } from '../../types/hare.ts';
import type { HareMessage } from '../../types/hare.ts';

export type Grade = 0 | 1 | 2 | 3 | 4 | 5;

export interface IterRound {
  readonly iter: number;
  readonly round: number;
}

/** A validated message as the protocol takes it (protocol.go `input`). */
export interface ProtocolInput {
  readonly message: HareMessage;
  /** blake3(SCALE(Body)), the equivocation key. */
  readonly msgHash: Uint8Array;
  /** Grade of the sender's ATX; the legacy oracle gives 5 to every valid eligibility. */
  readonly atxGrade: Grade;
  /** The sender was known to be malicious when the message arrived. */
  readonly malicious: boolean;
}

interface Entry {
  input: ProtocolInput;
  malicious: boolean;
  received: IterRound;
  otherReceived: IterRound | null;
}

export interface GradedSet {
  readonly values: Uint8Array[];
  readonly grade: Grade;
  readonly smallest: Uint8Array;
}

/**
 * IterRound.Delay: network delays between `since` and `ir`; the skipped hardlock of iteration 0
 * does not count.
 */
export function delay(ir: IterRound, since: IterRound): number {
  const a = absoluteRound(ir.iter, ir.round);
  const b = absoluteRound(since.iter, since.round);
  if (a <= b) return 0;
  const d = a - b;
  return since.iter === 0 && since.round === HareRound.PREROUND ? d - 1 : d;
}

/**
 * IterRound.Grade: 6 − delay, floored at 0. (Go computes it in uint32 and truncates to uint8, so
 * a message more than six delays late wraps to grade 255; this floors it at 0 as the paper means.)
 */
export function gradeOf(received: IterRound, since: IterRound): number {
  return Math.max(6 - delay(received, since), 0);
}

/** Value.Proposals ordering and LE comparison of VRF proofs (types.VrfSignature.Cmp). */
export function compareVrf(a: Uint8Array, b: Uint8Array): number {
  for (let i = a.length - 1; i >= 0; i--) {
    const d = a[i]! - b[i]!;
    if (d !== 0) return d;
  }
  return 0;
}

function toProofMsg(m: HareMessage): HareProofMsg {
  return { innerMsg: hareMetadata(m), smesherID: m.sender, signature: m.signature };
}

function isRound(input: ProtocolInput, ir: IterRound): boolean {
  return input.message.iter === ir.iter && input.message.round === ir.round;
}

interface Tally<T> {
  id: T;
  total: number;
  valid: number;
}

export class GradedGossip {
  readonly threshold: number;
  readonly #state = new Map<string, Entry>();

  constructor(threshold: number) {
    this.threshold = threshold;
  }

  /**
   * gossip.receive: whether to relay the message, and the two signed messages when it is the
   * sender's second, different message for the same iteration and round.
   */
  receive(
    current: IterRound,
    input: ProtocolInput,
  ): { gossip: boolean; equivocation: [HareProofMsg, HareProofMsg] | null } {
    const m = input.message;
    const key = `${absoluteRound(m.iter, m.round)}:${bytesToHex(m.sender)}`;
    const other = this.#state.get(key);
    if (other === undefined) {
      this.#state.set(key, {
        input,
        malicious: input.malicious,
        received: current,
        otherReceived: null,
      });
      return { gossip: true, equivocation: null };
    }
    if (equalBytes(other.input.msgHash, input.msgHash) || other.malicious)
      return { gossip: false, equivocation: null };
    if (input.atxGrade > other.input.atxGrade) {
      this.#state.set(key, {
        input,
        malicious: true,
        received: current,
        otherReceived: other.received,
      });
    } else {
      other.malicious = true;
      other.otherReceived = current;
    }
    return { gossip: true, equivocation: [toProofMsg(other.input.message), toProofMsg(m)] };
  }

  /** Protocol 2, gradecast (with 5-graded gossip), ordered by the senders' VRF proofs. */
  gradecast(target: IterRound): GradedSet[] {
    const out: GradedSet[] = [];
    for (const e of this.#state.values()) {
      if (!isRound(e.input, target) || (e.malicious && e.otherReceived === null)) continue;
      const d = delay(e.received, target);
      const od = e.otherReceived === null ? Infinity : delay(e.otherReceived, target);
      const values = e.input.message.value.proposals;
      const smallest = e.input.message.eligibility.proof;
      if (e.input.atxGrade === 5 && d <= 1 && od > 3) out.push({ grade: 2, values, smallest });
      else if (e.input.atxGrade >= 4 && d <= 2 && od > 2) out.push({ grade: 1, values, smallest });
    }
    return out.sort((a, b) => compareVrf(a.smallest, b.smallest));
  }

  /** Protocol 3, threshold gossip: the sorted union of proposal ids past the threshold. */
  thresholdGossip(filter: IterRound, grade: number): Uint8Array[] {
    const tallies = this.#tallies(filter, grade, (e) => e.input.message.value.proposals);
    return this.#passing(tallies).sort(compareBytes);
  }

  /** References (commit / notify) past the threshold, in byte order. */
  thresholdGossipRef(filter: IterRound, grade: number): Uint8Array[] {
    const tallies = this.#tallies(filter, grade, (e) => {
      const ref = e.input.message.value.reference;
      return ref === null ? [] : [ref];
    });
    return this.#passing(tallies).sort(compareBytes);
  }

  #passing(tallies: Map<string, Tally<Uint8Array>>): Uint8Array[] {
    const out: Uint8Array[] = [];
    // At least one non-equivocating vote and committee/2 + 1 in all.
    for (const t of tallies.values()) if (t.total >= this.threshold && t.valid > 0) out.push(t.id);
    return out;
  }

  // thresholdTallies: only senders whose ATX grade reaches the lowest grade of an honest sender
  // received with at least `grade` are counted.
  #tallies(
    filter: IterRound,
    grade: number,
    ids: (e: Entry) => Uint8Array[],
  ): Map<string, Tally<Uint8Array>> {
    let min = 5;
    for (const e of this.#state.values())
      if (isRound(e.input, filter) && !e.malicious && gradeOf(e.received, filter) >= grade)
        min = Math.min(min, e.input.atxGrade);
    const all = new Map<string, Tally<Uint8Array>>();
    for (const e of this.#state.values()) {
      if (!isRound(e.input, filter) || e.input.atxGrade < min) continue;
      if (gradeOf(e.received, filter) < grade) continue;
      const count = e.input.message.eligibility.count;
      for (const id of ids(e)) {
        const key = bytesToHex(id);
        const t = all.get(key) ?? { id, total: 0, valid: 0 };
        t.total += count;
        if (!e.malicious) t.valid += count;
        all.set(key, t);
      }
    }
    return all;
  }
}
