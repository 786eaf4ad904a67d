// A node for the wallet's online tests: a non-smeshing FullNode on a virtual clock that never
// ticks (so nothing executes: submitted transactions stay in the mempool, where the API shows
// them), with genesis accounts for keystore keys of PHRASE_A, its HTTP API on 127.0.0.1, and
// gossip that only runs the local handler (what a submitted transaction published is recorded).
import { createLocalApi, type LocalApi } from '../../../src/lib/api/local.ts';
import { startApiServer, type ApiServer } from '../../../src/cli/api/server.ts';
import { genesisTimeMs } from '../../../src/lib/config/genesis.ts';
import { encodeAddress } from '../../../src/lib/crypto/address.ts';
import { publicKeyOf } from '../../../src/lib/crypto/signing.ts';
import { FullNode } from '../../../src/lib/node/full-node.ts';
import { simNetworkConfig } from '../../../src/lib/sim/config.ts';
import { VirtualTime } from '../../../src/lib/sim/virtual-time.ts';
import { MemoryStore } from '../../../src/lib/store/memory.ts';
import {
  emptyAccount,
  encodeTemplateState,
  type Account,
} from '../../../src/lib/vm/state/account.ts';
import { principalOf, type MultisigSpawnArguments } from '../../../src/lib/vm/tx/index.ts';
import { newWallet } from '../../../src/lib/wallet/accounts.ts';
import { hexToBytes } from '@noble/hashes/utils.js';
import { LocalGossip } from '../api/fixture.ts';
import { PHRASE_A } from './cli-harness.ts';

export const SMH = 1_000_000_000n;
export const FAUCET_SEED = new Uint8Array(32).fill(0x46);

export interface WalletNode {
  readonly node: FullNode;
  readonly api: LocalApi;
  readonly server: ApiServer;
  readonly gossip: LocalGossip;
  readonly hrp: string;
  /** PHRASE_A keys 0..2 */
  readonly publicKeys: readonly Uint8Array[];
  /** key 0's wallet: 10 SMH, not spawned */
  readonly a0: string;
  /** key 1's wallet: 10 SMH, spawned, next nonce 3 */
  readonly a1: string;
  /** 2-of-3 of keys 0..2, spawned, next nonce 5, 50 SMH */
  readonly multisig: MultisigSpawnArguments;
  /** 1-of-2 vesting of keys 0..1, spawned, 50 SMH */
  readonly vesting: MultisigSpawnArguments;
  /** a wallet of FAUCET_SEED: spawned, 1000 SMH */
  readonly faucet: string;
  stop(): Promise<void>;
}

function spawned<T extends 'wallet' | 'multisig' | 'vesting'>(
  template: T,
  args: Parameters<typeof encodeTemplateState<T>>[1],
  balance: bigint,
  nextNonce: bigint,
): Account {
  return {
    ...emptyAccount(principalOf(template, args as never)),
    balance,
    nextNonce,
    template,
    state: encodeTemplateState(template, args),
  };
}

export async function walletNode(): Promise<WalletNode> {
  const wallet = await newWallet({ mnemonic: PHRASE_A, displayName: 't', created: 'now', keys: 3 });
  const publicKeys = wallet.secrets.keys.map((k) => hexToBytes(k.publicKey));
  const network = simNetworkConfig('smesh-wallet-online');
  const time = new VirtualTime({ startMs: genesisTimeMs(network) - 60_000 });
  const gossip = new LocalGossip();
  const multisig = { required: 2, publicKeys };
  const vesting = { required: 1, publicKeys: publicKeys.slice(0, 2) };
  const a0 = principalOf('wallet', { publicKey: publicKeys[0]! });
  const node = new FullNode({
    network,
    store: new MemoryStore(),
    time,
    timer: time,
    gossip,
    poetProofs: { get: () => Promise.resolve(undefined) },
    genesisAccounts: [
      { ...emptyAccount(a0), balance: 10n * SMH },
      spawned('wallet', { publicKey: publicKeys[1]! }, 10n * SMH, 3n),
      spawned('multisig', multisig, 50n * SMH, 5n),
      spawned('vesting', vesting, 50n * SMH, 0n),
      spawned('wallet', { publicKey: publicKeyOf(FAUCET_SEED) }, 1000n * SMH, 0n),
    ],
  });
  const api = createLocalApi({ node, host: { kind: 'node' } });
  await node.start();
  const server = await startApiServer({ api, port: 0, rateLimit: null });
  const hrp = network.hrp;
  const addr = (a: Uint8Array) => encodeAddress(a, hrp);
  return {
    node,
    api,
    server,
    gossip,
    hrp,
    publicKeys,
    a0: addr(a0),
    a1: addr(principalOf('wallet', { publicKey: publicKeys[1]! })),
    multisig,
    vesting,
    faucet: addr(principalOf('wallet', { publicKey: publicKeyOf(FAUCET_SEED) })),
    stop: async () => {
      await server.close();
      api.close();
      await node.stop();
    },
  };
}
