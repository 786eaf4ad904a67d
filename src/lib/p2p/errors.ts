// Why a request over the libp2p transport failed (go-spacemesh p2p/server/server.go: ErrNotConnected,
// ErrPeerResponseFailed, ServerError). Callers branch on `reason`, never on message text.

export type RequestErrorReason =
  /** the peer id is not a valid libp2p peer id */
  | 'invalid-peer'
  /** the peer could not be dialled, or the connection closed before the response came */
  | 'not-connected'
  /** the peer reset the stream before answering (it refused an oversize or broken request) */
  | 'reset'
  /** the peer does not speak the protocol (multistream-select refused it) */
  | 'unsupported-protocol'
  /** no response within the request's deadline */
  | 'timeout'
  /** the peer's handler failed; `remoteMessage` carries its message */
  | 'remote-error'
  /** the request is larger than the protocol's request limit (refused before sending) */
  | 'request-too-large'
  /** the response frame announced more bytes than the protocol's response limit */
  | 'response-too-large'
  /** the response frame is not a well-formed frame (bad length prefix, unknown kind, cut short) */
  | 'malformed-response';

export class RequestError extends Error {
  readonly reason: RequestErrorReason;
  readonly peer: string;
  readonly protocol: string;
  /** the remote handler's error text, for 'remote-error' */
  readonly remoteMessage: string | undefined;

  constructor(
    reason: RequestErrorReason,
    peer: string,
    protocol: string,
    detail?: string,
    remoteMessage?: string,
  ) {
    super(`request ${protocol} to ${peer} failed: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = 'RequestError';
    this.reason = reason;
    this.peer = peer;
    this.protocol = protocol;
    this.remoteMessage = remoteMessage;
  }
}

export type GossipErrorReason =
  /** publish on a topic that the host was not configured with (no score params, no size limit) */
  | 'unknown-topic'
  /** a second handler for a topic that already has one */
  | 'already-subscribed'
  /** a message larger than the topic's size limit */
  | 'message-too-large';

export class GossipError extends Error {
  readonly reason: GossipErrorReason;
  readonly topic: string;

  constructor(reason: GossipErrorReason, topic: string, detail?: string) {
    super(`gossip on ${topic}: ${reason}${detail ? ` (${detail})` : ''}`);
    this.name = 'GossipError';
    this.reason = reason;
    this.topic = topic;
  }
}
