// Reading a checkpoint file (go-spacemesh checkpoint/recovery.go checkpointData: ValidateSchema,
// unmarshal, version check). Every field is checked against schema.json and go's Go types
// (uint32 / uint64 ranges, 32-byte ids, 24-byte addresses) before anything is stored, so a
// truncated, edited or foreign file is refused with a CheckpointError naming the field.
import { base64 } from '@scure/base';
import { CheckpointError } from './errors.ts';
import { SCHEMA_VERSION } from './format.ts';
import type { AccountSnapshot, AtxSnapshot, Checkpoint } from './format.ts';

const ID_LENGTH = 32;
const ADDRESS_LENGTH = 24;
const U32_MAX = 0xffff_ffffn;
const U64_MAX = 0xffff_ffff_ffff_ffffn;
/** Go's Account.State limit (scale max=10000), in bytes. */
const MAX_STATE = 10_000;

/** A JSON number as written, so uint64 values above 2^53 survive (JSON.parse with source). */
class NumberText {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

type Reviver = (key: string, value: unknown, context?: { source?: string }) => unknown;

function parseJson(text: string): unknown {
  const reviver: Reviver = (_key, value, context) =>
    typeof value === 'number' ? new NumberText(context?.source ?? String(value)) : value;
  try {
    return JSON.parse(text, reviver as (key: string, value: unknown) => unknown);
  } catch (e) {
    throw new CheckpointError('not-json', '', `not JSON: ${(e as Error).message}`);
  }
}

type Obj = Record<string, unknown>;

function isObject(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof NumberText);
}

function field(o: Obj, name: string, path: string, required: boolean): unknown {
  const v = o[name];
  if (v === undefined && required)
    throw new CheckpointError('missing-field', `${path}.${name}`, 'missing');
  return v;
}

function str(o: Obj, name: string, path: string): string {
  const v = field(o, name, path, true);
  if (typeof v !== 'string')
    throw new CheckpointError('bad-field', `${path}.${name}`, 'not a string');
  return v;
}

function uint(o: Obj, name: string, path: string, max: bigint, required = true): bigint {
  const v = field(o, name, path, required);
  if (v === undefined || v === null) return 0n;
  const p = `${path}.${name}`;
  if (!(v instanceof NumberText) || !/^(0|[1-9]\d*)$/.test(v.text))
    throw new CheckpointError('bad-field', p, 'not a non-negative integer');
  const n = BigInt(v.text);
  if (n > max) throw new CheckpointError('bad-field', p, `${v.text} is out of range`);
  return n;
}

/** Go's []byte: base64, or null / absent for nil. */
function bytes(
  o: Obj,
  name: string,
  path: string,
  length: number | null,
  required: boolean,
): Uint8Array | null {
  const v = field(o, name, path, required);
  const p = `${path}.${name}`;
  if (v === undefined || v === null) {
    if (required) throw new CheckpointError('missing-field', p, 'null');
    return null;
  }
  if (typeof v !== 'string') throw new CheckpointError('bad-field', p, 'not a base64 string');
  let b: Uint8Array;
  try {
    b = base64.decode(v);
  } catch {
    throw new CheckpointError('bad-field', p, 'not base64');
  }
  if (length !== null && b.length !== length)
    throw new CheckpointError('bad-field', p, `${b.length} bytes, want ${length}`);
  return b;
}

function array(o: Obj, name: string, path: string): unknown[] {
  const v = field(o, name, path, true);
  if (!Array.isArray(v)) throw new CheckpointError('bad-field', `${path}.${name}`, 'not an array');
  return v;
}

function parseUnits(v: unknown, path: string): Map<string, number> {
  if (v === undefined || v === null) return new Map();
  if (!isObject(v)) throw new CheckpointError('bad-field', path, 'not an object');
  const units = new Map<string, number>();
  for (const k of Object.keys(v)) {
    let id: Uint8Array;
    try {
      id = base64.decode(k);
    } catch {
      throw new CheckpointError('bad-field', `${path}.${k}`, 'key is not a base64 node id');
    }
    if (id.length !== ID_LENGTH)
      throw new CheckpointError('bad-field', `${path}.${k}`, 'key is not a 32-byte node id');
    units.set(base64.encode(id), Number(uint(v, k, path, U32_MAX)));
  }
  return units;
}

function parseAtx(v: unknown, path: string): AtxSnapshot {
  if (!isObject(v)) throw new CheckpointError('bad-field', path, 'not an object');
  return {
    id: bytes(v, 'id', path, ID_LENGTH, true)!,
    epoch: Number(uint(v, 'epoch', path, U32_MAX)),
    commitmentAtx: bytes(v, 'commitmentAtx', path, ID_LENGTH, true)!,
    marriageAtx: bytes(v, 'marriageAtx', path, ID_LENGTH, false),
    vrfNonce: uint(v, 'vrfNonce', path, U64_MAX),
    baseTickHeight: uint(v, 'baseTickHeight', path, U64_MAX),
    tickCount: uint(v, 'tickCount', path, U64_MAX),
    publicKey: bytes(v, 'publicKey', path, ID_LENGTH, true)!,
    sequence: uint(v, 'sequence', path, U64_MAX),
    coinbase: bytes(v, 'coinbase', path, ADDRESS_LENGTH, true)!,
    numUnits: Number(uint(v, 'numUnits', path, U32_MAX)),
    units: parseUnits(field(v, 'units', path, true), `${path}.units`),
  };
}

function parseAccount(v: unknown, path: string): AccountSnapshot {
  if (!isObject(v)) throw new CheckpointError('bad-field', path, 'not an object');
  const state = bytes(v, 'state', path, null, false);
  if (state !== null && state.length > MAX_STATE)
    throw new CheckpointError('bad-field', `${path}.state`, `over ${MAX_STATE} bytes`);
  return {
    // go's schema leaves account fields optional; an account without an address is meaningless
    address: bytes(v, 'address', path, ADDRESS_LENGTH, true)!,
    balance: uint(v, 'balance', path, U64_MAX, false),
    nonce: uint(v, 'nonce', path, U64_MAX, false),
    template: bytes(v, 'template', path, ADDRESS_LENGTH, false),
    state,
  };
}

function noDuplicates(items: readonly Uint8Array[], path: string, what: string): void {
  const seen = new Set<string>();
  items.forEach((b, i) => {
    const k = base64.encode(b);
    if (seen.has(k)) throw new CheckpointError('duplicate', `${path}[${i}]`, `${what} seen twice`);
    seen.add(k);
  });
}

/** Parses and validates a checkpoint file's text (go-spacemesh's JSON). */
export function parseCheckpoint(text: string): Checkpoint {
  const root = parseJson(text);
  if (!isObject(root)) throw new CheckpointError('not-json', '', 'not a JSON object');
  const command = str(root, 'command', '$');
  const version = str(root, 'version', '$');
  if (version !== SCHEMA_VERSION)
    throw new CheckpointError(
      'bad-version',
      '$.version',
      `expected ${SCHEMA_VERSION}, got ${version}`,
    );
  const data = field(root, 'data', '$', true);
  if (!isObject(data)) throw new CheckpointError('bad-field', '$.data', 'not an object');
  const id = str(data, 'id', '$.data');
  const atxs = array(data, 'atxs', '$.data').map((a, i) => parseAtx(a, `$.data.atxs[${i}]`));
  const accounts = array(data, 'accounts', '$.data').map((a, i) =>
    parseAccount(a, `$.data.accounts[${i}]`),
  );
  noDuplicates(
    atxs.map((a) => a.id),
    '$.data.atxs',
    'ATX id',
  );
  noDuplicates(
    accounts.map((a) => a.address),
    '$.data.accounts',
    'address',
  );
  return { command, version, id, atxs, accounts };
}
