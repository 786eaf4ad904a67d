import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { Certifier } from '../../../../src/lib/consensus/certifier/certifier.ts';
import type { CertificateOutput } from '../../../../src/lib/consensus/certifier/certifier.ts';
import {
  CertificateError,
  CertifyMessageError,
} from '../../../../src/lib/consensus/certifier/errors.ts';
import type { CertifyMessageReason } from '../../../../src/lib/consensus/certifier/errors.ts';
import { CERTIFY_ROUND, HareOracle } from '../../../../src/lib/consensus/hare/oracle.ts';
import { encode } from '../../../../src/lib/codec/index.ts';
import { Topic } from '../../../../src/lib/p2p/interface.ts';
import {
  CertificateCodec,
  CertifyMessageCodec,
  decodeCertificate,
  signCertifyMessage,
} from '../../../../src/lib/types/certificate.ts';
import type { Certificate, CertifyMessage } from '../../../../src/lib/types/certificate.ts';
import { Bus, GENESIS_ID, LAYER, NETWORK, signerOf, Weights } from '../hare/harness.ts';

const BLOCK = new Uint8Array(20).fill(0xbb);
const OTHER_BLOCK = new Uint8Array(20).fill(0xcc);
const { committeeSize, certifyThreshold } = NETWORK.certifier;

function setup(n: number) {
  const bus = new Bus();
  const weights = new Weights();
  const signers = Array.from({ length: n }, (_, i) => signerOf(i));
  for (const s of signers) weights.set(s.nodeId, 100n);
  const nodes = signers.map((signer, i) => {
    const certifier = new Certifier({
      network: NETWORK,
      genesisId: GENESIS_ID,
      gossip: bus.gossip(`peer-${i}`),
      weights,
      signer,
      currentLayer: () => LAYER,
    });
    const certs: CertificateOutput[] = [];
    certifier.onCertificate((c) => certs.push(c));
    return { signer, certifier, certs };
  });
  return { bus, weights, signers, nodes };
}

function observer(bus: Bus, weights: Weights): Certifier {
  return new Certifier({
    network: NETWORK,
    genesisId: GENESIS_ID,
    gossip: bus.gossip('observer'),
    weights,
    signer: null,
    currentLayer: () => LAYER,
  });
}

/** Signed certify messages of every eligible signer, as the certifiers would send them. */
async function certifyMessages(
  weights: Weights,
  signers: ReturnType<typeof signerOf>[],
  block = BLOCK,
): Promise<CertifyMessage[]> {
  const oracle = new HareOracle({ weights, layersPerEpoch: 10, confidenceParam: 2 });
  const out: CertifyMessage[] = [];
  for (const s of signers) {
    const e = await oracle.prove(s.secretKey, s.nodeId, LAYER, CERTIFY_ROUND, committeeSize);
    if (e === null) continue;
    out.push(
      signCertifyMessage(s.secretKey, GENESIS_ID, {
        layerID: LAYER,
        blockID: block,
        eligibilityCnt: e.count,
        proof: e.proof,
      }),
    );
  }
  return out;
}

async function reasonOf(p: Promise<void>): Promise<[CertifyMessageReason, string] | 'accepted'> {
  try {
    await p;
    return 'accepted';
  } catch (err) {
    if (!(err instanceof CertifyMessageError)) throw err;
    return [err.reason, err.result];
  }
}

describe('Certifier', () => {
  it('every node certifies the block and emits one certificate that verifies', async () => {
    const { nodes } = setup(8);
    for (const n of nodes) await n.certifier.certify(LAYER, BLOCK);
    for (const n of nodes) {
      expect(n.certs).toHaveLength(1);
      const { layer, blockId, certificate } = n.certs[0]!;
      expect(layer).toBe(LAYER);
      expect(bytesToHex(blockId)).toBe(bytesToHex(BLOCK));
      const total = certificate.signatures.reduce((s, m) => s + m.eligibilityCnt, 0);
      expect(total).toBeGreaterThanOrEqual(certifyThreshold);
      // Round trip through the wire format, then verify on another node.
      const wire = decodeCertificate(encode(CertificateCodec, certificate));
      await nodes[0]!.certifier.verifyCertificate(LAYER, wire);
    }
  });

  it('emits at the threshold, not before, and only for a registered block', async () => {
    const { bus, weights, signers, nodes } = setup(8);
    const msgs = await certifyMessages(weights, signers);
    // An observer (no signer): registering the block publishes nothing of its own.
    const target = { certifier: observer(bus, weights), certs: [] as CertificateOutput[] };
    target.certifier.onCertificate((c) => target.certs.push(c));
    let total = 0;
    for (const [i, m] of msgs.entries()) {
      if (i === 2) await target.certifier.certify(LAYER, BLOCK); // registers mid-way
      await target.certifier.receive(encode(CertifyMessageCodec, m));
      total += m.eligibilityCnt;
      if (total < certifyThreshold) expect(target.certs).toHaveLength(0);
      else expect(target.certs).toHaveLength(1);
    }
    expect(total).toBeGreaterThanOrEqual(certifyThreshold);
    // A node that never registered the block collects but emits nothing.
    const other = nodes[1]!;
    for (const m of msgs) await other.certifier.receive(encode(CertifyMessageCodec, m));
    expect(other.certs).toHaveLength(0);
  });

  it('refuses bad certify messages with typed reasons', async () => {
    const { weights, signers, nodes } = setup(4);
    const [m] = await certifyMessages(weights, signers);
    const c = nodes[3]!.certifier;
    const bytes = encode(CertifyMessageCodec, m!);
    expect(await reasonOf(c.receive(new Uint8Array([1, 2])))).toEqual(['malformed', 'reject']);
    const badSig = { ...m!, signature: m!.signature.map((b, i) => (i === 0 ? b ^ 1 : b)) };
    expect(await reasonOf(c.receive(encode(CertifyMessageCodec, badSig)))).toEqual([
      'invalid-signature',
      'reject',
    ]);
    const s = signers[0]!;
    const resign = (content: Omit<CertifyMessage, 'signature' | 'smesherID'>) =>
      encode(CertifyMessageCodec, signCertifyMessage(s.secretKey, GENESIS_ID, content));
    const wrong = await c.receive(resign({ ...m!, eligibilityCnt: m!.eligibilityCnt + 1 })).then(
      () => null,
      (err: unknown) => err as CertifyMessageError,
    );
    // Ignored, not rejected: eligibility depends on this node's beacon and active set.
    expect([wrong?.reason, wrong?.eligibility, wrong?.result]).toEqual([
      'not-eligible',
      'wrong-count',
      'ignore',
    ]);
    expect(await reasonOf(c.receive(resign({ ...m!, layerID: LAYER + 6 })))).toEqual([
      'unexpected-layer',
      'ignore',
    ]);
    expect(await reasonOf(c.receive(resign({ ...m!, layerID: LAYER - 7 })))).toEqual([
      'unexpected-layer',
      'ignore',
    ]);
    expect(await reasonOf(c.receive(bytes))).toBe('accepted');
    expect(await reasonOf(c.receive(bytes))).toEqual(['duplicate', 'ignore']);
    weights.beaconValue = undefined;
    expect(await reasonOf(c.receive(bytes))).toEqual(['no-beacon', 'ignore']);
  });

  it('refuses tampered certificates and says why', async () => {
    const { nodes, bus } = setup(8);
    for (const n of nodes) await n.certifier.certify(LAYER, BLOCK);
    expect(bus.log.every((l) => l.topic === Topic.CERTIFY)).toBe(true);
    const cert = nodes[0]!.certs[0]!.certificate;
    const verifier = nodes[1]!.certifier;
    const fail = async (c: Certificate) =>
      verifier.verifyCertificate(LAYER, c).then(
        () => null,
        (err: unknown) => err as CertificateError,
      );

    // The emitted certificate stops at the threshold: its last signature is needed.
    const last = cert.signatures.length - 1;
    const tampered = cert.signatures.map((m, i) =>
      i === last ? { ...m, signature: m.signature.map((b, j) => (j === 5 ? b ^ 0x10 : b)) } : m,
    );
    const e1 = await fail({ ...cert, signatures: tampered });
    expect(e1).toBeInstanceOf(CertificateError);
    expect(e1?.reason).toBe('below-threshold');
    expect(e1?.rejected).toEqual([{ index: last, reason: 'invalid-signature' }]);

    const e2 = await fail({ ...cert, blockID: OTHER_BLOCK });
    expect(e2?.reason).toBe('below-threshold');
    expect(e2?.weight).toBe(0);
    expect(e2?.rejected.every((r) => r.reason === 'wrong-block')).toBe(true);

    const e3 = await verifier.verifyCertificate(LAYER + 1, cert).then(
      () => null,
      (err: unknown) => err as CertificateError,
    );
    expect(e3?.rejected.every((r) => r.reason === 'wrong-layer')).toBe(true);

    const inflated = cert.signatures.map((m, i) =>
      i === last ? { ...m, eligibilityCnt: m.eligibilityCnt + 1 } : m,
    );
    const e4 = await fail({ ...cert, signatures: inflated });
    expect(e4?.rejected).toEqual([{ index: last, reason: 'invalid-signature' }]);

    const doubled = [...cert.signatures.slice(0, last), cert.signatures[0]!];
    const e5 = await fail({ ...cert, signatures: doubled });
    expect(e5?.rejected).toEqual([{ index: last, reason: 'duplicate-signer' }]);
  });
});
