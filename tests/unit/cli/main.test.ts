import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { main } from '../../../src/cli/main.ts';
import { parseArgs } from '../../../src/cli/args.ts';
import { UsageError } from '../../../src/cli/io.ts';
import { VERSION } from '../../../src/lib/version.ts';
import { captureIO } from './capture.ts';

describe('smesh (in-process)', () => {
  it('--version prints the version', async () => {
    const io = captureIO();
    expect(await main(['--version'], io)).toBe(0);
    expect(io.stdout).toEqual([VERSION]);
  });

  it('--help lists the commands and exits 0; no arguments prints help and exits 2', async () => {
    const io = captureIO();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/Commands:[\s\S]*\btx\b/);
    expect(await main([], captureIO())).toBe(2);
  });

  it('an unknown command is a usage error (exit 2), also for inherited property names', async () => {
    for (const name of ['nope', 'constructor', '__proto__', 'toString']) {
      const io = captureIO();
      expect(await main([name], io)).toBe(2);
      expect(io.stderr.join('\n')).toContain(`unknown command '${name}'`);
    }
  });
});

describe('parseArgs', () => {
  const spec = {
    hrp: { type: 'string' },
    json: { type: 'boolean' },
    dir: { type: 'string', required: true },
  } as const;

  it('parses --k v, --k=v, flags and positionals', () => {
    const r = parseArgs(['a', '--hrp', 'sm', '--json', '--dir=/x', 'b'], spec);
    expect(r.options).toEqual({ hrp: 'sm', json: true, dir: '/x' });
    expect(r.positionals).toEqual(['a', 'b']);
  });

  it.each([
    [['--dir', 'x', '--bogus'], 'unknown option --bogus'],
    [['--dir'], 'option --dir needs a value'],
    [['--dir', 'x', '--json=1'], 'option --json takes no value'],
    [['--dir', 'x', '--dir', 'y'], 'option --dir given twice'],
    [[], 'missing --dir'],
  ])('%j → UsageError %s', (argv, message) => {
    expect(() => parseArgs(argv, spec)).toThrow(new UsageError(message));
  });
});

describe('smesh (as a process)', () => {
  it('runs on the pinned Node and prints the version', () => {
    const r = spawnSync('node', ['bin/smesh.js', '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(VERSION);
  });

  it('hands over to the pinned Node when started by an older one', () => {
    // /usr/bin/node is the machine's Node 20 here; elsewhere this still exercises the path.
    const r = spawnSync(
      '/usr/bin/env',
      ['-i', `PATH=/usr/bin:/bin`, 'node', 'bin/smesh.js', '-v'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe(VERSION);
    expect(r.status).toBe(0);
  });

  it('exits 2 with usage on a bad command', () => {
    const r = spawnSync('node', ['bin/smesh.js', 'frobnicate'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
  });
});
