// The node's HTTP JSON API (go-spacemesh api/grpcserver/http_server.go: a grpc-gateway mux behind
// rs/cors): POST /<package>.<Service>/<Method> with a JSON body, answered with the message as
// JSON or a google.rpc.Status {code, message, details}; server streams as newline-delimited
// {"result": …} objects the way grpc-gateway streams them, or as server-sent events when the
// client asks for text/event-stream. On top of what the gateway does: a request body limit and
// a per-client rate limit.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApiError, GrpcCode } from '../../lib/api/errors.ts';
import { INFO_PATH } from '../../lib/api/http-client.ts';
import type { SmeshApi } from '../../lib/api/interface.ts';
import { isStream, isUnary } from '../../lib/api/methods.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limit.ts';

export interface ApiServerOptions {
  readonly api: SmeshApi;
  /** Interface to listen on (default 127.0.0.1). */
  readonly host?: string;
  /** Port (0: any free one). */
  readonly port: number;
  /** Largest request body accepted (default 64 KiB; a transaction is at most 1 KiB). */
  readonly maxBodyBytes?: number;
  /** Per remote address; null disables it. Default 100/s, bursts of 200. */
  readonly rateLimit?: RateLimitOptions | null;
  /** Allowed CORS origins (default: any, '*'). */
  readonly corsOrigins?: readonly string[] | '*';
  /** Serves POST /_echo (the body back, nothing else): the bench's reference. */
  readonly echo?: boolean;
  /** Smesh's own methods beyond the API's (e.g. the faucet), by path without the slash. */
  readonly routes?: Readonly<Record<string, RouteHandler>>;
}

/** An extra POST method: the parsed JSON body and the client's address in, the JSON answer out. */
export type RouteHandler = (body: unknown, client: string) => Promise<unknown>;

export interface ApiServer {
  /** http://host:port */
  readonly url: string;
  readonly port: number;
  /** The API it serves. */
  readonly api: SmeshApi;
  /** Adds (or replaces) an extra method once the server runs: how `smesh node --faucet` adds its. */
  route(name: string, handler: RouteHandler): void;
  close(): Promise<void>;
}

export const DEFAULT_MAX_BODY = 64 * 1024;
export const DEFAULT_RATE: RateLimitOptions = { perSecond: 100, burst: 200 };
export const ECHO_PATH = '/_echo';

/** The error body grpc-gateway writes, with its HTTP status. */
function sendError(res: ServerResponse, e: ApiError, headers: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify(e.toJSON());
  res.writeHead(e.httpStatus, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(GrpcCode.INTERNAL, 'internal', e instanceof Error ? e.message : String(e));
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? NaN);
    if (declared > max) {
      reject(new BodyTooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > max) {
        reject(new BodyTooLarge());
        req.removeAllListeners('data');
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function corsHeaders(
  req: IncomingMessage,
  origins: readonly string[] | '*',
): Record<string, string> {
  const origin = req.headers.origin;
  if (origin === undefined) return {};
  if (origins !== '*' && !origins.includes(origin)) return {};
  return {
    'access-control-allow-origin': origins === '*' ? '*' : origin,
    vary: 'Origin',
  };
}

export function startApiServer(o: ApiServerOptions): Promise<ApiServer> {
  const max = o.maxBodyBytes ?? DEFAULT_MAX_BODY;
  const limiter = o.rateLimit === null ? null : new RateLimiter(o.rateLimit ?? DEFAULT_RATE);
  const origins = o.corsOrigins ?? '*';
  const api = o.api;
  const routes = new Map<string, RouteHandler>(Object.entries(o.routes ?? {}));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const cors = corsHeaders(req, origins);
    for (const [k, v] of Object.entries(cors)) res.setHeader(k, v);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'POST, OPTIONS',
        'access-control-allow-headers': 'content-type, accept',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const client = req.socket.remoteAddress ?? 'unknown';
    if (limiter !== null && !limiter.take(client)) {
      req.resume();
      sendError(
        res,
        new ApiError(GrpcCode.RESOURCE_EXHAUSTED, 'rate-limited', 'rate limit exceeded'),
        {
          'retry-after': String(limiter.retryAfter(client)),
        },
      );
      return;
    }
    const path = (req.url ?? '/').split('?')[0]!;
    const name = path.slice(1);
    const known =
      isUnary(name) ||
      isStream(name) ||
      name === INFO_PATH ||
      routes.has(name) ||
      (o.echo === true && path === ECHO_PATH);
    if (!known) {
      req.resume();
      sendError(res, new ApiError(GrpcCode.NOT_FOUND, 'unknown-method', 'Not Found'));
      return;
    }
    if (req.method !== 'POST') {
      // grpc-gateway's routing error for a known path with another verb.
      req.resume();
      sendError(
        res,
        new ApiError(GrpcCode.UNIMPLEMENTED, 'method-not-allowed', 'Method Not Allowed', 405),
      );
      return;
    }
    let body: Buffer;
    try {
      body = await readBody(req, max);
    } catch (e) {
      if (e instanceof BodyTooLarge) {
        sendError(
          res,
          new ApiError(
            GrpcCode.RESOURCE_EXHAUSTED,
            'body-too-large',
            `request body larger than ${max} bytes`,
            413,
          ),
          { connection: 'close' },
        );
        return;
      }
      throw e;
    }
    if (path === ECHO_PATH) {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
      return;
    }
    let json: unknown = {};
    if (body.length > 0) {
      try {
        json = JSON.parse(body.toString('utf8'));
      } catch (e) {
        sendError(
          res,
          new ApiError(
            GrpcCode.INVALID_ARGUMENT,
            'bad-json',
            e instanceof Error ? e.message : 'bad JSON',
          ),
        );
        return;
      }
    }
    if (isStream(name)) return serveStream(req, res, name, json);
    const extra = routes.get(name);
    const result =
      extra !== undefined
        ? await extra(json, client)
        : name === INFO_PATH
          ? await api.info()
          : await api.call(name as never, json as never);
    const out = JSON.stringify(result);
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(out),
    });
    res.end(out);
  }

  function serveStream(
    req: IncomingMessage,
    res: ServerResponse,
    name: string,
    json: unknown,
  ): void {
    const sse = (req.headers.accept ?? '').includes('text/event-stream');
    const write = (obj: unknown, event?: string) => {
      const line = JSON.stringify(obj);
      res.write(
        sse ? `${event === undefined ? '' : `event: ${event}\n`}data: ${line}\n\n` : `${line}\n`,
      );
    };
    let started = false;
    const start = () => {
      if (started) return;
      started = true;
      res.writeHead(200, {
        'content-type': sse ? 'text/event-stream' : 'application/json',
        'cache-control': 'no-cache',
        'x-accel-buffering': 'no',
      });
    };
    const handle = api.stream(name as never, json as never, {
      item(v) {
        start();
        write({ result: v });
      },
      end(error) {
        if (error !== undefined) {
          const e = asApiError(error);
          if (!started) return sendError(res, e);
          write({ error: e.toJSON() }, 'error');
        } else start();
        res.end();
      },
    });
    // Headers go out at once for a watching stream with no history yet.
    setImmediate(() => {
      if (res.writableEnded) return;
      start();
      res.flushHeaders();
    });
    res.on('close', () => handle.close());
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => sendError(res, asApiError(e)));
  });
  // go-spacemesh gives a request 15 s to arrive (http.Server ReadTimeout); answers, streams
  // included, are not cut off.
  server.requestTimeout = 15_000;
  server.headersTimeout = 15_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      const addr = server.address() as AddressInfo;
      const host = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
      resolve({
        url: `http://${host}:${addr.port}`,
        port: addr.port,
        api,
        route: (name, handler) => void routes.set(name, handler),
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
