// `smesh poet` option handling: durations, listen address, preset and timing overrides.
import { describe, expect, it } from 'vitest';
import {
  networkFromOptions,
  parseDuration,
  parseListen,
  poetCommand,
} from '../../../src/cli/commands/poet.ts';
import { UsageError } from '../../../src/cli/io.ts';
import { main } from '../../../src/cli/main.ts';
import { captureIO } from '../cli/capture.ts';

describe('smesh poet options', () => {
  it('parses Go-style durations', () => {
    expect(parseDuration('4s', 'x')).toBe(4000);
    expect(parseDuration('1500ms', 'x')).toBe(1500);
    expect(parseDuration('1h30m', 'x')).toBe(5_400_000);
    expect(parseDuration('0.5s', 'x')).toBe(500);
    for (const bad of ['', '4', 's', '4x', '-1s'])
      expect(() => parseDuration(bad, 'x')).toThrow(UsageError);
  });

  it('parses HOST:PORT', () => {
    expect(parseListen('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
    expect(parseListen('[::1]:8080')).toEqual({ host: '::1', port: 8080 });
    for (const bad of ['127.0.0.1', ':80', 'a:b', 'h:70000'])
      expect(() => parseListen(bad)).toThrow(UsageError);
  });

  it('builds the network from a preset, genesis and overrides', () => {
    const n = networkFromOptions({
      preset: 'devnet',
      'genesis-time': '2026-01-01T00:00:00Z',
      'epoch-duration': '4s',
      'phase-shift': '2s',
      'cycle-gap': '1s',
    });
    expect(n.layerDurationMs * n.layersPerEpoch).toBe(4000);
    expect(n.poet).toMatchObject({ phaseShiftMs: 2000, cycleGapMs: 1000 });
    expect(() => networkFromOptions({ preset: 'devnet' })).toThrow(/--genesis-time/);
    expect(() => networkFromOptions({ preset: 'nope' })).toThrow(UsageError);
    expect(() => networkFromOptions({ preset: 'mainnet', 'cycle-gap': '400h' })).toThrow(
      /cycle gap/,
    );
  });

  it('is registered and prints its usage', async () => {
    const io = captureIO();
    expect(await main(['poet', '--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toBe(poetCommand.usage);
    const bad = captureIO();
    expect(await main(['poet', '--listen', '127.0.0.1:0'], bad)).toBe(2);
    expect(bad.stderr.join('\n')).toMatch(/missing --data-dir/);
  });
});
