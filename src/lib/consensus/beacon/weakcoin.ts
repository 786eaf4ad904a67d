// The weak coin of each following voting round (go-spacemesh beacon/weakcoin/weak_coin.go,
// handler.go). Every participant draws one VRF per unit of its ATX and gossips its smallest;
// the round's coin is the least significant bit of the smallest VRF seen (compared as a
// little-endian number). go's threshold is all 0xff bytes, so no VRF is ever above it.
import { vrfProve, vrfVerify } from '../../crypto/vrf.ts';
import { encode } from '../../codec/index.ts';
import { WeakCoinMessageCodec, weakCoinVrfMessage } from '../../types/beacon.ts';
import type { WeakCoinMessage } from '../../types/beacon.ts';
import { BeaconValidationError } from './errors.ts';
import type { MinerInfo } from './state.ts';

/** VrfSignature.Cmp: little-endian comparison; undefined (no smallest yet) is +∞. */
export function compareVrfLE(a: Uint8Array, b: Uint8Array | undefined): number {
  if (b === undefined) return -1;
  for (let i = a.length - 1; i >= 0; i--) {
    if (a[i]! !== b[i]!) return a[i]! < b[i]! ? -1 : 1;
  }
  return 0;
}

const NEXT_ROUND_BUFFER = 10_000;

export interface WeakCoinParticipant {
  readonly secretKey: Uint8Array;
  readonly nodeId: Uint8Array;
  readonly nonce: bigint;
  readonly allowance: number;
}

export class WeakCoin {
  readonly #maxRound: number;
  readonly #miner: (epoch: number, nodeId: Uint8Array) => MinerInfo | undefined;
  #epoch = 0;
  #round = 0;
  #epochStarted = false;
  #roundStarted = false;
  #smallest: Uint8Array | undefined;
  #buffer: WeakCoinMessage[] = [];
  #coins = new Map<number, boolean>();

  constructor(
    maxRound: number,
    miner: (epoch: number, nodeId: Uint8Array) => MinerInfo | undefined,
  ) {
    this.#maxRound = maxRound;
    this.#miner = miner;
  }

  startEpoch(epoch: number): void {
    this.#epochStarted = true;
    this.#epoch = epoch;
  }

  finishEpoch(): void {
    this.#epochStarted = false;
    this.#coins = new Map();
    this.#round = 0;
  }

  /** Opens `round`, applies the messages buffered for it, and returns this node's message. */
  startRound(round: number, me: WeakCoinParticipant | undefined): Uint8Array | undefined {
    this.#roundStarted = true;
    this.#round = round;
    const buffered = this.#buffer;
    this.#buffer = [];
    for (const m of buffered) {
      if (m.epoch !== this.#epoch || m.round !== round) continue;
      try {
        this.#update(m);
      } catch {
        // a buffered message that fails now is dropped, as go does
      }
    }
    return me === undefined ? undefined : this.#prepare(me, round);
  }

  /** The round's coin from the smallest VRF; no coin when no message came. */
  finishRound(): boolean | undefined {
    this.#roundStarted = false;
    const smallest = this.#smallest;
    if (smallest === undefined) return undefined;
    const coin = (smallest[0]! & 1) === 1;
    this.#coins.set(this.#round, coin);
    this.#smallest = undefined;
    return coin;
  }

  get(epoch: number, round: number): boolean | undefined {
    return epoch === this.#epoch ? this.#coins.get(round) : undefined;
  }

  /** weakcoin.receiveMessage: throws BeaconValidationError when the message is not taken. */
  receive(m: WeakCoinMessage): void {
    if (
      m.epoch !== this.#epoch ||
      m.round !== this.#round ||
      !this.#epochStarted ||
      !this.#roundStarted
    ) {
      if (this.#isNextRound(m.epoch, m.round) && this.#buffer.length < NEXT_ROUND_BUFFER) {
        this.#buffer.push(m);
        return;
      }
      throw new BeaconValidationError(
        m.epoch !== this.#epoch && m.epoch !== this.#epoch + 1 ? 'wrong-epoch' : 'wrong-round',
        `weak coin for ${m.epoch}/${m.round}, running ${this.#epoch}/${this.#round}`,
      );
    }
    this.#update(m);
  }

  #isNextRound(epoch: number, round: number): boolean {
    if (epoch === this.#epoch && round === this.#round + 1 && round <= this.#maxRound) return true;
    if (epoch === this.#epoch + 1 && this.#round === this.#maxRound) return true;
    if (epoch === this.#epoch + 1 && !this.#roundStarted && !this.#epochStarted) return true;
    return epoch === this.#epoch && !this.#roundStarted && this.#epochStarted;
  }

  // updateProposal: VRF, then allowance, then whether it beats the smallest seen (go's order).
  #update(m: WeakCoinMessage): void {
    const miner = this.#miner(m.epoch, m.nodeID);
    if (miner === undefined)
      throw new BeaconValidationError('no-atx', 'weak coin from a smesher without an ATX');
    const alpha = weakCoinVrfMessage(miner.atx.vrfNonce, m.epoch, m.round, m.unit);
    if (!vrfVerify(m.nodeID, alpha, m.vrfSignature))
      throw new BeaconValidationError('invalid-vrf', 'weak coin VRF does not verify');
    const allowance = miner.malicious ? 0 : miner.atx.numUnits;
    if (m.unit >= allowance)
      throw new BeaconValidationError(
        'unit-not-allowed',
        `unit ${m.unit} ≥ allowance ${allowance}`,
      );
    if (compareVrfLE(m.vrfSignature, this.#smallest) !== -1)
      throw new BeaconValidationError('not-smallest', 'weak coin VRF is not the smallest');
    this.#smallest = m.vrfSignature;
  }

  // prepareProposal: our smallest VRF over our units, sent only if it beats what we have seen.
  #prepare(me: WeakCoinParticipant, round: number): Uint8Array | undefined {
    let best: WeakCoinMessage | undefined;
    for (let unit = 0; unit < me.allowance; unit++) {
      const vrf = vrfProve(me.secretKey, weakCoinVrfMessage(me.nonce, this.#epoch, round, unit));
      if (compareVrfLE(vrf, best?.vrfSignature) === -1)
        best = { epoch: this.#epoch, round, unit, nodeID: me.nodeId, vrfSignature: vrf };
    }
    if (best === undefined || compareVrfLE(best.vrfSignature, this.#smallest) !== -1)
      return undefined;
    return encode(WeakCoinMessageCodec, best);
  }
}
