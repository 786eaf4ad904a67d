// Request/response over libp2p streams (go-spacemesh p2p/server/server.go). One libp2p protocol
// per request protocol name ('/smesh/' + name), one stream per request: the requester writes one
// request frame and closes its write side; the server answers with one response frame (data or
// its handler's error text) and closes. Both sides refuse frames over their limits before
// buffering them, and every request has a deadline.

import type { Connection, Libp2p, Stream } from '@libp2p/interface';
import { compareBytes } from '../bytes.ts';
import { systemTime, systemTimer } from '../clock/interface.ts';
import type { Timer } from '../clock/interface.ts';
import { RequestError } from './errors.ts';
import {
  FrameError,
  FrameKind,
  FrameReader,
  MAX_ERROR_LENGTH,
  encodeRequestFrame,
  encodeResponseFrame,
} from './frame.ts';
import type { RequestHandler, Requester } from './interface.ts';
import { RequestGuard } from './request-guard.ts';
import type { RequestGuardOptions, RequestRefusal } from './request-guard.ts';

export const DEFAULT_PROTOCOL_PREFIX = '/smesh/';
/** go-spacemesh p2p/server: requestLimit 10240. */
export const DEFAULT_MAX_REQUEST_SIZE = 10_240;
/** Responses carry batches of blobs (fetch); bounded so a peer cannot make us buffer without end. */
export const DEFAULT_MAX_RESPONSE_SIZE = 16 << 20;
/** go-spacemesh p2p/server: timeout 25 s for a server to read a request and answer it. */
export const DEFAULT_SERVER_TIMEOUT_MS = 25_000;

export interface ProtocolLimits {
  maxRequestSize: number;
  maxResponseSize: number;
}

export interface Libp2pRequesterOptions {
  /** prepended to every protocol name to make the libp2p protocol id; default '/smesh/' */
  prefix?: string;
  /** defaults for protocols without their own entry in `limits` */
  maxRequestSize?: number;
  maxResponseSize?: number;
  /** per protocol name (without the prefix) */
  limits?: Record<string, Partial<ProtocolLimits>>;
  /** how long a server gives one inbound request (read + handle + write) */
  serverTimeoutMs?: number;
  /** concurrent inbound streams per protocol and connection */
  maxInboundStreams?: number;
  /**
   * Per-peer admission of inbound requests (rates, in-flight caps, strikes → onAbuse); the
   * system clock when `time` is absent. See request-guard.ts.
   */
  guard?: Partial<RequestGuardOptions>;
  /** runs the rate limiter's waits; the system timer by default */
  timer?: Timer;
  /** an inbound request refused before its handler ran (for logs and tests) */
  onRefuse?: (
    peer: string,
    protocol: string,
    reason: RequestRefusal | 'too-large' | 'malformed',
  ) => void;
}

/** The part of a libp2p node the requester uses. */
export type RequesterHost = Pick<
  Libp2p,
  'peerId' | 'getPeers' | 'dialProtocol' | 'handle' | 'unhandle'
>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function errorText(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  // Cut by bytes so the frame stays within MAX_ERROR_LENGTH even for multi-byte text.
  const bytes = encoder.encode(text);
  return bytes.length <= MAX_ERROR_LENGTH
    ? text
    : decoder.decode(bytes.subarray(0, MAX_ERROR_LENGTH)).replace(/\uFFFD$/, '');
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : '';
}

export class Libp2pRequester implements Requester {
  readonly peerId: string;
  private readonly node: RequesterHost;
  private readonly prefix: string;
  private readonly options: Libp2pRequesterOptions;
  private readonly handlers = new Map<string, RequestHandler>();
  /** registrations in flight, so `ready()` and `stop()` can wait for them */
  private pending: Promise<void> = Promise.resolve();
  /** admission of inbound requests */
  readonly guard: RequestGuard;

  constructor(node: RequesterHost, options: Libp2pRequesterOptions = {}) {
    this.node = node;
    this.peerId = node.peerId.toString();
    this.prefix = options.prefix ?? DEFAULT_PROTOCOL_PREFIX;
    this.options = options;
    this.guard = new RequestGuard({ time: systemTime, ...options.guard });
  }

  /** The libp2p protocol id of a request protocol name. */
  protocolId(protocol: string): string {
    return this.prefix + protocol;
  }

  limits(protocol: string): ProtocolLimits {
    const own = this.options.limits?.[protocol];
    return {
      maxRequestSize:
        own?.maxRequestSize ?? this.options.maxRequestSize ?? DEFAULT_MAX_REQUEST_SIZE,
      maxResponseSize:
        own?.maxResponseSize ?? this.options.maxResponseSize ?? DEFAULT_MAX_RESPONSE_SIZE,
    };
  }

  /** Sorted by the peer id's string form: libp2p's own order depends on connection timing. */
  peers(): string[] {
    const ids = [...new Set(this.node.getPeers().map((p) => p.toString()))];
    return ids.sort((a, b) => compareBytes(encoder.encode(a), encoder.encode(b)));
  }

  /** Resolves once every handler registered so far is known to libp2p. */
  ready(): Promise<void> {
    return this.pending;
  }

  handle(protocol: string, handler: RequestHandler): () => void {
    if (this.handlers.has(protocol)) throw new Error(`a handler for ${protocol} is already set`);
    this.handlers.set(protocol, handler);
    const id = this.protocolId(protocol);
    const registered = this.node.handle(
      id,
      (stream, connection) => this.serve(protocol, handler, stream, connection),
      { maxInboundStreams: this.options.maxInboundStreams ?? 64, runOnLimitedConnection: true },
    );
    this.pending = this.pending.then(() => registered);
    return () => {
      if (this.handlers.get(protocol) !== handler) return;
      this.handlers.delete(protocol);
      this.pending = this.pending.then(() => this.node.unhandle(id)).catch(() => undefined);
    };
  }

  async request(
    peer: string,
    protocol: string,
    data: Uint8Array,
    timeoutMs: number,
  ): Promise<Uint8Array> {
    const { maxRequestSize, maxResponseSize } = this.limits(protocol);
    if (data.length > maxRequestSize) {
      throw new RequestError(
        'request-too-large',
        peer,
        protocol,
        `${data.length} > ${maxRequestSize}`,
      );
    }
    const target = this.node.getPeers().find((p) => p.toString() === peer);
    if (target === undefined) throw new RequestError('not-connected', peer, protocol);

    const signal = AbortSignal.timeout(timeoutMs);
    let stream: Stream | undefined;
    try {
      stream = await this.node.dialProtocol(target, this.protocolId(protocol), {
        signal,
        runOnLimitedConnection: true,
      });
      const opened = stream;
      const exchange = (async () => {
        const reader = new FrameReader(opened);
        opened.send(encodeRequestFrame(data));
        await opened.close({ signal });
        return reader.readResponse(maxResponseSize);
      })();
      const response = await raceAbort(exchange, signal);
      if (response.kind === FrameKind.ERROR) {
        const text = decoder.decode(response.body);
        throw new RequestError('remote-error', peer, protocol, text, text);
      }
      return response.body;
    } catch (err) {
      stream?.abort(err instanceof Error ? err : new Error(String(err)));
      throw this.toRequestError(err, peer, protocol, signal);
    }
  }

  private toRequestError(
    err: unknown,
    peer: string,
    protocol: string,
    signal: AbortSignal,
  ): RequestError {
    if (err instanceof RequestError) return err;
    if (signal.aborted) return new RequestError('timeout', peer, protocol);
    if (err instanceof FrameError) {
      if (err.reason === 'too-large')
        return new RequestError('response-too-large', peer, protocol, err.message);
      return new RequestError('malformed-response', peer, protocol, err.message);
    }
    const name = errorName(err);
    if (name === 'UnsupportedProtocolError')
      return new RequestError('unsupported-protocol', peer, protocol);
    if (name === 'StreamResetError' || name === 'StreamAbortedError') {
      return new RequestError('reset', peer, protocol);
    }
    if (name === 'TimeoutError' || name === 'AbortError')
      return new RequestError('timeout', peer, protocol);
    return new RequestError(
      'not-connected',
      peer,
      protocol,
      err instanceof Error ? err.message : String(err),
    );
  }

  private async serve(
    protocol: string,
    handler: RequestHandler,
    stream: Stream,
    connection: Connection,
  ): Promise<void> {
    const peer = connection.remotePeer.toString();
    // Refused before anything is read: a reset costs the flooder a round trip and us nothing.
    const admitted = this.guard.admit(peer);
    if ('refused' in admitted) {
      this.options.onRefuse?.(peer, protocol, admitted.refused);
      stream.abort(new Error(`request refused: ${admitted.refused}`));
      return;
    }
    const signal = AbortSignal.timeout(this.options.serverTimeoutMs ?? DEFAULT_SERVER_TIMEOUT_MS);
    const onAbort = (): void => stream.abort(new Error('request deadline passed'));
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      // Over its rate: the request waits for its token (it counts as in flight meanwhile).
      if (admitted.waitMs > 0) {
        const timer = this.options.timer ?? systemTimer;
        await new Promise<void>((resolve) => timer.setTimeout(resolve, admitted.waitMs));
      }
      const { maxRequestSize } = this.limits(protocol);
      let request: Uint8Array;
      try {
        request = await new FrameReader(stream).readBody(maxRequestSize);
      } catch (err) {
        // An oversize or broken request gets no answer: go-spacemesh closes the stream too.
        // A stream that merely ended early may be an honest requester giving up: no strike.
        if (err instanceof FrameError && err.reason !== 'eof') {
          this.guard.fault(peer, err.reason);
          this.options.onRefuse?.(peer, protocol, err.reason);
        }
        stream.abort(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      let frame: Uint8Array;
      try {
        const response = await handler(peer, request);
        frame = encodeResponseFrame(FrameKind.DATA, response);
      } catch (err) {
        frame = encodeResponseFrame(FrameKind.ERROR, encoder.encode(errorText(err)));
      }
      if (!stream.send(frame)) await stream.onDrain({ signal });
      await stream.close({ signal });
    } catch (err) {
      stream.abort(err instanceof Error ? err : new Error(String(err)));
    } finally {
      signal.removeEventListener('abort', onAbort);
      this.guard.release(peer);
    }
  }
}

/** Rejects with the signal's reason when it aborts first. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e instanceof Error ? e : new Error(String(e)));
      },
    );
  });
}
