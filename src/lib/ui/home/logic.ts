// Pure helpers of the home and settings pages: what the node's status says in words and
// numbers, the settings' validation, and the names of this browser's node data.
import type { NodeStatusResponse } from '../../api/v2alpha1/node.ts';
import type { PostSetupStatusResponse } from '../../api/v1/smesher.ts';

export type SyncWord = 'synced' | 'syncing' | 'offline' | 'starting';

export interface SyncView {
  readonly word: SyncWord;
  /** The last layer the node has processed. */
  readonly processed: number;
  /** The layer the clock is in. */
  readonly current: number;
  readonly epoch: number;
  readonly peers: number;
  /** processed / current in [0, 1] (1 at layer 0). */
  readonly fraction: number;
  /** Layers the node still has to process. */
  readonly behind: number;
}

const WORDS: Record<string, SyncWord> = {
  SYNC_STATUS_SYNCED: 'synced',
  SYNC_STATUS_SYNCING: 'syncing',
  SYNC_STATUS_OFFLINE: 'offline',
};

/** NodeService.Status as the home page shows it. */
export function syncView(s: NodeStatusResponse, layersPerEpoch: number): SyncView {
  const processed = s.processedLayer;
  const current = s.currentLayer;
  const fraction = current <= 0 ? 1 : Math.min(1, Math.max(0, processed / current));
  return {
    word: WORDS[s.status] ?? 'starting',
    processed,
    current,
    epoch: layersPerEpoch > 0 ? Math.floor(current / layersPerEpoch) : 0,
    peers: Number(s.connectedPeers),
    fraction,
    behind: Math.max(0, current - processed),
  };
}

/**
 * The publish epoch of the ATXs that make epoch `epoch`'s smeshers (an ATX published in epoch
 * n is its smesher's ticket for n + 1); undefined for epoch 0, which has none.
 */
export function publishEpochOf(epoch: number): number | undefined {
  return epoch >= 1 ? epoch - 1 : undefined;
}

export interface PostSummary {
  /** One short phrase for the card. */
  readonly text: string;
  /** Initialization progress in [0, 1] while labels are being written. */
  readonly progress?: number;
}

/** PostSetupStatus and IsSmeshing in a phrase. */
export function postSummary(
  status: PostSetupStatusResponse['status'],
  smeshing: boolean,
): PostSummary {
  const state = status?.state ?? 'STATE_NOT_STARTED';
  const written = BigInt(status?.numLabelsWritten ?? '0');
  const total = status?.totalLabels === undefined ? 0n : BigInt(status.totalLabels);
  const progress =
    total > 0n ? Number((written * 10_000n) / total) / 10_000 : state === 'STATE_COMPLETE' ? 1 : 0;
  const pct = `${Math.floor(progress * 100)} %`;
  switch (state) {
    case 'STATE_COMPLETE':
      return { text: smeshing ? 'Smeshing · proof of space ready' : 'Proof of space ready · idle' };
    case 'STATE_IN_PROGRESS':
      return { text: `Initializing proof of space · ${pct}`, progress };
    case 'STATE_PAUSED':
      return { text: `Initialization paused at ${pct}`, progress };
    case 'STATE_PREPARED':
      return { text: 'Proof of space set up, not started', progress: 0 };
    case 'STATE_ERROR':
      return { text: `Proof of space failed${status?.error ? `: ${status.error}` : ''}` };
    default:
      return { text: smeshing ? 'Smeshing' : 'Not smeshing yet' };
  }
}

/** 1234567 → '1.2 MB' (decimal units, as browsers report quotas). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) return '—';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return i === 0 ? `${v} B` : `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

export type UrlCheck = { readonly url: string } | { readonly error: string };

/**
 * A remote node's API address as typed: http(s), a host, nothing after the path (the API's
 * methods are POSTed under it). Returns the normalized base URL or what is wrong, in words.
 */
export function parseNodeUrl(input: string): UrlCheck {
  const text = input.trim();
  if (text === '') return { error: 'Enter the node’s API address, e.g. http://127.0.0.1:9071' };
  let u: URL;
  try {
    u = new URL(text);
  } catch {
    return /^[\w.-]+(:\d+)?(\/.*)?$/.test(text)
      ? { error: `Add the scheme: http://${text} or https://${text}` }
      : { error: `“${text}” is not a web address; e.g. http://127.0.0.1:9071` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return { error: `The address must start with http:// or https://, not ${u.protocol}//` };
  if (u.hostname === '') return { error: 'The address has no host name' };
  if (u.username !== '' || u.password !== '')
    return { error: 'Leave user name and password out of the address' };
  if (u.search !== '' || u.hash !== '')
    return { error: 'Leave ?query and #fragment out: give the API’s base address only' };
  return { url: u.origin + u.pathname.replace(/\/+$/, '') };
}

/** The browser node's IndexedDB database (src/workers/node/boot.ts databaseName). */
export function nodeDatabaseName(networkName: string, genesisIdHex: string): string {
  return `smesh-${networkName}-${genesisIdHex}`;
}

/** The prefix of the browser node's PoST data folders in OPFS (workers/node/smeshing.ts). */
export function postFolderPrefix(networkName: string): string {
  return `post-${networkName}-`;
}

const RESET_KEY = 'smesh.reset-node';

/** Asks the next page load to delete the node's data before the node starts. */
export function requestReset(storage: Pick<Storage, 'setItem'>, request: ResetRequest): void {
  storage.setItem(RESET_KEY, JSON.stringify({ ...request, at: Date.now() }));
}

export interface ResetRequest {
  readonly database: string;
  readonly postPrefix: string;
}

/**
 * The pending reset, removed from storage; undefined when none, unreadable or older than
 * `maxAgeMs` (a request is acted on by the reload right after it, never later).
 */
export function takeReset(
  storage: Pick<Storage, 'getItem' | 'removeItem'>,
  nowMs: number,
  maxAgeMs = 60_000,
): ResetRequest | undefined {
  const raw = storage.getItem(RESET_KEY);
  if (raw === null) return undefined;
  storage.removeItem(RESET_KEY);
  try {
    const r = JSON.parse(raw) as Partial<ResetRequest & { at: number }>;
    if (
      typeof r.database !== 'string' ||
      !r.database.startsWith('smesh-') ||
      typeof r.postPrefix !== 'string' ||
      !r.postPrefix.startsWith('post-') ||
      typeof r.at !== 'number' ||
      nowMs - r.at > maxAgeMs ||
      nowMs < r.at
    )
      return undefined;
    return { database: r.database, postPrefix: r.postPrefix };
  } catch {
    return undefined;
  }
}
