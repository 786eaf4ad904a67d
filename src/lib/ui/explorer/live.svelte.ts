// The newest layers, kept current by LayerStreamService (watch: true) rather than by polling:
// the newest executed layer is read once, the stream sends the last `keep` layers from there
// and then every layer the node executes.
import type { StreamHandle } from '../../api/interface.ts';
import type { Layer } from '../../api/v2alpha1/layer.ts';
import { node } from '../node.svelte.ts';
import { mergeLayer } from './aggregate.ts';
import { errorText } from './load.svelte.ts';

export class LiveLayers {
  /** Newest first, at most `keep`. */
  layers = $state.raw<Layer[]>([]);
  error = $state<string | undefined>(undefined);
  started = $state(false);
  /** Bumped on every streamed layer: what else on the page depends on the newest layer. */
  tick = $state(0);
}

/** Call during component setup. */
export function liveLayers(keep: number): LiveLayers {
  const live = new LiveLayers();
  $effect(() => {
    const api = node.api;
    if (api === undefined) return;
    let handle: StreamHandle | undefined;
    let closed = false;
    void (async () => {
      try {
        const { layers } = await api.call('spacemesh.v2alpha1.LayerService/List', {
          sortOrder: 'DESC',
          limit: '1',
        });
        if (closed) return;
        const top = layers[0]?.number ?? 0;
        live.started = true;
        handle = api.stream(
          'spacemesh.v2alpha1.LayerStreamService/Stream',
          { startLayer: Math.max(1, top - keep + 1), watch: true },
          {
            item: (l) => {
              live.layers = mergeLayer(live.layers, l, keep);
              live.tick++;
            },
            end: (e) => {
              if (e !== undefined && !closed) live.error = errorText(e);
            },
          },
        );
        if (closed) handle.close();
      } catch (e) {
        if (!closed) live.error = errorText(e);
      }
    })();
    return () => {
      closed = true;
      handle?.close();
    };
  });
  return live;
}
