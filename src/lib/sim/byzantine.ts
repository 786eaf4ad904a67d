// Byzantine smeshers for the deterministic simulation, made without touching the node: the node
// runs unchanged (src/lib/node FullNode) and this wrapper sits between it and its network
// endpoint, rewriting, duplicating or dropping what the node publishes. Knowing the node's
// secret key and the genesis id, it signs what it forges as the node would. Honest nodes must
// catch every behaviour with the protocol alone (go-spacemesh's answers are named per behaviour):
//
//   hare-equivocate     each hare message goes out as published, and a conflicting one (same
//                       layer, iteration, round and eligibility, another value) goes to every
//                       second connected peer → HareEquivocation proof (hare3/protocol.go).
//   double-ballot       each proposal goes out, and a second proposal for the same layer, whose
//                       ballot votes against every block, goes to all peers → MultipleBallots
//                       proof (mesh.AddBallot / proposals/handler.go).
//   withhold-proposals  proposals reach the node's own handler only; nothing is sent, and the
//                       node believes it published.
//   invalid-atx         the node's own handler sees its honest ATX; peers get one whose PoST is
//                       broken (re-signed, so only the PoST check fails) → refused as
//                       'invalid-post', the sender blamed; it has no ATX on the network and so
//                       no eligibility. Not malfeasance: go-spacemesh refuses such an ATX; its
//                       InvalidPostIndex proof is for a PoST that passed the sampled (k3) check
//                       and fails a later full one.
//
// What the node serves to peers that fetch follows the same lie (byzantine-sync.ts): an
// invalid-atx node serves its ATXs broken, a withholding node does not serve its proposals.
// Everything else (beacon, certificates, malfeasance proofs, transactions) passes through.
import type {
  Gossip,
  GossipHandler,
  Requester,
  RequestHandler,
  ValidationResult,
} from '../p2p/interface.ts';
import { Topic } from '../p2p/interface.ts';
import { brokenPostAtx, conflictingHareMessage, secondProposal } from './byzantine-forge.ts';
import { altersServing, byzantineHashHandler } from './byzantine-sync.ts';

export const BYZANTINE_BEHAVIOURS = [
  'hare-equivocate',
  'double-ballot',
  'withhold-proposals',
  'invalid-atx',
] as const;
export type ByzantineBehaviour = (typeof BYZANTINE_BEHAVIOURS)[number];

export function isByzantineBehaviour(s: string): s is ByzantineBehaviour {
  return (BYZANTINE_BEHAVIOURS as readonly string[]).includes(s);
}

/** The endpoint a Byzantine node sends through (SimEndpoint implements it). */
export interface ByzantineTransport extends Gossip, Requester {
  readonly peerId: string;
  /** Sends to the links in `to` (all when absent) without running the local handler. */
  inject(topic: string, data: Uint8Array, to?: readonly string[]): boolean;
}

export interface ByzantineOptions {
  readonly behaviour: ByzantineBehaviour;
  /** The node's own key: what it forges is signed as the node signs. */
  readonly secretKey: Uint8Array;
  readonly genesisId: Uint8Array;
  /** The network's layers per epoch (the tortoise's genesis layer is 2 · it − 1). */
  readonly layersPerEpoch: number;
  /** config.hare.protocolName, the hare topic. */
  readonly hareTopic: string;
  readonly transport: ByzantineTransport;
}

/** What the wrapper did, for tests and reports. */
export interface ByzantineActs {
  /** Forged messages sent (conflicting hare messages, second proposals, broken ATXs). */
  forged: number;
  /** Messages the node published that were never sent. */
  withheld: number;
}

/** The node's Gossip and Requester, with `behaviour` between them and the network. */
export class ByzantineEndpoint implements Gossip, Requester {
  readonly behaviour: ByzantineBehaviour;
  readonly acts: ByzantineActs = { forged: 0, withheld: 0 };
  readonly #o: ByzantineOptions;
  /** The node's handlers, to run one without sending (withheld and replaced messages). */
  readonly #handlers = new Map<string, GossipHandler>();

  constructor(options: ByzantineOptions) {
    this.#o = options;
    this.behaviour = options.behaviour;
  }

  get peerId(): string {
    return this.#o.transport.peerId;
  }

  peers(): string[] {
    return this.#o.transport.peers();
  }

  request(
    peer: string,
    protocol: string,
    data: Uint8Array,
    timeoutMs: number,
  ): Promise<Uint8Array> {
    return this.#o.transport.request(peer, protocol, data, timeoutMs);
  }

  handle(protocol: string, handler: RequestHandler): () => void {
    if (!altersServing(this.behaviour, protocol))
      return this.#o.transport.handle(protocol, handler);
    const { secretKey, genesisId } = this.#o;
    return this.#o.transport.handle(
      protocol,
      byzantineHashHandler(this.behaviour, secretKey, genesisId, handler),
    );
  }

  subscribe(topic: string, handler: GossipHandler): () => void {
    const unsubscribe = this.#o.transport.subscribe(topic, handler);
    this.#handlers.set(topic, handler);
    return () => {
      if (this.#handlers.get(topic) === handler) this.#handlers.delete(topic);
      unsubscribe();
    };
  }

  publish(topic: string, data: Uint8Array): Promise<ValidationResult> {
    const b = this.behaviour;
    if (b === 'hare-equivocate' && topic === this.#o.hareTopic)
      return this.#withExtra(topic, data, conflictingHareMessage, true);
    if (b === 'double-ballot' && topic === Topic.PROPOSAL)
      return this.#withExtra(
        topic,
        data,
        (sk, gid, bytes) => secondProposal(sk, gid, this.#o.layersPerEpoch, bytes),
        false,
      );
    if (b === 'withhold-proposals' && topic === Topic.PROPOSAL) {
      this.acts.withheld++;
      return this.#local(topic, data);
    }
    if (b === 'invalid-atx' && topic === Topic.ATX) return this.#replaced(topic, data);
    return this.#o.transport.publish(topic, data);
  }

  /** The local handler's verdict, as publish would give it, with nothing sent. */
  async #local(topic: string, data: Uint8Array): Promise<ValidationResult> {
    const handler = this.#handlers.get(topic);
    return handler === undefined ? 'accept' : handler(this.peerId, data.slice());
  }

  /** Publishes `data` honestly, then sends a forged companion (to every other peer when `split`). */
  async #withExtra(
    topic: string,
    data: Uint8Array,
    forge: (sk: Uint8Array, genesisId: Uint8Array, bytes: Uint8Array) => Uint8Array | null,
    split: boolean,
  ): Promise<ValidationResult> {
    const result = await this.#o.transport.publish(topic, data);
    if (result !== 'accept') return result;
    const extra = forge(this.#o.secretKey, this.#o.genesisId, data);
    if (extra === null) return result;
    const peers = this.#o.transport.peers();
    const to = split && peers.length > 1 ? peers.filter((_, i) => i % 2 === 1) : undefined;
    if (this.#o.transport.inject(topic, extra, to)) this.acts.forged++;
    return result;
  }

  /** The node's handler sees `data`; the network sees the forged version only. */
  async #replaced(topic: string, data: Uint8Array): Promise<ValidationResult> {
    const result = await this.#local(topic, data);
    if (result !== 'accept') return result;
    const forged = brokenPostAtx(this.#o.secretKey, this.#o.genesisId, data);
    if (forged === null) return (this.#o.transport.inject(topic, data), result);
    if (this.#o.transport.inject(topic, forged)) this.acts.forged++;
    return result;
  }
}
