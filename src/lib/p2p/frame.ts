// Length-prefixed frames for request/response streams (go-spacemesh p2p/server/server.go: a
// request is uvarint(len) ‖ bytes, checked against the request limit before it is read). Our
// response frame is kind(1) ‖ uvarint(len) ‖ bytes, kind 0 = data, 1 = the handler's error text
// (go-spacemesh sends a SCALE Response{Data, Error}; our networks are our own, so we keep the
// frame minimal). A reader checks the announced length against its limit before buffering the
// body, so a peer can never make us hold more than `max` bytes plus one chunk.

export const FrameKind = {
  DATA: 0,
  ERROR: 1,
} as const;
export type FrameKind = (typeof FrameKind)[keyof typeof FrameKind];

/** go-spacemesh p2p/server Response.Error is `scale:"max=1024"`. */
export const MAX_ERROR_LENGTH = 1024;

/** A uvarint longer than this cannot be a length we would accept (2^35 > any limit). */
const MAX_VARINT_BYTES = 5;

export type FrameErrorReason = 'too-large' | 'malformed' | 'eof';

export class FrameError extends Error {
  readonly reason: FrameErrorReason;
  constructor(reason: FrameErrorReason, detail: string) {
    super(`frame ${reason}: ${detail}`);
    this.name = 'FrameError';
    this.reason = reason;
  }
}

export function encodeUvarint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return Uint8Array.from(out);
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** uvarint(len) ‖ body */
export function encodeRequestFrame(body: Uint8Array): Uint8Array {
  return concat([encodeUvarint(body.length), body]);
}

/** kind ‖ uvarint(len) ‖ body */
export function encodeResponseFrame(kind: FrameKind, body: Uint8Array): Uint8Array {
  return concat([Uint8Array.of(kind), encodeUvarint(body.length), body]);
}

/** What a stream yields: plain bytes or a list of them (libp2p's Uint8ArrayList). */
export type Chunk = Uint8Array | { subarray(): Uint8Array };

/**
 * Pulls bytes from a stream's async iterator on demand. Holds at most what it was asked for plus
 * the rest of the last chunk.
 */
export class FrameReader {
  private readonly source: AsyncIterator<Chunk>;
  private buffer: Uint8Array = new Uint8Array(0);

  constructor(source: AsyncIterable<Chunk>) {
    this.source = source[Symbol.asyncIterator]();
  }

  /** Makes at least `n` bytes available; false when the stream ended first. */
  private async fill(n: number): Promise<boolean> {
    while (this.buffer.length < n) {
      const next = await this.source.next();
      if (next.done === true) return false;
      const chunk = next.value instanceof Uint8Array ? next.value : next.value.subarray();
      this.buffer = this.buffer.length === 0 ? chunk : concat([this.buffer, chunk]);
    }
    return true;
  }

  private take(n: number): Uint8Array {
    const out = this.buffer.subarray(0, n);
    this.buffer = this.buffer.subarray(n);
    return out;
  }

  async readByte(): Promise<number> {
    if (!(await this.fill(1))) throw new FrameError('eof', 'stream ended before the frame');
    return this.take(1)[0] as number;
  }

  async readUvarint(): Promise<number> {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const b = await this.readByte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (i > 0 && b === 0) throw new FrameError('malformed', 'non-minimal uvarint');
        return value;
      }
      scale *= 0x80;
    }
    throw new FrameError('malformed', 'uvarint too long');
  }

  /** Reads uvarint(len) ‖ body, refusing a body over `max` before reading it. */
  async readBody(max: number): Promise<Uint8Array> {
    const len = await this.readUvarint();
    if (len > max) throw new FrameError('too-large', `${len} > ${max}`);
    if (!(await this.fill(len)))
      throw new FrameError('eof', `stream ended inside a ${len}-byte body`);
    return new Uint8Array(this.take(len)); // a plain copy, never a Buffer view of the chunk
  }

  /** Reads a response frame; an error body is limited to MAX_ERROR_LENGTH. */
  async readResponse(max: number): Promise<{ kind: FrameKind; body: Uint8Array }> {
    const kind = await this.readByte();
    if (kind === FrameKind.DATA) return { kind, body: await this.readBody(max) };
    if (kind === FrameKind.ERROR) return { kind, body: await this.readBody(MAX_ERROR_LENGTH) };
    throw new FrameError('malformed', `unknown frame kind ${kind}`);
  }
}
