// The PoET server's core, hosted by src/cli/poet: registration (poet registration/) and the
// round worker (poet service/). Registrations go to the open round and are acknowledged once
// durable; when a round's start arrives its challenges, ordered by node id, become the
// membership tree whose root salts the sequential work, which runs until the round's end and
// checkpoints on the way, so a restarted server resumes the tree instead of starting over.
import { Domain, verify } from '../crypto/signing.ts';
import { configGenesisId } from '../config/genesis.ts';
import type { NetworkConfig } from '../config/types.ts';
import {
  alreadySubmittedInfo,
  encodeDuration,
  GrpcCode,
  PoetApiError,
  type InfoResponse,
  type PowParamsResponse,
  type ProofResponse,
  type SubmitRequest,
  type SubmitResponse,
} from './api.ts';
import type { PoetHasher } from './hash.ts';
import { membershipRoot } from './membership.ts';
import { NODE_ID_LENGTH, verifyPow } from './pow.ts';
import { Prover } from './prover.ts';
import { openRoundId, roundConfigOf, roundEnd, roundStart, type RoundConfig } from './round.ts';
import { T } from './shared.ts';
import type {
  CheckpointedTreeStore,
  ExecutionState,
  PoetStore,
  PowChallenges,
  Registration,
} from './store.ts';
import { PoetVerificationError } from './errors.ts';

export const CHALLENGE_LENGTH = 32;

export interface PoetServiceOptions {
  /** The network, with its genesis time fixed. */
  readonly network: NetworkConfig;
  readonly store: PoetStore;
  readonly hasher: PoetHasher;
  readonly servicePublicKey: Uint8Array;
  readonly powDifficulty: number;
  readonly now?: () => number;
  /** Lets the host serve requests between batches of leaves (Node: setImmediate). */
  readonly yieldToHost?: () => Promise<void>;
  readonly batchMs?: number;
  readonly checkpointMs?: number;
  readonly random?: (n: number) => Uint8Array;
  readonly log?: (line: string) => void;
  /** Waits `ms` (default: the host's setTimeout); the simulation passes its virtual timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * Simulated sequential work: a round gets exactly this many leaves per second of its duration
   * instead of as many as the CPU hashes. For the deterministic simulation, where time is virtual
   * and hashing "until the round ends" would never end; absent in every real deployment.
   */
  readonly leavesPerSecond?: number;
}

interface Execution {
  state: ExecutionState;
  prover: Prover;
  tree: CheckpointedTreeStore;
  endMs: number;
  lastCheckpointMs: number;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const compare = (a: Uint8Array, b: Uint8Array) => {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
};
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class PoetService {
  readonly rounds: RoundConfig;
  readonly #o: Required<Omit<PoetServiceOptions, 'network' | 'leavesPerSecond'>> &
    Pick<PoetServiceOptions, 'leavesPerSecond'>;
  readonly #prefix: Uint8Array;
  #pow: PowChallenges;
  #open = 0;
  /** nodeId hex → challenge, for the open round (acknowledged or being written). */
  #members = new Map<string, Registration>();
  #pending = new Set<Promise<void>>();
  #queue: ExecutionState[] = [];
  #executing: Execution | null = null;
  #stopped = false;
  #running: Promise<void> | null = null;

  private constructor(o: PoetServiceOptions, pow: PowChallenges) {
    this.rounds = roundConfigOf(o.network);
    this.#o = {
      now: () => Date.now(),
      yieldToHost: () => sleep(0),
      batchMs: 20,
      checkpointMs: 1000,
      random: (n) => crypto.getRandomValues(new Uint8Array(n)),
      log: () => {},
      sleep,
      ...o,
    };
    this.#prefix = new Uint8Array([...configGenesisId(o.network), Domain.POET]);
    this.#pow = pow;
  }

  /** Loads persisted state: PoW challenges, the open round's registrations, unfinished rounds. */
  static async open(o: PoetServiceOptions): Promise<PoetService> {
    const random = o.random ?? ((n: number) => crypto.getRandomValues(new Uint8Array(n)));
    let pow = await o.store.loadPowChallenges();
    if (!pow) {
      pow = { current: random(32), previous: null };
      await o.store.savePowChallenges(pow);
    }
    const s = new PoetService(o, { ...pow });
    const now = s.#o.now();
    s.#open = openRoundId(s.rounds, now);
    for (const r of await o.store.registrations(s.#open)) s.#members.set(hex(r.nodeId), r);
    const executions = await o.store.executions();
    const known = new Set(executions.map((e) => e.round));
    // Rounds whose registration closed while the server was down still get their proof, unless
    // they have ended too (poet skips past rounds rather than prove a token number of leaves).
    for (const round of await o.store.registrationRounds()) {
      if (round >= s.#open || known.has(round) || (await o.store.loadProof(round))) continue;
      if (roundEnd(s.rounds, round) <= now) {
        s.#o.log(`skipping past round ${round}`);
        continue;
      }
      executions.push(await s.#closeRound(round, await o.store.registrations(round), now));
    }
    s.#queue = executions.sort((a, b) => a.round - b.round);
    s.#o.log(`open round ${s.#open} with ${s.#members.size} registrations`);
    return s;
  }

  get openRound(): number {
    return this.#open;
  }

  /** Registrations of the open round (acknowledged or being written). */
  get openRoundRegistrations(): number {
    return this.#members.size;
  }

  /** The round being proven and its leaves so far (null when idle). */
  get executing(): { round: number; leaves: number } | null {
    const e = this.#executing;
    return e ? { round: e.state.round, leaves: e.prover.leaves } : null;
  }

  info(): InfoResponse {
    return {
      servicePubkey: this.#o.servicePublicKey,
      phaseShiftMs: this.rounds.phaseShiftMs,
      cycleGapMs: this.rounds.cycleGapMs,
    };
  }

  powParams(): PowParamsResponse {
    return { challenge: this.#pow.current, difficulty: this.#o.powDifficulty };
  }

  async submit(req: SubmitRequest): Promise<SubmitResponse> {
    const bad = (m: string) => new PoetApiError(GrpcCode.INVALID_ARGUMENT, m);
    if (req.pubkey.length !== NODE_ID_LENGTH) throw bad('invalid public key');
    if (req.challenge.length !== CHALLENGE_LENGTH)
      throw bad(`challenge must be ${CHALLENGE_LENGTH} bytes`);
    if (compare(req.prefix, this.#prefix) !== 0)
      throw bad('signature prefix is not this network’s genesis id and POET domain');
    if (
      !verify(req.pubkey, this.#prefix.subarray(0, 20), Domain.POET, req.challenge, req.signature)
    )
      throw bad('invalid signature');
    const p = req.powParams;
    const params =
      p.difficulty !== this.#o.powDifficulty
        ? null
        : compare(p.challenge, this.#pow.current) === 0
          ? this.#pow.current
          : this.#pow.previous && compare(p.challenge, this.#pow.previous) === 0
            ? this.#pow.previous
            : null;
    if (!params) throw bad('invalid proof of work parameters');
    try {
      verifyPow(
        { challenge: params, difficulty: p.difficulty },
        req.challenge,
        req.pubkey,
        req.nonce,
      );
    } catch (e) {
      if (e instanceof PoetVerificationError) throw bad(`invalid proof of work: ${e.message}`);
      throw e;
    }
    const round = this.#open;
    const endMs = roundEnd(this.rounds, round);
    if (req.roundId !== null && req.roundId !== String(round))
      throw new PoetApiError(
        GrpcCode.FAILED_PRECONDITION,
        `round ${req.roundId} is not open for registration (open round: ${round})`,
      );
    if (req.deadlineMs !== null && endMs > req.deadlineMs)
      throw new PoetApiError(
        GrpcCode.FAILED_PRECONDITION,
        'too late to register for the desired round',
      );
    const key = hex(req.pubkey);
    // The map of the round this registration joins, even if the round closes while it is written.
    const roundMembers = this.#members;
    const existing = roundMembers.get(key);
    if (existing) {
      if (compare(existing.challenge, req.challenge) === 0)
        throw new PoetApiError(
          GrpcCode.ALREADY_EXISTS,
          `challenge is already submitted: round ${round}`,
          {
            details: [alreadySubmittedInfo(String(round), encodeDuration(endMs - this.#o.now()))],
          },
        );
      throw new PoetApiError(GrpcCode.ALREADY_EXISTS, 'conflicting registration');
    }
    const reg: Registration = { nodeId: req.pubkey.slice(), challenge: req.challenge.slice() };
    roundMembers.set(key, reg);
    const write = this.#o.store.appendRegistration(round, reg);
    this.#pending.add(write);
    try {
      await write;
    } catch (e) {
      roundMembers.delete(key);
      throw new PoetApiError(GrpcCode.INTERNAL, 'could not store the registration', { cause: e });
    } finally {
      this.#pending.delete(write);
    }
    return { roundId: String(round), roundEndMs: endMs - this.#o.now() };
  }

  async proof(roundId: string): Promise<ProofResponse> {
    const round = /^\d{1,9}$/.test(roundId) ? Number(roundId) : NaN;
    const stored = Number.isSafeInteger(round) ? await this.#o.store.loadProof(round) : null;
    if (!stored) throw new PoetApiError(GrpcCode.NOT_FOUND, 'proof not found');
    return { proof: stored.proof, members: stored.members, pubkey: this.#o.servicePublicKey };
  }

  /** Runs the round loop until stop(). */
  run(): Promise<void> {
    this.#running ??= this.#loop();
    return this.#running;
  }

  /** Ends the loop after a last checkpoint of the running round. */
  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#running;
  }

  async #loop(): Promise<void> {
    while (!this.#stopped) {
      const now = this.#o.now();
      if (now >= roundStart(this.rounds, this.#open)) await this.#advanceOpenRound(now);
      if (!this.#executing && this.#queue.length > 0) await this.#startNext();
      const e = this.#executing;
      const simulated = this.#o.leavesPerSecond;
      if (!e) {
        const untilOpen = roundStart(this.rounds, this.#open) - now;
        // Real hosts poll (a stop() must not wait for a round); virtual time jumps to the start.
        await this.#o.sleep(
          Math.max(1, simulated === undefined ? Math.min(50, untilOpen) : untilOpen),
        );
        continue;
      }
      if (simulated !== undefined) {
        const elapsed = Math.min(now, e.endMs) - roundStart(this.rounds, e.state.round);
        const target = Math.max(T, Math.floor((elapsed * simulated) / 1000));
        if (target > e.prover.leaves) e.prover.addLeaves(target - e.prover.leaves);
        if (now >= e.endMs) await this.#finish(e);
        else await this.#o.sleep(e.endMs - now);
        continue;
      }
      const batchEnd = this.#o.now() + this.#o.batchMs;
      let t: number;
      do {
        e.prover.addLeaves(1);
        t = this.#o.now();
      } while (t < batchEnd && !(t >= e.endMs && e.prover.leaves >= T));
      if (t >= e.endMs && e.prover.leaves >= T) await this.#finish(e);
      else if (t - e.lastCheckpointMs >= this.#o.checkpointMs) await this.#checkpoint(e);
      await this.#o.yieldToHost();
    }
    if (this.#executing) {
      await this.#checkpoint(this.#executing);
      await this.#executing.tree.close();
      this.#executing = null;
    }
  }

  async #advanceOpenRound(now: number): Promise<void> {
    const round = this.#open;
    // Switch first: from here on submits join the new round, and the closing round's
    // membership is final once its in-flight writes have settled. Its members are then read
    // back from the store, as poet reads its round DB, so the statement and the proof's member
    // list come from the same durable source.
    this.#open = openRoundId(this.rounds, now);
    this.#members = new Map();
    await Promise.allSettled([...this.#pending]);
    for (const r of await this.#o.store.registrations(this.#open)) {
      if (!this.#members.has(hex(r.nodeId))) this.#members.set(hex(r.nodeId), r);
    }
    if (roundEnd(this.rounds, round) <= now) {
      this.#o.log(`skipping past round ${round}`);
      return;
    }
    const members = await this.#o.store.registrations(round);
    this.#queue.push(await this.#closeRound(round, members, now));
  }

  /** poet closeRound: the membership root becomes the statement; the state is saved first. */
  async #closeRound(round: number, regs: Registration[], now: number): Promise<ExecutionState> {
    const members = [...regs].sort((a, b) => compare(a.nodeId, b.nodeId)).map((r) => r.challenge);
    const state = { round, statement: membershipRoot(members), leaves: 0, startedMs: now };
    await this.#o.store.saveExecution(state);
    this.#o.log(`closed round ${round} with ${members.length} members`);
    return state;
  }

  async #startNext(): Promise<void> {
    const state = this.#queue.shift()!;
    let tree: CheckpointedTreeStore;
    let resumed = state;
    try {
      tree = await this.#o.store.openTree(state.round, state.leaves);
    } catch (e) {
      // A tree that cannot be read back is rebuilt from scratch: slower, never wrong.
      this.#o.log(`round ${state.round}: tree unreadable (${String(e)}), restarting it`);
      resumed = { ...state, leaves: 0 };
      tree = await this.#o.store.openTree(state.round, 0);
    }
    const prover = new Prover(resumed.statement, this.#o.hasher, tree);
    const endMs = roundEnd(this.rounds, state.round);
    this.#executing = { state: resumed, prover, tree, endMs, lastCheckpointMs: this.#o.now() };
    this.#o.log(`executing round ${state.round} from leaf ${prover.leaves}`);
  }

  async #checkpoint(e: Execution): Promise<void> {
    await e.tree.checkpoint();
    e.state = { ...e.state, leaves: e.prover.leaves };
    await this.#o.store.saveExecution(e.state);
    e.lastCheckpointMs = this.#o.now();
  }

  async #finish(e: Execution): Promise<void> {
    const proof = e.prover.proof();
    const regs = await this.#o.store.registrations(e.state.round);
    const members = regs.sort((a, b) => compare(a.nodeId, b.nodeId)).map((r) => r.challenge);
    await this.#o.store.saveProof({ round: e.state.round, proof, members });
    await e.tree.close();
    this.#executing = null;
    // poet rotates the PoW challenge to each new proof's root, keeping the previous one valid.
    this.#pow = { current: proof.proof.root, previous: this.#pow.current };
    await this.#o.store.savePowChallenges(this.#pow);
    this.#o.log(`round ${e.state.round} proven with ${proof.leaves} leaves`);
  }
}
