// Turning per-block decisions into a verified layer (go-spacemesh tortoise/util.go verifyLayer).
import type { BlockInfo } from './state.ts';
import { Sign } from './weight.ts';

/**
 * Blocks in ascending height (stable: ties stay in id order). A layer is verified when every block
 * has a decision; an undecided block above a supported lower one is decided against (the highest
 * supported height wins). Writes validity only when the layer is verified.
 * @returns [verified, some validity changed]
 */
export function verifyLayer(
  blocks: BlockInfo[],
  decide: (block: BlockInfo) => Sign,
): [boolean, boolean] {
  const ordered = [...blocks].sort((a, b) =>
    a.height < b.height ? -1 : a.height > b.height ? 1 : 0,
  );
  const decisions: Sign[] = [];
  let supported: BlockInfo | null = null;
  for (const block of ordered) {
    let decision = decide(block);
    if (decision === Sign.ABSTAIN) {
      if (supported !== null && block.height > supported.height) decision = Sign.AGAINST;
      else return [false, false];
    } else if (decision === Sign.SUPPORT) supported = block;
    decisions.push(decision);
  }
  let changes = false;
  ordered.forEach((block, i) => {
    const d = decisions[i]!;
    if (block.validity !== d) changes = true;
    block.validity = d;
  });
  return [true, changes];
}
