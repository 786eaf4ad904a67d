import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../../src/cli/main.ts';
import { decodeMetadata } from '../../../src/lib/post/metadata.ts';
import { FileLabelReader } from '../../../src/cli/post/file-storage.ts';
import { progressPrinter } from '../../../src/cli/post/progress.ts';
import { LabelHasher, commitment } from '../../../src/lib/post/labels.ts';
import { loadVectors } from '../vectors.ts';
import { captureIO } from './capture.ts';

const smesh = fileURLToPath(new URL('../../../bin/smesh.js', import.meta.url));
const ID = '01'.repeat(32);
const ATX = '02'.repeat(32);

function tmp(): string {
  return mkdtempSync(join(tmpdir(), 'smesh-post-'));
}

/** Every file of a directory, name → bytes (hex). */
function contents(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) out[f] = readFileSync(join(dir, f)).toString('hex');
  return out;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `smesh args`; `killWhen` sees stderr so far and may return true to SIGKILL the child. */
function runSmesh(args: string[], killWhen?: (stderr: string) => boolean): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [smesh, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (killWhen?.(stderr)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('smesh post init (child process)', () => {
  it('SIGKILL midway, rerun: every file byte-identical to an uninterrupted run', async () => {
    const total = 16000;
    const args = (dir: string) => [
      'post',
      'init',
      '--dir',
      dir,
      '--node-id',
      ID,
      '--commitment-atx-id',
      ATX,
      '--num-units',
      '4',
      '--labels-per-unit',
      String(total / 4),
      '--scrypt-n',
      '256',
      '--max-file-size',
      String(2500 * 16),
      '--batch-size',
      '256',
    ];
    const a = tmp();
    const b = tmp();
    try {
      const clean = await runSmesh(args(a));
      expect(clean.code, clean.stderr).toBe(0);

      // Kill on the first progress line that reports finished labels.
      const killed = await runSmesh(args(b), (err) => /progress: [1-9]\d*\//.test(err));
      expect(killed.signal).toBe('SIGKILL');
      const mid = decodeMetadata(readFileSync(join(b, 'postdata_metadata.json'), 'utf8'));
      expect(mid.lastPosition).toBeGreaterThan(0n);
      expect(mid.lastPosition).toBeLessThan(BigInt(total));

      const resumed = await runSmesh(args(b));
      expect(resumed.code, resumed.stderr).toBe(0);
      // It started where the killed run's durable position was, not from 0.
      expect(resumed.stderr).toContain(`progress: ${mid.lastPosition}/${total} labels`);
      expect(resumed.stdout).toBe(clean.stdout);

      const want = contents(a);
      expect(Object.keys(want)).toEqual([
        'postdata_0.bin',
        'postdata_1.bin',
        'postdata_2.bin',
        'postdata_3.bin',
        'postdata_4.bin',
        'postdata_5.bin',
        'postdata_6.bin',
        'postdata_metadata.json',
      ]);
      expect(contents(b)).toEqual(want);
      // And the data is right, not just repeatable: spot-check labels against LabelHasher.
      const h = new LabelHasher(256);
      const c = commitment(Buffer.from(ID, 'hex'), Buffer.from(ATX, 'hex'));
      for (const i of [0, 2499, 2500, 9999, 15999]) {
        const file = readFileSync(join(a, `postdata_${Math.floor(i / 2500)}.bin`));
        const at = (i % 2500) * 16;
        expect(file.subarray(at, at + 16).toString('hex')).toBe(
          Buffer.from(h.output(c, BigInt(i)).subarray(0, 16)).toString('hex'),
        );
      }
      expect(JSON.parse(clean.stdout)).toMatchObject({ NumUnits: 4, LastPosition: total });
    } finally {
      rmSync(a, { recursive: true, force: true });
      rmSync(b, { recursive: true, force: true });
    }
  });
});

describe('smesh post (in-process)', () => {
  const base = ['--node-id', ID, '--commitment-atx-id', ATX];
  const initArgs = (dir: string) => [
    'post',
    'init',
    '--dir',
    dir,
    ...base,
    '--num-units',
    '2',
    '--labels-per-unit',
    '40',
    '--scrypt-n',
    '16',
    '--max-file-size',
    '320',
  ];

  it('init writes the data and prints the metadata; a rerun is a no-op', async () => {
    const dir = tmp();
    try {
      const io = captureIO();
      expect(await main(initArgs(dir), io)).toBe(0);
      const meta = decodeMetadata(io.stdout.join('\n'));
      expect(meta.lastPosition).toBe(80n);
      expect(readdirSync(dir).filter((f) => f.endsWith('.bin'))).toHaveLength(4);
      expect(io.stderr.at(-1)).toMatch(/^progress: 80\/80 labels \(100\.00%\)/);
      // FileLabelReader reads across file boundaries (20 labels per file).
      const reader = await FileLabelReader.open(dir);
      expect(reader.totalLabels).toBe(80n);
      const all = Buffer.concat(
        [0, 1, 2, 3].map((k) => readFileSync(join(dir, `postdata_${k}.bin`))),
      );
      expect(Buffer.from(await reader.read(0n, 80)).equals(all)).toBe(true);
      expect(Buffer.from(await reader.read(17n, 30)).equals(all.subarray(17 * 16, 47 * 16))).toBe(
        true,
      );
      await expect(reader.read(70n, 11)).rejects.toThrow(RangeError);
      const before = contents(dir);
      const again = captureIO();
      expect(await main(initArgs(dir), again)).toBe(0);
      expect(contents(dir)).toEqual(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('label prints the full output and the label (vectors)', async () => {
    const v = loadVectors<{
      vectors: { n: number; index: number; output: string; label: string; commitment: string }[];
    }>('post_labels.json').vectors;
    for (const want of [v.find((x) => x.n === 512)!, v.find((x) => x.n === 8192)!]) {
      const io = captureIO();
      const args = [
        'post',
        'label',
        ...base,
        '--index',
        String(want.index),
        '--scrypt-n',
        String(want.n),
      ];
      expect(await main(args, io)).toBe(0);
      expect(JSON.parse(io.stdout.join('\n'))).toEqual({
        commitment: want.commitment,
        index: String(want.index),
        scryptN: want.n,
        output: want.output,
        label: want.label,
      });
    }
  });

  it('argument mistakes are usage errors (exit 2) with the reason', async () => {
    const dir = join(tmpdir(), 'smesh-post-never-created');
    const init = [
      'post',
      'init',
      '--dir',
      dir,
      '--num-units',
      '1',
      '--labels-per-unit',
      '8',
      '--scrypt-n',
      '16',
    ];
    const cases: [string[], RegExp][] = [
      [['post'], /missing subcommand/],
      [['post', 'nope'], /unknown subcommand 'nope'/],
      [[...init, ...base.slice(2), '--node-id', 'ab'], /--node-id must be 32 bytes of hex/],
      [
        [...init, '--node-id', 'zz'.repeat(32), '--commitment-atx-id', ATX],
        /--node-id must be 32 bytes/,
      ],
      [[...init, '--node-id', ID], /missing --commitment-atx-id/],
      [[...init.slice(0, -2), '--scrypt-n', '12', ...base], /power of two/],
      [[...init.slice(0, -2), '--scrypt-n', '1', ...base], /--scrypt-n must be in/],
      [
        [
          'post',
          'init',
          '--dir',
          dir,
          ...base,
          '--num-units',
          '0',
          '--labels-per-unit',
          '8',
          '--scrypt-n',
          '16',
        ],
        /--num-units must be in/,
      ],
      [
        [
          'post',
          'init',
          '--dir',
          dir,
          ...base,
          '--num-units',
          '1',
          '--labels-per-unit',
          '-3',
          '--scrypt-n',
          '16',
        ],
        /needs a value|decimal integer/,
      ],
      [[...init, ...base, '--max-file-size', '100'], /multiple of 16/],
      [[...init, ...base, '--provider', 'gpu'], /--provider must be cpu or webgpu/],
      [[...init, ...base, '--bogus', '1'], /unknown option --bogus/],
      [[...init, ...base, 'extra'], /unexpected argument 'extra'/],
      [
        ['post', 'label', ...base, '--index', 'x', '--scrypt-n', '16'],
        /--index must be a decimal integer/,
      ],
      [
        ['post', 'label', ...base, '--index', String(2n ** 64n), '--scrypt-n', '16'],
        /--index must be in/,
      ],
    ];
    for (const [args, re] of cases) {
      const io = captureIO();
      expect(await main(args, io), args.join(' ')).toBe(2);
      expect(io.stderr.join('\n')).toMatch(re);
    }
    expect(readdirSync(tmpdir())).not.toContain('smesh-post-never-created');
  });

  it('progress: a redrawn bar on a terminal, throttled plain lines otherwise', () => {
    const p = (done: bigint) => ({
      labelsDone: done,
      totalLabels: 100n,
      labelsPerSecond: 12.5,
      etaSeconds: Number(100n - done) / 12.5,
      provider: 'cpu',
    });
    const writes: string[] = [];
    const tty = { ...captureIO(), isTTY: true };
    const bar = progressPrinter(tty, (s) => writes.push(s), 0);
    bar(p(50n));
    bar(p(100n));
    expect(writes[0]).toBe(
      `\r\u001b[2K${'█'.repeat(15)}${'░'.repeat(15)} 50/100 labels (50.00%) 12.5 labels/s eta 4s [cpu]`,
    );
    expect(writes[1]).toMatch(/█{30} 100\/100 .*\n$/);
    const plain = captureIO();
    const line = progressPrinter(plain, () => {}, 60_000);
    line(p(1n));
    line(p(2n)); // throttled
    line(p(100n)); // the last one always shows
    expect(plain.stderr).toEqual([
      'progress: 1/100 labels (1.00%) 12.5 labels/s eta 8s [cpu]',
      'progress: 100/100 labels (100.00%) 12.5 labels/s eta 0s [cpu]',
    ]);
  });

  it('help: the subcommand table and each usage', async () => {
    const io = captureIO();
    expect(await main(['post', '--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/init[\s\S]*label/);
    const h = captureIO();
    expect(await main(['post', 'help', 'init'], h)).toBe(0);
    expect(h.stdout.join('\n')).toContain('--max-file-size');
    const top = captureIO();
    expect(await main(['--help'], top)).toBe(0);
    expect(top.stdout.join('\n')).toMatch(/\bpost\b/);
  });
});
