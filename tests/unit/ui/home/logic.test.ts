import { describe, expect, it } from 'vitest';
import {
  formatBytes,
  nodeDatabaseName,
  parseNodeUrl,
  postFolderPrefix,
  postSummary,
  publishEpochOf,
  requestReset,
  syncView,
  takeReset,
} from '../../../../src/lib/ui/home/logic.ts';
import type { NodeStatusResponse } from '../../../../src/lib/api/v2alpha1/node.ts';

function status(p: Partial<NodeStatusResponse>): NodeStatusResponse {
  return {
    connectedPeers: '2',
    status: 'SYNC_STATUS_SYNCING',
    latestLayer: 0,
    appliedLayer: 0,
    processedLayer: 0,
    currentLayer: 0,
    ...p,
  };
}

function memoryStorage(): Storage {
  const m = new Map<string, string>();
  return {
    getItem: (k) => m.get(k) ?? null,
    setItem: (k, v) => void m.set(k, v),
    removeItem: (k) => void m.delete(k),
    clear: () => m.clear(),
    key: (i) => [...m.keys()][i] ?? null,
    get length() {
      return m.size;
    },
  };
}

describe('syncView', () => {
  it('shows processed of current, the epoch, peers and what is left', () => {
    const v = syncView(status({ processedLayer: 15, currentLayer: 20, connectedPeers: '3' }), 10);
    expect(v).toEqual({
      word: 'syncing',
      processed: 15,
      current: 20,
      epoch: 2,
      peers: 3,
      fraction: 0.75,
      behind: 5,
    });
  });
  it('is complete at layer 0 and never past 1', () => {
    expect(syncView(status({ currentLayer: 0 }), 10).fraction).toBe(1);
    const ahead = syncView(status({ processedLayer: 9, currentLayer: 8 }), 10);
    expect(ahead.fraction).toBe(1);
    expect(ahead.behind).toBe(0);
  });
  it('names the sync states', () => {
    expect(syncView(status({ status: 'SYNC_STATUS_SYNCED' }), 10).word).toBe('synced');
    expect(syncView(status({ status: 'SYNC_STATUS_OFFLINE' }), 10).word).toBe('offline');
    expect(syncView(status({ status: 'SYNC_STATUS_UNSPECIFIED' }), 10).word).toBe('starting');
  });
});

describe('publishEpochOf', () => {
  it("counts an epoch's smeshers by the ATXs published the epoch before", () => {
    expect(publishEpochOf(0)).toBeUndefined();
    expect(publishEpochOf(1)).toBe(0);
    expect(publishEpochOf(7)).toBe(6);
  });
});

describe('postSummary', () => {
  const opts = { dataDir: 'post-x', numUnits: 2, maxFileSize: '0', throttle: false };
  it('reports initialization progress from labels written of the total', () => {
    const s = postSummary(
      { state: 'STATE_IN_PROGRESS', numLabelsWritten: '256', totalLabels: '1024', opts },
      false,
    );
    expect(s).toEqual({ text: 'Initializing proof of space · 25 %', progress: 0.25 });
  });
  it('tells smeshing from a finished but idle setup', () => {
    const done = { state: 'STATE_COMPLETE', numLabelsWritten: '1024', opts } as const;
    expect(postSummary(done, true).text).toBe('Smeshing · proof of space ready');
    expect(postSummary(done, false).text).toBe('Proof of space ready · idle');
  });
  it('says what failed and when nothing is set up', () => {
    expect(
      postSummary({ state: 'STATE_ERROR', numLabelsWritten: '0', opts, error: 'no GPU' }, false)
        .text,
    ).toBe('Proof of space failed: no GPU');
    expect(
      postSummary({ state: 'STATE_NOT_STARTED', numLabelsWritten: '0', opts: null }, false),
    ).toEqual({ text: 'Not smeshing yet' });
    expect(postSummary(null, false).text).toBe('Not smeshing yet');
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(1500)).toBe('1.5 kB');
    expect(formatBytes(123_456_789)).toBe('123 MB');
    expect(formatBytes(2.5e12)).toBe('2.5 TB');
    expect(formatBytes(-1)).toBe('—');
  });
});

describe('parseNodeUrl', () => {
  it('normalizes a good address to its base', () => {
    expect(parseNodeUrl(' http://127.0.0.1:9071/ ')).toEqual({ url: 'http://127.0.0.1:9071' });
    expect(parseNodeUrl('https://node.example/api//')).toEqual({
      url: 'https://node.example/api',
    });
  });
  it('says specifically what is wrong', () => {
    expect(parseNodeUrl('')).toEqual({ error: expect.stringMatching(/^Enter the node/) });
    expect(parseNodeUrl('127.0.0.1:9071')).toEqual({
      error: expect.stringContaining('Add the scheme: http://127.0.0.1:9071'),
    });
    expect(parseNodeUrl('node.example')).toEqual({
      error: expect.stringContaining('http://node.example'),
    });
    expect(parseNodeUrl('ftp://node.example')).toEqual({
      error: expect.stringContaining('not ftp://'),
    });
    expect(parseNodeUrl('not a url!')).toEqual({
      error: expect.stringContaining('is not a web address'),
    });
    expect(parseNodeUrl('http://u:p@node.example')).toEqual({
      error: expect.stringContaining('user name and password'),
    });
    expect(parseNodeUrl('http://node.example/?x=1')).toEqual({
      error: expect.stringContaining('?query'),
    });
  });
});

describe('node data names', () => {
  it('match the worker’s database and PoST folder names', () => {
    expect(nodeDatabaseName('devnet', 'ab'.repeat(20))).toBe(`smesh-devnet-${'ab'.repeat(20)}`);
    expect(postFolderPrefix('devnet')).toBe('post-devnet-');
  });
});

describe('reset request', () => {
  const r = { database: 'smesh-devnet-00', postPrefix: 'post-devnet-' };
  it('is taken once by the next load', () => {
    const s = memoryStorage();
    requestReset(s, r);
    expect(takeReset(s, Date.now())).toEqual(r);
    expect(takeReset(s, Date.now())).toBeUndefined();
  });
  it('is dropped when stale, from the future, or not a node database', () => {
    const s = memoryStorage();
    requestReset(s, r);
    expect(takeReset(s, Date.now() + 120_000)).toBeUndefined();
    expect(s.length).toBe(0);
    requestReset(s, r);
    expect(takeReset(s, Date.now() - 10_000)).toBeUndefined();
    requestReset(s, {
      database: 'smesh-wallet-x'.replace('smesh-', 'other-'),
      postPrefix: 'post-',
    });
    expect(takeReset(s, Date.now())).toBeUndefined();
    s.setItem('smesh.reset-node', '{not json');
    expect(takeReset(s, Date.now())).toBeUndefined();
  });
});
