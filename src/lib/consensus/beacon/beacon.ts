// The beacon protocol driver (go-spacemesh beacon/beacon.go ProtocolDriver). During epoch E the
// smeshers with ATXs targeting E agree on the beacon of epoch E + 1:
//   proposal phase  — each eligible smesher gossips a VRF proposal; receivers classify them
//   first round     — each voter gossips its valid and potentially valid lists
//   rounds 1 … K−1  — each voter gossips a bit vector over its first-round list; margins past
//                     ±θ·W decide, the rest follow that round's weak coin
//   beacon          — first 4 bytes of blake3 over the sorted proposals supported at the end.
// Durations are relative to when startEpoch runs, as go's are to its epoch tick.
import type { TimerHandle } from '../../clock/interface.ts';
import type { BeaconConfig } from '../../config/types.ts';
import { publicKeyOf } from '../../crypto/signing.ts';
import { vrfProve } from '../../crypto/vrf.ts';
import { encode } from '../../codec/index.ts';
import { Topic } from '../../p2p/interface.ts';
import type { ValidationResult } from '../../p2p/interface.ts';
import {
  BeaconProposalMessageCodec,
  FirstVotingMessageCodec,
  FollowingVotingMessageCodec,
  beaconProposalVrfMessage,
  signFirstVotingMessage,
  signFollowingVotingMessage,
} from '../../types/beacon.ts';
import { equalBytes } from '../../bytes.ts';
import { BallotBeacons } from './ballots.ts';
import { BeaconValidationError, blamesSender } from './errors.ts';
import * as h from './handlers.ts';
import type { HandlerContext, ProposalCategory } from './handlers.ts';
import type { BeaconListener, BeaconOptions, BeaconRoundRecord } from './interface.ts';
import { EpochState, buildEpochState, nodeKey } from './state.ts';
import type { MinerInfo } from './state.ts';
import { votingThreshold } from './threshold.ts';
import {
  GENESIS_BEACON_EPOCH,
  calcBeacon,
  calcVotes,
  encodeVotes,
  genesisBeacon,
  sortedSet,
  tallyUndecided,
} from './votes.ts';
import type { Votes } from './votes.ts';
import { WeakCoin } from './weakcoin.ts';

/** Epochs at or before effective genesis run no protocol (go onNewEpoch's errGenesis). */
const LAST_GENESIS_EPOCH = GENESIS_BEACON_EPOCH - 1;
const EPOCHS_TO_KEEP = 3;

export class Beacon implements HandlerContext {
  readonly config: BeaconConfig;
  readonly genesisId: Uint8Array;
  readonly weakCoin: WeakCoin;
  readonly #o: BeaconOptions;
  readonly #beacons = new Map<number, Uint8Array>();
  readonly #listeners = new Set<BeaconListener>();
  readonly #ballots = new BallotBeacons();
  readonly #states = new Map<number, EpochState>();
  readonly #building = new Map<number, Promise<EpochState>>();
  readonly #records = new Map<number, BeaconRoundRecord>();
  readonly #sleeps = new Map<TimerHandle, () => void>();
  readonly #unsubscribe: Array<() => void>;
  #closed = false;
  #currentEpoch: number | undefined;
  #earliestProposalTime = Number.POSITIVE_INFINITY;
  #inProtocol = false;
  #roundInProgress = 0;
  #earliestVoteTime = 0;

  constructor(o: BeaconOptions) {
    this.#o = o;
    this.config = o.network.beacon;
    this.genesisId = o.genesisId;
    this.weakCoin = new WeakCoin(this.config.roundsNumber, (epoch, nodeId) =>
      this.#miner(epoch, nodeId),
    );
    const g = o.gossip;
    this.#unsubscribe = [
      g.subscribe(Topic.BEACON_PROPOSAL, (_f, b) => this.#verdict(() => this.handleProposal(b))),
      g.subscribe(Topic.BEACON_FIRST_VOTES, (_f, b) =>
        this.#verdict(async () => this.handleFirstVotes(b)),
      ),
      g.subscribe(Topic.BEACON_FOLLOWING_VOTES, (_f, b) =>
        this.#verdict(async () => this.handleFollowingVotes(b)),
      ),
      g.subscribe(Topic.BEACON_WEAK_COIN, (_f, b) =>
        this.#verdict(async () => this.handleWeakCoin(b)),
      ),
    ];
  }

  // HandlerContext
  now(): number {
    return this.#o.time.now();
  }
  epochStart(epoch: number): number {
    return this.#o.epochStart(epoch);
  }
  get closed(): boolean {
    return this.#closed;
  }
  get currentEpoch(): number | undefined {
    return this.#currentEpoch;
  }
  get earliestProposalTime(): number {
    return this.#earliestProposalTime;
  }
  get inProtocol(): boolean {
    return this.#inProtocol;
  }
  get roundInProgress(): number {
    return this.#roundInProgress;
  }
  get earliestVoteTime(): number {
    return this.#earliestVoteTime;
  }

  /** initEpochStateIfNotPresent; undefined for an epoch whose run is over. */
  async state(epoch: number): Promise<EpochState | undefined> {
    if (this.#currentEpoch !== undefined && epoch < this.#currentEpoch) return undefined;
    const st = this.#states.get(epoch);
    if (st !== undefined) return st;
    if (this.#records.has(epoch)) return undefined;
    let building = this.#building.get(epoch);
    if (building === undefined) {
      building = buildEpochState(epoch, this.config, this.#o.weights, this.epochStart(epoch));
      this.#building.set(epoch, building);
    }
    const built = await building;
    this.#building.delete(epoch);
    if (!this.#states.has(epoch) && !this.#records.has(epoch)) this.#states.set(epoch, built);
    return this.#states.get(epoch);
  }

  runningState(epoch: number): EpochState | undefined {
    return this.#states.get(epoch);
  }

  /** The beacon of `epoch`: the genesis one for the first epochs, else what was settled. */
  get(epoch: number): Uint8Array | undefined {
    if (epoch <= GENESIS_BEACON_EPOCH) return genesisBeacon(this.genesisId);
    return this.#beacons.get(epoch);
  }

  /** Called with every beacon settled from now on; returns the function that unsubscribes. */
  onBeacon(cb: BeaconListener): () => void {
    this.#listeners.add(cb);
    return () => this.#listeners.delete(cb);
  }

  /** How the protocol run during `epoch` went (for the API and tests); kept a few epochs. */
  record(epoch: number): BeaconRoundRecord | undefined {
    return this.#records.get(epoch);
  }

  /** UpdateBeacon: a beacon from outside (bootstrap, or a test); the first one set wins. */
  updateBeacon(epoch: number, beacon: Uint8Array): void {
    this.#setBeacon(epoch, beacon);
  }

  /**
   * ReportBeaconFromBallot: the beacon a reference ballot of `epoch` carries, with its weight
   * (weight per eligibility × eligibilities). Once ballots cover beaconSyncWeightUnits
   * eligibilities, a node without its own beacon for the epoch takes the majority one.
   */
  reportBeaconFromBallot(
    epoch: number,
    beacon: Uint8Array,
    weight: bigint,
    opts: { eligibilities?: number; ballotId?: Uint8Array } = {},
  ): void {
    this.#ballots.record(epoch, beacon, weight, opts.eligibilities ?? 1, opts.ballotId);
    if (this.get(epoch) !== undefined) return;
    const majority = this.#ballots.majority(epoch, this.config.beaconSyncWeightUnits);
    if (majority !== undefined) this.#setBeacon(epoch, majority);
  }

  /** Validates and stores a proposal; throws BeaconValidationError. */
  handleProposal(bytes: Uint8Array): Promise<ProposalCategory> {
    return h.handleProposal(this, bytes);
  }
  handleFirstVotes(bytes: Uint8Array): void {
    h.handleFirstVotes(this, bytes);
  }
  handleFollowingVotes(bytes: Uint8Array): void {
    h.handleFollowingVotes(this, bytes);
  }
  handleWeakCoin(bytes: Uint8Array): void {
    h.handleWeakCoin(this, bytes);
  }

  /**
   * The node calls this at the first layer of every epoch. During `epoch` it runs the protocol
   * for the beacon of `epoch + 1`. The promise settles when the run ends (stop() ends it
   * quietly; only an unexpected error, e.g. a throwing publish, rejects it).
   */
  async startEpoch(epoch: number): Promise<void> {
    if (this.#closed) return;
    this.#currentEpoch = epoch;
    this.#earliestProposalTime = this.epochStart(epoch + 1) - this.config.gracePeriodMs;
    for (const e of [...this.#states.keys()]) if (e < epoch) this.#states.delete(e);
    if (epoch <= LAST_GENESIS_EPOCH || this.config.roundsNumber === 0 || this.#inProtocol) return;
    const st = await this.state(epoch);
    if (st === undefined || st.epochWeight === 0n || this.#closed) return;
    this.#inProtocol = true;
    this.weakCoin.startEpoch(epoch);
    try {
      await this.#run(epoch, st);
    } catch (e) {
      // a publish failure or a stop mid-run ends this epoch's attempt; the node can still
      // learn the beacon from ballots
      if (!(e instanceof BeaconValidationError) && !this.#closed) throw e;
    } finally {
      this.#inProtocol = false;
      this.weakCoin.finishEpoch();
      this.#cleanup(epoch);
    }
  }

  /** Stops timers and handlers; a run in progress ends without a beacon. */
  stop(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const u of this.#unsubscribe) u();
    for (const [handle, wake] of this.#sleeps) {
      this.#o.timer.clearTimeout(handle);
      wake();
    }
    this.#sleeps.clear();
  }

  async #run(epoch: number, st: EpochState): Promise<void> {
    const me = this.#participant(st);
    // runProposalPhase
    if (me !== undefined && !me.info.malicious) await this.#sendProposal(epoch, st, me);
    await this.#sleep(this.config.proposalDurationMs);
    st.proposalPhaseFinished = this.now();

    // first voting round
    this.#setRound(0);
    const valid = sortedSet(st.valid);
    const potentiallyValid = sortedSet(st.potentiallyValid);
    if (me !== undefined) {
      // votesLimit caps what we send (go caps the receiver's copy): receivers reject more
      const limit = this.config.votesLimit;
      const body = {
        epochID: epoch,
        validProposals: valid.slice(0, limit),
        potentiallyValidProposals: potentiallyValid.slice(0, Math.max(0, limit - valid.length)),
      };
      const m = signFirstVotingMessage(me.secretKey, this.genesisId, body);
      await this.#publish(Topic.BEACON_FIRST_VOTES, encode(FirstVotingMessageCodec, m));
    }
    await this.#sleep(this.config.firstVotingRoundDurationMs);
    const threshold = votingThreshold(this.config.theta, st.epochWeight);
    let own: Votes = calcVotes(st.margins, threshold).votes;
    const coins: Array<boolean | undefined> = [undefined];

    for (let round = 1; round < this.config.roundsNumber; round++) {
      this.#setRound(round);
      const first = me === undefined ? undefined : st.firstRoundVotes.get(nodeKey(me.nodeId));
      if (me !== undefined && first !== undefined) {
        const body = {
          epochID: epoch,
          roundID: round,
          votesBitVector: encodeVotes(own.support, first),
        };
        const m = signFollowingVotingMessage(me.secretKey, this.genesisId, body);
        await this.#publish(Topic.BEACON_FOLLOWING_VOTES, encode(FollowingVotingMessageCodec, m));
      }
      await this.#sleep(this.config.votingRoundDurationMs);
      // votes arriving after this count towards the next round: they may follow the coin
      const { votes, undecided } = calcVotes(st.margins, threshold);
      own = votes;
      const coinMsg = this.weakCoin.startRound(
        round,
        me === undefined
          ? undefined
          : {
              secretKey: me.secretKey,
              nodeId: me.nodeId,
              nonce: me.info.atx.vrfNonce,
              allowance: me.info.malicious ? 0 : me.info.atx.numUnits,
            },
      );
      if (coinMsg !== undefined) await this.#publish(Topic.BEACON_WEAK_COIN, coinMsg);
      await this.#sleep(this.config.weakCoinRoundDurationMs);
      const coin = this.weakCoin.finishRound();
      coins.push(coin);
      if (coin === undefined) {
        this.#saveRecord(epoch, st, [], coins);
        return; // go: weak coin not generated, no beacon this epoch
      }
      tallyUndecided(own, undecided, coin);
    }
    const support = sortedSet(own.support);
    this.#saveRecord(epoch, st, support, coins);
    if (support.length === 0 || this.#closed) return;
    this.#setBeacon(epoch + 1, calcBeacon(support));
  }

  #saveRecord(
    epoch: number,
    st: EpochState,
    support: Uint8Array[],
    coins: Array<boolean | undefined>,
  ): void {
    this.#records.set(epoch, {
      valid: sortedSet(st.valid),
      potentiallyValid: sortedSet(st.potentiallyValid),
      support,
      coins,
    });
  }

  #participant(
    st: EpochState,
  ): { secretKey: Uint8Array; nodeId: Uint8Array; info: MinerInfo } | undefined {
    const s = this.#o.signer;
    if (s === null) return undefined;
    const info = st.miners.get(nodeKey(s.nodeId));
    if (info === undefined || !equalBytes(publicKeyOf(s.secretKey), s.nodeId)) return undefined;
    return { secretKey: s.secretKey, nodeId: s.nodeId, info };
  }

  // sendProposal: an own proposal that would be invalid is not gossiped.
  async #sendProposal(
    epoch: number,
    st: EpochState,
    me: { secretKey: Uint8Array; nodeId: Uint8Array; info: MinerInfo },
  ): Promise<void> {
    const vrf = vrfProve(me.secretKey, beaconProposalVrfMessage(me.info.atx.vrfNonce, epoch));
    const m = { epochID: epoch, nodeID: me.nodeId, vrfSignature: vrf };
    if (h.classifyProposal(this, st, m, me.info.atx.received, this.now()) === 'invalid') return;
    await this.#publish(Topic.BEACON_PROPOSAL, encode(BeaconProposalMessageCodec, m));
  }

  #setRound(round: number): void {
    const c = this.config;
    const next =
      round === 0
        ? c.firstVotingRoundDurationMs
        : c.votingRoundDurationMs + c.weakCoinRoundDurationMs;
    this.#roundInProgress = round;
    this.#earliestVoteTime = this.now() + next - c.gracePeriodMs;
  }

  async #publish(topic: string, data: Uint8Array): Promise<void> {
    if (this.#closed) return;
    await this.#o.gossip.publish(topic, data);
  }

  #sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (this.#closed) return reject(new BeaconValidationError('not-running', 'stopped'));
      const handle = this.#o.timer.setTimeout(() => {
        this.#sleeps.delete(handle);
        if (this.#closed) reject(new BeaconValidationError('not-running', 'stopped'));
        else resolve();
      }, ms);
      this.#sleeps.set(handle, () => reject(new BeaconValidationError('not-running', 'stopped')));
    });
  }

  #miner(epoch: number, nodeId: Uint8Array): MinerInfo | undefined {
    return this.#states.get(epoch)?.miners.get(nodeKey(nodeId));
  }

  #setBeacon(epoch: number, beacon: Uint8Array): void {
    if (this.#beacons.has(epoch) || epoch <= GENESIS_BEACON_EPOCH) return;
    const b = beacon.slice();
    this.#beacons.set(epoch, b);
    for (const cb of [...this.#listeners]) cb(epoch, b.slice());
  }

  // cleanupEpoch: drop the run's state and what is older than a few epochs.
  #cleanup(epoch: number): void {
    for (const e of [...this.#states.keys()]) if (e <= epoch) this.#states.delete(e);
    if (!this.#records.has(epoch))
      this.#records.set(epoch, { valid: [], potentiallyValid: [], support: [], coins: [] });
    const oldest = epoch - EPOCHS_TO_KEEP;
    for (const e of [...this.#beacons.keys()]) if (e < oldest) this.#beacons.delete(e);
    for (const e of [...this.#records.keys()]) if (e < oldest) this.#records.delete(e);
    this.#ballots.prune(oldest);
  }

  async #verdict(fn: () => Promise<unknown>): Promise<ValidationResult> {
    try {
      await fn();
      return 'accept';
    } catch (e) {
      if (e instanceof BeaconValidationError) return blamesSender(e.reason) ? 'reject' : 'ignore';
      throw e;
    }
  }
}
