// Request/response over the simulated network (go-spacemesh p2p/server, simplified): the
// request and its answer each take one link latency; requests are reliable (a stream, not a
// datagram), so loss does not apply, but a partition or a crashed peer swallows them and the
// requester's deadline fails the call.
import { SimRequestError } from './errors.ts';
import type { PeerState } from './peer-state.ts';
import type { VirtualTime } from './virtual-time.ts';

export interface RequestContext {
  readonly time: VirtualTime;
  readonly latency: { readonly min: number; readonly max: number };
  reachable(a: string, b: string): boolean;
}

function alive(p: PeerState, incarnation: number): boolean {
  return p.up && p.incarnation === incarnation;
}

type Outcome = { ok: Uint8Array } | { error: SimRequestError };

/** Sends `data` from `p` to `target` and resolves with the answer (see Requester.request). */
export function sendRequest(
  ctx: RequestContext,
  p: PeerState,
  target: PeerState,
  protocol: string,
  data: Uint8Array,
  timeoutMs: number,
): Promise<Uint8Array> {
  const to = target.id;
  if (!p.isLinked(to)) {
    return Promise.reject(
      new SimRequestError('not-connected', to, protocol, `${p.id} has no link to ${to}`),
    );
  }
  const { time, latency } = ctx;
  p.stats.requestsSent++;
  const incarnation = p.incarnation;
  const request = data.slice();
  return new Promise<Uint8Array>((resolve, reject) => {
    let done = false;
    // The requester's own clock: if it crashes, the timeout dies with it and the promise
    // never settles, as the process awaiting it is gone.
    const timer = p.scope.setTimeout(() => {
      if (done) return;
      done = true;
      const message = `${to} did not answer ${protocol} in ${timeoutMs} ms`;
      reject(new SimRequestError('timeout', to, protocol, message));
    }, timeoutMs);
    const answer = (outcome: Outcome): void => {
      const back = target.linkRng(p.id).int(latency.min, latency.max);
      time.schedule(time.now() + back, () => {
        if (done || !alive(p, incarnation) || !ctx.reachable(to, p.id)) return false;
        done = true;
        p.scope.clearTimeout(timer);
        if ('ok' in outcome) resolve(outcome.ok);
        else reject(outcome.error);
      });
    };
    const there = p.linkRng(to).int(latency.min, latency.max);
    time.schedule(time.now() + there, () => {
      if (!target.up || !ctx.reachable(p.id, to)) return false;
      const handler = target.protocols.get(protocol);
      if (handler === undefined) {
        const message = `${to} does not serve ${protocol}`;
        answer({ error: new SimRequestError('unsupported-protocol', to, protocol, message) });
        return false;
      }
      target.stats.requestsServed++;
      const served = target.incarnation;
      handler(p.id, request).then(
        (response) => {
          if (alive(target, served)) answer({ ok: response.slice() });
        },
        (error: unknown) => {
          if (!alive(target, served)) return;
          const message = error instanceof Error ? error.message : String(error);
          answer({ error: new SimRequestError('remote-error', to, protocol, message) });
        },
      );
      return true;
    });
  });
}
