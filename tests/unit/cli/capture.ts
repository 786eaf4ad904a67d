// A CliIO that records what a command printed, for in-process CLI tests.
import type { CliIO } from '../../../src/cli/io.ts';

export interface Captured extends CliIO {
  readonly stdout: string[];
  readonly stderr: string[];
}

export function captureIO(): Captured {
  const stdout: string[] = [];
  const stderr: string[] = [];
  return {
    stdout,
    stderr,
    out: (t) => void stdout.push(t),
    err: (t) => void stderr.push(t),
    isTTY: false,
  };
}
