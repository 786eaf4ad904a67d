// Gossip topics of the mesh: ATXs, proposals (with their ballots) and transactions. Each handler
// validates through the component that owns the data and turns its typed refusal into a gossip
// verdict: 'reject' (the sender is to blame: malformed, mis-signed, invalid) lowers its score;
// 'ignore' (too old, already known, not checkable yet) drops it quietly. Hare, certifier, beacon
// and malfeasance subscribe to their own topics.
import { AtxValidationError } from '../mesh/atx/errors.ts';
import type { AtxValidationReason } from '../mesh/atx/errors.ts';
import { BallotValidationError } from '../mesh/ballot/errors.ts';
import { ProposalValidationError } from '../mesh/proposal/errors.ts';
import type { TxOrderInfo } from '../mesh/block/tx-order.ts';
import { Topic } from '../p2p/interface.ts';
import type { ValidationResult } from '../p2p/interface.ts';
import { admitTx } from '../vm/mempool/admit.ts';
import type { NodeParts } from './components.ts';
import type { NodeEvents } from './events.ts';

/** Refusals that are not the sender's fault (timing, missing dependencies we may fetch later). */
const ATX_IGNORED: ReadonlySet<AtxValidationReason> = new Set<AtxValidationReason>([
  'epoch-too-old',
  'epoch-in-future',
  'unknown-poet-proof',
  'unknown-prev-atx',
  'unknown-positioning-atx',
  'unknown-commitment-atx',
  'unknown-commitment',
]);

/** Refusals that fetching the named objects from the sender can cure. */
const ATX_MISSING: ReadonlySet<AtxValidationReason> = new Set<AtxValidationReason>([
  'unknown-prev-atx',
  'unknown-positioning-atx',
  'unknown-commitment-atx',
]);
const BALLOT_MISSING: ReadonlySet<string> = new Set([
  'unknown-atx',
  'unknown-ref-ballot',
  'unknown-base-ballot',
  'not-eligible',
]);

const IGNORED_BALLOT_REASONS: ReadonlySet<string> = new Set([
  'layer-in-future',
  'too-late',
  'known-ballot',
  'known-proposal',
  'unknown-atx',
  'unknown-ref-ballot',
  'unknown-base-ballot',
  'not-eligible',
]);

export function subscribeMeshTopics(parts: NodeParts, events: NodeEvents): (() => void)[] {
  const { gossip } = parts;
  return [
    gossip.subscribe(Topic.ATX, (from, data) => handleAtx(parts, events, data, true, from)),
    gossip.subscribe(Topic.PROPOSAL, (from, data) => handleProposal(parts, events, data, from)),
    gossip.subscribe(Topic.TX, (_from, data) => handleTx(parts, events, data)),
  ];
}

export async function handleAtx(
  parts: NodeParts,
  events: NodeEvents,
  data: Uint8Array,
  gossip: boolean,
  from?: string,
): Promise<ValidationResult> {
  try {
    const r = await parts.atxHandler.handleAtx(data, { gossip });
    if (r.status === 'known') return 'ignore';
    events.atxStored(r.header);
    if (r.malfeasance !== null) await parts.malfeasance.publish(r.malfeasance);
    return 'accept';
  } catch (e) {
    if (e instanceof AtxValidationError) {
      events.refused('atx', e.reason);
      if (from !== undefined && ATX_MISSING.has(e.reason))
        events.missingDependencies('atx', data, from);
      return ATX_IGNORED.has(e.reason) ? 'ignore' : 'reject';
    }
    throw e;
  }
}

export async function handleProposal(
  parts: NodeParts,
  events: NodeEvents,
  data: Uint8Array,
  from?: string,
  gossip = true,
): Promise<ValidationResult> {
  try {
    const r = await parts.proposals.handleProposal(data, { gossip });
    const p = await parts.proposals.proposals.get(r.id);
    if (p !== undefined) await events.proposalStored(p, r.ballotId);
    if (r.status === 'malicious') await parts.malfeasance.publish(r.malfeasance);
    return 'accept';
  } catch (e) {
    if (e instanceof ProposalValidationError || e instanceof BallotValidationError) {
      events.refused('proposal', e.reason);
      if (gossip && from !== undefined && BALLOT_MISSING.has(e.reason))
        events.missingDependencies('proposal', data, from);
      return IGNORED_BALLOT_REASONS.has(e.reason) ? 'ignore' : 'reject';
    }
    throw e;
  }
}

export async function handleTx(
  parts: NodeParts,
  events: NodeEvents,
  raw: Uint8Array,
): Promise<ValidationResult> {
  const admitted = admitTx(raw, parts.state, parts.genesisId, parts.clock.now());
  if (!admitted.ok) {
    events.refused('tx', admitted.reason);
    return 'reject';
  }
  const { tx } = admitted;
  if (parts.mempool.has(tx.id) || (await parts.txs.has(tx.id))) return 'ignore';
  const added = parts.mempool.add(tx);
  if (added.status === 'rejected') {
    events.refused('tx', added.reason);
    return 'ignore';
  }
  const info: TxOrderInfo = {
    id: tx.id,
    principal: tx.header.principal,
    nonce: tx.header.nonce,
    gasPrice: tx.header.gasPrice,
    maxGas: tx.header.maxGas,
    maxSpend: tx.header.maxSpend,
  };
  await parts.txs.add(raw, info);
  return 'accept';
}
