// `smesh node` / `smesh devnet` pieces that need no running network: argument errors, the node
// key file, layer-duration scaling, the PoET proof provider, and one in-process node that
// starts and stops over LevelDB and libp2p on 127.0.0.1.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, describe, expect, it } from 'vitest';
import { genesisAfter } from '../../../src/cli/commands/devnet.ts';
import { main } from '../../../src/cli/main.ts';
import { libp2pKeyOf, loadOrCreateNodeKey, NodeKeyError } from '../../../src/cli/node/keys.ts';
import { appliedLine, parseAppliedLine } from '../../../src/cli/node/log.ts';
import { poetTimingArgs, resolveNetworkFlags } from '../../../src/cli/node/network.ts';
import { walletOf } from '../../../src/cli/node/options.ts';
import { HttpPoetProofs } from '../../../src/lib/poet/http-proofs.ts';
import { runNode } from '../../../src/cli/node/run-node.ts';
import { encodeAddress } from '../../../src/lib/crypto/address.ts';
import { networkConfigProblems } from '../../../src/lib/config/validate.ts';
import type { AppliedLayer } from '../../../src/lib/node/full-node.ts';
import { GrpcCode, PoetApiError } from '../../../src/lib/poet/api.ts';
import type { PoetClient, VerifiedPoetProof } from '../../../src/lib/poet/client.ts';
import { roundConfigOf, roundEnd } from '../../../src/lib/poet/round.ts';
import { captureIO } from './capture.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tmp(): string {
  const d = mkdtempSync(join(tmpdir(), 'smesh-node-'));
  dirs.push(d);
  return d;
}
const GENESIS = '2026-01-01T00:00:00Z';

async function usageError(args: string[], message: string | RegExp): Promise<void> {
  const io = captureIO();
  expect(await main(args, io)).toBe(2);
  expect(io.stderr.join('\n')).toMatch(message);
}

describe('smesh node: arguments', () => {
  const base = ['node', '--data-dir', '/nonexistent/never-created', '--preset', 'devnet'];
  const withGenesis = [...base, '--genesis-time', GENESIS];

  it('refuses bad arguments with a usage error before touching the disk', async () => {
    await usageError(['node', '--preset', 'devnet'], /missing --data-dir/);
    await usageError(['node', '--data-dir', 'x', '--preset', 'nope'], /--preset must be one of/);
    await usageError(base, /no genesis time: pass --genesis-time/);
    await usageError([...base, '--genesis-time', 'yesterday'], /--genesis-time: .*RFC 3339/);
    await usageError([...withGenesis, 'extra'], /unexpected argument 'extra'/);
    await usageError([...withGenesis, '--smesh'], /--smesh needs a PoET server/);
    await usageError([...withGenesis, '--num-units', '2'], /--num-units needs --smesh/);
    await usageError([...withGenesis, '--coinbase', 'x'], /--coinbase needs --smesh/);
    const smesh = [...withGenesis, '--smesh', '--poet', 'http://127.0.0.1:1'];
    await usageError([...smesh, '--num-units', '0'], /--num-units must be an integer in \[1, 64\]/);
    await usageError([...smesh, '--num-units', '65'], /--num-units must be an integer/);
    await usageError(
      [...smesh, '--coinbase', encodeAddress(new Uint8Array(24), 'sm')],
      /--coinbase: wrong network: expected "stest"/,
    );
    await usageError([...smesh, '--coinbase', 'stest1nope'], /--coinbase: invalid bech32/);
    await usageError([...withGenesis, '--poet', 'ftp://x'], /not an http\(s\) URL/);
    await usageError([...withGenesis, '--poet', 'nope'], /--poet: 'nope' is not a URL/);
    await usageError(
      [...withGenesis, '--bootstrap', '/ip4/127.0.0.1/tcp/1'],
      /--bootstrap: .* is not a multiaddr ending in \/p2p\/<id>/,
    );
    await usageError([...withGenesis, '--bootstrap', 'garbage'], /--bootstrap: 'garbage'/);
    await usageError([...withGenesis, '--listen', '127.0.0.1'], /--listen: .* is not HOST:PORT/);
    await usageError([...withGenesis, '--ws-port', '70000'], /--ws-port must be an integer/);
    await usageError([...withGenesis, '--layer-duration', 'fast'], /not a duration/);
    await usageError([...withGenesis, '--layer-duration', '50ms'], /at least 100ms/);
    await usageError([...withGenesis, '--x'], /unknown option --x/);
  });

  it('devnet refuses bad arguments too', async () => {
    await usageError(['devnet', '--nodes', '0'], /--nodes must be an integer in \[1, 64\]/);
    await usageError(
      ['devnet', '--genesis-time', GENESIS, '--genesis-delay', '5s'],
      /--genesis-time or --genesis-delay, not both/,
    );
    await usageError(['devnet', '--layer-duration', '10ms'], /at least 100ms/);
    await usageError(['devnet', 'x'], /unexpected argument 'x'/);
  });

  it('lists both commands in the help, with their usage', async () => {
    const io = captureIO();
    expect(await main(['--help'], io)).toBe(0);
    expect(io.stdout.join('\n')).toMatch(/devnet[\s\S]*node[\s\S]*poet/);
    for (const cmd of ['node', 'devnet']) {
      const h = captureIO();
      expect(await main([cmd, '--help'], h)).toBe(0);
      expect(h.stdout.join('\n')).toContain(`Usage: smesh ${cmd}`);
    }
  });
});

describe('network flags', () => {
  it('scales hare, beacon and PoET timings with --layer-duration and stays valid', () => {
    const base = resolveNetworkFlags({ preset: 'devnet', genesisTime: GENESIS });
    const n = resolveNetworkFlags({ preset: 'devnet', genesisTime: GENESIS, layerDuration: '2s' });
    expect(n.layerDurationMs).toBe(2000);
    expect(n.hare.preroundDelayMs).toBe(base.hare.preroundDelayMs / 5);
    expect(n.hare.roundDurationMs).toBe(base.hare.roundDurationMs / 5);
    expect(n.beacon.firstVotingRoundDurationMs).toBe(base.beacon.firstVotingRoundDurationMs / 5);
    expect(n.beacon.gracePeriodMs).toBeLessThanOrEqual(n.beacon.votingRoundDurationMs / 2);
    expect(n.poet.phaseShiftMs).toBe(base.poet.phaseShiftMs / 5);
    expect(n.poet.cycleGapMs).toBe(base.poet.cycleGapMs / 5);
    expect(n.poet.gracePeriodMs).toBeLessThan(n.poet.cycleGapMs);
    expect(networkConfigProblems(n, { requireGenesisTime: true })).toEqual([]);
    // the protocol sizes are untouched
    expect(n.post).toEqual(base.post);
    expect(n.layersPerEpoch).toBe(base.layersPerEpoch);
    expect(poetTimingArgs(n)).toEqual([
      '--epoch-duration',
      '20000ms',
      '--phase-shift',
      '10000ms',
      '--cycle-gap',
      '4000ms',
    ]);
  });

  it('devnet genesis: the delay after now, rounded up to a whole second', () => {
    const now = Date.UTC(2026, 0, 1, 0, 0, 0, 250);
    expect(genesisAfter(now, 20_000)).toBe('2026-01-01T00:00:21Z');
    expect(genesisAfter(Date.UTC(2026, 0, 1), 20_000)).toBe('2026-01-01T00:00:20Z');
  });
});

describe('node key', () => {
  it('is created once with mode 0600 and read back unchanged', async () => {
    const dir = tmp();
    const a = await loadOrCreateNodeKey(dir);
    expect(a.created).toBe(true);
    expect(statSync(a.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(a.path, 'utf8').trim()).toBe(bytesToHex(a.secretKey));
    const b = await loadOrCreateNodeKey(dir);
    expect(b.created).toBe(false);
    expect(bytesToHex(b.nodeId)).toBe(bytesToHex(a.nodeId));
    // the libp2p identity follows from the key: the same peer id after a restart
    const [p1, p2] = await Promise.all([libp2pKeyOf(a.secretKey), libp2pKeyOf(b.secretKey)]);
    expect(p1.equals(p2)).toBe(true);
    expect(bytesToHex(p1.publicKey.raw)).not.toBe(bytesToHex(a.nodeId));
  });

  it('refuses a corrupt key file rather than replacing it', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'node.key'), 'not hex\n');
    await expect(loadOrCreateNodeKey(dir)).rejects.toBeInstanceOf(NodeKeyError);
    expect(readFileSync(join(dir, 'node.key'), 'utf8')).toBe('not hex\n');
  });

  it('the default coinbase is the wallet of the node id', () => {
    const id = new Uint8Array(32).fill(7);
    const w = walletOf(id);
    expect(w.length).toBe(24);
    expect([...w.subarray(0, 4)]).toEqual([0, 0, 0, 0]);
    expect(bytesToHex(walletOf(new Uint8Array(32).fill(8)))).not.toBe(bytesToHex(w));
  });
});

describe('HttpPoetProofs', () => {
  const network = resolveNetworkFlags({
    preset: 'devnet',
    genesisTime: GENESIS,
    layerDuration: '1s',
  });
  const rc = roundConfigOf(network);
  const root = (n: number) => new Uint8Array(32).fill(n);
  const proofOf = (round: number) =>
    ({
      roundId: String(round),
      proof: { proof: { root: root(round + 1) }, leaves: 10n },
      members: [],
      statement: root(100 + round),
      pubkey: new Uint8Array(32),
    }) as unknown as VerifiedPoetProof;

  function fakeClient(rounds: Set<number>): { client: PoetClient; calls: string[] } {
    const calls: string[] = [];
    const client = {
      url: 'http://fake',
      proof: async (id: string) => {
        calls.push(id);
        if (!rounds.has(Number(id))) throw new PoetApiError(GrpcCode.NOT_FOUND, 'no proof');
        return proofOf(Number(id));
      },
    } as unknown as PoetClient;
    return { client, calls };
  }

  it('finds a ref among ended rounds, newest first, and caches what it fetched', async () => {
    const { client, calls } = fakeClient(new Set([0, 2]));
    let now = roundEnd(rc, 2) + 1; // rounds 0, 1, 2 have ended; 3 has not
    const p = new HttpPoetProofs({ network, clients: [client], time: { now: () => now } });
    const hit = await p.get(root(3)); // round 2's root
    expect(hit?.statement).toEqual(root(102));
    expect(calls).toEqual(['2']);
    expect((await p.get(root(1)))?.statement).toEqual(root(100)); // round 0, via round 1 (404)
    expect(calls).toEqual(['2', '1', '0']);
    expect(await p.get(root(3))).toBeDefined();
    expect(calls).toHaveLength(3);
    // rounds that ended more than an epoch ago and had no proof are not asked again …
    expect(await p.get(root(99))).toBeUndefined();
    expect(calls).toHaveLength(3);
    // … a round that just ended may still get its proof: asked on every miss
    now = roundEnd(rc, 3) + 1;
    expect(await p.get(root(99))).toBeUndefined();
    expect(await p.get(root(99))).toBeUndefined();
    expect(calls.slice(3)).toEqual(['3', '3']);
  });

  it('shares one fetch between concurrent lookups and asks every server', async () => {
    const a = fakeClient(new Set());
    const b = fakeClient(new Set([0]));
    const p = new HttpPoetProofs({
      network,
      clients: [a.client, b.client],
      time: { now: () => roundEnd(rc, 0) + 1 },
    });
    const [x, y] = await Promise.all([p.get(root(1)), p.get(root(1))]);
    expect(x).toBeDefined();
    expect(y).toBe(x);
    expect(a.calls).toEqual(['0']);
    expect(b.calls).toEqual(['0']);
  });
});

describe('applied lines', () => {
  it('round-trip through parseAppliedLine', () => {
    const a = { layer: 21, block: null, stateHash: root32(0xab) } as unknown as AppliedLayer;
    expect(parseAppliedLine(`12:00:00.000 ${appliedLine(a)}`)).toEqual({
      layer: 21,
      state: 'ab'.repeat(8),
    });
    expect(parseAppliedLine('layer 21 verified 19')).toBeNull();
  });
});

function root32(n: number): Uint8Array {
  return new Uint8Array(32).fill(n);
}

describe('runNode (in-process, 127.0.0.1)', () => {
  it('starts a non-smeshing node over LevelDB and libp2p and stops it cleanly', async () => {
    const dir = tmp();
    // Genesis ahead: the clock has not started, so start() has no past epochs to look through.
    const network = resolveNetworkFlags({
      preset: 'devnet',
      genesisTime: genesisAfter(Date.now(), 60_000),
    });
    const lines: string[] = [];
    const running = await runNode({
      dataDir: dir,
      network,
      ip: '127.0.0.1',
      tcpPort: 0,
      wsPort: null,
      bootstrap: [],
      poets: [],
      log: (l) => lines.push(l),
    });
    expect(running.coinbase).toBeNull();
    expect(running.addresses.length).toBe(1);
    expect(running.addresses[0]).toMatch(/^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/p2p\/12D3Koo/);
    expect(statSync(join(dir, 'node.key')).mode & 0o777).toBe(0o600);
    const peerId = running.host.peerId;
    await running.stop();
    await running.stop(); // idempotent
    expect(running.store.closed).toBe(true);
    expect(running.host.node.status).toBe('stopped');
    // a restart keeps the identity (same key file → same peer id) and reopens the store
    const again = await runNode({
      dataDir: dir,
      network,
      ip: '127.0.0.1',
      tcpPort: 0,
      wsPort: null,
      bootstrap: [],
      poets: [],
      log: () => {},
    });
    expect(again.host.peerId).toBe(peerId);
    expect(again.key.created).toBe(false);
    await again.stop();
  });

  it('a smeshing node needs a PoET', async () => {
    await expect(
      runNode({
        dataDir: tmp(),
        network: resolveNetworkFlags({ preset: 'devnet', genesisTime: GENESIS }),
        ip: '127.0.0.1',
        tcpPort: 0,
        wsPort: null,
        bootstrap: [],
        poets: [],
        smesh: { numUnits: 1 },
        log: () => {},
      }),
    ).rejects.toThrow(/needs a PoET server/);
  });
});
