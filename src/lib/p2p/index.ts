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
  MAX_MESSAGE_SIZE,
  SCORE_THRESHOLDS,
  defaultTopics,
  gossipsubOptions,
  messageId,
  peerScoreParams,
  scoreParameterDecay,
  topicScoreParams,
} from './gossip-params.ts';
export { createHost } from './host.ts';
export type { Host, HostOptions, SmeshLibp2p, SmeshServices } from './host.ts';
