// AccountService.List (go-spacemesh api/grpcserver/v2alpha1/account.go): accounts with state,
// most recently changed first, current state and the mempool's projection.
import { compareBytes } from '../../bytes.ts';
import { encodeAddress } from '../../crypto/address.ts';
import type { Account as StateAccount } from '../../vm/state/account.ts';
import { TEMPLATES } from '../../vm/tx/templates.ts';
import { checkLimit, offsetOf, page, parseAddress, type ApiContext } from '../context.ts';
import type { Account, AccountList, AccountRequest } from '../v2alpha1/account.ts';

export async function listAccounts(ctx: ApiContext, req: AccountRequest): Promise<AccountList> {
  const limit = checkLimit(req.limit);
  const p = ctx.node.parts;
  let rows: StateAccount[];
  if (req.addresses.length > 0) {
    const addrs = req.addresses.map((a) => parseAddress(a, ctx.hrp));
    rows = [];
    const seen = new Set<string>();
    for (const a of addrs) {
      const key = a.join(',');
      if (seen.has(key)) continue;
      seen.add(key);
      const row = p.state.latest(a);
      if (row !== undefined) rows.push(row);
    }
  } else rows = p.state.all();
  // "layer_updated desc"; ties by address so the order never depends on insertion.
  rows.sort((x, y) => y.layer - x.layer || compareBytes(x.address, y.address));
  const items = await page(rows, offsetOf(req.offset), limit);
  return { accounts: items.map((a) => toAccount(ctx, a)) };
}

function toAccount(ctx: ApiContext, a: StateAccount): Account {
  const projected = ctx.node.parts.mempool.projection(a.address);
  return {
    address: encodeAddress(a.address, ctx.hrp),
    current: { counter: a.nextNonce.toString(), balance: a.balance.toString(), layer: a.layer },
    projected: {
      counter: projected.nextNonce.toString(),
      balance: projected.balance.toString(),
      layer: 0,
    },
    template: a.template === null ? '' : encodeAddress(TEMPLATES[a.template].address, ctx.hrp),
  };
}
