// Booting from a checkpoint (go-spacemesh checkpoint/recovery.go RecoverFromLocalFile): the
// checkpoint's ATXs go into the ATX store as checkpointed headers (atxs.AddCheckpointed: no
// blob, nothing to serve or re-validate), and the file and the restore layer are kept under the
// checkpoint bucket (recovery.SetCheckpoint), so a restart finds them: the node then starts its
// mesh at the restore layer (effective genesis = restore − 1) with the checkpoint's accounts as
// its state at the effective genesis.
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { NetworkConfig } from '../config/types.ts';
import type { AtxStore } from '../mesh/atx/store.ts';
import { defineBucket, u32Key } from '../store/buckets.ts';
import type { BatchOp, ReadableStore } from '../store/interface.ts';
import type { Account } from '../vm/state/account.ts';
import { CheckpointError } from './errors.ts';
import { snapshotLayerOf, unitsKey } from './format.ts';
import type { Checkpoint } from './format.ts';
import { parseCheckpoint } from './parse.ts';
import { accountOf, atxHeaderOf } from './snapshot.ts';

export const CHECKPOINT_BUCKET = defineBucket(0x70, 'checkpoint');
const RESTORE_LAYER = Uint8Array.of(1);
const FILE = Uint8Array.of(2);

/** What a node booted from a checkpoint starts from. */
export interface Restore {
  /** The first layer of the node's mesh; effective genesis is restore − 1. */
  readonly layer: number;
  /** The accounts as of restore − 1. */
  readonly accounts: readonly Account[];
}

/**
 * The restore layer: `given`, else the layer after the checkpoint's snapshot layer. It must be
 * the first layer of an epoch after the genesis epochs: ballots name their epoch's reference
 * ballot, which must not lie before the node's mesh; and every ATX in the checkpoint must be
 * published before it.
 */
export function restoreLayerOf(
  cp: Checkpoint,
  network: Pick<NetworkConfig, 'layersPerEpoch'>,
  given?: number,
): number {
  const lpe = network.layersPerEpoch;
  const snapshot = snapshotLayerOf(cp.id);
  const layer = given ?? (snapshot === undefined ? undefined : snapshot + 1);
  if (layer === undefined)
    throw new CheckpointError(
      'bad-restore-layer',
      '$.data.id',
      `"${cp.id}" names no snapshot layer: give the restore layer`,
    );
  if (!Number.isInteger(layer) || layer < 2 * lpe || layer % lpe !== 0)
    throw new CheckpointError(
      'bad-restore-layer',
      '',
      `restore layer ${layer} is not the first layer of an epoch after genesis (epochs of ${lpe})`,
    );
  const epoch = layer / lpe;
  cp.atxs.forEach((a, i) => {
    if (a.epoch >= epoch)
      throw new CheckpointError(
        'inconsistent',
        `$.data.atxs[${i}].epoch`,
        `published in epoch ${a.epoch}, not before the restore layer's epoch ${epoch}`,
      );
  });
  return layer;
}

/** Converts every account (throws CheckpointError on a template this network lacks). */
export function restoreAccounts(cp: Checkpoint, restoreLayer: number): Account[] {
  return cp.accounts.map((a, i) => accountOf(a, restoreLayer - 1, i));
}

/** The writes that boot a store from `cp` at `restoreLayer` (an empty store: see canRestore). */
export function restoreOps(
  cp: Checkpoint,
  text: string,
  restoreLayer: number,
  atxs: AtxStore,
): BatchOp[] {
  restoreAccounts(cp, restoreLayer); // refuse before writing anything
  const ops: BatchOp[] = [];
  const noBlob = new Uint8Array(0);
  const committed = new Set<string>();
  for (const s of cp.atxs) {
    const header = atxHeaderOf(s);
    // addOps writes the blob first; a checkpointed ATX has none (nothing to serve peers).
    const [blob, ...rest] = atxs.addOps(header, noBlob, true);
    if (blob?.type !== 'put' || blob.value !== noBlob) throw new Error('unexpected ATX store ops');
    ops.push(...rest);
    // The smesher's commitment ATX (atxs.CommitmentATX, which its next ATX is checked against)
    // is recorded with its initial ATX, which a checkpoint does not hold: record it from the
    // snapshot's commitmentAtx, as the initial ATX would (addOps' last op for a sequence 0).
    const smesher = unitsKey(s.publicKey);
    if (committed.has(smesher) || header.sequence === 0n) continue;
    committed.add(smesher);
    const initial = atxs.addOps({ ...header, sequence: 0n }, noBlob, true);
    if (initial.length !== rest.length + 2) throw new Error('unexpected ATX store ops');
    ops.push(initial[initial.length - 1]!);
  }
  ops.push(CHECKPOINT_BUCKET.putOp(RESTORE_LAYER, u32Key(restoreLayer)));
  ops.push(CHECKPOINT_BUCKET.putOp(FILE, utf8ToBytes(text)));
  return ops;
}

/** The restore layer a store was booted at; undefined for a store that was not. */
export async function restoredLayer(store: ReadableStore): Promise<number | undefined> {
  const b = await store.get(CHECKPOINT_BUCKET.key(RESTORE_LAYER));
  return b === undefined ? undefined : new DataView(b.buffer, b.byteOffset, 4).getUint32(0);
}

/** What a store booted from a checkpoint starts from (each start: the VM lives in memory). */
export async function loadRestore(store: ReadableStore): Promise<Restore | undefined> {
  const layer = await restoredLayer(store);
  if (layer === undefined) return undefined;
  const file = await store.get(CHECKPOINT_BUCKET.key(FILE));
  if (file === undefined) throw new CheckpointError('missing-field', '', 'stored checkpoint lost');
  const cp = parseCheckpoint(new TextDecoder().decode(file));
  return { layer, accounts: restoreAccounts(cp, layer) };
}
