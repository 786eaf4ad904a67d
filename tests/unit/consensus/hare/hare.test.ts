import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { LAYER } from './harness.ts';
import { HareNet, proposalId } from './network.ts';

describe('hare with honest participants', () => {
  it('agrees on the common proposal set, with one weak coin for all', async () => {
    const set = [proposalId(3), proposalId(1), proposalId(2)];
    const net = new HareNet({ n: 10, proposals: () => set, observers: 1 });
    await net.startLayer(LAYER);
    await net.runLayer(LAYER);
    const expected = [proposalId(1), proposalId(2), proposalId(3)].map(bytesToHex);
    for (const p of net.participants) {
      expect(p.outputs).toHaveLength(1);
      expect(p.outputs[0]!.layer).toBe(LAYER);
      expect(p.outputs[0]!.proposals.map(bytesToHex)).toEqual(expected);
      expect(p.coins).toHaveLength(1);
      expect(p.coins[0]).toEqual(net.participants[0]!.coins[0]);
      expect(p.proofs).toEqual([]);
      expect(p.hare.running).toEqual([]);
    }
    // The observer sent nothing; the smeshers did.
    const observer = net.participants[10]!;
    expect(observer.signer).toBeNull();
    expect(net.bus.log.some((l) => l.from === observer.peerId)).toBe(false);
    expect(net.bus.log.filter((l) => l.from !== observer.peerId).length).toBeGreaterThan(20);
  });

  it('agrees on one set when the inputs differ', async () => {
    // Everyone has proposals 1 and 2; proposal 3 only a minority, proposal 4+i only one node.
    const net = new HareNet({
      n: 10,
      proposals: (i) => [
        proposalId(1),
        proposalId(2),
        ...(i < 3 ? [proposalId(3)] : []),
        proposalId(10 + i),
      ],
    });
    await net.startLayer(LAYER);
    await net.runLayer(LAYER);
    const outs = net.outputsOf(LAYER);
    for (const o of outs) expect(o).toEqual(outs[0]);
    expect(net.participants.every((p) => p.outputs.length === 1)).toBe(true);
    // Only what a threshold of the committee saw can be in the agreed set.
    expect(outs[0]).toEqual([proposalId(1), proposalId(2)].map(bytesToHex));
    const coins = net.participants.map((p) => p.coins[0]?.coin);
    expect(new Set(coins).size).toBe(1);
  });

  it('agrees on an empty set when nothing is common', async () => {
    const net = new HareNet({ n: 5, proposals: (i) => [proposalId(10 + i)] });
    await net.startLayer(LAYER);
    await net.runLayer(LAYER);
    for (const p of net.participants) {
      expect(p.outputs).toEqual([{ layer: LAYER, proposals: [] }]);
    }
  });

  it('stops: no more rounds, sends or outputs', async () => {
    const net = new HareNet({ n: 4, proposals: () => [proposalId(5)] });
    await net.startLayer(LAYER);
    for (const p of net.participants) p.hare.stop();
    const sent = net.bus.log.length;
    await net.runLayer(LAYER);
    expect(net.bus.log.length).toBe(sent);
    expect(net.participants.every((p) => p.outputs.length === 0)).toBe(true);
  });

  it('runs consecutive layers independently', async () => {
    const net = new HareNet({ n: 4, proposals: () => [proposalId(5)] });
    await net.startLayer(LAYER);
    await net.startLayer(LAYER + 1);
    await net.runLayer(LAYER + 1);
    for (const p of net.participants)
      expect(p.outputs).toEqual([
        { layer: LAYER, proposals: [proposalId(5)] },
        { layer: LAYER + 1, proposals: [proposalId(5)] },
      ]);
  });
});
