// The p2p package: the node's network seams (interface.ts) and their libp2p implementation.

export * from './interface.ts';
export * from './errors.ts';
export { Libp2pGossip } from './gossip.ts';
export type { GossipEvents, GossipHost, Libp2pGossipOptions } from './gossip.ts';
export { Libp2pRequester } from './requester.ts';
export type { Libp2pRequesterOptions, ProtocolLimits, RequesterHost } from './requester.ts';
export {
  DEFAULT_MAX_REQUEST_SIZE,
  DEFAULT_MAX_RESPONSE_SIZE,
  DEFAULT_PROTOCOL_PREFIX,
  DEFAULT_SERVER_TIMEOUT_MS,
} from './requester.ts';
export {
  HARE_TOPIC_LIMIT,
  MAX_MESSAGE_SIZE,
  SCORE_THRESHOLDS,
  SMALL_TOPIC_LIMIT,
  defaultTopicLimits,
  defaultTopics,
  gossipsubOptions,
  messageId,
  peerScoreParams,
  scoreParameterDecay,
  topicScoreParams,
} from './gossip-params.ts';
export { createHost } from './host.ts';
export { DEFAULT_BAN_MS, MAX_BANNED_PEERS, PeerBans } from './peer-bans.ts';
export type { BanEntry, BanReason, PeerBansOptions } from './peer-bans.ts';
export {
  DEFAULT_MAX_IN_FLIGHT,
  DEFAULT_MAX_IN_FLIGHT_PER_PEER,
  DEFAULT_REQUEST_BURST,
  DEFAULT_REQUEST_RATE,
  DEFAULT_STRIKE_DECAY,
  DEFAULT_STRIKE_LIMIT,
  RequestGuard,
} from './request-guard.ts';
export type {
  AbuseReason,
  RequestFault,
  RequestGuardOptions,
  RequestRefusal,
} from './request-guard.ts';
export type { Host, HostOptions, SmeshLibp2p, SmeshServices } from './host.ts';
