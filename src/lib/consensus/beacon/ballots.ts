// The beacon a node learns from ballots when it missed the protocol (go-spacemesh beacon.go
// ReportBeaconFromBallot, recordBeacon, findMajorityBeacon). Reference ballots carry the beacon
// their smesher used; once they cover at least beaconSyncWeightUnits eligibilities, the beacon
// with more than half of the weight wins, else the heaviest one (ties to the smallest bytes,
// where go's map order would pick any).
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';

interface Tally {
  weight: bigint;
  eligibilities: number;
  readonly ballots: Set<string>;
}

export class BallotBeacons {
  readonly #byEpoch = new Map<number, Map<string, Tally>>();

  /** Records one ballot's beacon; a ballot id seen before for that beacon is not counted twice. */
  record(
    epoch: number,
    beacon: Uint8Array,
    weight: bigint,
    eligibilities: number,
    ballotId: Uint8Array | undefined,
  ): void {
    let beacons = this.#byEpoch.get(epoch);
    if (beacons === undefined) this.#byEpoch.set(epoch, (beacons = new Map()));
    const key = bytesToHex(beacon);
    let t = beacons.get(key);
    if (t === undefined)
      beacons.set(key, (t = { weight: 0n, eligibilities: 0, ballots: new Set() }));
    if (ballotId !== undefined) {
      const id = bytesToHex(ballotId);
      if (t.ballots.has(id)) return;
      t.ballots.add(id);
    }
    t.weight += weight;
    t.eligibilities += eligibilities;
  }

  /** findMajorityBeacon: undefined until enough eligibilities were reported. */
  majority(epoch: number, syncWeightUnits: number): Uint8Array | undefined {
    const beacons = this.#byEpoch.get(epoch);
    if (beacons === undefined) return undefined;
    let total = 0n;
    let units = 0;
    for (const t of beacons.values()) {
      total += t.weight;
      units += t.eligibilities;
    }
    if (units < syncWeightUnits) return undefined;
    const keys = [...beacons.keys()].sort();
    let best: string | undefined;
    let bestWeight = 0n;
    for (const k of keys) {
      const w = beacons.get(k)!.weight;
      if (w * 2n > total) return hexToBytes(k);
      if (w > bestWeight) {
        best = k;
        bestWeight = w;
      }
    }
    return best === undefined ? undefined : hexToBytes(best);
  }

  /** Forgets epochs before `epoch`. */
  prune(epoch: number): void {
    for (const e of [...this.#byEpoch.keys()]) if (e < epoch) this.#byEpoch.delete(e);
  }
}
