import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { HareMessageError } from '../../../../src/lib/consensus/hare/errors.ts';
import type { HareMessageReason } from '../../../../src/lib/consensus/hare/errors.ts';
import type { HareSigner } from '../../../../src/lib/consensus/hare/interface.ts';
import { HareOracle } from '../../../../src/lib/consensus/hare/oracle.ts';
import type { HareEligibility } from '../../../../src/lib/types/common.ts';
import { encodeHareMessage, HareRound, signHareMessage } from '../../../../src/lib/types/hare.ts';
import type { HareBody } from '../../../../src/lib/types/hare.ts';
import {
  decodeMalfeasanceProof,
  encodeMalfeasanceProof,
  MalfeasanceType,
  verifyHareProofMsg,
} from '../../../../src/lib/types/malfeasance.ts';
import { GENESIS_ID, LAYER, layerStart, NETWORK, signerOf } from './harness.ts';
import { HareNet, proposalId } from './network.ts';

const HONEST_SET = [proposalId(1), proposalId(2), proposalId(3)];

async function preroundEligibility(net: HareNet, s: HareSigner): Promise<HareEligibility> {
  const oracle = new HareOracle({ weights: net.weights, layersPerEpoch: 10, confidenceParam: 2 });
  const e = await oracle.prove(s.secretKey, s.nodeId, LAYER, 0, NETWORK.hare.committee);
  if (e === null) throw new Error('test key not eligible in the preround');
  return e;
}

function preround(proposals: Uint8Array[], eligibility: HareEligibility, layer = LAYER): HareBody {
  return {
    layer,
    iter: 0,
    round: HareRound.PREROUND,
    value: { proposals, reference: null },
    eligibility,
  };
}

async function reasonOf(p: Promise<void>): Promise<[HareMessageReason, string] | 'accepted'> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    if (!(err instanceof HareMessageError)) throw err;
    return [err.reason, err.result];
  }
}

function expectAgreement(net: HareNet, set: Uint8Array[]): void {
  const expected = [...set].map(bytesToHex).sort();
  for (const out of net.outputsOf(LAYER)) expect(out).toEqual(expected);
}

describe('hare under faults', () => {
  it('turns an equivocation into a verifiable proof, agrees, and ignores the offender', async () => {
    const evil = signerOf(100);
    const net = new HareNet({ n: 6, proposals: () => HONEST_SET, extraSigners: [evil] });
    await net.startLayer(LAYER);
    await net.clock.runUntil(layerStart(LAYER) + 1000);
    const e = await preroundEligibility(net, evil);
    const first = signHareMessage(evil.secretKey, GENESIS_ID, preround([proposalId(1)], e));
    const second = signHareMessage(evil.secretKey, GENESIS_ID, preround([proposalId(9)], e));
    const third = signHareMessage(evil.secretKey, GENESIS_ID, preround([proposalId(8)], e));
    expect(await net.bus.deliver('/h/3.0', 'evil', encodeHareMessage(first))).toEqual(
      Array(6).fill('accept'),
    );
    // hare.go relays the second message too: peers need it to build the same proof.
    expect(await net.bus.deliver('/h/3.0', 'evil', encodeHareMessage(second))).toEqual(
      Array(6).fill('accept'),
    );
    expect(await net.bus.deliver('/h/3.0', 'evil', encodeHareMessage(third))).toEqual(
      Array(6).fill('ignore'),
    );
    const p0 = net.participants[0]!;
    expect(await reasonOf(p0.hare.receive(encodeHareMessage(third)))).toEqual([
      'malicious-sender',
      'ignore',
    ]);

    for (const p of net.participants) {
      expect(p.proofs).toHaveLength(1);
      const proof = decodeMalfeasanceProof(encodeMalfeasanceProof(p.proofs[0]!));
      expect(proof.layer).toBe(LAYER);
      expect(proof.proof.type).toBe(MalfeasanceType.HARE_EQUIVOCATION);
      if (proof.proof.type !== MalfeasanceType.HARE_EQUIVOCATION) throw new Error('type');
      const [a, b] = proof.proof.messages as [
        (typeof proof.proof.messages)[0],
        (typeof proof.proof.messages)[0],
      ];
      expect(bytesToHex(a.smesherID)).toBe(bytesToHex(evil.nodeId));
      expect(bytesToHex(b.smesherID)).toBe(bytesToHex(evil.nodeId));
      expect(a.innerMsg.layer).toBe(LAYER);
      expect(a.innerMsg.round).toBe(b.innerMsg.round);
      expect(bytesToHex(a.innerMsg.msgHash)).not.toBe(bytesToHex(b.innerMsg.msgHash));
      expect(verifyHareProofMsg(GENESIS_ID, a)).toBe(true);
      expect(verifyHareProofMsg(GENESIS_ID, b)).toBe(true);
    }
    await net.runLayer(LAYER);
    expectAgreement(net, HONEST_SET);
    for (const p of net.participants) expect(p.outputs).toHaveLength(1);
  });

  it('ignores identities the node already knows to be malicious', async () => {
    const evil = signerOf(101);
    const net = new HareNet({
      n: 4,
      proposals: () => HONEST_SET,
      extraSigners: [evil],
      isMalicious: (id) => Promise.resolve(bytesToHex(id) === bytesToHex(evil.nodeId)),
    });
    await net.startLayer(LAYER);
    const e = await preroundEligibility(net, evil);
    const msg = signHareMessage(evil.secretKey, GENESIS_ID, preround(HONEST_SET, e));
    expect(await reasonOf(net.participants[0]!.hare.receive(encodeHareMessage(msg)))).toEqual([
      'malicious-sender',
      'ignore',
    ]);
  });

  it('refuses bad messages with typed reasons without changing the outcome', async () => {
    const probe = signerOf(102);
    const net = new HareNet({ n: 5, proposals: () => HONEST_SET, extraSigners: [probe] });
    await net.startLayer(LAYER);
    await net.clock.runUntil(layerStart(LAYER) + 1000);
    const e = await preroundEligibility(net, probe);
    const hare = net.participants[0]!.hare;
    const sign = (body: HareBody, s: HareSigner = probe) =>
      encodeHareMessage(signHareMessage(s.secretKey, GENESIS_ID, body));
    const good = sign(preround([proposalId(7)], e));

    expect(await reasonOf(hare.receive(new Uint8Array([1, 2, 3])))).toEqual([
      'malformed',
      'reject',
    ]);
    const withRef = { ...preround([], e), value: { proposals: [], reference: new Uint8Array(32) } };
    expect(await reasonOf(hare.receive(sign(withRef)))).toEqual(['invalid-structure', 'reject']);
    expect(await reasonOf(hare.receive(sign({ ...preround([], e), round: 8 })))).toEqual([
      'invalid-structure',
      'reject',
    ]);
    const badSig = good.slice();
    badSig[badSig.length - 1]! ^= 1;
    expect(await reasonOf(hare.receive(badSig))).toEqual(['invalid-signature', 'reject']);
    const wrongCount = sign(preround([proposalId(7)], { ...e, count: e.count + 1 }));
    const wc = await hare.receive(wrongCount).then(
      () => null,
      (err: unknown) => err as HareMessageError,
    );
    // Depends on this node's view of weights and beacon: dropped, the sender not blamed.
    expect([wc?.reason, wc?.eligibility, wc?.result]).toEqual([
      'not-eligible',
      'wrong-count',
      'ignore',
    ]);
    const otherProof = { ...e, proof: (await preroundEligibility(net, signerOf(0))).proof };
    const wp = await hare.receive(sign(preround([], otherProof))).then(
      () => null,
      (err: unknown) => err as HareMessageError,
    );
    expect([wp?.reason, wp?.eligibility]).toEqual(['not-eligible', 'invalid-proof']);
    // A smesher without an ATX: possibly this node's lag, so not blamed.
    const stranger = signerOf(103);
    const na = await hare.receive(sign(preround([], e), stranger)).then(
      () => null,
      (err: unknown) => err as HareMessageError,
    );
    expect([na?.reason, na?.eligibility, na?.result]).toEqual([
      'not-eligible',
      'not-active',
      'ignore',
    ]);
    expect(await reasonOf(hare.receive(sign(preround([], e, LAYER + 1))))).toEqual([
      'layer-in-future',
      'ignore',
    ]);
    expect(await reasonOf(hare.receive(sign(preround([], e, LAYER - 1))))).toEqual([
      'layer-too-old',
      'ignore',
    ]);
    expect(await reasonOf(hare.receive(good))).toBe('accepted');
    expect(await reasonOf(hare.receive(good))).toEqual(['duplicate', 'ignore']);
    // Through the gossip seam the verdicts are the same.
    expect(await net.bus.deliver('/h/3.0', 'x', new Uint8Array([0]))).toEqual(
      Array(5).fill('reject'),
    );
    expect(await net.bus.deliver('/h/3.0', 'x', badSig)).toEqual(Array(5).fill('reject'));

    await net.runLayer(LAYER);
    expectAgreement(net, HONEST_SET);
    expect(net.participants.every((p) => p.proofs.length === 0)).toBe(true);
    // After the session ended, its messages are too old.
    expect(await reasonOf(hare.receive(good))).toEqual(['layer-too-old', 'ignore']);
  });
});
