// Gossipsub settings as go-spacemesh sets them (p2p/pubsub/pubsub.go: init, getOptions,
// defaultTopicParam; p2p/host.go: MaxMessageSize). Kept apart from the host so the numbers that
// decide when a peer is graylisted sit in one place, next to the reasoning behind them.

import type { GossipsubOpts } from '@libp2p/gossipsub';
import type {
  PeerScoreParams,
  PeerScoreThresholds,
  TopicScoreParams,
} from '@libp2p/gossipsub/score';
import { blake3 } from '../crypto/hash.ts';
import { Topic } from './interface.ts';

/** go-spacemesh p2p/host.go: MaxMessageSize 2 << 20, the cap on one gossipsub RPC frame. */
export const MAX_MESSAGE_SIZE = 2 << 20;

/** go-spacemesh p2p/pubsub/pubsub.go score thresholds. */
export const SCORE_THRESHOLDS: PeerScoreThresholds = {
  gossipThreshold: -500,
  publishThreshold: -1000,
  graylistThreshold: -2500,
  acceptPXThreshold: 1000,
  opportunisticGraftThreshold: 3.5,
};

/** libp2p pubsub's DefaultDecayInterval / DefaultDecayToZero (go-libp2p-pubsub score_params.go). */
const DECAY_INTERVAL_MS = 1000;
const DECAY_TO_ZERO = 0.01;

/** go-libp2p-pubsub ScoreParameterDecay: the per-interval factor that decays a counter to zero in `ms`. */
export function scoreParameterDecay(ms: number): number {
  return Math.pow(DECAY_TO_ZERO, DECAY_INTERVAL_MS / ms);
}

const HOUR_MS = 3_600_000;

/**
 * go-spacemesh defaultTopicParam: weight 0.1, invalid deliveries −1000 (so n invalid messages
 * cost 100·n², graylisting a peer at its 6th: −3600 < −2500), first deliveries +5 capped at 100,
 * mesh-delivery penalties off (no traffic guarantee on a small network).
 */
export function topicScoreParams(): TopicScoreParams {
  return {
    topicWeight: 0.1,
    timeInMeshWeight: 0.00027,
    timeInMeshQuantum: 1000,
    timeInMeshCap: 1,
    firstMessageDeliveriesWeight: 5,
    firstMessageDeliveriesDecay: scoreParameterDecay(HOUR_MS),
    firstMessageDeliveriesCap: 100,
    meshMessageDeliveriesWeight: 0,
    meshMessageDeliveriesDecay: 0.5,
    meshMessageDeliveriesCap: 100,
    meshMessageDeliveriesThreshold: 20,
    meshMessageDeliveriesWindow: 10,
    meshMessageDeliveriesActivation: 5000,
    meshFailurePenaltyWeight: 0,
    meshFailurePenaltyDecay: 0.5,
    invalidMessageDeliveriesWeight: -1000,
    invalidMessageDeliveriesDecay: scoreParameterDecay(HOUR_MS),
  };
}

export interface GossipParamsInit {
  /** topics to score (go-spacemesh scores ATX and proposal only; we score every topic we carry) */
  topics: readonly string[];
  /** bootnodes' peer ids: +10000 app score unless this host is a bootnode itself */
  bootnodes?: readonly string[];
  isBootnode?: boolean;
  /** cap on one RPC frame; default MAX_MESSAGE_SIZE */
  maxMessageSize?: number;
}

export function peerScoreParams(init: GossipParamsInit): Partial<PeerScoreParams> {
  const boots = new Set(init.bootnodes ?? []);
  const topics: Record<string, TopicScoreParams> = {};
  for (const t of init.topics) topics[t] = topicScoreParams();
  return {
    topics,
    topicScoreCap: 0,
    appSpecificScore: (p) => (boots.has(p) && init.isBootnode !== true ? 10_000 : 0),
    appSpecificWeight: 1,
    // go-spacemesh leaves IP colocation off (a TODO there); it would punish loopback tests too.
    IPColocationFactorWeight: 0,
    behaviourPenaltyThreshold: 6,
    behaviourPenaltyWeight: -10,
    behaviourPenaltyDecay: scoreParameterDecay(HOUR_MS),
    decayInterval: DECAY_INTERVAL_MS,
    decayToZero: DECAY_TO_ZERO,
    // go-spacemesh retains non-positive scores for 6 hours, so reconnecting does not launder one.
    retainScore: 6 * HOUR_MS,
  };
}

const textEncoder = new TextEncoder();

/** go-spacemesh p2p/pubsub/pubsub.go msgID: blake3(topic ‖ data). */
export function messageId(topic: string, data: Uint8Array): Uint8Array {
  return blake3(textEncoder.encode(topic), data);
}

/** Every topic the node carries, hare's (named by config) added by the caller. */
export function defaultTopics(hareTopic?: string): string[] {
  const topics: string[] = Object.values(Topic);
  if (hareTopic !== undefined) topics.push(hareTopic);
  return topics;
}

/**
 * Per-topic caps on one message's data, below the RPC cap: beacon, certificate and hare messages
 * are a few hundred bytes to a few KiB (a hare value lists proposal ids), so anything near the
 * RPC cap on those topics is an attack. A message over its topic's cap is rejected (and scored)
 * before any handler decodes it. ATXs, proposals, transactions and malfeasance proofs keep the RPC
 * cap: their codecs bound them. go-spacemesh has only the RPC cap; the codec bounds do the rest.
 */
export const SMALL_TOPIC_LIMIT = 64 << 10;
export const HARE_TOPIC_LIMIT = 256 << 10;

export function defaultTopicLimits(hareTopic?: string): Record<string, number> {
  const limits: Record<string, number> = {
    [Topic.CERTIFY]: SMALL_TOPIC_LIMIT,
    [Topic.BEACON_PROPOSAL]: SMALL_TOPIC_LIMIT,
    [Topic.BEACON_FIRST_VOTES]: SMALL_TOPIC_LIMIT,
    [Topic.BEACON_FOLLOWING_VOTES]: SMALL_TOPIC_LIMIT,
    [Topic.BEACON_WEAK_COIN]: SMALL_TOPIC_LIMIT,
  };
  if (hareTopic !== undefined) limits[hareTopic] = HARE_TOPIC_LIMIT;
  return limits;
}

/** The gossipsub options, mesh degrees from go-spacemesh's init(). */
export function gossipsubOptions(init: GossipParamsInit): Partial<GossipsubOpts> {
  const bootnode = init.isBootnode === true;
  return {
    // StrictNoSign + no author: the message id is the content hash, as in go-spacemesh.
    globalSignaturePolicy: 'StrictNoSign',
    msgIdFn: (msg) => messageId(msg.topic, msg.data),
    floodPublish: true,
    emitSelf: false,
    allowPublishToZeroTopicPeers: true,
    ignoreDuplicatePublishError: true,
    fallbackToFloodsub: false,
    maxInboundDataLength: init.maxMessageSize ?? MAX_MESSAGE_SIZE,
    // bootnodes keep no mesh: gossip and PX only (go-spacemesh getOptions, IsBootnode).
    D: bootnode ? 0 : 6,
    Dlo: bootnode ? 0 : 4,
    Dhi: bootnode ? 0 : 8,
    Dscore: bootnode ? 0 : 4,
    Dout: bootnode ? 0 : 3,
    Dlazy: bootnode ? 64 : 8,
    gossipFactor: bootnode ? 0.25 : 0.1,
    doPX: bootnode,
    mcacheLength: 10,
    gossipsubIWantFollowupMs: 5000,
    scoreParams: peerScoreParams(init),
    scoreThresholds: SCORE_THRESHOLDS,
  };
}
