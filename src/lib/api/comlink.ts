// comlink bridge: the node worker exposes its SmeshApi (plus boot), the page wraps the worker
// back into a SmeshApi, so pages use one interface whether the node runs in their worker or on
// a remote host (createHttpApi). Errors cross as plain data and become ApiError again (comlink
// would keep only an Error's message); stream listeners cross as comlink proxies.
import { expose, proxy, wrap, type Endpoint, type Remote } from 'comlink';
import { ApiError } from './errors.ts';
import type { ApiErrorReason, GrpcCode } from './errors.ts';
import type { NodeInfo, SmeshApi, StreamHandle, StreamListener } from './interface.ts';
import type { StreamMethod, UnaryMethod } from './methods.ts';
import type { NetworkChoice } from '../node/network.ts';

/**
 * What a node worker's boot rejects with when another tab of this browser profile runs the node
 * (it holds the profile's node lock): the page then offers to move the node to itself.
 */
export const NODE_BUSY = 'node-busy: another tab of this browser runs the node';

/** An outcome that crosses the worker boundary intact. */
export type Outcome =
  | { readonly ok: true; readonly value: unknown }
  | {
      readonly ok: false;
      readonly error: { code: number; reason: string; message: string };
    };

/** What the node worker offers the page (the wire side of the bridge). */
export interface NodeWorkerApi {
  boot(network: NetworkChoice): Promise<void>;
  info(): Promise<NodeInfo>;
  call(method: string, request: unknown): Promise<Outcome>;
  /** Starts a stream whose items and end go to `listener`; resolves with its id. */
  openStream(method: string, request: unknown, listener: StreamListener<unknown>): Promise<number>;
  closeStream(id: number): Promise<void>;
}

function outcomeOf(error: unknown): Outcome {
  if (error instanceof ApiError)
    return { ok: false, error: { code: error.code, reason: error.reason, message: error.message } };
  const message = error instanceof Error ? error.message : String(error);
  return { ok: false, error: { code: 13, reason: 'internal', message } };
}

function errorOf(o: { code: number; reason: string; message: string }): ApiError {
  return new ApiError(o.code as GrpcCode, o.reason as ApiErrorReason, o.message);
}

/** The worker side: serve `api()` (undefined until booted) over `endpoint`. */
export function exposeNodeApi(
  boot: (network: NetworkChoice) => Promise<void>,
  api: () => SmeshApi,
  endpoint: Endpoint,
): void {
  const streams = new Map<number, StreamHandle>();
  let nextId = 1;
  const worker: NodeWorkerApi = {
    boot,
    info: () => api().info(),
    async call(method, request) {
      try {
        return { ok: true, value: await api().call(method as UnaryMethod, request as never) };
      } catch (e) {
        return outcomeOf(e);
      }
    },
    async openStream(method, request, listener) {
      const id = nextId++;
      const handle = api().stream(method as StreamMethod, request as never, {
        item: (v) => void listener.item(v),
        end: (error) => {
          streams.delete(id);
          const o = error === undefined ? undefined : outcomeOf(error);
          void listener.end?.(o !== undefined && !o.ok ? o.error : undefined);
        },
      });
      streams.set(id, handle);
      return id;
    },
    async closeStream(id) {
      streams.get(id)?.close();
      streams.delete(id);
    },
  };
  expose(worker, endpoint);
}

/** The page side: the worker's node as a SmeshApi, and its boot. */
export interface NodeWorkerHandle {
  boot(network: NetworkChoice): Promise<void>;
  readonly api: SmeshApi;
}

export function wrapNodeWorker(endpoint: Endpoint): NodeWorkerHandle {
  const remote: Remote<NodeWorkerApi> = wrap<NodeWorkerApi>(endpoint);
  const api: SmeshApi = {
    info: () => remote.info(),
    async call(method, request) {
      const o = await remote.call(method, request ?? {});
      if (!o.ok) throw errorOf(o.error);
      return o.value as never;
    },
    stream(method, request, listener) {
      let finish: () => void = () => {};
      const done = new Promise<void>((resolve) => (finish = resolve));
      let closed = false;
      const id = remote.openStream(
        method,
        request,
        proxy({
          item: (v: unknown) => listener.item(v as never),
          end: (error?: { code: number; reason: string; message: string }) => {
            listener.end?.(error === undefined ? undefined : errorOf(error));
            finish();
          },
        }),
      );
      id.catch((e: unknown) => {
        listener.end?.(e);
        finish();
      });
      return {
        done,
        close() {
          if (closed) return;
          closed = true;
          void id.then((n) => remote.closeStream(n)).finally(finish);
        },
      };
    },
  };
  return { boot: (network) => remote.boot(network), api };
}
