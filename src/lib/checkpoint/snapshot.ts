// Between a node's records and a checkpoint's snapshots (go-spacemesh checkpoint/runner.go
// checkpointDB and recovery.go checkpointData): ATX headers ↔ AtxSnapshot, VM accounts ↔
// AccountSnapshot, and the choice of what a checkpoint keeps — each honest smesher's latest
// `numAtxs` ATXs (atxs.LatestN) and every account as of the snapshot layer.
import { compareBytes } from '../bytes.ts';
import type { AtxHeader } from '../mesh/atx/store.ts';
import { EMPTY_ATX_ID } from '../types/common.ts';
import type { Account } from '../vm/state/account.ts';
import { TEMPLATES, templateAt } from '../vm/tx/templates.ts';
import { CheckpointError } from './errors.ts';
import { commandFor, DEFAULT_NUM_ATXS, SCHEMA_VERSION, unitsKey } from './format.ts';
import type { AccountSnapshot, AtxSnapshot, Checkpoint } from './format.ts';

export function atxSnapshotOf(h: AtxHeader): AtxSnapshot {
  return {
    id: h.id,
    epoch: h.publishEpoch,
    commitmentAtx: h.commitmentAtx,
    marriageAtx: null,
    vrfNonce: h.vrfNonce,
    baseTickHeight: h.baseTickHeight,
    tickCount: h.tickCount,
    publicKey: h.smesher,
    sequence: h.sequence,
    coinbase: h.coinbase,
    numUnits: h.effectiveNumUnits,
    units: new Map([[unitsKey(h.smesher), h.numUnits]]),
  };
}

/**
 * The header a checkpointed ATX is stored with (atxs.AddCheckpointed): no previous ATX (the
 * checkpoint is the history), its units as declared, weight = effective units × ticks.
 */
export function atxHeaderOf(s: AtxSnapshot): AtxHeader {
  const declared = s.units.get(unitsKey(s.publicKey)) ?? s.numUnits;
  return {
    id: s.id,
    smesher: s.publicKey,
    publishEpoch: s.epoch,
    sequence: s.sequence,
    prevAtx: EMPTY_ATX_ID,
    numUnits: declared,
    effectiveNumUnits: s.numUnits,
    baseTickHeight: s.baseTickHeight,
    tickCount: s.tickCount,
    weight: BigInt(s.numUnits) * s.tickCount,
    commitmentAtx: s.commitmentAtx,
    vrfNonce: s.vrfNonce,
    coinbase: s.coinbase,
  };
}

export function accountSnapshotOf(a: Account): AccountSnapshot {
  return {
    address: a.address,
    balance: a.balance,
    nonce: a.nextNonce,
    template: a.template === null ? null : TEMPLATES[a.template].address,
    state: a.template === null ? null : a.state,
  };
}

/** The account as the VM keeps it, last changed at `layer` (go: the new effective genesis). */
export function accountOf(s: AccountSnapshot, layer: number, index = 0): Account {
  let template: Account['template'] = null;
  if (s.template !== null) {
    const t = templateAt(s.template);
    if (t === undefined)
      throw new CheckpointError(
        'inconsistent',
        `$.data.accounts[${index}].template`,
        'not a template this network knows',
      );
    template = t;
  }
  return {
    layer,
    address: s.address,
    nextNonce: s.nonce,
    balance: s.balance,
    template,
    state: s.state ?? new Uint8Array(0),
  };
}

export interface CheckpointSource {
  /** The last executed layer the accounts are as of. */
  readonly snapshotLayer: number;
  /** Every stored ATX header (any order). */
  readonly atxs: readonly AtxHeader[];
  /** Smeshers with a malfeasance proof: left out, as go leaves them out. */
  readonly malicious: (smesher: Uint8Array) => boolean;
  /** Every account's state as of snapshotLayer. */
  readonly accounts: readonly Account[];
  readonly numAtxs?: number;
}

/**
 * A checkpoint of the node's state at `snapshotLayer` (runner.go checkpointDB). ATXs published
 * after the snapshot layer's epoch are left out: they are not part of that state. Output is
 * sorted (ATXs by epoch then id, accounts by address) so two nodes with one state write one file.
 */
export function buildCheckpoint(src: CheckpointSource, layersPerEpoch: number): Checkpoint {
  const numAtxs = src.numAtxs ?? DEFAULT_NUM_ATXS;
  const snapshotEpoch = Math.floor(src.snapshotLayer / layersPerEpoch);
  const bySmesher = new Map<string, AtxHeader[]>();
  for (const h of src.atxs) {
    if (h.publishEpoch > snapshotEpoch || src.malicious(h.smesher)) continue;
    const k = unitsKey(h.smesher);
    const list = bySmesher.get(k) ?? [];
    list.push(h);
    bySmesher.set(k, list);
  }
  const atxs: AtxHeader[] = [];
  for (const list of bySmesher.values()) {
    list.sort((a, b) => b.publishEpoch - a.publishEpoch || compareBytes(a.id, b.id));
    atxs.push(...list.slice(0, numAtxs));
  }
  atxs.sort((a, b) => a.publishEpoch - b.publishEpoch || compareBytes(a.id, b.id));
  const accounts = [...src.accounts].sort((a, b) => compareBytes(a.address, b.address));
  return {
    command: commandFor(src.snapshotLayer, numAtxs),
    version: SCHEMA_VERSION,
    id: `snapshot-${src.snapshotLayer}`,
    atxs: atxs.map(atxSnapshotOf),
    accounts: accounts.map(accountSnapshotOf),
  };
}
