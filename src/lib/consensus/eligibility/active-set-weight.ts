// The total weight of an active set (go-spacemesh atxsdata.WeightForSet as proposals/handler.go
// getActiveSetWeight uses it): every ATX of the set must be known and target the ballot's epoch,
// otherwise the weight cannot be trusted and the ballot is not validated now.
import type { EligibilitySource } from './interface.ts';
import { EligibilityError } from './errors.ts';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export async function activeSetWeight(
  source: EligibilitySource,
  hash: Uint8Array,
  epoch: number,
): Promise<bigint> {
  const set = await source.activeSet(hash);
  if (set === undefined)
    throw new EligibilityError('unknown-active-set', `active set ${hex(hash)} is not known`);
  if (set.length === 0) throw new EligibilityError('empty-active-set', 'active set is empty');
  let total = 0n;
  for (const id of set) {
    const atx = await source.atx(id);
    if (atx === undefined || atx.publishEpoch + 1 !== epoch)
      throw new EligibilityError(
        'active-set-atx',
        `active set ATX ${hex(id)} is unknown or does not target epoch ${epoch}`,
      );
    total += atx.weight;
  }
  if (total === 0n) throw new EligibilityError('zero-total-weight', 'active set weighs nothing');
  return total;
}
