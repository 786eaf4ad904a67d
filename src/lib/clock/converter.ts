// Layer ↔ time arithmetic (go-spacemesh timesync/converter.go, types/layer.go):
// layer n starts at genesis + n·layerDuration, epoch = ⌊layer / layersPerEpoch⌋.
// Pure functions of the three parameters, so anything that only needs the arithmetic
// (API, explorer, tests) can use it without a running clock.
import { InvalidClockParamsError, InvalidLayerError } from './errors.ts';

export interface LayerTiming {
  /** Start of layer 0, ms since the Unix epoch. */
  readonly genesisTimeMs: number;
  readonly layerDurationMs: number;
  readonly layersPerEpoch: number;
}

function checkIndex(kind: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) {
    throw new InvalidLayerError(`${kind} ${n} is not a non-negative integer`);
  }
}

export class LayerConverter implements LayerTiming {
  readonly genesisTimeMs: number;
  readonly layerDurationMs: number;
  readonly layersPerEpoch: number;

  constructor(timing: LayerTiming) {
    if (!Number.isSafeInteger(timing.genesisTimeMs)) {
      throw new InvalidClockParamsError(
        `genesis time ${timing.genesisTimeMs} is not an integer ms`,
      );
    }
    if (!Number.isSafeInteger(timing.layerDurationMs) || timing.layerDurationMs <= 0) {
      throw new InvalidClockParamsError(
        `layer duration ${timing.layerDurationMs} must be positive`,
      );
    }
    if (!Number.isSafeInteger(timing.layersPerEpoch) || timing.layersPerEpoch < 1) {
      throw new InvalidClockParamsError(
        `layers per epoch ${timing.layersPerEpoch} must be positive`,
      );
    }
    this.genesisTimeMs = timing.genesisTimeMs;
    this.layerDurationMs = timing.layerDurationMs;
    this.layersPerEpoch = timing.layersPerEpoch;
  }

  isBeforeGenesis(timeMs: number): boolean {
    return timeMs < this.genesisTimeMs;
  }

  /**
   * The layer in progress at `timeMs`. Before genesis this is 0, as in go-spacemesh's
   * TimeToLayer; ask isBeforeGenesis() to tell "layer 0" from "not started".
   */
  timeToLayer(timeMs: number): number {
    if (Number.isNaN(timeMs)) throw new InvalidLayerError('time is NaN');
    if (timeMs < this.genesisTimeMs) return 0;
    return Math.floor((timeMs - this.genesisTimeMs) / this.layerDurationMs);
  }

  /** Start time of `layer` (inclusive). */
  layerToTime(layer: number): number {
    checkIndex('layer', layer);
    const t = this.genesisTimeMs + layer * this.layerDurationMs;
    if (!Number.isSafeInteger(t)) throw new InvalidLayerError(`layer ${layer} is beyond time`);
    return t;
  }

  /** End time of `layer` (exclusive): the start of the next one. */
  layerEndTime(layer: number): number {
    checkIndex('layer', layer);
    return this.layerToTime(layer + 1);
  }

  epochOf(layer: number): number {
    checkIndex('layer', layer);
    return Math.floor(layer / this.layersPerEpoch);
  }

  firstLayerOfEpoch(epoch: number): number {
    checkIndex('epoch', epoch);
    return epoch * this.layersPerEpoch;
  }

  lastLayerOfEpoch(epoch: number): number {
    checkIndex('epoch', epoch);
    return (epoch + 1) * this.layersPerEpoch - 1;
  }

  epochToTime(epoch: number): number {
    return this.layerToTime(this.firstLayerOfEpoch(epoch));
  }

  timeToEpoch(timeMs: number): number {
    return this.epochOf(this.timeToLayer(timeMs));
  }
}
