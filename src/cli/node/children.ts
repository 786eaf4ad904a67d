// Child processes of `smesh devnet`: each runs this same CLI (bin/smesh.js under this Node),
// its output lines forwarded with a name prefix, with a way to wait for a line it prints and to
// stop it with a signal. Children get their own process group, so a terminal's Ctrl-C reaches
// only the devnet, which then stops them in order (nodes first, the PoET last).
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The CLI's entry point, as `npx smesh` runs it. */
export const SMESH_BIN = fileURLToPath(new URL('../../../bin/smesh.js', import.meta.url));

export interface ChildOptions {
  readonly name: string;
  readonly args: readonly string[];
  /** Every line the child prints, stdout and stderr alike. */
  readonly onLine: (name: string, line: string, stream: 'out' | 'err') => void;
}

export class SmeshChild {
  readonly name: string;
  readonly process: ChildProcess;
  /** Resolves with the exit code (128 + signal number when a signal ended it). */
  readonly exited: Promise<number>;
  #exitCode: number | null = null;
  readonly #waiters: { test: (line: string) => boolean; resolve: (line: string) => void }[] = [];

  constructor(o: ChildOptions) {
    this.name = o.name;
    this.process = spawn(process.execPath, [SMESH_BIN, ...o.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    for (const [stream, tag] of [
      [this.process.stdout!, 'out'],
      [this.process.stderr!, 'err'],
    ] as const) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        o.onLine(this.name, line, tag);
        for (let i = this.#waiters.length - 1; i >= 0; i--) {
          const w = this.#waiters[i]!;
          if (w.test(line)) {
            this.#waiters.splice(i, 1);
            w.resolve(line);
          }
        }
      });
    }
    this.exited = new Promise((resolve) => {
      this.process.once('error', () => resolve((this.#exitCode = 127)));
      this.process.once('exit', (code, signal) => {
        const sig = signal === null ? 0 : 128 + (osConstants.signals[signal] ?? 0);
        resolve((this.#exitCode = code ?? sig));
      });
    });
  }

  get running(): boolean {
    return this.#exitCode === null;
  }

  /**
   * The first line from now on that matches; rejects if the child exits first or `timeoutMs`
   * passes.
   */
  waitFor(test: (line: string) => boolean, what: string, timeoutMs: number): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.name}: no ${what} within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const done = (line: string) => {
        clearTimeout(timer);
        resolve(line);
      };
      this.#waiters.push({ test, resolve: done });
      void this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code}) before printing ${what}`));
      });
    });
  }

  /** Sends `signal`; after `killAfterMs` without an exit, SIGKILL. Resolves with the code. */
  async stop(signal: NodeJS.Signals = 'SIGINT', killAfterMs = 20_000): Promise<number> {
    if (this.running) this.process.kill(signal);
    const timer = setTimeout(() => {
      if (this.running) this.process.kill('SIGKILL');
    }, killAfterMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}
