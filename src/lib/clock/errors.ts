export class ClockClosedError extends Error {
  override readonly name = 'ClockClosedError';

  constructor() {
    super('layer clock is closed');
  }
}

export class InvalidClockParamsError extends Error {
  override readonly name = 'InvalidClockParamsError';
}

/** A layer or epoch number that is not a non-negative safe integer. */
export class InvalidLayerError extends Error {
  override readonly name = 'InvalidLayerError';
}
