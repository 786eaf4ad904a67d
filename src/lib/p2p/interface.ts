// The node's seam to the network. The libp2p host (gossipsub) and the deterministic simulation's
// in-memory network both implement it, so protocol code never knows which one carries it.
//
// Semantics follow libp2p pubsub as go-spacemesh uses it (p2p/pubsub): a handler validates a
// message and stores what it accepts; only accepted messages are forwarded to other peers; a
// rejected message lowers its sender's score. Publishing runs the local handler first, as
// libp2p does with a topic validator, and sends the message on only when it accepts it.

/** Gossip topics as go-spacemesh names them (p2p/pubsub/pubsub.go). Hare's comes from config. */
export const Topic = {
  ATX: 'ax1',
  PROPOSAL: 'pp1',
  TX: 'tx1',
  CERTIFY: 'bc1',
  BEACON_PROPOSAL: 'bp1',
  BEACON_FIRST_VOTES: 'bf1',
  BEACON_FOLLOWING_VOTES: 'bo1',
  BEACON_WEAK_COIN: 'bw1',
  MALFEASANCE: 'mp1',
} as const;

/** What a handler decided: forward it, drop it quietly, or drop it and blame the sender. */
export type ValidationResult = 'accept' | 'ignore' | 'reject';

/** `from` is the peer that sent it (the local peer's own id when published locally). */
export type GossipHandler = (from: string, data: Uint8Array) => Promise<ValidationResult>;

export interface Gossip {
  /** This node's peer id. */
  readonly peerId: string;
  /**
   * Runs the local handler, then sends `data` to the network if it accepted it. Resolves with
   * the local handler's result ('accept' when no handler is subscribed).
   */
  publish(topic: string, data: Uint8Array): Promise<ValidationResult>;
  /** One handler per topic; returns the unsubscribe function. */
  subscribe(topic: string, handler: GossipHandler): () => void;
}

/** Answers one request of a protocol; a rejection is sent back to the requester as an error. */
export type RequestHandler = (from: string, request: Uint8Array) => Promise<Uint8Array>;

/**
 * Request/response between peers (go-spacemesh p2p/server): the fetch and sync protocols run on
 * it. Every request has a deadline; a peer that does not answer in time fails the request.
 */
export interface Requester {
  readonly peerId: string;
  /** Peers currently connected, in a stable order. */
  peers(): string[];
  request(peer: string, protocol: string, data: Uint8Array, timeoutMs: number): Promise<Uint8Array>;
  /** One handler per protocol; returns the function that removes it. */
  handle(protocol: string, handler: RequestHandler): () => void;
}
