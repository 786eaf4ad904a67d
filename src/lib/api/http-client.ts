// SmeshApi against a remote node's HTTP JSON API (src/cli/api/server.ts, or any gateway that
// speaks spacemeshos/api v2alpha1 for the v2alpha1 methods): fetch-based, so the same client
// runs in the browser (wallet-only mode) and under Node (the CLI wallet).
import { ApiError, GrpcCode, apiErrorFromBody } from './errors.ts';
import type { NodeInfo, SmeshApi, StreamHandle, StreamListener } from './interface.ts';

/** Smesh's own path for NodeApi.info (v2alpha1 has no version / preset). */
export const INFO_PATH = 'smesh.NodeApi/Info';

export interface HttpApiOptions {
  /** e.g. http://127.0.0.1:9093 */
  readonly url: string;
  /** Defaults to the global fetch. */
  readonly fetch?: typeof fetch;
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  if (text === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { code: GrpcCode.UNKNOWN, message: `HTTP ${res.status}: ${text.slice(0, 200)}` };
  }
}

export function createHttpApi(o: HttpApiOptions): SmeshApi {
  const base = o.url.replace(/\/+$/, '');
  const f = o.fetch ?? globalThis.fetch.bind(globalThis);
  async function post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    try {
      return await f(`${base}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
        ...(signal === undefined ? {} : { signal }),
      });
    } catch (e) {
      throw new ApiError(
        GrpcCode.UNAVAILABLE,
        'unavailable',
        `${base}: ${e instanceof Error ? e.message : String(e)}`,
      );
    }
  }
  async function unary(path: string, body: unknown): Promise<unknown> {
    const res = await post(path, body);
    const json = await readJson(res);
    if (!res.ok) throw apiErrorFromBody(res.status, json);
    return json;
  }
  return {
    info: async () => (await unary(INFO_PATH, {})) as NodeInfo,
    call: async (method, request) => (await unary(method, request ?? {})) as never,
    stream(method, request, listener): StreamHandle {
      const abort = new AbortController();
      let ended = false;
      const end = (error?: unknown) => {
        if (ended) return;
        ended = true;
        (listener as StreamListener<unknown>).end?.(error);
      };
      const done = (async () => {
        const res = await post(method, request, abort.signal);
        if (!res.ok) throw apiErrorFromBody(res.status, await readJson(res));
        if (res.body === null) return;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done: eof } = await reader.read();
          if (eof) break;
          buf += value;
          // Newline-delimited {"result": …} / {"error": …}, as grpc-gateway streams.
          let nl: number;
          while ((nl = buf.indexOf('\n')) >= 0) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (line === '') continue;
            const msg = JSON.parse(line) as { result?: unknown; error?: unknown };
            if (msg.error !== undefined) throw apiErrorFromBody(500, msg.error);
            (listener as StreamListener<unknown>).item(msg.result);
          }
        }
      })().then(
        () => end(),
        (e: unknown) => end(abort.signal.aborted ? undefined : e),
      );
      return { close: () => abort.abort(), done };
    },
  };
}
