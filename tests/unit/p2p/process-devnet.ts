// A devnet as `smesh devnet` runs it (a PoET and N smeshing `smesh node` processes on 127.0.0.1,
// one genesis time, short layers), but driven from a test: each process is a SmeshChild the test
// can SIGKILL and start again on the same data directory, and every node's `applied` lines are
// collected as layer → state hash. Used by the attack test (which needs the nodes' pids for
// their memory) and the kill -9 test (which needs to kill and restart one node).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SmeshChild } from '../../../src/cli/node/children.ts';
import { parseAppliedLine } from '../../../src/cli/node/log.ts';
import { poetTimingArgs, resolveNetworkFlags } from '../../../src/cli/node/network.ts';
import { genesisAfter } from '../../../src/cli/commands/devnet.ts';
import type { NetworkConfig } from '../../../src/lib/config/types.ts';

export interface ProcessDevnetOptions {
  nodes: number;
  /** e.g. '2s' */
  layerDuration: string;
  /** genesis this long after the start */
  genesisDelayMs: number;
  /** keep every line here too (for failure messages) */
  echo?: boolean;
}

export interface NodeProc {
  readonly name: string;
  readonly dataDir: string;
  child: SmeshChild;
  /** the TCP multiaddr with /p2p/<id>, once ready */
  address: string;
  /** layer → state hash, from this node's `applied` lines (all incarnations) */
  readonly states: Map<number, string>;
  /** every line, all incarnations, in order */
  readonly lines: string[];
  /** how many times the node was started (1 for the first run) */
  run: number;
  /** every `applied` line with the run that printed it */
  readonly applied: { run: number; layer: number; state: string }[];
}

const PRESET = 'devnet';

export class ProcessDevnet {
  readonly dir: string;
  readonly network: NetworkConfig;
  readonly genesisTime: string;
  readonly nodes: NodeProc[] = [];
  poet: SmeshChild | null = null;
  poetUrl = '';
  readonly poetLines: string[] = [];
  private readonly netArgs: string[];
  private readonly waiters: (() => void)[] = [];

  readonly options: ProcessDevnetOptions;

  constructor(options: ProcessDevnetOptions) {
    this.options = options;
    this.dir = mkdtempSync(join(tmpdir(), 'smesh-procnet-'));
    this.genesisTime = genesisAfter(Date.now(), options.genesisDelayMs);
    this.network = resolveNetworkFlags({
      preset: PRESET,
      genesisTime: this.genesisTime,
      layerDuration: options.layerDuration,
    });
    this.netArgs = [
      '--preset',
      PRESET,
      '--genesis-time',
      this.genesisTime,
      '--layer-duration',
      options.layerDuration,
    ];
  }

  /** Starts the PoET, node-0, then the others bootstrapped from node-0. */
  async start(): Promise<void> {
    const poet = new SmeshChild({
      name: 'poet',
      args: [
        'poet',
        '--listen',
        '127.0.0.1:0',
        '--data-dir',
        join(this.dir, 'poet'),
        '--pow-difficulty',
        '4',
        '--preset',
        PRESET,
        '--genesis-time',
        this.genesisTime,
        ...poetTimingArgs(this.network),
      ],
      onLine: (_n, line) => this.poetLines.push(line),
    });
    this.poet = poet;
    const line = await poet.waitFor((l) => l.startsWith('poet listening on '), 'its URL', 60_000);
    this.poetUrl = line.slice('poet listening on '.length).trim();
    for (let i = 0; i < this.options.nodes; i++) {
      this.nodes.push({
        name: `node-${i}`,
        dataDir: join(this.dir, `node-${i}`),
        child: null as unknown as SmeshChild,
        address: '',
        states: new Map(),
        lines: [],
        run: 0,
        applied: [],
      });
    }
    await this.launch(this.nodes[0]!);
    await Promise.all(this.nodes.slice(1).map((n) => this.launch(n)));
  }

  /** (Re)starts one node on its data directory; resolves once it printed 'ready'. */
  async launch(n: NodeProc): Promise<void> {
    const boot = n === this.nodes[0] ? [] : [this.nodes[0]!.address];
    const threads = 1;
    n.run += 1;
    n.child = new SmeshChild({
      name: n.name,
      args: [
        'node',
        '--data-dir',
        n.dataDir,
        ...this.netArgs,
        '--listen',
        '127.0.0.1:0',
        '--ws-port',
        'none',
        '--poet',
        this.poetUrl,
        '--smesh',
        '--num-units',
        '1',
        '--post-threads',
        String(threads),
        ...(boot.length === 0 ? [] : ['--bootstrap', boot.join(',')]),
      ],
      onLine: (_name, line) => this.onLine(n, line),
    });
    await n.child.waitFor((l) => l === 'ready', 'ready', 120_000);
    const listening = n.lines.filter((l) => l.startsWith('listening ')).map((l) => l.slice(10));
    n.address = listening.find((a) => /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\//.test(a)) ?? '';
  }

  private onLine(n: NodeProc, line: string): void {
    n.lines.push(line);
    if (this.options.echo === true) console.log(`[${n.name}] ${line}`);
    const applied = parseAppliedLine(line);
    if (applied !== null) {
      n.states.set(applied.layer, applied.state);
      n.applied.push({ run: n.run, ...applied });
      for (const w of this.waiters.splice(0)) w();
    }
  }

  /**
   * Resolves once every node has executed layers first..last with one state hash per layer;
   * rejects at the first layer where two nodes differ, or after `timeoutMs`.
   */
  agreement(first: number, last: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      const check = (): void => {
        for (let l = first; l <= last; l++) {
          const hashes = new Set(this.nodes.map((n) => n.states.get(l)));
          if (hashes.size > 1 && !hashes.has(undefined))
            return reject(new Error(`layer ${l}: state hashes differ: ${[...hashes].join(' ')}`));
        }
        let done = true;
        for (let l = first; l <= last && done; l++)
          if (this.nodes.some((n) => n.states.get(l) === undefined)) done = false;
        if (done) return resolve();
        if (Date.now() > deadline) {
          const tips = this.nodes.map((n) => `${n.name}@${Math.max(-1, ...n.states.keys())}`);
          return reject(new Error(`no agreement on ${first}..${last} in time (${tips.join(' ')})`));
        }
        this.waiters.push(check);
        setTimeout(() => {
          const i = this.waiters.indexOf(check);
          if (i < 0) return;
          this.waiters.splice(i, 1);
          check();
        }, 1000);
      };
      check();
    });
  }

  /** The layer the network's clock is in now. */
  currentLayer(): number {
    const genesis = Date.parse(this.genesisTime);
    return Math.floor((Date.now() - genesis) / this.network.layerDurationMs);
  }

  /** ms until layer `l` starts (may be negative). */
  msUntilLayer(l: number): number {
    return Date.parse(this.genesisTime) + l * this.network.layerDurationMs - Date.now();
  }

  /** Resident set size of a running child, from /proc (Linux). */
  static rssBytes(child: SmeshChild): number {
    const status = readFileSync(`/proc/${child.process.pid}/status`, 'utf8');
    const m = /^VmRSS:\s+(\d+) kB$/m.exec(status);
    if (m === null) throw new Error('no VmRSS');
    return Number(m[1]) * 1024;
  }

  async stop(): Promise<void> {
    await Promise.allSettled(this.nodes.map((n) => n.child?.stop('SIGINT', 15_000)));
    await this.poet?.stop('SIGINT', 10_000);
    rmSync(this.dir, { recursive: true, force: true });
  }

  tail(n: NodeProc, count = 30): string {
    return n.lines.slice(-count).join('\n');
  }
}
