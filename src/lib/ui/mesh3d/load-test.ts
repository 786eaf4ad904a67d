// LOAD TEST ONLY: synthetic, well-formed API items (the shapes LayerStreamService,
// ActivationStreamService, RewardStreamService and BallotStreamService send) for measuring the 3D view with many
// objects, e.g. `/mesh?bench=10000` (tests/bench/mesh3d.bench.ts). They describe no network;
// the page says so in a banner while they are shown and never mixes them with the node's data.
import type { Ballot } from '../../api/v1/ballot.ts';
import type { Activation } from '../../api/v2alpha1/activation.ts';
import type { Layer } from '../../api/v2alpha1/layer.ts';
import type { Reward } from '../../api/v2alpha1/reward.ts';
import { encodeBase64 } from '../../api/v2alpha1/shape.ts';

export interface LoadTestItems {
  readonly layers: Layer[];
  readonly activations: Activation[];
  readonly rewards: Reward[];
  readonly ballots: Ballot[];
}

/** Ballots per layer in the load test's mix (besides the layer and its block). */
export const LOAD_TEST_BALLOTS_PER_LAYER = 4;

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
 * Exactly `objects` scene objects: a tenth ATXs spread over the epochs shown, and per layer the
 * layer, its block and LOAD_TEST_BALLOTS_PER_LAYER ballots (the remainder goes to ballots); each
 * block rewards one smesher active in its epoch, each ballot names an ATX active in its epoch
 * and votes for the previous layer's block (every fifth also against the one before).
 * Layers start at epoch 1 so every ATX has a publish epoch.
 */
export function loadTestItems(objects: number, layersPerEpoch: number): LoadTestItems {
  const atxCount = Math.round(objects * 0.1);
  const layerCount = Math.floor((objects - atxCount) / (2 + LOAD_TEST_BALLOTS_PER_LAYER));
  const ballotCount = objects - atxCount - 2 * layerCount;
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
  const ballots: Ballot[] = [];
  for (let j = 0; j < ballotCount; j++) {
    const i = layerCount > 0 ? j % layerCount : 0;
    const n = first + i;
    const target = Math.floor(n / layersPerEpoch);
    // ATX k is active in epoch 1 + (k % epochs): pick one of those.
    const k = target - 1 + epochs * (j % Math.max(1, Math.floor(atxCount / epochs)));
    ballots.push({
      id: id(4, j),
      layer: n,
      smesherId: smesherOf(j % Math.max(1, perEpoch)),
      atxId: id(2, k < atxCount ? k : 0),
      eligibilities: 1 + ((j * 13) % 20),
      isReference: n % layersPerEpoch === 0,
      refBallot: '',
      opinionHash: id(5, j),
      votes: {
        base: '',
        support: i >= 1 ? [id(1, i - 1)] : [],
        against: i >= 2 && j % 5 === 0 ? [id(1, i - 2)] : [],
        abstain: [],
      },
      malicious: false,
    });
  }
  return { layers, activations, rewards, ballots };
}
