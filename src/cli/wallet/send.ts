// `smesh wallet spawn | send | faucet`: single-signature wallet transactions from a keystore key,
// built with src/lib/vm/tx, priced with EstimateGas, checked against the account's projected
// balance and submitted through TransactionService.SubmitTransaction.
import { requestDrip } from '../../lib/api/faucet.ts';
import { formatSmh } from '../../lib/wallet/amount.ts';
import { checkFunds, estimateGas, getAccount } from '../../lib/wallet/client.ts';
import { WalletError } from '../../lib/wallet/errors.ts';
import { selfSpawnTx, signWalletTx, type Transaction } from '../../lib/vm/tx/index.ts';
import { parseArgs } from '../args.ts';
import { UsageError, type CliIO } from '../io.ts';
import { keystoreSpec, str, type WalletHost } from './context.ts';
import {
  accountAddress,
  addressOf,
  amountOf,
  connect,
  formatAddress,
  gasPrice,
  nodeSpec,
  reportSubmitted,
  signerOf,
  submitAndReport,
  submitSpec,
} from './online.ts';

export async function spawn(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, submitSpec);
  if (positionals.length > 1) throw new UsageError('wallet spawn takes at most one account');
  const price = gasPrice(options);
  const conn = await connect(options, host);
  const signer = await signerOf(options, host, positionals[0]);
  const address = formatAddress(signer.address, conn);
  const account = await getAccount(conn.api, address);
  if (account.template !== null)
    throw new WalletError('already-spawned', `${address} is spawned already`);
  const tx = selfSpawnTx(
    'wallet',
    { publicKey: signer.publicKey },
    {
      nonce: account.projectedNonce,
      gasPrice: price,
    },
  );
  const raw = signWalletTx(tx, signer.secretKey, conn.genesisId);
  checkFunds(account, 0n, await estimateGas(conn.api, raw), price);
  return submitAndReport(raw, { action: 'spawn', address }, options, host, io, conn);
}

const sendSpec = { ...submitSpec, smidge: { type: 'boolean' } } as const;

export async function send(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, sendSpec);
  if (positionals.length !== 2) throw new UsageError('wallet send takes <to> <amount>');
  const [toText, amountText] = positionals as [string, string];
  const amount = amountOf(amountText, options);
  const price = gasPrice(options);
  const conn = await connect(options, host);
  const to = addressOf(toText, conn, 'recipient');
  const signer = await signerOf(options, host);
  const from = formatAddress(signer.address, conn);
  const account = await getAccount(conn.api, from);
  if (account.template === null)
    throw new WalletError(
      'not-spawned',
      `${from} is not spawned yet: run 'smesh wallet spawn' first (it needs coins for the fee)`,
    );
  const tx: Transaction = {
    method: 'spend',
    principal: signer.address,
    nonce: account.projectedNonce,
    gasPrice: price,
    args: { destination: to, amount },
  };
  const raw = signWalletTx(tx, signer.secretKey, conn.genesisId);
  checkFunds(account, amount, await estimateGas(conn.api, raw), price);
  if (!options.json) io.err(`sending ${formatSmh(amount)} SMH from ${from} to ${toText}`);
  return submitAndReport(
    raw,
    { action: 'send', from, to: toText, amount: amount.toString() },
    options,
    host,
    io,
    conn,
  );
}

export async function faucet(args: string[], io: CliIO, host: WalletHost): Promise<number> {
  const { options, positionals } = parseArgs(args, {
    ...keystoreSpec,
    ...nodeSpec,
    faucet: { type: 'string' },
    wait: submitSpec.wait,
    timeout: submitSpec.timeout,
  });
  if (positionals.length > 1) throw new UsageError('wallet faucet takes at most one account');
  const conn = await connect(options, host);
  const address = await accountAddress(positionals[0], options, host, conn);
  const url = str(options, 'faucet') ?? conn.url;
  const r = await requestDrip(url, address, host.fetch);
  if (!options.json) io.err(`the faucet sends ${formatSmh(BigInt(r.amount))} SMH to ${address}`);
  return reportSubmitted(r.txId, { address, amount: r.amount }, options, host, io, conn);
}
