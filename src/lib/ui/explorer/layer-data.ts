// One layer as the explorer shows it (its layer page and its block page): the layer with its
// block, and the layer's executed transactions and rewards, read together.
import type { SmeshApi } from '../../api/interface.ts';
import type { Layer } from '../../api/v2alpha1/layer.ts';
import type { Reward } from '../../api/v2alpha1/reward.ts';
import type { TransactionResponse } from '../../api/v2alpha1/tx.ts';

export interface LayerData {
  /** Undefined when the node has not executed the layer. */
  readonly layer: Layer | undefined;
  readonly txs: TransactionResponse[];
  readonly rewards: Reward[];
}

export async function layerData(api: SmeshApi, layer: number): Promise<LayerData> {
  const range = { startLayer: layer, endLayer: layer };
  const [layers, txs, rewards] = await Promise.all([
    api.call('spacemesh.v2alpha1.LayerService/List', { ...range, limit: '1' }),
    api.call('spacemesh.v2alpha1.TransactionService/List', {
      ...range,
      limit: '100',
      includeResult: true,
      includeState: true,
    }),
    api.call('spacemesh.v2alpha1.RewardService/List', { ...range, limit: '100' }),
  ]);
  return { layer: layers.layers[0], txs: txs.transactions, rewards: rewards.rewards };
}
