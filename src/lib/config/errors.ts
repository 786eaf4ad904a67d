export class UnknownPresetError extends Error {
  override readonly name = 'UnknownPresetError';
  readonly preset: string;
  readonly known: readonly string[];

  constructor(preset: string, known: readonly string[]) {
    super(`unknown network preset "${preset}" (known: ${known.join(', ')})`);
    this.preset = preset;
    this.known = known;
  }
}

/** Every problem found in a config, not just the first, so one edit can fix them all. */
export class InvalidNetworkConfigError extends Error {
  override readonly name = 'InvalidNetworkConfigError';
  readonly network: string;
  readonly problems: readonly string[];

  constructor(network: string, problems: readonly string[]) {
    super(`invalid network config "${network}": ${problems.join('; ')}`);
    this.network = network;
    this.problems = problems;
  }
}

export class GenesisTimeNotSetError extends Error {
  override readonly name = 'GenesisTimeNotSetError';
  readonly network: string;

  constructor(network: string) {
    super(`network "${network}" has no genesis time yet; set one with withGenesis()`);
    this.network = network;
  }
}

export class InvalidGenesisError extends Error {
  override readonly name = 'InvalidGenesisError';
}
