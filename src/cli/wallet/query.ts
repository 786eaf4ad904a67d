// `smesh wallet balance | tx | history`: reading an account and its transactions from a node.
import { formatSmh } from '../../lib/wallet/amount.ts';
import { getAccount, history as historyOf, txStatus } from '../../lib/wallet/client.ts';
import { decodeBase64 } from '../../lib/api/v2alpha1/shape.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO } from '../io.ts';
import { keystoreSpec, WalletFailure, type WalletHost } from './context.ts';
import { accountAddress, connect, nodeSpec } from './online.ts';

const querySpec = { ...keystoreSpec, ...nodeSpec, limit: { type: 'string' } } as const;

function oneAccount(positionals: string[], sub: string): string | undefined {
  if (positionals.length > 1) throw new UsageError(`wallet ${sub} takes at most one account`);
  return positionals[0];
}

export async function balance(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, { ...keystoreSpec, ...nodeSpec });
  const ref = oneAccount(positionals, 'balance');
  const conn = await connect(options, host);
  const address = await accountAddress(ref, options, host, conn);
  const a = await getAccount(conn.api, address);
  const json = {
    address,
    balance: a.balance.toString(),
    nonce: a.nonce.toString(),
    projectedBalance: a.projectedBalance.toString(),
    projectedNonce: a.projectedNonce.toString(),
    template: a.template,
    spawned: a.template !== null,
    layer: a.layer,
  };
  const pending = a.projectedNonce !== a.nonce || a.projectedBalance !== a.balance;
  if (options.json) io.out(JSON.stringify(json, null, 2));
  else
    io.out(
      [
        `${address}`,
        `  balance  ${formatSmh(a.balance)} SMH (${a.balance} smidge)`,
        `  nonce    ${a.nonce}`,
        `  account  ${a.template === null ? 'not spawned' : `${a.template}, spawned`}`,
        ...(pending
          ? [`  pending  ${formatSmh(a.projectedBalance)} SMH, next nonce ${a.projectedNonce}`]
          : []),
      ].join('\n'),
    );
  return 0;
}

export async function tx(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, nodeSpec);
  if (positionals.length !== 1) throw new UsageError('wallet tx takes one transaction id (hex)');
  const id = positionals[0]!.replace(/^0x/, '').toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(id))
    throw new WalletFailure('bad-hex', 'a transaction id is 32 bytes of hex');
  const conn = await connect(options, host);
  const s = await txStatus(conn.api, id);
  if (s.tx === null) throw new WalletFailure('unknown-tx', `the node does not know tx ${id}`);
  const json = {
    txId: id,
    state: s.state,
    principal: s.tx.principal,
    type: s.tx.type,
    nonce: s.tx.nonce?.counter ?? null,
    contents: s.tx.contents,
    result: s.result,
  };
  if (options.json) io.out(JSON.stringify(json, null, 2));
  else
    io.out(
      [
        `tx ${id}`,
        `  state      ${s.state.replace('TRANSACTION_STATE_', '')}`,
        `  type       ${s.tx.type.replace('TRANSACTION_TYPE_', '')}`,
        `  principal  ${s.tx.principal}`,
        ...(s.result === null
          ? []
          : [
              `  result     ${s.result.status.replace('TRANSACTION_STATUS_', '')} in layer ${s.result.layer}, fee ${s.result.fee}` +
                (s.result.message === '' ? '' : ` (${s.result.message})`),
            ]),
      ].join('\n'),
    );
  return 0;
}

export async function history(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, querySpec);
  const ref = oneAccount(positionals, 'history');
  const limitText = typeof options.limit === 'string' ? options.limit : '100';
  if (!/^[1-9]\d*$/.test(limitText) || Number(limitText) > 100)
    throw new UsageError('--limit must be 1..100');
  const conn = await connect(options, host);
  const address = await accountAddress(ref, options, host, conn);
  const h = await historyOf(conn.api, address, Number(limitText));
  const txs = h.transactions.map((t) => ({
    txId: bytesToHex(decodeBase64(t.tx?.id ?? '')),
    type: t.tx?.type ?? 'TRANSACTION_TYPE_UNSPECIFIED',
    principal: t.tx?.principal ?? '',
    state: t.txState ?? 'TRANSACTION_STATE_UNSPECIFIED',
    status: t.txResult?.status ?? null,
    layer: t.txResult?.layer ?? null,
    contents: t.tx?.contents ?? null,
  }));
  const rewards = h.rewards.map((r) => ({ layer: r.layer, total: r.total, coinbase: r.coinbase }));
  if (options.json) io.out(JSON.stringify({ address, transactions: txs, rewards }, null, 2));
  else {
    const lines = [`${address}`, `transactions (${txs.length}):`];
    for (const t of txs) {
      const send = t.contents?.send;
      const what = send ? ` ${formatSmh(BigInt(send.amount))} SMH → ${send.destination}` : '';
      lines.push(
        `  ${t.layer ?? '-'}  ${t.txId.slice(0, 16)}…  ${t.type.replace('TRANSACTION_TYPE_', '')}` +
          `  ${(t.status ?? t.state).replace(/^TRANSACTION_(STATUS|STATE)_/, '')}${what}`,
      );
    }
    lines.push(`rewards (${rewards.length}):`);
    for (const r of rewards) lines.push(`  ${r.layer}  ${formatSmh(BigInt(r.total))} SMH`);
    io.out(lines.join('\n'));
  }
  return 0;
}
