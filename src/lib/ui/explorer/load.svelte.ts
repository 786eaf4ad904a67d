// One async read per page state: runs `fn` with the node's API once it is there, again whenever
// what `fn` reads synchronously (URL parameters, node.api) changes; a stale answer is dropped.
import type { SmeshApi } from '../../api/interface.ts';
import { node } from '../node.svelte.ts';

export class Loaded<T> {
  data = $state.raw<T | undefined>(undefined);
  error = $state<string | undefined>(undefined);
  loading = $state(true);
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Call during component setup. */
export function load<T>(fn: (api: SmeshApi) => Promise<T>): Loaded<T> {
  const l = new Loaded<T>();
  $effect(() => {
    const api = node.api;
    if (api === undefined) return;
    let live = true;
    l.loading = true;
    l.error = undefined;
    fn(api).then(
      (d) => {
        if (!live) return;
        l.data = d;
        l.loading = false;
      },
      (e: unknown) => {
        if (!live) return;
        l.error = errorText(e);
        l.loading = false;
      },
    );
    return () => {
      live = false;
    };
  });
  return l;
}
