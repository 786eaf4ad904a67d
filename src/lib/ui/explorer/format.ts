// How the explorer writes what the API sends: ids (base64 on the wire) as hex, amounts in SMH,
// layers as epochs, enum names as words. Pure functions, unit-tested.
import { base64, hex } from '@scure/base';
import { formatSmh } from '../../wallet/amount.ts';

/** Wire bytes (standard base64) → lowercase hex; '' stays ''. */
export function b64ToHex(b64: string): string {
  if (b64 === '') return '';
  return hex.encode(base64.decode(b64));
}

/** Lowercase hex (an optional 0x) → standard base64, for requests. */
export function hexToB64(h: string): string {
  return base64.encode(hex.decode(h.replace(/^0x/i, '').toLowerCase()));
}

/** A long id shortened for tables: first and last few characters. */
export function shortId(id: string, keep = 6): string {
  return id.length <= keep * 2 + 1 ? id : `${id.slice(0, keep)}…${id.slice(-keep)}`;
}

/** Smidge (decimal string or bigint) → "1.5 SMH", grouped thousands. */
export function smh(smidge: string | bigint): string {
  const text = formatSmh(
    typeof smidge === 'bigint' ? smidge : BigInt(smidge === '' ? '0' : smidge),
  );
  const [whole, frac] = text.split('.');
  const grouped = (whole ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${frac === undefined ? grouped : `${grouped}.${frac}`} SMH`;
}

/** A large decimal string with thousands separators. */
export function grouped(n: string | number | bigint): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function epochOf(layer: number, layersPerEpoch: number): number {
  return Math.floor(layer / layersPerEpoch);
}

/** [first, last] layer of an epoch. */
export function epochLayers(epoch: number, layersPerEpoch: number): [number, number] {
  return [epoch * layersPerEpoch, (epoch + 1) * layersPerEpoch - 1];
}

/** When a layer starts, from genesis time (RFC 3339) and the layer duration. */
export function layerTime(layer: number, genesisTime: string, layerSeconds: number): Date {
  return new Date(Date.parse(genesisTime) + layer * layerSeconds * 1000);
}

/** 'LAYER_STATUS_VERIFIED' → 'verified'; strips the enum's prefix and lowercases. */
export function enumWord(value: string | undefined | null, prefix: string): string {
  if (value === undefined || value === null || value === '') return '';
  const w = value.startsWith(prefix) ? value.slice(prefix.length) : value;
  return w.toLowerCase().replaceAll('_', ' ');
}

export const layerStatus = (s: string) => enumWord(s, 'LAYER_STATUS_');
export const txState = (s: string | undefined | null) => enumWord(s, 'TRANSACTION_STATE_');
export const txStatus = (s: string | undefined | null) => enumWord(s, 'TRANSACTION_STATUS_');
export const txType = (s: string | undefined | null) => enumWord(s, 'TRANSACTION_TYPE_');
export const domainWord = (s: string) => enumWord(s, 'DOMAIN_');

const TEMPLATE_NAMES: Record<number, string> = {
  1: 'wallet',
  2: 'multisig',
  3: 'vesting',
  4: 'vault',
};

/**
 * A template address's name: template addresses are 20 zero bytes then the id (crypto/address.ts
 * templateAddress), so the last byte names it. Unknown ones stay as their address.
 */
export function templateName(templateAddress: string, decode: (a: string) => Uint8Array): string {
  if (templateAddress === '') return '';
  try {
    const b = decode(templateAddress);
    const id = b[b.length - 1] ?? 0;
    return b.slice(0, -1).every((x) => x === 0)
      ? (TEMPLATE_NAMES[id] ?? templateAddress)
      : templateAddress;
  } catch {
    return templateAddress;
  }
}

/** A tx's method selector (go-spacemesh core: 0 spawn, 16 spend, 17 drain vault). */
export function methodName(method: number): string {
  return method === 0
    ? 'spawn'
    : method === 16
      ? 'spend'
      : method === 17
        ? 'drain vault'
        : `#${method}`;
}
