// The wallet's node helpers: funds checks, waiting for a transaction on an injected clock, and
// the API index keeping a tx's executed result when a later block includes it again (which the
// devnet does: otherwise `--wait` could read "nonce too low" for a tx that was applied).
import { describe, expect, it } from 'vitest';
import { ApiIndexer } from '../../../src/lib/api/indexer.ts';
import type { SmeshApi } from '../../../src/lib/api/interface.ts';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import { checkFunds, waitForTx, type AccountStatus } from '../../../src/lib/wallet/client.ts';
import { WalletError } from '../../../src/lib/wallet/errors.ts';
import { Chain, FIRST_LAYER, key, walletAddress, walletSpawn } from '../vm/templates/harness.ts';

const account: AccountStatus = {
  address: 'x',
  balance: 1000n,
  nonce: 0n,
  projectedBalance: 900n,
  projectedNonce: 1n,
  template: 'wallet',
  layer: 0,
};

describe('checkFunds', () => {
  it('counts amount plus max fee against the projected balance', () => {
    expect(() => checkFunds(account, 800n, 100n, 1n)).not.toThrow();
    expect(() => checkFunds(account, 801n, 100n, 1n)).toThrow(WalletError);
    try {
      checkFunds(account, 0n, 500n, 2n);
    } catch (e) {
      expect((e as WalletError).reason).toBe('insufficient-balance');
    }
  });
});

describe('waitForTx', () => {
  function fakeApi(states: string[]): SmeshApi {
    let i = 0;
    return {
      call: async () => {
        const state = states[Math.min(i++, states.length - 1)];
        return {
          transactions: [
            {
              tx: { id: '' },
              txState: state,
              txResult:
                state === 'TRANSACTION_STATE_PROCESSED'
                  ? { status: 'TRANSACTION_STATUS_SUCCESS', layer: 7 }
                  : null,
            },
          ],
        };
      },
    } as unknown as SmeshApi;
  }

  it('polls until processed, on the host clock', async () => {
    let now = 0;
    const o = {
      timeoutMs: 10_000,
      pollMs: 1000,
      now: () => now,
      sleep: async (ms: number) => void (now += ms),
    };
    const api = fakeApi([
      'TRANSACTION_STATE_MEMPOOL',
      'TRANSACTION_STATE_MESH',
      'TRANSACTION_STATE_PROCESSED',
    ]);
    const s = await waitForTx(api, '00'.repeat(32), o);
    expect(s?.result?.layer).toBe(7);
    expect(now).toBe(2000);
    now = 0;
    expect(await waitForTx(fakeApi(['TRANSACTION_STATE_MEMPOOL']), '00'.repeat(32), o)).toBeNull();
    expect(now).toBe(10_000);
  });
});

describe('ApiIndexer and a tx included twice', () => {
  it('keeps the result of its execution, not the later ineffective inclusion', async () => {
    const k = key(60);
    const chain = new Chain([{ address: walletAddress(k), balance: 10_000_000n }]);
    const raw = walletSpawn(k);
    const first = chain.apply([raw]);
    const again = chain.apply([raw]);
    expect(first.results.map((r) => r.status)).toEqual(['success']);
    expect(again.ineffective).toHaveLength(1);
    const indexer = new ApiIndexer(new MemoryStore());
    const applied = (layer: number, result: typeof first) => ({
      layer,
      block: new Uint8Array(32).fill(layer),
      stateRoot: result.stateRoot,
      stateHash: result.stateRoot,
      meshHash: result.stateRoot,
      result,
    });
    await indexer.indexLayer(applied(FIRST_LAYER, first));
    await indexer.indexLayer(applied(FIRST_LAYER + 1, again));
    const r = await indexer.txResult(first.results[0]!.id);
    expect(r).toMatchObject({ status: 'success', layer: FIRST_LAYER });
    // A tx that never executed keeps its ineffective entry.
    const fresh = new ApiIndexer(new MemoryStore());
    await fresh.indexLayer(applied(FIRST_LAYER + 1, again));
    expect(await fresh.txResult(first.results[0]!.id)).toMatchObject({ status: 'invalid' });
  });
});
