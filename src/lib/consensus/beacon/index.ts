// The beacon protocol: one driver, its seams and its typed errors.
export { Beacon } from './beacon.ts';
export type { ProposalCategory } from './handlers.ts';
export { BeaconValidationError, blamesSender } from './errors.ts';
export type { BeaconValidationReason } from './errors.ts';
export type {
  BeaconAtx,
  BeaconListener,
  BeaconOptions,
  BeaconRoundRecord,
  BeaconSigner,
  BeaconWeights,
} from './interface.ts';
export { atxThreshold, votingThreshold } from './threshold.ts';
export { calcBeacon, genesisBeacon, GENESIS_BEACON_EPOCH } from './votes.ts';
