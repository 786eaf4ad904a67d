// What `smesh node` prints: one line per layer (the layer, the tortoise's verified layer, the
// last executed layer with its state hash, the peer count), one per executed layer, and one per
// step of the node's own smeshing (PoET registration, ATX, proposal), plus errors. The lines
// are meant for people and for the devnet test, which reads the `applied` lines.
import { bytesToHex } from '@noble/hashes/utils.js';
import type { AppliedLayer, FullNode, NodeEvent } from '../../lib/node/full-node.ts';
import type { BuilderEvent } from '../../lib/activation/builder.ts';
import type { Host } from '../../lib/p2p/host.ts';

/** Hex digits of a state hash in the log: 64 bits, plenty to compare nodes. */
export const STATE_HASH_DIGITS = 16;

const short = (b: Uint8Array, digits = 12) => bytesToHex(b).slice(0, digits);

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** `applied <layer> block <id|empty> state <hash>`: parsed by tests (see parseAppliedLine). */
export function appliedLine(a: AppliedLayer): string {
  const block = a.block === null ? 'empty' : short(a.block);
  return `applied ${a.layer} block ${block} state ${short(a.stateHash, STATE_HASH_DIGITS)}`;
}

export function parseAppliedLine(line: string): { layer: number; state: string } | null {
  const m = /\bapplied (\d+) block \S+ state ([0-9a-f]+)/.exec(line);
  return m === null ? null : { layer: Number(m[1]), state: m[2]! };
}

function smesherLine(e: BuilderEvent): string | null {
  switch (e.type) {
    case 'initial-post':
      return 'smesher: initial PoST proven';
    case 'poet-registered':
      return `smesher: registered at PoET round ${e.roundId} for epoch ${e.publishEpoch}`;
    case 'poet-proof':
      return `smesher: PoET round ${e.roundId} proof, ${e.leaves} leaves`;
    case 'atx-published':
      return `smesher: ATX ${short(e.id)} published in epoch ${e.publishEpoch}`;
    case 'error':
      return `smesher: epoch ${e.publishEpoch} ${e.code}: ${message(e.error)}`;
    default:
      return null;
  }
}

export class NodeLog {
  readonly #node: FullNode;
  readonly #host: Host;
  readonly #log: (line: string) => void;
  readonly #off: () => void;
  #closed = false;

  constructor(node: FullNode, host: Host, log: (line: string) => void) {
    this.#node = node;
    this.#host = host;
    this.#log = log;
    const offEvents = node.onEvent((e) => this.#on(e));
    // Bans are the host's answer to an attacking peer: worth a line each.
    const offBans = host.bans.onBan((b) =>
      this.#log(
        `peer ${b.peer} banned: ${b.reason} for ${Math.round((b.until - Date.now()) / 1000)} s`,
      ),
    );
    this.#off = () => {
      offEvents();
      offBans();
    };
  }

  close(): void {
    this.#closed = true;
    this.#off();
  }

  #on(e: NodeEvent): void {
    const me = this.#node.nodeId;
    switch (e.type) {
      case 'layer': {
        const last = this.#node.applied.at(-1);
        const state = last === undefined ? '-' : short(last.stateHash, STATE_HASH_DIGITS);
        this.#log(
          `layer ${e.layer} verified ${this.#node.parts.tortoise.latestComplete()} ` +
            `applied ${this.#node.lastApplied} state ${state} ` +
            `peers ${this.#host.requester.peers().length}`,
        );
        return;
      }
      case 'applied':
        this.#log(appliedLine(e.applied));
        return;
      case 'beacon':
        this.#log(`beacon epoch ${e.epoch} ${short(e.beacon, 8)}`);
        return;
      case 'mode':
        this.#log(`tortoise ${e.change.mode} mode (verified ${e.change.verified})`);
        return;
      case 'reorg':
        this.#log(`reorg from layer ${e.layer}`);
        return;
      case 'atx':
        if (me !== null && bytesToHex(e.header.smesher) === bytesToHex(me))
          this.#log(
            `atx ${short(e.header.id)} for epoch ${e.header.publishEpoch + 1} ` +
              `weight ${e.header.weight} (own)`,
          );
        return;
      case 'proposal':
        if (me !== null) void this.#ownProposal(e.layer, e.id, me);
        return;
      case 'smesher': {
        const line = smesherLine(e.event);
        if (line !== null) this.#log(line);
        return;
      }
      case 'error':
        this.#log(`error in ${e.where}: ${message(e.error)}`);
        return;
      default:
        return;
    }
  }

  async #ownProposal(layer: number, id: Uint8Array, me: Uint8Array): Promise<void> {
    const ballot = await this.#node.parts.ballots.ballots.get(id).catch(() => undefined);
    if (this.#closed || ballot === undefined) return;
    if (bytesToHex(ballot.smesherID) !== bytesToHex(me)) return;
    this.#log(
      `proposal layer ${layer} ballot ${short(id)} eligibilities ${ballot.eligibilityProofs.length} (own)`,
    );
  }
}
