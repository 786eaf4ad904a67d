// `smesh sim`: the deterministic multi-node simulation from the command line — N full nodes with
// real PoST, PoET, beacon, hare, tortoise and VM on one virtual clock — printing, per layer,
// whether every node executed it to the same state, and one closing line.
import { runSimulation } from '../../lib/sim/simulation.ts';
import type { LayerAgreement } from '../../lib/sim/simulation.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO, type Command } from '../io.ts';

const usage = `Usage: smesh sim [--nodes N] [--epochs E] [--seed S] [--partition FROM:TO]

Runs N smeshing full nodes (the same node code as 'smesh node' and the browser) on one
virtual clock over an in-memory network with seeded latency: real PoST data and proofs,
a PoET server, ATXs, the beacon protocol, ballots and proposals, hare, certificates,
the tortoise and the VM. The same seed gives the same run.

Options:
  --nodes N            smeshers (default 20)
  --epochs E           epochs to run, ≥ 3; the first two are genesis (default 6)
  --seed S             any text (default "smesh")
  --partition FROM:TO  split the nodes in two halves from layer FROM until layer TO
  --loss P             probability that a gossip message to one peer is lost (default 0)

Prints one line per layer past genesis and, at the end:
  final state hash <hex> agreed <true|false> verified layer <n>`;

const spec = {
  nodes: { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  partition: { type: 'string' },
  loss: { type: 'string' },
} as const;

function int(v: string | boolean | undefined, name: string, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}`);
  return Number(v);
}

function line(l: LayerAgreement): string {
  if (l.applied === 0) return `layer ${l.layer}: not verified yet`;
  const state = l.stateHash === null ? 'not executed' : `state ${l.stateHash.slice(0, 16)}`;
  return `layer ${l.layer}: ${l.agreed ? 'agreed' : 'NOT agreed'} (${l.applied}/${l.nodes} executed) ${state}`;
}

export const simCommand: Command = {
  name: 'sim',
  summary: 'deterministic multi-node simulation (sim --nodes N --epochs E --seed S)',
  usage,
  async run(argv: string[], io: CliIO): Promise<number> {
    const { options, positionals } = parseArgs(argv, spec);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const nodes = int(options.nodes, 'nodes', 20, 1);
    const epochs = int(options.epochs, 'epochs', 6, 3);
    const seed = typeof options.seed === 'string' ? options.seed : 'smesh';
    let partition: { from: number; to: number } | undefined;
    if (options.partition !== undefined) {
      const m = /^(\d+):(\d+)$/.exec(String(options.partition));
      if (!m || Number(m[2]) <= Number(m[1]))
        throw new UsageError('--partition must be FROM:TO with TO > FROM (layers)');
      partition = { from: Number(m[1]), to: Number(m[2]) };
    }
    let loss = 0;
    if (options.loss !== undefined) {
      loss = Number(options.loss);
      if (!(loss >= 0 && loss < 1)) throw new UsageError('--loss must be in [0, 1)');
    }
    const report = await runSimulation({
      nodes,
      epochs,
      seed,
      loss,
      ...(partition ? { partition } : {}),
      onLayer: (l) => io.out(line(l)),
    });
    io.out(
      `final state hash ${report.finalStateHash ?? 'none'} agreed ${report.agreed} verified layer ${report.verifiedLayer}`,
    );
    return report.agreed ? 0 : 1;
  },
};
