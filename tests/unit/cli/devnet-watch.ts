// Test helper for multi-process devnet tests: follows a `smesh devnet` child (and any extra
// `smesh node` children), collects their lines, the state hash each node reports per layer
// (parseAppliedLine), the API URLs and bootstrap address the devnet prints, and waits for nodes
// to agree on a range of layers.
import { spawn } from 'node:child_process';
import type { ChildProcess, ChildProcessByStdio } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { SMESH_BIN } from '../../../src/cli/node/children.ts';
import { parseAppliedLine } from '../../../src/cli/node/log.ts';

/** `smesh devnet --nodes N --layer-duration D --genesis-delay G --data-dir DIR [more]`, piped. */
export function spawnDevnet(o: {
  nodes: number;
  layerDuration: string;
  genesisDelay: string;
  dataDir: string;
  more?: readonly string[];
}): ChildProcessByStdio<null, Readable, Readable> {
  return spawn(
    process.execPath,
    [
      SMESH_BIN,
      'devnet',
      '--nodes',
      String(o.nodes),
      '--layer-duration',
      o.layerDuration,
      '--genesis-delay',
      o.genesisDelay,
      '--data-dir',
      o.dataDir,
      ...(o.more ?? []),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

export interface DevnetWatch {
  readonly stdout: string[];
  readonly stderr: string[];
  /** node name (node-I, or an extra child's name) → layer → state hash */
  readonly states: Map<string, Map<number, string>>;
  readonly exited: Promise<number | null>;
  /** Follows another `smesh node` process under `name`; its lines go to `lines`. */
  follow(name: string, child: ChildProcess, lines: string[]): Promise<number | null>;
  /** Waits for `nodes` (a count: node-0..node-N-1, or names) to report one hash per layer. */
  agreeOn(
    nodes: number | readonly string[],
    first: number,
    last: number,
    timeoutMs: number,
  ): Promise<void>;
  /** The first `n` nodes' API URLs, once printed. */
  apis(n: number): Promise<string[]>;
  /** The devnet's bootstrap multiaddrs and PoET URL, once printed. */
  bootstrap(): Promise<{ bootstrap: string; poet: string }>;
}

export function watchDevnet(child: ChildProcess): DevnetWatch {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const states = new Map<string, Map<number, string>>();
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const w of [...waiters]) w();
  };
  const record = (name: string, line: string) => {
    const applied = parseAppliedLine(line);
    if (applied === null) return;
    const byLayer = states.get(name) ?? new Map<number, string>();
    byLayer.set(applied.layer, applied.state);
    states.set(name, byLayer);
    changed();
  };
  createInterface({ input: child.stdout! }).on('line', (l) => {
    stdout.push(l);
    changed();
  });
  createInterface({ input: child.stderr! }).on('line', (l) => {
    stderr.push(l);
    const m = /^\[(node-\d+)\] (.*)$/.exec(l);
    if (m !== null) record(m[1]!, m[2]!);
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  void exited.then(changed);
  let done = false;
  void exited.then(() => (done = true));

  /** Resolves with `test()`'s value once it is not undefined; rejects on exit or timeout. */
  const until = <T>(what: string, test: () => T | undefined, timeoutMs: number): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      const check = () => {
        let v: T | undefined;
        try {
          v = test();
        } catch (e) {
          waiters.delete(check);
          clearTimeout(timer);
          reject(e instanceof Error ? e : new Error(String(e)));
          return;
        }
        if (v !== undefined) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(v);
        } else if (done) {
          waiters.delete(check);
          clearTimeout(timer);
          reject(new Error(`devnet exited waiting for ${what}:\n${stderr.slice(-40).join('\n')}`));
        }
      };
      waiters.add(check);
      check();
    });

  return {
    stdout,
    stderr,
    states,
    exited,
    follow(name, other, lines) {
      createInterface({ input: other.stderr! }).on('line', (l) => {
        lines.push(l);
        record(name, l);
      });
      createInterface({ input: other.stdout! }).on('line', (l) => lines.push(l));
      return new Promise((r) => other.once('exit', (code) => r(code)));
    },
    agreeOn(nodes, first, last, timeoutMs) {
      const names =
        typeof nodes === 'number' ? Array.from({ length: nodes }, (_, i) => `node-${i}`) : nodes;
      return until(
        `${names.join(', ')} to agree on layers ${first}..${last}`,
        () => {
          for (let l = first; l <= last; l++) {
            const hashes = names.map((n) => states.get(n)?.get(l));
            const known = new Set(hashes.filter((h) => h !== undefined));
            if (known.size > 1)
              throw new Error(
                `layer ${l}: state hashes differ: ${names.map((n, i) => `${n}=${hashes[i]}`).join(' ')}`,
              );
            if (hashes.includes(undefined)) return undefined;
          }
          return true;
        },
        timeoutMs,
      ).then(() => undefined);
    },
    apis(n) {
      return until(
        `${n} API URLs`,
        () => {
          const urls: string[] = [];
          for (let i = 0; i < n; i++) {
            const re = new RegExp(`^node-${i} api (http://\\S+)$`);
            const url = stdout.map((l) => re.exec(l)?.[1]).find((u) => u !== undefined);
            if (url === undefined) return undefined;
            urls.push(url);
          }
          return urls;
        },
        120_000,
      );
    },
    bootstrap() {
      return until(
        'the bootstrap address',
        () => {
          const b = stdout.find((l) => l.startsWith('bootstrap '));
          const p = stdout.find((l) => l.startsWith('poet '));
          if (b === undefined || p === undefined) return undefined;
          return { bootstrap: b.slice('bootstrap '.length), poet: p.slice('poet '.length) };
        },
        120_000,
      );
    },
  };
}
