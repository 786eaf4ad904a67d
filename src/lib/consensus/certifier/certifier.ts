// Block certification (go-spacemesh blocks/certifier.go). After hare's output becomes a block,
// each certify-round committee member signs (layer, block id, seats, VRF proof) and gossips it on
// `bc1`; a node that registered the block turns enough seats into a Certificate. Eligibility
// comes from hare's oracle under CERTIFY_ROUND with the certifier's own committee size.
import { bytesToHex } from '@noble/hashes/utils.js';
import { equalBytes } from '../../bytes.ts';
import type { NetworkConfig } from '../../config/types.ts';
import { Topic } from '../../p2p/interface.ts';
import type { Gossip, ValidationResult } from '../../p2p/interface.ts';
import {
  CertifyMessageCodec,
  decodeCertifyMessage,
  signCertifyMessage,
  verifyCertifyMessage,
} from '../../types/certificate.ts';
import type { Certificate, CertifyMessage } from '../../types/certificate.ts';
import { encode } from '../../codec/index.ts';
import { EligibilityError } from '../hare/errors.ts';
import type { CommitteeWeights, HareSigner } from '../hare/interface.ts';
import { CERTIFY_ROUND, HareOracle } from '../hare/oracle.ts';
import { CertificateError, CertifyMessageError } from './errors.ts';
import type { RejectedSignature } from './errors.ts';

/** CertConfig.LayerBuffer default: how far from the current layer messages are taken. */
export const CERTIFY_LAYER_BUFFER = 5;
/** CertConfig.NumLayersToKeep default. */
export const CERTIFY_LAYERS_TO_KEEP = 10;

export interface CertifierOptions {
  readonly network: NetworkConfig;
  readonly genesisId: Uint8Array;
  readonly gossip: Gossip;
  readonly weights: CommitteeWeights;
  /** null: the node only collects and verifies, never signs. */
  readonly signer: HareSigner | null;
  /** The layer clock's current layer (certifier.go expected / prune). */
  readonly currentLayer: () => number;
}

export interface CertificateOutput {
  readonly layer: number;
  readonly blockId: Uint8Array;
  readonly certificate: Certificate;
}

interface CertInfo {
  registered: boolean;
  done: boolean;
  total: number;
  signatures: CertifyMessage[];
  signers: Set<string>;
}

export class Certifier {
  readonly #o: CertifierOptions;
  readonly #oracle: HareOracle;
  /** layer → block id hex → collected messages. */
  readonly #msgs = new Map<number, Map<string, CertInfo>>();
  readonly #listeners: ((c: CertificateOutput) => void)[] = [];
  readonly #unsubscribe: () => void;

  constructor(options: CertifierOptions) {
    this.#o = options;
    this.#oracle = new HareOracle({
      weights: options.weights,
      layersPerEpoch: options.network.layersPerEpoch,
      confidenceParam: options.network.hareEligibility.confidenceParam,
    });
    this.#unsubscribe = options.gossip.subscribe(Topic.CERTIFY, (_from, data) =>
      this.#handle(data),
    );
  }

  onCertificate(cb: (c: CertificateOutput) => void): void {
    this.#listeners.push(cb);
  }

  stop(): void {
    this.#unsubscribe();
  }

  /**
   * RegisterForCert + CertifyIfEligible: the node's hare output for `layer` became `blockId`.
   * Registers the block (a certificate is only built for a registered block), then signs and
   * gossips a certify message if this node holds seats in the certify round.
   */
  async certify(layer: number, blockId: Uint8Array): Promise<void> {
    const info = this.#info(layer, blockId);
    info.registered = true;
    this.#tryCertificate(layer, blockId, info);
    const signer = this.#o.signer;
    if (signer === null) return;
    let eligibility;
    try {
      eligibility = await this.#oracle.prove(
        signer.secretKey,
        signer.nodeId,
        layer,
        CERTIFY_ROUND,
        this.#o.network.certifier.committeeSize,
      );
    } catch (err) {
      if (err instanceof EligibilityError) return; // no beacon / active set: cannot certify
      throw err;
    }
    if (eligibility === null) return;
    const msg = signCertifyMessage(signer.secretKey, this.#o.genesisId, {
      layerID: layer,
      blockID: blockId,
      eligibilityCnt: eligibility.count,
      proof: eligibility.proof,
    });
    await this.#o.gossip.publish(Topic.CERTIFY, encode(CertifyMessageCodec, msg));
  }

  /** HandleCertifyMessage: throws CertifyMessageError; resolves when the message counts. */
  async receive(data: Uint8Array): Promise<void> {
    let msg: CertifyMessage;
    try {
      msg = decodeCertifyMessage(data);
    } catch {
      throw new CertifyMessageError('malformed', 'not a certify message');
    }
    const epoch = Math.floor(msg.layerID / this.#o.network.layersPerEpoch);
    if ((await this.#o.weights.beacon(epoch)) === undefined)
      throw new CertifyMessageError('no-beacon', `no beacon for epoch ${epoch}`);
    if (!this.#expected(msg.layerID))
      throw new CertifyMessageError('unexpected-layer', `layer ${msg.layerID} out of window`);
    // A certified block still relays messages (certifier.go), but they add nothing.
    if (this.#msgs.get(msg.layerID)?.get(bytesToHex(msg.blockID))?.done === true) return;
    await this.#validate(msg);
    const info = this.#info(msg.layerID, msg.blockID);
    const signer = bytesToHex(msg.smesherID);
    if (info.signers.has(signer))
      throw new CertifyMessageError('duplicate', 'smesher already counted for this block');
    info.signers.add(signer);
    info.signatures.push(msg);
    info.total += msg.eligibilityCnt;
    this.#tryCertificate(msg.layerID, msg.blockID, info);
  }

  /**
   * validateCert, for certificates fetched during sync: the valid, distinct signers of this
   * layer and block must hold at least certifyThreshold seats. Signatures that do not count are
   * listed in the error (go-spacemesh skips them the same way).
   */
  async verifyCertificate(layer: number, certificate: Certificate): Promise<void> {
    const rejected: RejectedSignature[] = [];
    const seen = new Set<string>();
    let weight = 0;
    for (const [index, msg] of certificate.signatures.entries()) {
      const signer = bytesToHex(msg.smesherID);
      if (msg.layerID !== layer) rejected.push({ index, reason: 'wrong-layer' });
      else if (!equalBytes(msg.blockID, certificate.blockID))
        rejected.push({ index, reason: 'wrong-block' });
      else if (seen.has(signer)) rejected.push({ index, reason: 'duplicate-signer' });
      else {
        try {
          await this.#validate(msg);
          seen.add(signer);
          weight += msg.eligibilityCnt;
        } catch (err) {
          if (!(err instanceof CertifyMessageError)) throw err;
          rejected.push({
            index,
            reason: err.reason === 'invalid-signature' ? 'invalid-signature' : 'not-eligible',
            ...(err.eligibility === undefined ? {} : { eligibility: err.eligibility }),
          });
        }
      }
    }
    if (weight < this.#o.network.certifier.certifyThreshold)
      throw new CertificateError('below-threshold', weight, rejected);
  }

  async #handle(data: Uint8Array): Promise<ValidationResult> {
    try {
      await this.receive(data);
      return 'accept';
    } catch (err) {
      return err instanceof CertifyMessageError ? err.result : 'ignore';
    }
  }

  async #validate(msg: CertifyMessage): Promise<void> {
    if (!verifyCertifyMessage(this.#o.genesisId, msg))
      throw new CertifyMessageError('invalid-signature', 'bad certify message signature');
    try {
      await this.#oracle.validate(
        msg.smesherID,
        msg.layerID,
        CERTIFY_ROUND,
        this.#o.network.certifier.committeeSize,
        { proof: msg.proof, count: msg.eligibilityCnt },
      );
    } catch (err) {
      if (!(err instanceof EligibilityError)) throw err;
      throw new CertifyMessageError('not-eligible', err.message, err.reason);
    }
  }

  // certifier.go expected: only early messages within a bounded range, to limit memory.
  #expected(layer: number): boolean {
    const current = this.#o.currentLayer();
    const start =
      current > CERTIFY_LAYER_BUFFER + 1
        ? current - CERTIFY_LAYER_BUFFER - 1
        : this.#o.network.layersPerEpoch * 2 - 1;
    return layer >= start && layer <= current + CERTIFY_LAYER_BUFFER;
  }

  #info(layer: number, blockId: Uint8Array): CertInfo {
    let byBlock = this.#msgs.get(layer);
    if (byBlock === undefined) {
      this.#prune();
      byBlock = new Map();
      this.#msgs.set(layer, byBlock);
    }
    const key = bytesToHex(blockId);
    let info = byBlock.get(key);
    if (info === undefined) {
      info = { registered: false, done: false, total: 0, signatures: [], signers: new Set() };
      byBlock.set(key, info);
    }
    return info;
  }

  #tryCertificate(layer: number, blockId: Uint8Array, info: CertInfo): void {
    if (info.done || !info.registered) return;
    if (info.total < this.#o.network.certifier.certifyThreshold) return;
    info.done = true;
    const certificate: Certificate = { blockID: blockId, signatures: [...info.signatures] };
    for (const cb of this.#listeners) cb({ layer, blockId, certificate });
  }

  // certifier.go prune: drop layers older than NumLayersToKeep.
  #prune(): void {
    const cutoff = this.#o.currentLayer() - CERTIFY_LAYERS_TO_KEEP;
    for (const layer of [...this.#msgs.keys()]) if (layer < cutoff) this.#msgs.delete(layer);
  }
}
