// `smesh sim`: the deterministic multi-node simulation from the command line — N full nodes with
// real PoST, PoET, beacon, hare, tortoise and VM on one virtual clock — printing, per layer,
// whether every node executed it to the same state, and one closing line.
import { BYZANTINE_BEHAVIOURS, isByzantineBehaviour } from '../../lib/sim/byzantine.ts';
import type { ByzantineBehaviour } from '../../lib/sim/byzantine.ts';
import { simNetworkConfig } from '../../lib/sim/config.ts';
import { runSimulation } from '../../lib/sim/simulation.ts';
import type { LayerAgreement } from '../../lib/sim/simulation.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO, type Command } from '../io.ts';

const usage = `Usage: smesh sim [--nodes N] [--epochs E] [--seed S] [--partition FROM:TO]
                 [--loss P] [--byzantine FRACTION:BEHAVIOUR] [--crash FRACTION]

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
  --crash F            crash ⌈F·honest⌉ honest nodes in the middle of the next-to-last
                       epoch and restart them three layers later over their stores
  --byzantine F:B      the last ⌈F·N⌉ nodes (F in (0, 0.5), sized to hold about F of the
                       weight) misbehave as B: ${BYZANTINE_BEHAVIOURS.join(', ')};
                       agreement is then checked among the honest nodes only

Prints one line per layer past genesis and, at the end:
  final state hash <hex> agreed <true|false> verified layer <n>`;

const spec = {
  nodes: { type: 'string' },
  epochs: { type: 'string' },
  seed: { type: 'string' },
  partition: { type: 'string' },
  loss: { type: 'string' },
  byzantine: { type: 'string' },
  crash: { type: 'string' },
} as const;

function int(v: string | boolean | undefined, name: string, dflt: number, min: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'string' || !/^\d+$/.test(v) || Number(v) < min)
    throw new UsageError(`--${name} must be an integer ≥ ${min}`);
  return Number(v);
}

/** --byzantine FRACTION:BEHAVIOUR, e.g. 0.25:hare-equivocate. */
export function parseByzantine(v: string | boolean): {
  fraction: number;
  behaviour: ByzantineBehaviour;
} {
  const m = /^([0-9.]+):([a-z-]+)$/.exec(String(v));
  const fraction = m === null ? NaN : Number(m[1]);
  if (m === null || !(fraction > 0 && fraction < 0.5))
    throw new UsageError('--byzantine must be FRACTION:BEHAVIOUR with FRACTION in (0, 0.5)');
  const behaviour = m[2]!;
  if (!isByzantineBehaviour(behaviour))
    throw new UsageError(
      `--byzantine: unknown behaviour '${behaviour}' (one of ${BYZANTINE_BEHAVIOURS.join(', ')})`,
    );
  return { fraction, behaviour };
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
    const byzantine =
      options.byzantine === undefined ? undefined : parseByzantine(options.byzantine);
    let crash: { fraction: number; at: number; restartAt: number } | undefined;
    if (options.crash !== undefined) {
      const fraction = Number(options.crash);
      if (!(fraction > 0 && fraction < 1)) throw new UsageError('--crash must be in (0, 1)');
      if (epochs < 4) throw new UsageError('--crash needs --epochs ≥ 4');
      // Mid-epoch, past genesis, with time left to catch up.
      const lpe = simNetworkConfig().layersPerEpoch;
      const at = (epochs - 2) * lpe + Math.floor(lpe / 2) - 1;
      crash = { fraction, at, restartAt: at + 3 };
    }
    if (byzantine !== undefined && Math.ceil(byzantine.fraction * nodes) >= nodes)
      throw new UsageError('--byzantine leaves no honest node: raise --nodes');
    const report = await runSimulation({
      nodes,
      epochs,
      seed,
      loss,
      ...(partition ? { partition } : {}),
      ...(byzantine ? { byzantine } : {}),
      ...(crash ? { crash } : {}),
      onLayer: (l) => io.out(line(l)),
    });
    const b = report.byzantine;
    if (b !== null)
      io.out(
        `byzantine ${b.behaviour}: nodes ${b.indices.join(',')} holding ${(b.weightShare * 100).toFixed(1)}% of the weight; honest nodes ${report.honest.join(',')}`,
      );
    if (report.crashed.length > 0)
      io.out(`crashed and restarted: nodes ${report.crashed.join(',')}`);
    io.out(
      `final state hash ${report.finalStateHash ?? 'none'} agreed ${report.agreed} verified layer ${report.verifiedLayer}`,
    );
    return report.agreed ? 0 : 1;
  },
};
