import { describe, expect, it } from 'vitest';
import {
  iframeSnippet,
  isColor,
  parseWidgetParams,
  scriptSnippet,
  widgetQuery,
} from '../../../../src/lib/ui/widget/widget.ts';
import { txRow } from '../../../../src/lib/ui/explorer/tx.ts';
import { encodeAddress, templateAddress } from '../../../../src/lib/crypto/address.ts';

describe('widget options', () => {
  it('parses /embed parameters with safe defaults', () => {
    expect(parseWidgetParams(new URLSearchParams(''))).toEqual({
      kind: 'network',
      theme: 'auto',
      colors: {},
    });
    expect(
      parseWidgetParams(
        new URLSearchParams(
          'kind=account&address=SM1QQ&theme=dark&api=http://127.0.0.1:9093/&accent=%237c3aed&bg=url(x)',
        ),
      ),
    ).toEqual({
      kind: 'account',
      address: 'sm1qq',
      theme: 'dark',
      api: 'http://127.0.0.1:9093',
      colors: { accent: '#7c3aed' },
    });
    expect(
      parseWidgetParams(new URLSearchParams('kind=x&theme=y&api=javascript:alert(1)')),
    ).toEqual({
      kind: 'network',
      theme: 'auto',
      colors: {},
    });
    // an address only matters for an account card
    expect(parseWidgetParams(new URLSearchParams('address=sm1qq')).address).toBeUndefined();
  });

  it('accepts colours, not arbitrary CSS', () => {
    for (const c of ['#fff', '#7c3aed', '#7c3aedcc', 'rgb(1, 2, 3)', 'hsl(10 20% 30%)', 'teal'])
      expect(isColor(c), c).toBe(true);
    for (const c of ['url(x)', 'red;color:blue', 'expression(1)', '#12345', ''])
      expect(isColor(c), c).toBe(false);
  });

  it('writes snippets for the iframe and the web component', () => {
    const o = { kind: 'account', address: 'sm1abc', theme: 'dark' } as const;
    expect(widgetQuery(o)).toBe('kind=account&address=sm1abc&theme=dark');
    expect(widgetQuery({ kind: 'network', address: 'sm1abc', theme: 'auto' })).toBe('kind=network');
    expect(iframeSnippet('https://smesh.example/', o)).toBe(
      '<iframe src="https://smesh.example/embed?kind=account&amp;address=sm1abc&amp;theme=dark" title="Spacemesh account balance" width="320" height="150" style="border:0" loading="lazy"></iframe>',
    );
    expect(scriptSnippet('https://smesh.example', o)).toBe(
      '<script src="https://smesh.example/smesh-widget.js" defer></script>\n<smesh-widget kind="account" address="sm1abc" theme="dark"></smesh-widget>',
    );
    expect(scriptSnippet('https://smesh.example', { kind: 'network' })).toContain(
      '<smesh-widget kind="network"></smesh-widget>',
    );
  });
});

describe('txRow', () => {
  it('shows a send with its result', () => {
    const principal = encodeAddress(new Uint8Array(24).fill(1), 'stest');
    const row = txRow({
      tx: {
        id: 'AAE=',
        principal,
        template: encodeAddress(templateAddress(1), 'stest'),
        method: 16,
        nonce: { counter: '3' },
        maxGas: '0',
        gasPrice: '1',
        maxSpend: '0',
        raw: '',
        type: 'TRANSACTION_TYPE_SINGLE_SIG_SEND',
        contents: { send: { destination: 'sm1d', amount: '5' } },
      },
      txResult: {
        status: 'TRANSACTION_STATUS_SUCCESS',
        message: '',
        gasConsumed: '1',
        fee: '2',
        block: '',
        layer: 30,
        touchedAddresses: [],
      },
      txState: 'TRANSACTION_STATE_PROCESSED',
    });
    expect(row).toEqual({
      id: '0001',
      principal,
      template: 'wallet',
      method: 'spend',
      type: 'single sig send',
      amount: '5',
      destination: 'sm1d',
      fee: '2',
      layer: 30,
      status: 'success',
    });
  });

  it('shows a pending tx by its state', () => {
    const row = txRow({ tx: null, txResult: null, txState: 'TRANSACTION_STATE_MEMPOOL' });
    expect(row.status).toBe('mempool');
    expect(row.layer).toBeUndefined();
    expect(row.fee).toBe('');
  });
});
