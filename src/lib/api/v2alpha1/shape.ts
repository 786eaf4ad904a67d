// One description per wire message, from which both the TypeScript type (Infer) and the runtime
// parsing / checking follow, so the types, the server's request decoding and the contract tests
// cannot drift apart. The JSON mapping is grpc-gateway v2's default marshaler (protojson with
// EmitUnpopulated, UseProtoNames off, as go-spacemesh api/grpcserver/http_server.go builds its
// mux): lowerCamelCase names, uint64 as decimal strings, uint32 as numbers, bytes as standard
// base64, enums as their names, Timestamp as RFC 3339, Duration as "<seconds>s", unset messages
// as null, unset proto3 `optional` / oneof members left out, every other field always present.
import { base64 } from '@scure/base';
import { ApiError } from '../errors.ts';

export type Scalar = 'u32' | 'u64' | 'bytes' | 'string' | 'bool' | 'timestamp' | 'duration';
export type Field =
  | Scalar
  | { readonly enum: readonly string[] }
  | { readonly msg: Shape }
  | { readonly list: Field }
  | { readonly opt: Field }
  | { readonly map: 'string' };
export interface Shape {
  readonly [name: string]: Field;
}

export type FieldType<F> = F extends 'u32'
  ? number
  : F extends 'bool'
    ? boolean
    : F extends Scalar
      ? string
      : F extends { readonly enum: readonly (infer E)[] }
        ? E
        : F extends { readonly msg: infer S }
          ? Infer<S> | null
          : F extends { readonly list: infer G }
            ? ListItem<G>[]
            : F extends { readonly map: 'string' }
              ? Record<string, string>
              : never;

/** Repeated messages are never null. */
type ListItem<G> = G extends { readonly msg: infer S } ? Infer<S> : FieldType<G>;

type OptKeys<S> = { [K in keyof S]: S[K] extends { readonly opt: Field } ? K : never }[keyof S];
type Inner<F> = F extends { readonly opt: infer G } ? G : never;
export type Infer<S> = { -readonly [K in Exclude<keyof S, OptKeys<S>>]: FieldType<S[K]> } & {
  -readonly [K in OptKeys<S>]?: FieldType<Inner<S[K]>>;
};

const U64_MAX = 0xffffffffffffffffn;

function bad(path: string, what: string): never {
  throw new ApiError(3, 'invalid-argument', `${path}: ${what}`);
}

function defaultOf(f: Field): unknown {
  if (typeof f === 'string') {
    if (f === 'u32') return 0;
    if (f === 'u64') return '0';
    if (f === 'bool') return false;
    if (f === 'timestamp' || f === 'duration') return null;
    return '';
  }
  if ('enum' in f) return f.enum[0];
  if ('msg' in f) return null;
  if ('list' in f) return [];
  if ('map' in f) return {};
  return undefined;
}

function parseScalar(f: Scalar, v: unknown, path: string): unknown {
  switch (f) {
    case 'u32': {
      const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 0xffffffff)
        bad(path, 'not a uint32');
      return n;
    }
    case 'u64': {
      const s = typeof v === 'number' && Number.isSafeInteger(v) ? String(v) : v;
      if (typeof s !== 'string' || !/^\d{1,20}$/.test(s) || BigInt(s) > U64_MAX)
        bad(path, 'not a uint64');
      return BigInt(s).toString();
    }
    case 'bool':
      if (typeof v !== 'boolean') bad(path, 'not a bool');
      return v;
    case 'bytes':
      if (typeof v !== 'string') bad(path, 'not base64 bytes');
      // protojson accepts standard and URL-safe base64, padded or not.
      try {
        decodeBase64(v);
      } catch {
        bad(path, 'not base64 bytes');
      }
      return v;
    default:
      if (typeof v !== 'string') bad(path, `not a ${f}`);
      return v;
  }
}

function parseField(f: Field, v: unknown, path: string): unknown {
  if (typeof f === 'string') return parseScalar(f, v, path);
  if ('opt' in f) return parseField(f.opt, v, path);
  if ('enum' in f) {
    if (typeof v === 'number' && Number.isInteger(v) && v >= 0 && v < f.enum.length)
      return f.enum[v];
    if (typeof v !== 'string' || !f.enum.includes(v)) bad(path, `not one of ${f.enum.join(', ')}`);
    return v;
  }
  if ('msg' in f) return parseMessage(f.msg, v, path);
  if ('list' in f) {
    if (!Array.isArray(v)) bad(path, 'not a list');
    return v.map((x, i) => parseField(f.list, x, `${path}[${i}]`));
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) bad(path, 'not a map');
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) {
    if (typeof x !== 'string') bad(`${path}.${k}`, 'not a string');
    out[k] = x;
  }
  return out;
}

function snake(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/**
 * A request body as protojson reads it (unknown fields discarded, proto names accepted too),
 * every absent field given its default. Throws ApiError INVALID_ARGUMENT naming the bad field.
 */
export function parseMessage<S extends Shape>(shape: S, json: unknown, path = 'body'): Infer<S> {
  if (json === null || json === undefined) json = {};
  if (typeof json !== 'object' || Array.isArray(json)) bad(path, 'not a JSON object');
  const src = json as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, f] of Object.entries(shape)) {
    const v = src[name] ?? src[snake(name)];
    if (v === undefined || v === null) {
      const d = defaultOf(f);
      if (d !== undefined) out[name] = d;
    } else out[name] = parseField(f, v, `${path}.${name}`);
  }
  return out as Infer<S>;
}

/**
 * What is wrong with `value` as the JSON of `shape`: every field present with its JSON type,
 * optional ones absent or typed, nothing extra. [] when it conforms (contract tests).
 */
export function checkMessage(shape: Shape, value: unknown, path = '$'): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [`${path}: not an object`];
  const v = value as Record<string, unknown>;
  const errs: string[] = [];
  for (const k of Object.keys(v)) if (!(k in shape)) errs.push(`${path}.${k}: unexpected field`);
  for (const [name, f] of Object.entries(shape)) {
    const p = `${path}.${name}`;
    if (typeof f === 'object' && 'opt' in f) {
      if (name in v) errs.push(...checkField(f.opt, v[name], p));
    } else if (!(name in v)) errs.push(`${p}: missing`);
    else errs.push(...checkField(f, v[name], p));
  }
  return errs;
}

function checkField(f: Field, v: unknown, p: string): string[] {
  const fail = (what: string) => [`${p}: ${what}, got ${JSON.stringify(v)}`];
  if (typeof f === 'string') {
    switch (f) {
      case 'u32':
        return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? [] : fail('uint32');
      case 'u64':
        return typeof v === 'string' && /^\d+$/.test(v) ? [] : fail('uint64 string');
      case 'bool':
        return typeof v === 'boolean' ? [] : fail('bool');
      case 'bytes':
        return typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v) ? [] : fail('base64');
      case 'timestamp':
        return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? [] : fail('timestamp');
      case 'duration':
        return typeof v === 'string' && /^\d+(\.\d+)?s$/.test(v) ? [] : fail('duration');
      default:
        return typeof v === 'string' ? [] : fail('string');
    }
  }
  if ('opt' in f) return checkField(f.opt, v, p);
  if ('enum' in f) return typeof v === 'string' && f.enum.includes(v) ? [] : fail('enum name');
  if ('msg' in f) return v === null ? [] : checkMessage(f.msg, v, p);
  if ('list' in f)
    return Array.isArray(v)
      ? v.flatMap((x, i) => checkField(f.list, x, `${p}[${i}]`))
      : fail('list');
  if (typeof v !== 'object' || v === null) return fail('map');
  return Object.values(v).every((x) => typeof x === 'string') ? [] : fail('map of strings');
}

export function encodeBase64(b: Uint8Array): string {
  return base64.encode(b);
}

/** Standard or URL-safe base64, padding optional (what protojson accepts). */
export function decodeBase64(s: string): Uint8Array {
  let t = s.replace(/-/g, '+').replace(/_/g, '/');
  if (t.length % 4 !== 0) t += '='.repeat(4 - (t.length % 4));
  return base64.decode(t);
}
