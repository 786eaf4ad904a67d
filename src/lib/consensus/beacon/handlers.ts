// Validation and storing of the four beacon gossip messages (go-spacemesh beacon/handlers.go,
// weakcoin/handler.go). Every refusal throws a BeaconValidationError with its reason; the
// driver turns it into the gossip verdict.
import { SharedDecoder } from '../../codec/shared-decoder.ts';
import type { BeaconConfig } from '../../config/types.ts';
import { vrfVerify } from '../../crypto/vrf.ts';
import {
  beaconProposalFromVrf,
  beaconProposalVrfMessage,
  decodeBeaconProposalMessage,
  decodeWeakCoinMessage,
  FirstVotingMessageCodec,
  FollowingVotingMessageCodec,
  verifyFirstVotingMessage,
  verifyFollowingVotingMessage,
} from '../../types/beacon.ts';
import type {
  BeaconProposalMessage,
  FirstVotingMessage,
  FollowingVotingMessage,
  WeakCoinMessage,
} from '../../types/beacon.ts';
import { BeaconValidationError } from './errors.ts';
import type { BeaconValidationReason } from './errors.ts';
import type { EpochState, MinerInfo } from './state.ts';
import { nodeKey } from './state.ts';
import { proposalKey } from './votes.ts';
import type { WeakCoin } from './weakcoin.ts';

/** What the handlers read from the driver. */
export interface HandlerContext {
  readonly config: BeaconConfig;
  readonly genesisId: Uint8Array;
  now(): number;
  epochStart(epoch: number): number;
  readonly closed: boolean;
  /** The epoch the node last started (undefined before the first startEpoch). */
  readonly currentEpoch: number | undefined;
  /** A proposal for currentEpoch + 1 is taken only after this time. */
  readonly earliestProposalTime: number;
  /** True while the protocol's voting runs for currentEpoch. */
  readonly inProtocol: boolean;
  readonly roundInProgress: number;
  /** A vote for roundInProgress + 1 is taken only after this time. */
  readonly earliestVoteTime: number;
  readonly weakCoin: WeakCoin;
  /** The epoch's state, created on demand; undefined once its run is over. */
  state(epoch: number): Promise<EpochState | undefined>;
  /** The state of the running epoch, if any. */
  runningState(epoch: number): EpochState | undefined;
}

export type ProposalCategory = 'valid' | 'potentially-valid' | 'invalid';

function fail(reason: BeaconValidationReason, message: string): never {
  throw new BeaconValidationError(reason, message);
}

function decodeOr<T>(decode: (b: Uint8Array) => T, bytes: Uint8Array, what: string): T {
  try {
    return decode(bytes);
  } catch (e) {
    throw new BeaconValidationError('malformed', `${what} does not decode`, { cause: e });
  }
}

function miner(st: EpochState, nodeId: Uint8Array, k = nodeKey(nodeId)): MinerInfo {
  return st.miners.get(k) ?? fail('no-atx', 'sender has no ATX for the epoch');
}

// Voting messages decoded once per distinct bytes in the process (codec/shared-decoder.ts): in
// the simulation every node receives every smesher's votes of every round, and each node keeps
// every voter's first-round list. Shared with them: the voter's key and the list as proposal
// keys, computed once per message. All frozen or never written.
const firstVotes = new SharedDecoder(FirstVotingMessageCodec, 'FirstVotingMessage');
const followingVotes = new SharedDecoder(FollowingVotingMessageCodec, 'FollowingVotingMessage');
const voterKeys = new WeakMap<object, string>();
const firstRoundLists = new WeakMap<FirstVotingMessage, readonly string[]>();

function voterKey(m: FirstVotingMessage | FollowingVotingMessage): string {
  let k = voterKeys.get(m);
  if (k === undefined) voterKeys.set(m, (k = nodeKey(m.smesherID)));
  return k;
}

function firstRoundList(m: FirstVotingMessage): readonly string[] {
  let l = firstRoundLists.get(m);
  if (l === undefined) {
    l = Object.freeze([...m.validProposals, ...m.potentiallyValidProposals].map(proposalKey));
    firstRoundLists.set(m, l);
  }
  return l;
}

/**
 * classifyProposal: valid when the sender's ATX came by the epoch start, the proposal by the
 * end of the proposal phase and its VRF is under the strict threshold; potentially valid when
 * both came within a grace period of that and it is under the lenient threshold.
 */
export function classifyProposal(
  ctx: HandlerContext,
  st: EpochState,
  m: BeaconProposalMessage,
  atxReceived: number | undefined,
  receivedTime: number,
): ProposalCategory {
  const grace = ctx.config.gracePeriodMs;
  const atxDelay = (atxReceived ?? Number.NEGATIVE_INFINITY) - ctx.epochStart(m.epochID);
  const end = st.proposalPhaseFinished;
  const proposalDelay = end === undefined ? 0 : receivedTime - end;
  if (atxDelay <= 0 && proposalDelay <= 0 && st.checker.passStrictThreshold(m.vrfSignature))
    return 'valid';
  if (atxDelay <= grace && proposalDelay <= grace && st.checker.passThreshold(m.vrfSignature))
    return 'potentially-valid';
  return 'invalid';
}

/** HandleProposal. Returns the category the proposal was stored under. */
export async function handleProposal(
  ctx: HandlerContext,
  bytes: Uint8Array,
): Promise<ProposalCategory> {
  if (ctx.closed) fail('not-running', 'beacon protocol closed');
  const received = ctx.now();
  const m = decodeOr(decodeBeaconProposalMessage, bytes, 'beacon proposal');
  const current = ctx.currentEpoch;
  if (current === undefined || (m.epochID !== current && m.epochID !== current + 1))
    fail('wrong-epoch', `proposal for epoch ${m.epochID}, current ${current}`);
  if (m.epochID === current + 1 && !(received > ctx.earliestProposalTime))
    fail('too-early', `proposal for epoch ${m.epochID} before its grace window`);
  const st = (await ctx.state(m.epochID)) ?? fail('too-late', `epoch ${m.epochID} is over`);
  const info = miner(st, m.nodeID);
  const alpha = beaconProposalVrfMessage(info.atx.vrfNonce, m.epochID);
  if (!vrfVerify(m.nodeID, alpha, m.vrfSignature))
    fail('invalid-vrf', 'proposal VRF does not verify');
  if (!st.registerProposed(m.nodeID)) fail('duplicate', 'smesher already proposed this epoch');
  let cat = classifyProposal(ctx, st, m, info.atx.received, received);
  if (cat === 'valid' && info.malicious) cat = 'potentially-valid';
  const proposal = beaconProposalFromVrf(m.vrfSignature);
  if (cat === 'valid') st.addValidProposal(proposal);
  else if (cat === 'potentially-valid') st.addPotentiallyValidProposal(proposal);
  else {
    const grace = ctx.config.gracePeriodMs;
    const end = st.proposalPhaseFinished;
    const late =
      (info.atx.received ?? Number.NEGATIVE_INFINITY) - ctx.epochStart(m.epochID) > grace ||
      (end !== undefined && received - end > grace);
    fail(late ? 'late-proposal' : 'above-threshold', 'proposal is not eligible');
  }
  return cat;
}

function runningState(ctx: HandlerContext, epoch: number): EpochState {
  if (epoch !== ctx.currentEpoch)
    fail('wrong-epoch', `votes for epoch ${epoch}, current ${ctx.currentEpoch}`);
  return ctx.runningState(epoch) ?? fail('not-running', 'no protocol state for the epoch');
}

/** HandleFirstVotes: valid proposals get the voter's weight up, potentially valid ones down. */
export function handleFirstVotes(ctx: HandlerContext, bytes: Uint8Array): FirstVotingMessage {
  if (ctx.closed || !ctx.inProtocol) fail('not-running', 'beacon protocol not running');
  const m = decodeOr((b) => firstVotes.decode(b), bytes, 'first voting message');
  const st = runningState(ctx, m.epochID);
  if (ctx.roundInProgress > 0) fail('too-late', 'first votes after the first round');
  const count = m.validProposals.length + m.potentiallyValidProposals.length;
  if (count > ctx.config.votesLimit)
    fail('too-many-votes', `${count} first votes > limit ${ctx.config.votesLimit}`);
  if (!verifyFirstVotingMessage(ctx.genesisId, m))
    fail('invalid-signature', 'first votes signature does not verify');
  const voter = voterKey(m);
  const info = miner(st, m.smesherID, voter);
  if (!st.registerVoted(m.smesherID, 0, voter))
    fail('duplicate', 'smesher already voted in round 0');
  const weight = st.voteWeight(info);
  const list = firstRoundList(m);
  st.addVotes(list, m.validProposals.length, weight);
  st.firstRoundVotes.set(voter, list);
  return m;
}

/** HandleFollowingVotes: the bit vector votes on the voter's own first-round list. */
export function handleFollowingVotes(
  ctx: HandlerContext,
  bytes: Uint8Array,
): FollowingVotingMessage {
  if (ctx.closed || !ctx.inProtocol) fail('not-running', 'beacon protocol not running');
  const received = ctx.now();
  const m = decodeOr((b) => followingVotes.decode(b), bytes, 'following voting message');
  const st = runningState(ctx, m.epochID);
  const rip = ctx.roundInProgress;
  if (m.roundID === 0 || m.roundID >= ctx.config.roundsNumber)
    fail('wrong-round', `following votes for round ${m.roundID}`);
  if (m.roundID < rip) fail('too-late', `votes for round ${m.roundID}, running ${rip}`);
  if (m.roundID > rip + 1) fail('wrong-round', `votes for round ${m.roundID}, running ${rip}`);
  if (m.roundID === rip + 1 && !(received > ctx.earliestVoteTime))
    fail('too-early', `votes for round ${m.roundID} before its grace window`);
  if (!verifyFollowingVotingMessage(ctx.genesisId, m))
    fail('invalid-signature', 'following votes signature does not verify');
  const voter = voterKey(m);
  const info = miner(st, m.smesherID, voter);
  const first =
    st.firstRoundVotes.get(voter) ??
    fail('no-first-votes', 'no first-round votes from the smesher');
  if (m.votesBitVector.length > Math.ceil(first.length / 8))
    fail('too-many-votes', 'bit vector longer than the first-round list');
  if (!st.registerVoted(m.smesherID, m.roundID, voter))
    fail('duplicate', `smesher already voted in round ${m.roundID}`);
  const weight = st.voteWeight(info);
  st.addVotes(first, m.votesBitVector, weight);
  return m;
}

/** HandleWeakCoinProposal. */
export function handleWeakCoin(ctx: HandlerContext, bytes: Uint8Array): WeakCoinMessage {
  if (ctx.closed || !ctx.inProtocol) fail('not-running', 'beacon protocol not running');
  const m = decodeOr(decodeWeakCoinMessage, bytes, 'weak coin message');
  ctx.weakCoin.receive(m);
  return m;
}
