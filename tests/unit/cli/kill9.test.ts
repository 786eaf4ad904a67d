// Issue #7: "`kill -9` of a node mid-layer and a restart: nothing acknowledged is lost, it
// resumes smeshing and agrees again."
//
// A devnet of three smeshing `smesh node` processes and a PoET (2 s layers, as `smesh devnet`
// runs it, from tests/unit/p2p/process-devnet.ts). Once node-2 has published its ATX, proposed
// in epoch 2 and executed a few layers, it gets SIGKILL in the middle of a layer and is started
// again at once on the same data directory. Then:
// - nothing it acknowledged is lost: its restart reuses the PoST data (label files untouched),
//   every layer it had logged as applied is executed again to the same state hash, and its ATX
//   for each publish epoch is the one it had published (a second, different ATX for the same
//   epoch would be an equivocation and get it marked malicious);
// - it resumes smeshing: it publishes ballots (own proposals) for layers after the restart;
// - it agrees again: all three nodes execute every layer from 20 to a few layers past the
//   restart with the same state hashes.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ProcessDevnet } from '../p2p/process-devnet.ts';
import { serialDevnet } from '../devnet-lock.ts';

// Released after every other afterAll of this file (hooks run in reverse): processes gone first.
serialDevnet();

const net = new ProcessDevnet({ nodes: 3, layerDuration: '2s', genesisDelayMs: 12_000 });
afterAll(() => net.stop(), 60_000);

/** name → size and mtime of the PoST label files (postdata_N.bin) in a node's data dir. */
function postFiles(dataDir: string): Record<string, string> {
  const dir = join(dataDir, 'post');
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir)
    .filter((n) => /^postdata_\d+\.bin$/.test(n))
    .sort()) {
    const st = statSync(join(dir, f));
    out[f] = `${st.size} bytes, mtime ${st.mtimeMs}`;
  }
  return out;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const OWN_ATX = /smesher: ATX (\w+) published in epoch (\d+)/;
const OWN_PROPOSAL = /proposal layer (\d+) ballot \w+ .*\(own\)/;

describe('kill -9 of a smeshing node mid-layer, then a restart on its data dir', () => {
  it('keeps what it acknowledged, smeshes again and agrees with the others', async () => {
    const started = Date.now();
    await net.start();
    const victim = net.nodes[2]!;

    // acknowledged work: its ATX, a proposal in epoch 2, and layers executed past 20
    await victim.child.waitFor((l) => OWN_ATX.test(l), 'its ATX', 120_000);
    await victim.child.waitFor((l) => OWN_PROPOSAL.test(l), 'an own proposal', 90_000);
    while (Math.max(-1, ...victim.states.keys()) < 22) await sleep(200);
    // the middle of the next layer
    const killLayer = net.currentLayer() + 1;
    await sleep(net.msUntilLayer(killLayer) + net.network.layerDurationMs / 2);

    const before = new Map(victim.states);
    const atxBefore = victim.lines.map((l) => OWN_ATX.exec(l)).filter((m) => m !== null);
    const linesBefore = victim.lines.length;
    const postBefore = postFiles(victim.dataDir);
    expect(Object.keys(postBefore).length).toBeGreaterThan(0);
    victim.child.process.kill('SIGKILL');
    expect(await victim.child.exited).toBe(128 + 9);
    const restartLayer = net.currentLayer();
    await net.launch(victim);
    expect(victim.run).toBe(2);
    const second = () => victim.lines.slice(linesBefore);

    // it smeshes again: a ballot of its own for a layer after the restart
    await victim.child.waitFor(
      (l) => Number(OWN_PROPOSAL.exec(l)?.[1] ?? -1) > restartLayer,
      'an own proposal after the restart',
      90_000,
    );
    // and every node agrees from layer 20 to three layers past the restart
    const last = net.currentLayer() + 1;
    await net.agreement(20, last, 60_000);

    // nothing acknowledged was lost
    // - PoST data reused: the label files are the same files, not written again
    expect(second().some((l) => l.includes('post data: '))).toBe(true);
    expect(postFiles(victim.dataDir)).toEqual(postBefore);
    // - every layer applied before the kill, executed again to the same state
    const again = new Map(victim.applied.filter((a) => a.run === 2).map((a) => [a.layer, a.state]));
    expect(before.size).toBeGreaterThanOrEqual(3);
    for (const [layer, state] of before) expect(again.get(layer), `layer ${layer}`).toBe(state);
    // - its ATXs: one id per publish epoch across both runs, the first run's among them
    const atxAll = victim.lines.map((l) => OWN_ATX.exec(l)).filter((m) => m !== null);
    const byEpoch = new Map<string, Set<string>>();
    for (const m of atxAll) byEpoch.set(m[2]!, (byEpoch.get(m[2]!) ?? new Set()).add(m[1]!));
    for (const [epoch, idsOf] of byEpoch) expect(idsOf.size, `epoch ${epoch} ATXs`).toBe(1);
    expect(atxBefore.length).toBeGreaterThan(0);
    // nobody saw an equivocation from it
    for (const n of net.nodes)
      expect(
        n.lines.filter((l) => /malfeas|malicious/i.test(l)),
        n.name,
      ).toEqual([]);

    console.log(
      `killed in layer ${killLayer}, restarted in ${restartLayer}; agreed through ${last}; ` +
        `${before.size} layers re-executed identically; ${((Date.now() - started) / 1000).toFixed(0)} s; ` +
        `its smesher lines: ${victim.lines.filter((l) => l.includes('smesher:')).join(' | ')}`,
    );
  }, 180_000);
});
