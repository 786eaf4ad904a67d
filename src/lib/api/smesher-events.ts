// The smesher's event log behind AdminService.EventsStream (go-spacemesh events/reporter.go):
// what the node and the host report about smeshing, as v1 Events, kept in a bounded buffer so a
// page that opens the stream later (a reload, a second view) still gets the recent timeline, then
// every new event. The node's events come from FullNode.onEvent; the host adds what only it sees
// (PoST initialization, smeshing started / stopped) with record().
import type { FullNode, NodeEvent } from '../node/full-node.ts';
import type { StreamHandle, StreamListener } from './interface.ts';
import type { Event } from './v1/events.ts';
import { encodeBase64 } from './v2alpha1/shape.ts';

/** Events kept for late subscribers (go-spacemesh keeps the last few hundred). */
export const EVENT_BUFFER = 256;

/** An event without its timestamp (the log stamps it). */
export type EventBody = Omit<Event, 'timestamp' | 'failure' | 'help'> & {
  readonly failure?: boolean;
  readonly help: string;
};

function durationOf(ms: number): string {
  return `${Math.max(0, Math.round(ms / 1000))}s`;
}

export class SmesherEventLog {
  readonly #node: FullNode;
  readonly #buffer: Event[] = [];
  readonly #listeners = new Set<(e: Event) => void>();
  /** PoST challenge per publish epoch, for postComplete (the builder names only the epoch). */
  readonly #challenges = new Map<number, Uint8Array>();

  constructor(node: FullNode) {
    this.#node = node;
  }

  /** Follows the node's events; returns the detach function. */
  attach(): () => void {
    return this.#node.onEvent((e) => this.#fromNode(e));
  }

  /** Adds an event (stamped now) and sends it to every open stream. */
  record(body: EventBody): void {
    const e = {
      ...body,
      timestamp: new Date(this.#node.parts.clock.now()).toISOString(),
      failure: body.failure ?? false,
    } as Event;
    this.#buffer.push(e);
    if (this.#buffer.length > EVENT_BUFFER) this.#buffer.shift();
    for (const l of this.#listeners) l(e);
  }

  // The host's PoST setup steps, recorded alike by both smeshing hosts (the browser worker and
  // `smesh node`); `smesher` is the base64 node id, `commitment` the commitment ATX id.

  initStarted(numUnits: number, smesher: string, commitment: Uint8Array): void {
    this.record({
      help: `PoST initialization of ${numUnits} units started`,
      initStart: { smesher, commitment: encodeBase64(commitment) },
    });
  }

  initComplete(smesher: string): void {
    this.record({ help: 'PoST initialization complete', initComplete: { smesher } });
  }

  initFailed(smesher: string, commitment: Uint8Array, message: string): void {
    this.record({
      failure: true,
      help: `PoST initialization failed: ${message}`,
      initFailed: { smesher, commitment: encodeBase64(commitment), error: message },
    });
  }

  smeshingStarted(): void {
    this.record({ help: 'Smeshing started', postServiceStarted: {} });
  }

  smeshingStopped(): void {
    this.record({ help: 'Smeshing stopped', postServiceStopped: {} });
  }

  dataDeleted(): void {
    this.record({ help: 'PoST data deleted' });
  }

  /** The buffered events, then (watch) every new one until closed. */
  stream(watch: boolean, listener: StreamListener<Event>): StreamHandle {
    let finish: () => void = () => {};
    const done = new Promise<void>((r) => (finish = r));
    // Asynchronously, as every stream: the caller has its handle before the first item; what
    // arrives before the history is sent waits behind it.
    const history = [...this.#buffer];
    const held: Event[] = [];
    let live = false;
    const send = (e: Event) => (live ? listener.item(e) : held.push(e));
    queueMicrotask(() => {
      if (!this.#listeners.has(send)) return;
      for (const e of history) listener.item(e);
      if (!watch) return close();
      live = true;
      for (const e of held.splice(0)) listener.item(e);
    });
    this.#listeners.add(send);
    const close = () => {
      if (!this.#listeners.delete(send)) return;
      listener.end?.();
      finish();
    };
    return { done, close };
  }

  get events(): readonly Event[] {
    return this.#buffer;
  }

  #smesher(): string {
    const id = this.#node.nodeId;
    return id === null ? '' : encodeBase64(id);
  }

  #fromNode(e: NodeEvent): void {
    const smesher = this.#smesher();
    const clock = this.#node.parts.clock;
    const lpe = this.#node.parts.network.layersPerEpoch;
    switch (e.type) {
      case 'beacon':
        return this.record({
          help: `Beacon of epoch ${e.epoch} computed`,
          beacon: { epoch: e.epoch, beacon: encodeBase64(e.beacon) },
        });
      case 'eligibilities': {
        const s = e.session;
        const layers = [...s.eligibilities.entries()]
          .sort((a, b) => a[0] - b[0])
          .map(([layer, list]) => ({ layer, count: list.length }));
        return this.record({
          help: `Eligible for ${layers.length} layers in epoch ${s.epoch} (${s.slots} slots)`,
          eligibilities: {
            epoch: s.epoch,
            beacon: encodeBase64(s.beacon),
            atx: encodeBase64(s.atx.id),
            activeSetSize: s.activeSet?.ids.length ?? 0,
            eligibilities: layers,
            smesher,
          },
        });
      }
      case 'own-proposal':
        return this.record({
          help: `Proposal published in layer ${e.layer}`,
          proposal: { layer: e.layer, proposal: encodeBase64(e.id), smesher },
        });
      case 'smesher':
        break;
      default:
        return;
    }
    const b = e.event;
    switch (b.type) {
      case 'initial-post':
        return this.record({
          help: 'Initial PoST proof generated',
          postComplete: { challenge: encodeBase64(new Uint8Array(32)), smesher },
        });
      case 'poet-registered': {
        this.record({
          help: `Registered in PoET round ${b.roundId} for epoch ${b.publishEpoch}`,
          registeredInPoet: { url: '', smesher, roundId: b.roundId },
        });
        return this.record({
          help: `Waiting for the PoET round to end (${new Date(b.roundEndAt).toISOString()})`,
          waitingForPoetRoundEnd: {
            publish: b.publishEpoch,
            target: b.publishEpoch + 1,
            roundEnd: new Date(b.roundEndAt).toISOString(),
            smesher,
          },
        });
      }
      case 'poet-proof':
        this.#challenges.set(b.publishEpoch, b.ref);
        this.record({
          help: `PoET proof of round ${b.roundId} received (${b.leaves} ticks)`,
          proofDownloadedFromPoet: { url: '', roundId: b.roundId, ticks: b.leaves.toString() },
        });
        return this.record({
          help: 'Generating the PoST proof',
          postStart: { challenge: encodeBase64(b.ref), smesher },
        });
      case 'post-proven': {
        const challenge = this.#challenges.get(b.publishEpoch) ?? new Uint8Array(32);
        this.#challenges.delete(b.publishEpoch);
        return this.record({
          help: 'PoST proof generated',
          postComplete: { challenge: encodeBase64(challenge), smesher },
        });
      }
      case 'atx-published': {
        const targetStart = clock.layerToTime((b.publishEpoch + 1) * lpe);
        const wait = targetStart - clock.now();
        return this.record({
          help: `ATX published for epoch ${b.publishEpoch + 1}`,
          atxPublished: {
            current: b.publishEpoch,
            target: b.publishEpoch + 1,
            id: encodeBase64(b.id),
            wait: durationOf(wait),
            until: new Date(targetStart).toISOString(),
            smesher,
          },
        });
      }
      case 'error':
        return this.record({
          failure: true,
          help: `Smeshing (epoch ${b.publishEpoch}): ${b.code}: ${
            b.error instanceof Error ? b.error.message : String(b.error)
          }`,
        });
      default:
        return;
    }
  }
}
