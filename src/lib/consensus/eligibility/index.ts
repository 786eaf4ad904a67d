// Ballot eligibility's public surface (go-spacemesh proposals eligibility_validator.go, util/).
export { eligibilitySlots, eligibleLayer, minimalActiveSetWeight } from './slots.ts';
export { epochEligibilities } from './proofs.ts';
export { activeSetWeight } from './active-set-weight.ts';
export { EligibilityValidator } from './validator.ts';
export type { EligibilityValidatorOptions } from './validator.ts';
export { ACTIVE_SET_BUCKET, ActiveSetStore, storeEligibilitySource } from './active-set-store.ts';
export type { EligibilitySource } from './interface.ts';
export { EligibilityError } from './errors.ts';
export type { EligibilityReason } from './errors.ts';
