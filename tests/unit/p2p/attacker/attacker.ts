// A hostile peer for the robustness tests: a real libp2p node on 127.0.0.1 (TCP, noise, yamux,
// gossipsub with our StrictNoSign policy) that speaks Smesh's topics and request protocols and
// abuses them. It records what honest peers gossip, so it can replay valid messages and forge
// broken ones from them, and it opens raw request streams to flood the request servers.
//
// Its gossipsub gives every message it publishes a fresh id (a counter), so its own seen cache
// never stops a replay: the honest side computes go-spacemesh's content id and must drop it.
// It validates nothing it receives ('ignore'), so it never relays honest traffic.
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import { gossipsub, TopicValidatorResult } from '@libp2p/gossipsub';
import type { GossipSub } from '@libp2p/gossipsub';
import { identify } from '@libp2p/identify';
import type { Libp2p, PeerId } from '@libp2p/interface';
import { tcp } from '@libp2p/tcp';
import { multiaddr } from '@multiformats/multiaddr';
import { createLibp2p } from 'libp2p';
import { encodeRequestFrame, encodeUvarint } from '../../../../src/lib/p2p/frame.ts';
import { DEFAULT_PROTOCOL_PREFIX } from '../../../../src/lib/p2p/requester.ts';

export type AttackerNode = Libp2p<{ pubsub: GossipSub; identify: unknown }>;

/** Deterministic bytes (xorshift32) so every run sends the same garbage. */
export function garbage(seed: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}

/** What the attacker sent and what came of it. */
export interface AttackCounts {
  published: number;
  publishedBytes: number;
  requests: number;
  /** requests answered with a response frame */
  answered: number;
  /** requests the server reset or that failed to open (refused, banned, disconnected) */
  refused: number;
  requestBytes: number;
}

export class Attacker {
  readonly node: AttackerNode;
  /** topic → valid messages seen from honest peers, at most `keep` per topic */
  readonly observed = new Map<string, Uint8Array[]>();
  readonly counts: AttackCounts = {
    published: 0,
    publishedBytes: 0,
    requests: 0,
    answered: 0,
    refused: 0,
    requestBytes: 0,
  };
  private readonly keep: number;

  private constructor(node: AttackerNode, keep: number) {
    this.node = node;
    this.keep = keep;
  }

  static async start(topics: readonly string[], keep = 32): Promise<Attacker> {
    let counter = 0;
    const node = (await createLibp2p({
      addresses: { listen: ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      services: {
        identify: identify(),
        pubsub: gossipsub({
          globalSignaturePolicy: 'StrictNoSign',
          msgIdFn: () => {
            counter += 1;
            return Uint8Array.of(counter >>> 24, counter >>> 16, counter >>> 8, counter);
          },
          floodPublish: true,
          emitSelf: false,
          allowPublishToZeroTopicPeers: true,
          ignoreDuplicatePublishError: true,
          maxInboundDataLength: 4 << 20,
        }),
      },
    })) as unknown as AttackerNode;
    const a = new Attacker(node, keep);
    for (const t of topics) {
      a.observed.set(t, []);
      node.services.pubsub.topicValidators.set(t, (_peer, msg) => {
        const seen = a.observed.get(t)!;
        if (seen.length < a.keep) seen.push(msg.data);
        return TopicValidatorResult.Ignore;
      });
      node.services.pubsub.subscribe(t);
    }
    return a;
  }

  get peerId(): string {
    return this.node.peerId.toString();
  }

  /** Dials an honest node; resolves with its peer id. */
  async connect(address: string): Promise<string> {
    const ma = multiaddr(address);
    // Streams opened while identify is still running on a fresh connection get reset (seen with
    // yamux here); wait for identify, as a real client would, before using the connection.
    const identified = new Promise<void>((resolve) => {
      const timer = setTimeout(done, 2000);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.node.addEventListener('peer:identify', done, { once: true });
    });
    const c = await this.node.dial(ma);
    await identified;
    return c.remotePeer.toString();
  }

  connectedTo(peer: string): boolean {
    return this.node.getPeers().some((p) => p.toString() === peer);
  }

  /** Honest peers gossipsub knows to be subscribed to `topic`. */
  subscribers(topic: string): string[] {
    return this.node.services.pubsub.getSubscribers(topic).map((p) => p.toString());
  }

  /** Publishes raw bytes to every connected subscriber of the topic (no local validation). */
  async publish(topic: string, data: Uint8Array): Promise<void> {
    this.counts.published += 1;
    this.counts.publishedBytes += data.length;
    await this.node.services.pubsub.publish(topic, data).catch(() => undefined);
  }

  /**
   * Writes a gossipsub RPC frame that announces `announced` bytes on a fresh pubsub stream and
   * sends `sent` of them: over the receiver's RPC cap, it must be refused by its length prefix.
   */
  async oversizeRpc(peer: string, announced: number, sent: number): Promise<boolean> {
    const id = this.peer(peer);
    if (id === undefined) return false;
    try {
      const stream = await this.node.dialProtocol(id, '/meshsub/1.1.0', {
        signal: AbortSignal.timeout(3000),
      });
      stream.send(encodeUvarint(announced));
      const chunk = garbage(announced, 64 << 10);
      for (let off = 0; off < sent; off += chunk.length) {
        if (!stream.send(chunk)) await stream.onDrain({ signal: AbortSignal.timeout(3000) });
        this.counts.publishedBytes += chunk.length;
      }
      stream.abort(new Error('done'));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * One request on a raw stream: `frame` is written as is (so it may lie about its length).
   * Resolves true when a response frame came back.
   */
  async rawRequest(peer: string, protocol: string, frame: Uint8Array, timeoutMs: number) {
    const id = this.peer(peer);
    this.counts.requests += 1;
    this.counts.requestBytes += frame.length;
    if (id === undefined) {
      this.counts.refused += 1;
      return false;
    }
    const signal = AbortSignal.timeout(timeoutMs);
    try {
      const stream = await this.node.dialProtocol(id, DEFAULT_PROTOCOL_PREFIX + protocol, {
        signal,
      });
      stream.send(frame);
      await stream.close({ signal });
      let got = 0;
      for await (const chunk of stream) got += chunk.byteLength;
      if (got > 0) this.counts.answered += 1;
      else this.counts.refused += 1;
      return got > 0;
    } catch {
      this.counts.refused += 1;
      return false;
    }
  }

  /**
   * Floods `peer` with requests from `make(i)` on `concurrency` parallel lanes until `untilMs`
   * (a Date.now() deadline); redials when the connection drops, so a ban shows up as refusals.
   */
  async flood(
    peer: string,
    address: string,
    make: (i: number) => { protocol: string; body: Uint8Array; raw?: boolean },
    untilMs: number,
    concurrency = 32,
  ): Promise<void> {
    let i = 0;
    // One lane redials (every 200 ms) when the connection is gone; a ban makes each redial die in
    // the handshake, and the other lanes count their requests as refused meanwhile.
    const lane = async (n: number): Promise<void> => {
      while (Date.now() < untilMs) {
        if (!this.connectedTo(peer)) {
          if (n === 0) await this.connect(address).catch(() => undefined);
          await new Promise((r) => setTimeout(r, 200));
          this.counts.requests += 1;
          this.counts.refused += 1;
          continue;
        }
        const r = make(i++);
        const frame = r.raw === true ? r.body : encodeRequestFrame(r.body);
        await this.rawRequest(peer, r.protocol, frame, 2000);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, n) => lane(n)));
  }

  async stop(): Promise<void> {
    await this.node.stop();
  }

  private peer(peer: string): PeerId | undefined {
    return this.node.getPeers().find((p) => p.toString() === peer);
  }
}
