// Per-epoch protocol state (go-spacemesh beacon/state.go, beacon.go initEpochStateIfNotPresent):
// who may take part, how each proposal was classified, the running vote margins and who has
// already proposed or voted. Created when the protocol starts for the epoch or when the first
// early proposal for it arrives, whichever comes first.
import { bytesToHex } from '@noble/hashes/utils.js';
import type { BeaconConfig } from '../../config/types.ts';
import type { BeaconAtx, BeaconWeights } from './interface.ts';
import { ProposalChecker } from './threshold.ts';
import { proposalKey, votedFor } from './votes.ts';

export interface MinerInfo {
  readonly atx: BeaconAtx;
  readonly malicious: boolean;
}

export const nodeKey = (nodeId: Uint8Array): string => bytesToHex(nodeId);

export class EpochState {
  readonly epoch: number;
  /** Sum of the weights of the epoch's ATXs from smeshers without a malfeasance proof. */
  readonly epochWeight: bigint;
  readonly miners: ReadonlyMap<string, MinerInfo>;
  readonly checker: ProposalChecker;
  readonly valid = new Set<string>();
  readonly potentiallyValid = new Set<string>();
  /**
   * Proposal → its slot in the margins (Σ weight for − Σ weight against); only classified
   * proposals have one. Every node adds every voter's weight to each of up to votesLimit
   * margins each round — at 1,500 smeshers, hundreds of millions of additions an epoch — so the
   * margins are doubles while every sum is an exact integer (|x| ≤ 2^53 − 1), and bigints from
   * the first addition that would leave that range.
   */
  readonly #slots = new Map<string, number>();
  #margins = new Float64Array(8);
  #bigMargins: bigint[] | undefined;
  /**
   * Each voter's first-round list (valid ‖ potentially valid, capped) as proposal keys: the
   * bit-vector positions of its later votes. Lists are shared (handlers.ts), never written.
   */
  readonly firstRoundVotes = new Map<string, readonly string[]>();
  /**
   * A first-round list's entries as slots in these margins (−1: not classified here), made when
   * the list first votes — each voter votes on its list once a round — and made again when a
   * proposal was classified since (`classified`: how many were then).
   */
  readonly #listSlots = new WeakMap<
    readonly string[],
    { readonly classified: number; readonly slots: Int32Array }
  >();
  readonly proposed = new Set<string>();
  /** Rounds each smesher voted in, as a bit mask (bit r: round r). */
  readonly voted = new Map<string, bigint>();
  /** When the local proposal phase ended; undefined while it runs (or has not started). */
  proposalPhaseFinished: number | undefined;

  constructor(
    epoch: number,
    epochWeight: bigint,
    miners: ReadonlyMap<string, MinerInfo>,
    checker: ProposalChecker,
  ) {
    this.epoch = epoch;
    this.epochWeight = epochWeight;
    this.miners = miners;
    this.checker = checker;
  }

  addValidProposal(p: Uint8Array): void {
    this.valid.add(proposalKey(p));
    this.#addMargin(proposalKey(p));
  }

  addPotentiallyValidProposal(p: Uint8Array): void {
    this.potentiallyValid.add(proposalKey(p));
    this.#addMargin(proposalKey(p));
  }

  /** Each classified proposal's margin: Σ weight for − Σ weight against. */
  get margins(): ReadonlyMap<string, bigint> {
    const out = new Map<string, bigint>();
    for (const [key, slot] of this.#slots)
      out.set(key, this.#bigMargins?.[slot] ?? BigInt(this.#margins[slot]!));
    return out;
  }

  /**
   * One voter's votes on its first-round list, with its weight: round 0 supports the list's
   * first `votes` entries (its valid proposals) and opposes the rest; later rounds pass the bit
   * vector (`votedFor`). Votes on proposals this node never classified are ignored, as go does.
   */
  addVotes(list: readonly string[], votes: number | Uint8Array, weight: bigint): void {
    let cached = this.#listSlots.get(list);
    if (cached === undefined || cached.classified !== this.#slots.size) {
      const slots = new Int32Array(list.length);
      for (let i = 0; i < list.length; i++) slots[i] = this.#slots.get(list[i]!) ?? -1;
      cached = { classified: this.#slots.size, slots };
      this.#listSlots.set(list, cached);
    }
    const slots = cached.slots;
    const w = Number(weight);
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i]!;
      if (slot < 0) continue;
      const up = typeof votes === 'number' ? i < votes : votedFor(votes, i);
      if (this.#bigMargins === undefined && w <= Number.MAX_SAFE_INTEGER) {
        const m = up ? this.#margins[slot]! + w : this.#margins[slot]! - w;
        if (Math.abs(m) <= Number.MAX_SAFE_INTEGER) {
          this.#margins[slot] = m;
          continue;
        }
        // Every margin so far is exact; from here on all of them are bigints.
        this.#bigMargins = Array.from(this.#margins, (x) => BigInt(x));
      }
      const big = (this.#bigMargins ??= Array.from(this.#margins, (x) => BigInt(x)));
      big[slot] = up ? big[slot]! + weight : big[slot]! - weight;
    }
  }

  #addMargin(key: string): void {
    if (this.#slots.has(key)) return;
    const slot = this.#slots.size;
    this.#slots.set(key, slot);
    if (this.#bigMargins !== undefined) {
      this.#bigMargins[slot] = 0n;
    } else if (slot >= this.#margins.length) {
      const grown = new Float64Array(this.#margins.length * 2);
      grown.set(this.#margins);
      this.#margins = grown;
    }
  }

  /** False when the smesher already proposed this epoch. */
  registerProposed(nodeId: Uint8Array): boolean {
    const k = nodeKey(nodeId);
    if (this.proposed.has(k)) return false;
    this.proposed.add(k);
    return true;
  }

  /** False when the smesher already voted in this round. */
  registerVoted(nodeId: Uint8Array, round: number, k = nodeKey(nodeId)): boolean {
    const rounds = this.voted.get(k) ?? 0n;
    const bit = 1n << BigInt(round);
    if ((rounds & bit) !== 0n) return false;
    this.voted.set(k, rounds | bit);
    return true;
  }

  /** Vote weight of a miner: 0 when it has a malfeasance proof. */
  voteWeight(info: MinerInfo): bigint {
    return info.malicious ? 0n : info.atx.weight;
  }
}

/**
 * Builds the state for `epoch` from the ATXs targeting it. Thresholds count ATXs as go does:
 * those received a grace period before the epoch start (lenient threshold) and those received
 * by the epoch start (strict threshold). A smesher's first ATX in the list wins.
 */
export async function buildEpochState(
  epoch: number,
  config: BeaconConfig,
  weights: BeaconWeights,
  epochStart: number,
): Promise<EpochState> {
  const atxs = await weights.atxs(epoch);
  const miners = new Map<string, MinerInfo>();
  const early = epochStart - config.gracePeriodMs;
  let epochWeight = 0n;
  let w1 = 0;
  let w2 = 0;
  for (const atx of atxs) {
    const malicious = await weights.isMalicious(atx.nodeId);
    if (!malicious) epochWeight += atx.weight;
    const k = nodeKey(atx.nodeId);
    if (miners.has(k)) continue;
    miners.set(k, { atx, malicious });
    const received = atx.received ?? Number.NEGATIVE_INFINITY;
    if (received < early) w1++;
    else if (received < epochStart) w2++;
  }
  const checker = new ProposalChecker(config.kappa, config.q, w1, w1 + w2);
  return new EpochState(epoch, epochWeight, miners, checker);
}
