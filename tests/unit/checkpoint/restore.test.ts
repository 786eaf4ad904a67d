// What a checkpoint keeps (each honest smesher's latest ATXs up to the snapshot's epoch, every
// account) and booting a store from it: checkpointed ATX headers the ATX store serves, the
// restore layer and accounts kept for every start, and the refusals of a restore layer or
// contents that cannot start a mesh.
import { describe, expect, it } from 'vitest';
import { CheckpointError } from '../../../src/lib/checkpoint/errors.ts';
import { encodeCheckpoint } from '../../../src/lib/checkpoint/format.ts';
import { parseCheckpoint } from '../../../src/lib/checkpoint/parse.ts';
import {
  loadRestore,
  restoredLayer,
  restoreLayerOf,
  restoreOps,
} from '../../../src/lib/checkpoint/restore.ts';
import { atxHeaderOf, buildCheckpoint } from '../../../src/lib/checkpoint/snapshot.ts';
import { isCheckpointLayer } from '../../../src/lib/checkpoint/export.ts';
import { AtxStore } from '../../../src/lib/mesh/atx/store.ts';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import { accounts, bytes, header } from './fixture.ts';

const LPE = 10;
const atxs = [
  header(1, 1),
  header(1, 2),
  header(1, 3), // published after the snapshot layer's epoch (2): left out
  header(2, 0),
  header(2, 1),
  header(2, 2), // smesher 2: only the latest two
  header(3, 2), // malicious: left out
];
const cp = buildCheckpoint(
  { snapshotLayer: 29, atxs, accounts, malicious: (s) => s[0] === 3 },
  LPE,
);

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof CheckpointError) return e.reason;
    throw e;
  }
  return 'accepted';
}

describe('building a checkpoint', () => {
  it("keeps each honest smesher's latest two ATXs up to the snapshot epoch, sorted", () => {
    expect(cp.id).toBe('snapshot-29');
    expect(cp.atxs.map((a) => [a.publicKey[0], a.epoch])).toEqual([
      [1, 1],
      [2, 1],
      [1, 2],
      [2, 2],
    ]);
    expect(cp.accounts.map((a) => a.address[0])).toEqual([1, 2]);
    expect(cp.command).toContain('"snapshotLayer":29');
  });

  it('an ATX snapshot turns back into the header the node stores', () => {
    const h = header(1, 2);
    expect(atxHeaderOf(cp.atxs[2]!)).toEqual({ ...h, weight: 3n * 7n });
  });

  it('self checkpoints are taken at the last layer of an epoch', () => {
    expect([28, 29, 30, 39].map((l) => isCheckpointLayer(l, LPE))).toEqual([
      false,
      true,
      false,
      true,
    ]);
  });
});

describe('booting from a checkpoint', () => {
  it('stores the ATX headers and the restore point; loadRestore gives the accounts', async () => {
    const store = new MemoryStore();
    const text = encodeCheckpoint(cp);
    const parsed = parseCheckpoint(text);
    const layer = restoreLayerOf(parsed, { layersPerEpoch: LPE });
    expect(layer).toBe(30);
    const atxStore = new AtxStore(store);
    await store.batch(restoreOps(parsed, text, layer, atxStore));
    expect(await restoredLayer(store)).toBe(30);
    for (const s of parsed.atxs) {
      expect(await atxStore.header(s.id)).toEqual(atxHeaderOf(s));
      expect(await atxStore.blob(s.id)).toBeUndefined();
    }
    expect(await atxStore.lastEpoch()).toBe(2);
    // the commitment ATX the smeshers' next ATXs are checked against
    for (const smesher of [1, 2])
      expect(await atxStore.commitment(bytes(32, smesher))).toEqual(bytes(32, 0xcc));
    expect((await atxStore.lastBySmesher(bytes(32, 2)))?.publishEpoch).toBe(2);
    const restore = await loadRestore(store);
    expect(restore?.layer).toBe(30);
    expect(restore?.accounts).toEqual([...accounts].reverse().map((a) => ({ ...a, layer: 29 })));
  });

  it('a store never booted has no restore point', async () => {
    expect(await loadRestore(new MemoryStore())).toBeUndefined();
  });

  it('takes a given restore layer, when it starts an epoch', () => {
    expect(restoreLayerOf(cp, { layersPerEpoch: LPE }, 40)).toBe(40);
  });

  it.each([
    ['mid-epoch', 35],
    ['in the genesis epochs', 10],
    ['at layer 0', 0],
  ])('refuses a restore layer %s (bad-restore-layer)', (_what, layer) => {
    expect(reasonOf(() => restoreLayerOf(cp, { layersPerEpoch: LPE }, layer))).toBe(
      'bad-restore-layer',
    );
  });

  it('refuses a checkpoint whose id names no layer, without a restore layer', () => {
    const other = { ...cp, id: 'my-checkpoint' };
    expect(reasonOf(() => restoreLayerOf(other, { layersPerEpoch: LPE }))).toBe(
      'bad-restore-layer',
    );
    expect(restoreLayerOf(other, { layersPerEpoch: LPE }, 30)).toBe(30);
  });

  it('refuses ATXs published in or after the restore epoch (inconsistent)', () => {
    expect(reasonOf(() => restoreLayerOf(cp, { layersPerEpoch: LPE }, 20))).toBe('inconsistent');
  });

  it('refuses an account of an unknown template, writing nothing (inconsistent)', async () => {
    const bad = {
      ...cp,
      accounts: [{ ...cp.accounts[0]!, template: bytes(24, 0x77), state: bytes(1, 1) }],
    };
    const store = new MemoryStore();
    expect(reasonOf(() => restoreOps(bad, '', 30, new AtxStore(store)))).toBe('inconsistent');
    expect(await restoredLayer(store)).toBeUndefined();
  });
});
