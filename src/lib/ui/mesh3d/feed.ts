// Feeds a MeshScene from a node's API: the node's status for where to start, then four watching
// streams (layers, ATXs, rewards, and Smesh's ballots for the newest BALLOT_LAYERS) from there on. Close the returned feed to stop them.
import type { SmeshApi, StreamHandle } from '../../api/interface.ts';
import type { MeshScene } from './scene.ts';

export interface Feed {
  close(): void;
}

/** First layer to show: the newest `maxLayers` up to the clock's layer (0 means "from the start"). */
export function firstLayer(currentLayer: number, maxLayers: number): number {
  return Math.max(0, currentLayer - maxLayers);
}

/** Ballots are many (tens per layer on mainnet): the feed asks for the newest this many layers. */
export const BALLOT_LAYERS = 120;

export function startFeed(
  api: SmeshApi,
  scene: MeshScene,
  onChange: () => void,
  onError: (message: string) => void,
  /** The node has no ballot API (a go-spacemesh node): the view goes on without ballots. */
  onNoBallots?: (message: string) => void,
): Feed {
  const handles: StreamHandle[] = [];
  let closed = false;
  const fail = (what: string) => (e?: unknown) => {
    if (closed || e === undefined) return;
    onError(`${what} stream ended: ${e instanceof Error ? e.message : String(e)}`);
  };
  void (async () => {
    let current: number;
    try {
      current = (await api.call('spacemesh.v2alpha1.NodeService/Status', {})).currentLayer;
    } catch (e) {
      onError(`cannot read the node's status: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (closed) return;
    const startLayer = firstLayer(current, scene.maxLayers);
    const startEpoch = Math.max(0, scene.epochOf(startLayer) - 1);
    handles.push(
      api.stream(
        'spacemesh.v2alpha1.ActivationStreamService/Stream',
        { startEpoch, watch: true },
        {
          item: (a) => {
            scene.addActivation(a);
            onChange();
          },
          end: fail('ATX'),
        },
      ),
      api.stream(
        'spacemesh.v2alpha1.LayerStreamService/Stream',
        { startLayer, watch: true },
        {
          item: (l) => {
            scene.addLayer(l);
            onChange();
          },
          end: fail('Layer'),
        },
      ),
      api.stream(
        'spacemesh.v2alpha1.RewardStreamService/Stream',
        { startLayer, watch: true },
        {
          item: (r) => {
            scene.addReward(r);
            onChange();
          },
          end: fail('Reward'),
        },
      ),
      api.stream(
        'smesh.v1.BallotStreamService/Stream',
        { startLayer: Math.max(startLayer, current - BALLOT_LAYERS), watch: true },
        {
          item: (b) => {
            scene.addBallot(b);
            onChange();
          },
          end: (e) => {
            if (closed || e === undefined) return;
            const msg = e instanceof Error ? e.message : String(e);
            if (onNoBallots !== undefined) onNoBallots(msg);
            else fail('Ballot')(e);
          },
        },
      ),
    );
  })();
  return {
    close() {
      closed = true;
      for (const h of handles.splice(0)) h.close();
    },
  };
}
