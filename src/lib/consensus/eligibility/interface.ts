// What the eligibility validator reads (go-spacemesh proposals/handler.go getActiveSetWeight reads
// the active set from sql/activesets and the ATX weights from atxsdata). The node passes an
// ActiveSetStore and the AtxStore; a test passes maps.
import type { AtxHeader } from '../../mesh/atx/store.ts';

export interface EligibilitySource {
  /** The ATX ids of the active set with this hash (EpochData.activeSetHash); undefined if unknown. */
  activeSet(hash: Uint8Array): Promise<readonly Uint8Array[] | undefined>;
  /** The header (with weight and publish epoch) of a known ATX. */
  atx(id: Uint8Array): Promise<AtxHeader | undefined>;
}
