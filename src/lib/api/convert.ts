// Protocol values → v2alpha1 JSON messages (go-spacemesh api/grpcserver/v2alpha1 toTx,
// toTxContents, toLayer, toActivation, toReward, toMalfeasance).
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeAddress } from '../crypto/address.ts';
import type { AtxHeader } from '../mesh/atx/store.ts';
import { tickHeight } from '../mesh/atx/store.ts';
import type { AppliedLayer } from '../node/applier.ts';
import { MalfeasanceType } from '../types/malfeasance.ts';
import type { MalfeasanceProof as WireProof } from '../types/malfeasance.ts';
import { decodeTx } from '../vm/tx/codec.ts';
import { principalTemplateOf } from '../vm/tx/describe.ts';
import { TEMPLATES } from '../vm/tx/templates.ts';
import { Method, type TemplateName, type Transaction as Tx } from '../vm/tx/types.ts';
import type { IndexedReward, IndexedTxResult } from './indexer.ts';
import type { Activation } from './v2alpha1/activation.ts';
import type { Layer } from './v2alpha1/layer.ts';
import type { MalfeasanceProof } from './v2alpha1/malfeasance.ts';
import type { Reward } from './v2alpha1/reward.ts';
import { encodeBase64 } from './v2alpha1/shape.ts';
import type {
  Transaction,
  TransactionContents,
  TransactionResult,
  TransactionType,
} from './v2alpha1/tx.ts';

/** core.PublicKey.String(): 0x-prefixed hex. */
const key = (k: Uint8Array) => `0x${bytesToHex(k)}`;

/** toTxContents: the type and parsed contents; `principal` is the principal's template. */
export function txContents(
  tx: Tx,
  hrp: string,
  principal: TemplateName | undefined,
): { type: TransactionType; contents: TransactionContents | null } {
  const addr = (a: Uint8Array) => encodeAddress(a, hrp);
  if (tx.method === 'spawn') {
    switch (tx.template) {
      case 'wallet':
        return {
          type: 'TRANSACTION_TYPE_SINGLE_SIG_SPAWN',
          contents: { singleSigSpawn: { pubkey: key(tx.args.publicKey) } },
        };
      case 'multisig':
      case 'vesting': {
        const c = { required: tx.args.required, pubkey: tx.args.publicKeys.map(key) };
        return tx.template === 'multisig'
          ? { type: 'TRANSACTION_TYPE_MULTI_SIG_SPAWN', contents: { multiSigSpawn: c } }
          : { type: 'TRANSACTION_TYPE_VESTING_SPAWN', contents: { vestingSpawn: c } };
      }
      case 'vault':
        return {
          type: 'TRANSACTION_TYPE_VAULT_SPAWN',
          contents: {
            vaultSpawn: {
              owner: addr(tx.args.owner),
              totalAmount: tx.args.totalAmount.toString(),
              initialUnlockAmount: tx.args.initialUnlockAmount.toString(),
              vestingStart: tx.args.vestingStart,
              vestingEnd: tx.args.vestingEnd,
            },
          },
        };
    }
  }
  if (tx.method === 'drain')
    return {
      type: 'TRANSACTION_TYPE_DRAIN_VAULT',
      contents: {
        drainVault: {
          vault: addr(tx.args.vault),
          destination: addr(tx.args.destination),
          amount: tx.args.amount.toString(),
        },
      },
    };
  const send = {
    send: { destination: addr(tx.args.destination), amount: tx.args.amount.toString() },
  };
  if (principal === 'wallet') return { type: 'TRANSACTION_TYPE_SINGLE_SIG_SEND', contents: send };
  if (principal === 'multisig' || principal === 'vesting')
    return { type: 'TRANSACTION_TYPE_MULTI_SIG_SEND', contents: send };
  return { type: 'TRANSACTION_TYPE_UNSPECIFIED', contents: send };
}

export interface TxHeaderLike {
  readonly principal: Uint8Array;
  readonly template: TemplateName;
  readonly nonce: bigint;
  readonly gasPrice: bigint;
  readonly maxGas: bigint;
  readonly maxSpend: bigint;
}

/**
 * A Transaction message from raw bytes and, when known, the header parsed against state. `id`
 * is empty in ParseTransaction's answer, as go-spacemesh leaves it.
 */
export function toTransaction(
  raw: Uint8Array,
  id: Uint8Array | null,
  hrp: string,
  header: TxHeaderLike | undefined,
): Transaction {
  const t: Transaction = {
    id: id === null ? '' : encodeBase64(id),
    principal: '',
    template: '',
    method: 0,
    nonce: null,
    maxGas: '0',
    gasPrice: '0',
    maxSpend: '0',
    raw: encodeBase64(raw),
    type: 'TRANSACTION_TYPE_UNSPECIFIED',
    contents: null,
  };
  let signed;
  try {
    signed = decodeTx(raw);
  } catch {
    return t;
  }
  const tx = signed.tx;
  const template = header?.template ?? principalTemplateOf(signed);
  const { type, contents } = txContents(tx, hrp, template);
  const principalTemplate =
    tx.method === 'spawn' ? tx.template : tx.method === 'drain' ? 'vesting' : template;
  return {
    ...t,
    principal: encodeAddress(tx.principal, hrp),
    template:
      principalTemplate === undefined
        ? ''
        : encodeAddress(TEMPLATES[principalTemplate].address, hrp),
    method: Method[tx.method],
    nonce: { counter: tx.nonce.toString() },
    maxGas: (header?.maxGas ?? 0n).toString(),
    gasPrice: tx.gasPrice.toString(),
    maxSpend: (header?.maxSpend ?? (tx.method === 'spend' ? tx.args.amount : 0n)).toString(),
    type,
    contents,
  };
}

const STATUS = {
  success: 'TRANSACTION_STATUS_SUCCESS',
  failure: 'TRANSACTION_STATUS_FAILURE',
  invalid: 'TRANSACTION_STATUS_INVALID',
} as const;

export function toTxResult(r: IndexedTxResult, hrp: string): TransactionResult {
  return {
    status: STATUS[r.status],
    message: r.message,
    gasConsumed: r.gasConsumed.toString(),
    fee: r.fee.toString(),
    block: r.block === null ? '' : encodeBase64(r.block),
    layer: r.layer,
    touchedAddresses: r.addresses.map((a) => encodeAddress(a, hrp)),
  };
}

const ZERO32 = new Uint8Array(32);
const isZero = (b: Uint8Array) => b.every((x) => x === 0);

/** toLayer: every layer we list is executed after the tortoise verified it. */
export function toLayer(a: AppliedLayer): Layer {
  const mesh = isZero(a.meshHash) ? null : a.meshHash;
  return {
    number: a.layer,
    status: 'LAYER_STATUS_VERIFIED',
    consensusHash: mesh === null ? '' : bytesToHex(mesh.subarray(0, 5)),
    stateHash: isZero(a.stateRoot) ? '' : encodeBase64(a.stateRoot),
    cumulativeStateHash: mesh === null ? '' : encodeBase64(mesh ?? ZERO32),
    block: a.block === null ? null : { id: encodeBase64(a.block) },
  };
}

export function toActivation(h: AtxHeader, hrp: string): Activation {
  return {
    id: encodeBase64(h.id),
    smesherId: encodeBase64(h.smesher),
    publishEpoch: h.publishEpoch,
    coinbase: encodeAddress(h.coinbase, hrp),
    weight: h.weight.toString(),
    height: tickHeight(h).toString(),
    numUnits: h.effectiveNumUnits,
  };
}

export function toReward(r: IndexedReward, hrp: string): Reward {
  return {
    layer: r.layer,
    total: r.total.toString(),
    layerReward: r.layerReward.toString(),
    coinbase: encodeAddress(r.coinbase, hrp),
    smesher: r.smesher === null ? '' : encodeBase64(r.smesher),
  };
}

/** go-spacemesh v2alpha1 malfeasance.go: legacy proofs by type → domain. */
export function toMalfeasance(smesher: Uint8Array, proof: WireProof | undefined): MalfeasanceProof {
  const type = proof === undefined ? 0 : proof.proof.type;
  const domain =
    type === MalfeasanceType.MULTIPLE_BALLOTS
      ? 'DOMAIN_BALLOT'
      : type === MalfeasanceType.HARE_EQUIVOCATION
        ? 'DOMAIN_HARE'
        : type === 0
          ? 'DOMAIN_UNSPECIFIED'
          : 'DOMAIN_ACTIVATION';
  return {
    smesher: encodeBase64(smesher),
    domain,
    type,
    properties: proof === undefined ? {} : { layer: String(proof.layer) },
  };
}
