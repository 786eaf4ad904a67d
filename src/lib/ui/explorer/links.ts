// Hrefs of the explorer's pages (query parameters, so every page prerenders), resolved against
// the app's base path.
import { resolve } from '$app/paths';

export const href = {
  overview: () => resolve('/explorer'),
  layers: () => resolve('/explorer/layers'),
  layer: (n: number) => resolve(`/explorer/layer?n=${n}`),
  epochs: () => resolve('/explorer/epochs'),
  epoch: (n: number) => resolve(`/explorer/epoch?n=${n}`),
  txs: () => resolve('/explorer/txs'),
  tx: (idHex: string) => resolve(`/explorer/tx?id=${idHex}`),
  accounts: (sort?: 'balance') =>
    sort === undefined ? resolve('/explorer/accounts') : resolve(`/explorer/accounts?sort=${sort}`),
  account: (address: string) => resolve(`/explorer/account?address=${address}`),
  smeshers: () => resolve('/explorer/smeshers'),
  smesher: (idHex: string) => resolve(`/explorer/smesher?id=${idHex}`),
  atxs: (epoch?: number) =>
    epoch === undefined ? resolve('/explorer/atxs') : resolve(`/explorer/atxs?epoch=${epoch}`),
  atx: (idHex: string) => resolve(`/explorer/atx?id=${idHex}`),
  block: (layer: number) => resolve(`/explorer/block?layer=${layer}`),
  rewards: () => resolve('/explorer/rewards'),
  malfeasance: () => resolve('/explorer/malfeasance'),
};
