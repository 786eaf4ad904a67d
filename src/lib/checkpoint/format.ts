// go-spacemesh's checkpoint file (common/types/checkpoint.go, checkpoint/schema.json):
//   { "command": "...", "version": SchemaVersion,
//     "data": { "id": "snapshot-N", "atxs": [AtxSnapshot], "accounts": [AccountSnapshot] } }
// Go's encoding/json writes []byte fields as standard base64, and the `units` map's NodeID keys
// as base64 too (NodeID's MarshalText, common/types/nodeid.go); numbers are plain integers. The restore layer is not in the
// file: go passes it separately (--recovery-layer); ours defaults to the snapshot layer + 1.
import { base64 } from '@scure/base';

/** checkpoint/runner.go SchemaVersion (also the schema's $id). */
export const SCHEMA_VERSION = 'https://spacemesh.io/checkpoint.schema.json.1.0';
/** checkpoint/runner.go CommandString: how the file was made (informational). */
export const COMMAND_PREFIX = 'grpcurl -plaintext -d ';
export const COMMAND_SUFFIX = ' 0.0.0.0:9093 spacemesh.v1.AdminService.CheckpointStream';
/** How many of each smesher's latest ATXs go into a checkpoint (the admin API's default). */
export const DEFAULT_NUM_ATXS = 2;

/** One ATX as a checkpoint keeps it: what the header needs, no proofs (go's AtxSnapshot). */
export interface AtxSnapshot {
  readonly id: Uint8Array;
  /** Publish epoch. */
  readonly epoch: number;
  readonly commitmentAtx: Uint8Array;
  /** Absent outside marriages (which smesh does not have yet). */
  readonly marriageAtx: Uint8Array | null;
  readonly vrfNonce: bigint;
  readonly baseTickHeight: bigint;
  readonly tickCount: bigint;
  /** The smesher's node id. */
  readonly publicKey: Uint8Array;
  readonly sequence: bigint;
  readonly coinbase: Uint8Array;
  /** Total effective units. */
  readonly numUnits: number;
  /** Units per smesher (base64 node id → units): one entry for a solo ATX. */
  readonly units: ReadonlyMap<string, number>;
}

/** One account (go's AccountSnapshot): template and state are empty until spawned. */
export interface AccountSnapshot {
  readonly address: Uint8Array;
  readonly balance: bigint;
  readonly nonce: bigint;
  readonly template: Uint8Array | null;
  readonly state: Uint8Array | null;
}

export interface Checkpoint {
  readonly command: string;
  readonly version: string;
  /** `snapshot-<layer>` for the files go-spacemesh and smesh write. */
  readonly id: string;
  readonly atxs: readonly AtxSnapshot[];
  readonly accounts: readonly AccountSnapshot[];
}

/** The snapshot layer named by an id of the form `snapshot-<layer>`; undefined otherwise. */
export function snapshotLayerOf(id: string): number | undefined {
  const m = /^snapshot-(\d{1,10})$/.exec(id);
  if (m === null) return undefined;
  const layer = Number(m[1]);
  return layer <= 0xffff_ffff ? layer : undefined;
}

export function commandFor(snapshotLayer: number, numAtxs: number): string {
  return `${COMMAND_PREFIX}'${JSON.stringify({ snapshotLayer, numAtxs })}'${COMMAND_SUFFIX}`;
}

/** Go's json.Encoder output for the checkpoint: field order as go declares it. */
export function encodeCheckpoint(cp: Checkpoint): string {
  const b64 = (b: Uint8Array | null) => (b === null ? null : base64.encode(b));
  // JSON has no bigint: numbers up to 2^53 print exactly; larger ones are written unquoted by
  // hand below so go's uint64 fields round-trip.
  const big = (v: bigint) => `\u0000${v.toString()}\u0000`;
  const value = {
    command: cp.command,
    version: cp.version,
    data: {
      id: cp.id,
      atxs: cp.atxs.map((a) => ({
        id: b64(a.id),
        epoch: a.epoch,
        commitmentAtx: b64(a.commitmentAtx),
        marriageAtx: b64(a.marriageAtx),
        vrfNonce: big(a.vrfNonce),
        baseTickHeight: big(a.baseTickHeight),
        tickCount: big(a.tickCount),
        publicKey: b64(a.publicKey),
        sequence: big(a.sequence),
        coinbase: b64(a.coinbase),
        numUnits: a.numUnits,
        units: Object.fromEntries([...a.units].sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))),
      })),
      accounts: cp.accounts.map((a) => ({
        address: b64(a.address),
        balance: big(a.balance),
        nonce: big(a.nonce),
        template: b64(a.template),
        state: b64(a.state),
      })),
      marriages: {},
    },
  };
  return JSON.stringify(value).replace(/"\\u0000(\d+)\\u0000"/g, '$1') + '\n';
}

/** A node id as the `units` map keys it (go: NodeID.MarshalText, base64). */
export const unitsKey = (nodeId: Uint8Array): string => base64.encode(nodeId);
