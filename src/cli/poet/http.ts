// poet's HTTP API (grpc-gateway routes of rpc/api/v1/api.proto) over node:http:
//   GET /v1/info · GET /v1/pow_params · POST /v1/submit · GET /v1/proofs/{round_id}
// Errors are {code, message, details} with gRPC codes; bodies are capped; CORS is open so a
// browser node can register directly.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import {
  decodeSubmit,
  encodeInfo,
  encodePowParams,
  encodeProofResponse,
  encodeSubmitResponse,
  errorBody,
  GrpcCode,
  httpStatusOf,
  PoetApiError,
} from '../../lib/poet/api.ts';
import type { PoetService } from '../../lib/poet/service.ts';

/** A submit is under 1 KiB; anything much larger is refused unread. */
export const MAX_BODY_BYTES = 16 * 1024;

const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
};

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  extra: Record<string, string> = {},
) {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...CORS,
    ...extra,
  });
  res.end(text);
}

function sendError(res: ServerResponse, e: PoetApiError, extra: Record<string, string> = {}) {
  send(res, httpStatusOf(e.code), errorBody(e), extra);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > MAX_BODY_BYTES) return reject(new BodyTooLarge());
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        req.removeAllListeners('data');
        req.pause();
        reject(new BodyTooLarge());
      } else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

async function route(service: PoetService, req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://poet');
  const path = url.pathname;
  if (req.method === 'OPTIONS') {
    res.writeHead(204, CORS);
    res.end();
    return;
  }
  const proofMatch = /^\/v1\/proofs\/([^/]+)$/.exec(path);
  const known = path === '/v1/info' || path === '/v1/pow_params' || path === '/v1/submit';
  if (!known && !proofMatch) throw new PoetApiError(GrpcCode.NOT_FOUND, 'Not Found');
  const wantPost = path === '/v1/submit';
  if (req.method !== (wantPost ? 'POST' : 'GET'))
    throw new PoetApiError(GrpcCode.UNIMPLEMENTED, 'Method Not Allowed');
  if (path === '/v1/info') return send(res, 200, encodeInfo(service.info()));
  if (path === '/v1/pow_params') return send(res, 200, encodePowParams(service.powParams()));
  if (proofMatch) {
    const proof = await service.proof(decodeURIComponent(proofMatch[1]!));
    return send(res, 200, encodeProofResponse(proof));
  }
  let text: string;
  try {
    text = await readBody(req);
  } catch (e) {
    if (e instanceof BodyTooLarge) {
      // Answer without reading the rest; the connection is closed after the reply.
      send(
        res,
        413,
        errorBody(
          new PoetApiError(
            GrpcCode.RESOURCE_EXHAUSTED,
            `request body over ${MAX_BODY_BYTES} bytes`,
          ),
        ),
        { connection: 'close' },
      );
      return;
    }
    throw e;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new PoetApiError(GrpcCode.INVALID_ARGUMENT, 'request body is not valid JSON');
  }
  send(res, 200, encodeSubmitResponse(await service.submit(decodeSubmit(json))));
}

export function createPoetHttpServer(service: PoetService, log: (l: string) => void): Server {
  return createServer((req, res) => {
    route(service, req, res).catch((e: unknown) => {
      if (res.headersSent) return res.destroy();
      if (e instanceof PoetApiError) return sendError(res, e);
      log(
        `internal error on ${req.method} ${req.url}: ${e instanceof Error ? e.stack : String(e)}`,
      );
      sendError(res, new PoetApiError(GrpcCode.INTERNAL, 'internal error'));
    });
  });
}
