// LOAD TEST ONLY: synthetic, well-formed API items (the shapes LayerStreamService,
// ActivationStreamService and RewardStreamService send) for measuring the 3D view with many
// objects, e.g. `/mesh?bench=10000` (tests/bench/mesh3d.bench.ts). They describe no network;
// the page says so in a banner while they are shown and never mixes them with the node's data.
import type { Activation } from '../../api/v2alpha1/activation.ts';
import type { Layer } from '../../api/v2alpha1/layer.ts';
import type { Reward } from '../../api/v2alpha1/reward.ts';
import { encodeBase64 } from '../../api/v2alpha1/shape.ts';

export interface LoadTestItems {
  readonly layers: Layer[];
  readonly activations: Activation[];
  readonly rewards: Reward[];
}

/** Largest `?bench=` the page accepts. */
export const LOAD_TEST_MAX = 200_000;

/** Parses `?bench=N`: a whole number in [0, LOAD_TEST_MAX], else undefined. */
export function parseLoadTest(v: string | null): number | undefined {
  if (v === null || !/^\d{1,7}$/.test(v)) return undefined;
  const n = Number(v);
  return n <= LOAD_TEST_MAX ? n : undefined;
}

function id(tag: number, i: number): string {
  const b = new Uint8Array(32);
  const v = new DataView(b.buffer);
  v.setUint32(0, tag);
  v.setUint32(4, i);
  for (let k = 8; k < 32; k++) b[k] = (i * 31 + k * 7 + tag) & 0xff;
  return encodeBase64(b);
}

/**
 * Exactly `objects` scene objects: a layer and its block per layer (so 2 per layer) and about a
 * fifth ATXs spread over the epochs shown; each block rewards one smesher active in its epoch.
 * Layers start at epoch 1 so every ATX has a publish epoch.
 */
export function loadTestItems(objects: number, layersPerEpoch: number): LoadTestItems {
  const layerCount = Math.floor((objects - Math.round(objects * 0.2)) / 2);
  const atxCount = objects - 2 * layerCount;
  const first = layersPerEpoch;
  const epochs = Math.max(1, Math.ceil(layerCount / layersPerEpoch));
  const layers: Layer[] = [];
  for (let i = 0; i < layerCount; i++)
    layers.push({
      number: first + i,
      status: 'LAYER_STATUS_VERIFIED',
      consensusHash: '',
      stateHash: '',
      cumulativeStateHash: '',
      block: { id: id(1, i) },
    });
  const activations: Activation[] = [];
  const smesherOf = (i: number) => id(3, i);
  for (let i = 0; i < atxCount; i++) {
    const target = 1 + (i % epochs);
    activations.push({
      id: id(2, i),
      smesherId: smesherOf(Math.floor(i / epochs)),
      publishEpoch: target - 1,
      coinbase: '',
      weight: String(1_000 + ((i * 7919) % 100_000)),
      height: String(i),
      numUnits: 1 + (i % 8),
    });
  }
  const perEpoch = Math.ceil(atxCount / epochs);
  const rewards: Reward[] = [];
  for (let i = 0; i < layerCount && perEpoch > 0; i++)
    rewards.push({
      layer: first + i,
      total: '1000',
      layerReward: '1000',
      coinbase: '',
      smesher: smesherOf(i % perEpoch),
    });
  return { layers, activations, rewards };
}
