// ATX validation at devnet size (1 unit of 4096 labels, scrypt N = 512, K2 = K3 = 4, a PoET
// round of 3 ticks): one initial ATX with real PoST and PoET proofs, handled again and again,
// against ed25519 verifications in the same run — the signature check is the floor cost of any
// ATX, so the ratio says how many signature checks one whole validation costs. Two lines: the
// first ATX of a PoET round (its PoET proof verified too) and a later one (proof verified once
// and cached, as when many ATXs share a round).
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { configGenesisId, configGoldenAtx, withGenesis } from '../../src/lib/config/genesis.ts';
import { getPreset } from '../../src/lib/config/presets.ts';
import { Domain, publicKeyOf, sign, verify } from '../../src/lib/crypto/signing.ts';
import { HandlerV1 } from '../../src/lib/mesh/atx/handler.ts';
import { ZERO_CHALLENGE } from '../../src/lib/mesh/atx/validation.ts';
import { membershipProof } from '../../src/lib/poet/membership.ts';
import { CpuLabelProvider } from '../../src/lib/post/cpu-provider.ts';
import { initialize } from '../../src/lib/post/init.ts';
import { generateProof } from '../../src/lib/post/prove.ts';
import { MemoryPostStorage } from '../../src/lib/post/storage.ts';
import { MemoryStore } from '../../src/lib/store/memory.ts';
import { encodeAtxV1, nipostChallengeHash, signAtxV1 } from '../../src/lib/types/atx.ts';
import type { NIPostChallengeV1 } from '../../src/lib/types/atx.ts';
import { EMPTY_ATX_ID } from '../../src/lib/types/common.ts';
import { labelReader, poetRound } from '../unit/mesh/atx/fixture.ts';
import { measure, report } from './harness.ts';

export async function run(): Promise<void> {
  const network = withGenesis(getPreset('devnet'), {
    time: '2026-01-01T00:00:00Z',
    extraData: 'atx-bench',
  });
  const p = network.post;
  const golden = configGoldenAtx(network);
  const genesisId = configGenesisId(network);
  const secret = sha256(utf8ToBytes('atx bench smesher'));
  const smesher = publicKeyOf(secret);
  const storage = new MemoryPostStorage();
  const meta = await initialize({
    storage,
    provider: new CpuLabelProvider(),
    nodeId: smesher,
    commitmentAtxId: golden,
    numUnits: 1,
    labelsPerUnit: BigInt(p.labelsPerUnit),
    scryptN: p.scrypt.n,
  });
  if (meta.nonce === null) throw new Error('no VRF nonce in 4096 labels');
  const reader = labelReader(storage, p.labelsPerUnit);
  const proofCfg = { k1: p.k1, k2: p.k2, powDifficulty: new Uint8Array(32).fill(0xff) };
  const data = { nodeId: smesher, numUnits: 1, labelsPerUnit: BigInt(p.labelsPerUnit) };
  const challenge: NIPostChallengeV1 = {
    publishEpoch: 1,
    sequence: 0n,
    prevATXID: EMPTY_ATX_ID,
    positioningATXID: golden,
    commitmentATXID: golden,
    initialPost: await generateProof(reader, ZERO_CHALLENGE, proofCfg, data),
  };
  const others = [1, 2, 3].map((i) => sha256(utf8ToBytes(`member ${i}`)));
  const round = poetRound([nipostChallengeHash(challenge), ...others], 3 * network.poet.tickSize);
  const m = membershipProof(round.members, 0);
  const atx = signAtxV1(secret, genesisId, {
    ...challenge,
    coinbase: new Uint8Array(24),
    numUnits: 1,
    nipost: {
      membership: { nodes: [...m.nodes], leafIndex: BigInt(m.leafIndex) },
      post: await generateProof(reader, round.ref, proofCfg, data),
      postMetadata: { challenge: round.ref, labelsPerUnit: BigInt(p.labelsPerUnit) },
    },
    nodeID: smesher,
    vrfNonce: meta.nonce,
  });
  const bytes = encodeAtxV1(atx);
  const poetProofs = {
    get: (ref: Uint8Array) =>
      Promise.resolve(bytesToHex(ref) === bytesToHex(round.ref) ? round.record : undefined),
  };
  const handler = (store: MemoryStore) =>
    new HandlerV1({ network, store, currentEpoch: () => 1, poetProofs });
  const handleOnce = async (h: HandlerV1) => {
    const r = await h.handleAtx(bytes);
    if (r.status !== 'stored') throw new Error(`ATX not stored: ${r.status}`);
  };

  const msg = utf8ToBytes('an ATX-sized message to sign'.repeat(8));
  const sig = sign(secret, genesisId, Domain.ATX, msg);
  const ed = await measure(() => {
    if (!verify(smesher, genesisId, Domain.ATX, msg, sig)) throw new Error('bad signature');
  }, 'verify');

  const first = await measure(() => handleOnce(handler(new MemoryStore())), 'ATX');
  report('ATX validations (first of a PoET round)', first, 'ed25519 verify', ed);
  // One handler, its store emptied each time: the PoET proof stays verified in its cache.
  const store = new MemoryStore();
  const cached = handler(store);
  const later = await measure(async () => {
    await handleOnce(cached);
    const keys: Uint8Array[] = [];
    for await (const e of store.iterate()) keys.push(e.key);
    await store.batch(keys.map((key) => ({ type: 'del' as const, key })));
  }, 'ATX');
  report('ATX validations (PoET proof cached)', later, 'ed25519 verify', ed);
}
