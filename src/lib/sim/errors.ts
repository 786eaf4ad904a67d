// Why the simulation refused something. Callers branch on `reason`, never on message text.

export type SimErrorReason =
  /** an option is out of range (negative latency, loss outside [0, 1], bad degree, ...) */
  | 'invalid-options'
  /** a peer id that never joined the network */
  | 'unknown-peer'
  /** join() with a peer id that is already taken */
  | 'duplicate-peer'
  /** a second handler for a topic or protocol on one endpoint (the seams allow one) */
  | 'already-subscribed'
  /** runUntil/step called while another run of the same VirtualTime is in progress */
  | 'reentrant-run'
  /** runUntil with a target before the current virtual time */
  | 'time-in-past'
  /** restart() of a peer that is running, or crash() of one that is down */
  | 'peer-state';

export class SimError extends Error {
  readonly reason: SimErrorReason;

  constructor(reason: SimErrorReason, message: string) {
    super(message);
    this.name = 'SimError';
    this.reason = reason;
  }
}

export type SimRequestReason =
  /** no link between the two peers (never connected, or disconnected by scoring) */
  | 'not-connected'
  /** no answer within the deadline: the peer is down, partitioned away, or too slow */
  | 'timeout'
  /** the peer has no handler for the protocol (libp2p: protocol negotiation failed) */
  | 'unsupported-protocol'
  /** the peer's handler threw; the message is the remote error's */
  | 'remote-error';

/** A failed Requester.request (go-spacemesh p2p/server errors, simplified). */
export class SimRequestError extends Error {
  readonly reason: SimRequestReason;
  readonly peer: string;
  readonly protocol: string;

  constructor(reason: SimRequestReason, peer: string, protocol: string, message: string) {
    super(message);
    this.name = 'SimRequestError';
    this.reason = reason;
    this.peer = peer;
    this.protocol = protocol;
  }
}
