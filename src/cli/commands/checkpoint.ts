// `smesh checkpoint`: go-spacemesh checkpoint files (checkpoint/runner.go, recovery.go). A node
// writes a self checkpoint after each epoch's last layer executes (DATA_DIR/checkpoint/
// snapshot-<layer>, go's SelfCheckpointFilename); `export` copies one out — the node may be
// running — and `show` validates a file and summarizes it. Booting: `smesh node --checkpoint`.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { CheckpointError } from '../../lib/checkpoint/errors.ts';
import { encodeCheckpoint, snapshotLayerOf } from '../../lib/checkpoint/format.ts';
import type { Checkpoint } from '../../lib/checkpoint/format.ts';
import { parseCheckpoint } from '../../lib/checkpoint/parse.ts';
import { checkpointOf, isCheckpointLayer } from '../../lib/checkpoint/export.ts';
import { restoredLayer, restoreLayerOf, restoreOps } from '../../lib/checkpoint/restore.ts';
import type { NetworkConfig } from '../../lib/config/types.ts';
import { AtxStore } from '../../lib/mesh/atx/store.ts';
import type { FullNode } from '../../lib/node/full-node.ts';
import type { Store } from '../../lib/store/interface.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO, type Command } from '../io.ts';

const usage = `Usage: smesh checkpoint export --data-dir DIR [--layer N] [--out FILE]
       smesh checkpoint show FILE|URL

export  writes a node's checkpoint (go-spacemesh's JSON: version, data.id "snapshot-N",
        data.atxs, data.accounts) to FILE or stdout. A node takes one after each epoch's
        last layer executes, under DIR/checkpoint/; --layer picks the snapshot layer (default:
        the latest). Boot a node from it with
          smesh node --checkpoint FILE|URL [--restore-layer N] ...
        (restore layer default: the snapshot layer + 1, the next epoch's first layer).
show    validates a checkpoint file and prints its id, snapshot layer, ATX and account counts.`;

const spec = {
  'data-dir': { type: 'string' },
  layer: { type: 'string' },
  out: { type: 'string' },
} as const;

/** Where a node keeps its self checkpoints (go: DATA_DIR/checkpoint). */
export const checkpointDir = (dataDir: string): string => join(dataDir, 'checkpoint');

/** How many self checkpoints a node keeps (the oldest are removed). */
const KEEP = 3;

/** Writes a node's self checkpoint atomically (rename), keeping the latest KEEP. */
export async function writeSelfCheckpoint(dataDir: string, cp: Checkpoint): Promise<string> {
  const dir = checkpointDir(dataDir);
  await mkdir(dir, { recursive: true });
  const file = join(dir, cp.id);
  await writeFile(`${file}.tmp`, encodeCheckpoint(cp));
  await rename(`${file}.tmp`, file);
  const layers = await snapshotLayers(dir);
  for (const l of layers.slice(0, -KEEP)) await rm(join(dir, `snapshot-${l}`), { force: true });
  return file;
}

/** The snapshot layers of the self checkpoints in `dir`, ascending. */
async function snapshotLayers(dir: string): Promise<number[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names
    .map(snapshotLayerOf)
    .filter((l): l is number => l !== undefined)
    .sort((a, b) => a - b);
}

/** A checkpoint file's text, from a path or an http(s) URL (go's --recovery-uri). */
export async function readCheckpointText(source: string): Promise<string> {
  if (/^https?:\/\//.test(source)) {
    const r = await fetch(source);
    if (!r.ok) throw new Error(`${source}: HTTP ${r.status}`);
    return await r.text();
  }
  return await readFile(source.startsWith('file://') ? new URL(source) : source, 'utf8');
}

export const checkpointCommand: Command = {
  name: 'checkpoint',
  summary: "checkpoints: export a node's, show one (checkpoint export --data-dir D)",
  usage,
  async run(args: string[], io: CliIO): Promise<number> {
    const [sub, ...rest] = args;
    const { options, positionals } = parseArgs(rest, spec);
    if (sub === 'export') {
      if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
      const dataDir = options['data-dir'];
      if (typeof dataDir !== 'string') throw new UsageError('export needs --data-dir');
      const dir = checkpointDir(resolve(dataDir));
      const layers = await snapshotLayers(dir);
      const wanted = options['layer'];
      let layer: number | undefined;
      if (typeof wanted === 'string') {
        layer = Number(wanted);
        if (!Number.isInteger(layer) || layer < 0) throw new UsageError(`--layer: "${wanted}"`);
        if (!layers.includes(layer)) {
          io.err(
            `no checkpoint of layer ${layer} in ${dir} (have: ${layers.join(', ') || 'none'})`,
          );
          return 1;
        }
      } else layer = layers.at(-1);
      if (layer === undefined) {
        io.err(`no checkpoint in ${dir} yet: a node takes one after each epoch's last layer`);
        return 1;
      }
      const text = await readFile(join(dir, `snapshot-${layer}`), 'utf8');
      parseCheckpoint(text); // never hand out a damaged file
      const out = options['out'];
      if (typeof out === 'string') {
        await writeFile(out, text);
        io.err(`checkpoint snapshot-${layer} written to ${out}`);
      } else io.out(text.trimEnd());
      return 0;
    }
    if (sub === 'show') {
      if (positionals.length !== 1) throw new UsageError('show needs one FILE or URL');
      try {
        const cp = parseCheckpoint(await readCheckpointText(positionals[0]!));
        const snapshot = snapshotLayerOf(cp.id);
        io.out(`id ${cp.id}`);
        if (snapshot !== undefined)
          io.out(`snapshot layer ${snapshot}, restore layer ${snapshot + 1}`);
        io.out(`atxs ${cp.atxs.length}`);
        io.out(`accounts ${cp.accounts.length}`);
        return 0;
      } catch (e) {
        if (!(e instanceof CheckpointError)) throw e;
        io.err(`invalid checkpoint (${e.reason}): ${e.message}`);
        return 1;
      }
    }
    throw new UsageError(sub === undefined ? 'missing subcommand' : `unknown subcommand '${sub}'`);
  },
};

/**
 * Boots an empty store from a checkpoint (go-spacemesh checkpoint.Recover): the checkpoint's
 * ATXs and accounts become the node's starting point at the restore layer. A store booted before
 * at the same or a later restore layer is left as it is (go: oldRestore >= cfg.Restore).
 */
export async function bootFromCheckpoint(
  store: Store,
  network: NetworkConfig,
  checkpoint: { readonly source: string; readonly restoreLayer?: number },
  log: (line: string) => void,
): Promise<void> {
  const booted = await restoredLayer(store);
  if (booted !== undefined && (checkpoint.restoreLayer ?? 0) <= booted) {
    log(`checkpoint: already booted at restore layer ${booted}`);
    return;
  }
  const atxs = new AtxStore(store);
  if (booted !== undefined || (await atxs.lastEpoch()) !== undefined)
    throw new Error('--checkpoint: the data dir already holds a mesh; boot an empty one');
  const text = await readCheckpointText(checkpoint.source);
  const cp = parseCheckpoint(text);
  const layer = restoreLayerOf(cp, network, checkpoint.restoreLayer);
  await store.batch(restoreOps(cp, text, layer, atxs));
  log(
    `checkpoint ${cp.id}: ${cp.atxs.length} ATXs, ${cp.accounts.length} accounts; mesh starts at layer ${layer}`,
  );
}

/**
 * Takes a self checkpoint after each epoch's last layer executes: the accounts are read at the
 * 'applied' event (the VM's state as of that layer), the ATXs and the file write follow.
 */
export function takeSelfCheckpoints(
  node: FullNode,
  dataDir: string,
  log: (line: string) => void,
): { close(): Promise<void> } {
  let tail: Promise<void> = Promise.resolve();
  const off = node.onEvent((e) => {
    if (e.type !== 'applied') return;
    const layer = e.applied.layer;
    if (!isCheckpointLayer(layer, node.parts.network.layersPerEpoch)) return;
    const accounts = node.parts.state.all();
    tail = tail
      .then(async () => {
        const cp = await checkpointOf(node.parts, layer, accounts);
        await writeSelfCheckpoint(dataDir, cp);
        log(`checkpoint snapshot-${layer}: ${cp.atxs.length} ATXs, ${cp.accounts.length} accounts`);
      })
      .catch((err: unknown) =>
        log(`checkpoint snapshot-${layer}: ${err instanceof Error ? err.message : String(err)}`),
      );
  });
  return {
    close: async () => {
      off();
      await tail;
    },
  };
}
