// The Gossip seam over @libp2p/gossipsub (go-spacemesh p2p/pubsub/wrapper.go, pubsub.go). A
// subscribed handler runs as the topic validator, so gossipsub forwards only what it accepts and
// scores the sender on a reject; publishing runs the same handler locally first and hands the
// message to gossipsub only when it accepts, as go-libp2p-pubsub does with its validators.

import { TopicValidatorResult } from '@libp2p/gossipsub';
import type { GossipSub, Message } from '@libp2p/gossipsub';
import type { PeerId } from '@libp2p/interface';
import { GossipError } from './errors.ts';
import { MAX_MESSAGE_SIZE, SCORE_THRESHOLDS } from './gossip-params.ts';
import type { Gossip, GossipHandler, ValidationResult } from './interface.ts';

/** Reject lowers the sender's score (P4); ignore drops the message without blame. */
const TO_GOSSIPSUB: Record<ValidationResult, TopicValidatorResult> = {
  accept: TopicValidatorResult.Accept,
  ignore: TopicValidatorResult.Ignore,
  reject: TopicValidatorResult.Reject,
};

/** What a rejected or oversize message did, for logs and metrics. */
export interface GossipEvents {
  /** a remote message the handler (or the size check) rejected */
  onReject?: (topic: string, from: string, reason: 'handler' | 'too-large') => void;
  /** a peer hung up on because of its score */
  onDisconnect?: (peer: string, score: number) => void;
}

export interface Libp2pGossipOptions extends GossipEvents {
  /** max data bytes per topic; topics not named get `maxMessageSize` */
  topicLimits?: Record<string, number>;
  maxMessageSize?: number;
  /**
   * go-spacemesh (DropPeerOnValidationReject) hangs up on a peer at its first rejected message.
   * Off by default here: we hang up once the peer's score falls below the graylist threshold
   * (the 6th invalid message with the default topic params), checked on every heartbeat.
   */
  dropPeerOnReject?: boolean;
}

/** The gossipsub class has these; its exported interface does not name them. */
type ScoredGossipSub = GossipSub & {
  getScore(peer: string): number;
  getMeshPeers(topic: string): string[];
};

/** The part of a libp2p node the gossip uses. */
export interface GossipHost {
  readonly peerId: PeerId;
  readonly services: { pubsub: GossipSub };
  getPeers(): PeerId[];
  hangUp(peer: PeerId): Promise<void>;
}

export class Libp2pGossip implements Gossip {
  readonly peerId: string;
  private readonly node: GossipHost;
  private readonly pubsub: ScoredGossipSub;
  private readonly options: Libp2pGossipOptions;
  private readonly handlers = new Map<string, GossipHandler>();
  private readonly onHeartbeat = (): void => this.dropGraylisted();

  constructor(node: GossipHost, options: Libp2pGossipOptions = {}) {
    this.node = node;
    this.pubsub = node.services.pubsub as ScoredGossipSub;
    this.peerId = node.peerId.toString();
    this.options = options;
    this.pubsub.addEventListener('gossipsub:heartbeat', this.onHeartbeat);
  }

  /** Detaches from the pubsub service; the host stops it. */
  close(): void {
    this.pubsub.removeEventListener('gossipsub:heartbeat', this.onHeartbeat);
    for (const topic of [...this.handlers.keys()]) {
      this.pubsub.topicValidators.delete(topic);
      this.pubsub.unsubscribe(topic);
    }
    this.handlers.clear();
  }

  maxSize(topic: string): number {
    return this.options.topicLimits?.[topic] ?? this.options.maxMessageSize ?? MAX_MESSAGE_SIZE;
  }

  /** The peer's gossipsub score as this host sees it (0 for an unknown peer). */
  score(peer: string): number {
    return this.pubsub.getScore(peer);
  }

  /** Peers gossipsub knows to be subscribed to the topic, sorted. */
  topicPeers(topic: string): string[] {
    return this.pubsub
      .getSubscribers(topic)
      .map((p) => p.toString())
      .sort();
  }

  /** Peers in this host's gossipsub mesh for the topic, sorted. */
  meshPeers(topic: string): string[] {
    return [...this.pubsub.getMeshPeers(topic)].sort();
  }

  async publish(topic: string, data: Uint8Array): Promise<ValidationResult> {
    const max = this.maxSize(topic);
    if (data.length > max)
      throw new GossipError('message-too-large', topic, `${data.length} > ${max}`);
    const handler = this.handlers.get(topic);
    const result = handler === undefined ? 'accept' : await handler(this.peerId, data);
    if (result !== 'accept') return result;
    // gossipsub does not run validators on local publishes and never emits to self (emitSelf
    // off); the message id enters its seen cache, so an echo from a peer is dropped as a duplicate.
    await this.pubsub.publish(topic, data);
    return 'accept';
  }

  subscribe(topic: string, handler: GossipHandler): () => void {
    if (this.handlers.has(topic)) throw new GossipError('already-subscribed', topic);
    this.handlers.set(topic, handler);
    this.pubsub.topicValidators.set(topic, (peer, msg) => this.validate(topic, handler, peer, msg));
    this.pubsub.subscribe(topic);
    return () => {
      if (this.handlers.get(topic) !== handler) return;
      this.handlers.delete(topic);
      this.pubsub.topicValidators.delete(topic);
      this.pubsub.unsubscribe(topic);
    };
  }

  private async validate(
    topic: string,
    handler: GossipHandler,
    peer: PeerId,
    msg: Message,
  ): Promise<TopicValidatorResult> {
    const from = peer.toString();
    if (msg.data.length > this.maxSize(topic)) {
      this.options.onReject?.(topic, from, 'too-large');
      this.afterReject(peer);
      return TO_GOSSIPSUB.reject;
    }
    let result: ValidationResult;
    try {
      result = await handler(from, msg.data);
    } catch {
      // go-spacemesh castResult: an error other than ErrValidationReject is an ignore.
      result = 'ignore';
    }
    if (result === 'reject') {
      this.options.onReject?.(topic, from, 'handler');
      this.afterReject(peer);
    }
    return TO_GOSSIPSUB[result];
  }

  private afterReject(peer: PeerId): void {
    if (this.options.dropPeerOnReject !== true) return;
    this.disconnect(peer, this.pubsub.getScore(peer.toString()));
  }

  /** Hangs up on connected peers whose score fell below the graylist threshold. */
  private dropGraylisted(): void {
    for (const peer of this.node.getPeers()) {
      const score = this.pubsub.getScore(peer.toString());
      if (score < SCORE_THRESHOLDS.graylistThreshold) this.disconnect(peer, score);
    }
  }

  private disconnect(peer: PeerId, score: number): void {
    this.options.onDisconnect?.(peer.toString(), score);
    this.node.hangUp(peer).catch(() => undefined);
  }
}
