// The simulated network's options, counters and trace records.

/** Who links to whom. Links are symmetric; gossip floods along them. */
export type Topology =
  /** every node links to every other (the default) */
  | { readonly kind: 'full' }
  /** a joining node dials `degree` random nodes among those already joined */
  | { readonly kind: 'random'; readonly degree: number };

export interface SimNetworkOptions {
  /** One-way delay per message, drawn uniformly in [min, max] ms per link (default 5..50). */
  readonly latencyMs?: { readonly min: number; readonly max: number };
  /** Probability that a gossip message is lost on a link (default 0). Requests are reliable. */
  readonly loss?: number;
  readonly topology?: Topology;
  /**
   * gossipsub's D: a node relays a message it accepted to at most this many links (chosen at
   * random per message among those that have not seen it); its own messages still go to every
   * link. Unset (the default): relay to every link, pure flooding.
   */
  readonly meshDegree?: number;
  /**
   * Rejections a node takes from one peer before it drops the link to that peer (libp2p
   * gossipsub's invalid-message penalty, simplified; default 3).
   */
  readonly rejectThreshold?: number;
  /** How long a node remembers a message id it has seen (libp2p's seen cache; default 120 s). */
  readonly seenTtlMs?: number;
  /** Every delivery, drop, result and disconnect, in order. */
  readonly onTrace?: (event: TraceEvent) => void;
}

export type DropReason =
  /** lost on the link (the configured loss rate) */
  | 'lost'
  /** sender and receiver are in different partition groups */
  | 'partitioned'
  /** the receiver is down */
  | 'crashed'
  /** the link was closed while the message was on it */
  | 'disconnected';

export type TraceEvent =
  | {
      readonly kind: 'deliver' | 'duplicate';
      readonly time: number;
      readonly from: string;
      readonly to: string;
      readonly topic: string;
      /** hex blake3(topic ‖ data), the message id */
      readonly id: string;
    }
  | {
      readonly kind: 'drop';
      readonly time: number;
      readonly from: string;
      readonly to: string;
      readonly topic: string;
      readonly id: string;
      readonly reason: DropReason;
    }
  | {
      readonly kind: 'result';
      readonly time: number;
      readonly from: string;
      readonly to: string;
      readonly topic: string;
      readonly id: string;
      readonly result: 'accept' | 'ignore' | 'reject';
    }
  | {
      readonly kind: 'disconnect';
      readonly time: number;
      readonly from: string;
      readonly to: string;
    };

/** One node's counters. Receive-side counters count messages addressed to this node. */
export interface PeerStats {
  /** publish() calls that ran the local handler */
  published: number;
  /** incoming messages handed to a handler */
  delivered: number;
  accepted: number;
  ignored: number;
  rejected: number;
  /** incoming messages already seen (not handed to the handler) */
  duplicates: number;
  /** incoming messages on a topic with no handler */
  unsubscribed: number;
  /** incoming messages that never arrived, by reason */
  dropped: Record<DropReason, number>;
  requestsSent: number;
  requestsServed: number;
  crashes: number;
}

export function emptyStats(): PeerStats {
  return {
    published: 0,
    delivered: 0,
    accepted: 0,
    ignored: 0,
    rejected: 0,
    duplicates: 0,
    unsubscribed: 0,
    dropped: { lost: 0, partitioned: 0, crashed: 0, disconnected: 0 },
    requestsSent: 0,
    requestsServed: 0,
    crashes: 0,
  };
}

/** Total of all drop reasons. */
export function totalDropped(stats: PeerStats): number {
  const d = stats.dropped;
  return d.lost + d.partitioned + d.crashed + d.disconnected;
}
