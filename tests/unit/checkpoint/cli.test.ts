// `smesh checkpoint` in-process: export copies a node's self checkpoint (the latest, or the one
// asked for) out of its data dir and refuses when there is none or it is damaged; show validates
// a file and names the reason when it is not a checkpoint; `smesh node --restore-layer` without
// --checkpoint is a usage error. bootFromCheckpoint boots an empty store once and refuses a
// store that already holds a mesh.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  bootFromCheckpoint,
  checkpointCommand,
  writeSelfCheckpoint,
} from '../../../src/cli/commands/checkpoint.ts';
import { nodeCommand } from '../../../src/cli/commands/node.ts';
import { UsageError } from '../../../src/cli/io.ts';
import { encodeCheckpoint } from '../../../src/lib/checkpoint/format.ts';
import { parseCheckpoint } from '../../../src/lib/checkpoint/parse.ts';
import { restoredLayer } from '../../../src/lib/checkpoint/restore.ts';
import { buildCheckpoint } from '../../../src/lib/checkpoint/snapshot.ts';
import { devnet } from '../../../src/lib/config/devnet.ts';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import { captureIO } from '../cli/capture.ts';
import { accounts, header } from './fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'smesh-checkpoint-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const at = (layer: number) =>
  buildCheckpoint(
    { snapshotLayer: layer, atxs: [header(1, 1), header(2, 1)], accounts, malicious: () => false },
    10,
  );

describe('smesh checkpoint', () => {
  it('export: the latest self checkpoint, or the one asked for; only the latest 3 are kept', async () => {
    const node = join(dir, 'node');
    for (const l of [19, 29, 39, 49]) await writeSelfCheckpoint(node, at(l));
    let io = captureIO();
    expect(await checkpointCommand.run(['export', '--data-dir', node], io)).toBe(0);
    expect(parseCheckpoint(io.stdout.join('\n')).id).toBe('snapshot-49');
    const out = join(dir, 'cp.json');
    io = captureIO();
    const args = ['export', '--data-dir', node, '--layer', '29', '--out', out];
    expect(await checkpointCommand.run(args, io)).toBe(0);
    expect(parseCheckpoint(readFileSync(out, 'utf8')).id).toBe('snapshot-29');
    io = captureIO();
    expect(await checkpointCommand.run([...args.slice(0, 3), '--layer', '19'], io)).toBe(1);
    expect(io.stderr.join('')).toMatch(/no checkpoint of layer 19 .*have: 29, 39, 49/);
  });

  it('export: none yet, or a damaged file, is an error', async () => {
    let io = captureIO();
    expect(await checkpointCommand.run(['export', '--data-dir', join(dir, 'empty')], io)).toBe(1);
    expect(io.stderr.join('')).toMatch(/no checkpoint/);
    const node = join(dir, 'damaged');
    mkdirSync(join(node, 'checkpoint'), { recursive: true });
    writeFileSync(join(node, 'checkpoint', 'snapshot-9'), '{"version":');
    io = captureIO();
    await expect(checkpointCommand.run(['export', '--data-dir', node], io)).rejects.toMatchObject({
      reason: 'not-json',
    });
  });

  it('show: summarizes a checkpoint, names the reason for a bad one', async () => {
    const good = join(dir, 'good.json');
    writeFileSync(good, encodeCheckpoint(at(29)));
    let io = captureIO();
    expect(await checkpointCommand.run(['show', good], io)).toBe(0);
    expect(io.stdout).toEqual([
      'id snapshot-29',
      'snapshot layer 29, restore layer 30',
      'atxs 2',
      'accounts 2',
    ]);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, encodeCheckpoint(at(29)).replace(SCHEMA, 'v2'));
    io = captureIO();
    expect(await checkpointCommand.run(['show', bad], io)).toBe(1);
    expect(io.stderr.join('')).toMatch(/invalid checkpoint \(bad-version\)/);
  });

  it('usage errors: no subcommand, export without --data-dir, --restore-layer alone', async () => {
    await expect(checkpointCommand.run([], captureIO())).rejects.toBeInstanceOf(UsageError);
    await expect(checkpointCommand.run(['export'], captureIO())).rejects.toBeInstanceOf(UsageError);
    const nodeArgs = [
      '--data-dir',
      join(dir, 'n'),
      '--preset',
      'devnet',
      '--genesis-time',
      '2026-01-01T00:00:00Z',
      '--restore-layer',
      '30',
    ];
    await expect(nodeCommand.run(nodeArgs, captureIO())).rejects.toThrow(
      '--restore-layer needs --checkpoint',
    );
  });

  it('boots an empty store once; a store holding a mesh is refused', async () => {
    const file = join(dir, 'boot.json');
    writeFileSync(file, encodeCheckpoint(at(29)));
    const lines: string[] = [];
    const store = new MemoryStore();
    await bootFromCheckpoint(store, devnet, { source: file }, (l) => lines.push(l));
    expect(await restoredLayer(store)).toBe(30);
    expect(lines.at(-1)).toMatch(/snapshot-29: 2 ATXs, 2 accounts; mesh starts at layer 30/);
    // again (a restart with the same flags): kept as it is
    await bootFromCheckpoint(store, devnet, { source: file }, (l) => lines.push(l));
    expect(lines.at(-1)).toMatch(/already booted at restore layer 30/);
    // a later restore layer over a booted store is refused
    await expect(
      bootFromCheckpoint(store, devnet, { source: file, restoreLayer: 40 }, () => {}),
    ).rejects.toThrow(/already holds a mesh/);
  });
});

const SCHEMA = 'https://spacemesh.io/checkpoint.schema.json.1.0';
