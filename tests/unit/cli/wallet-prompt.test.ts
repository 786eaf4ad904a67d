// The terminal prompt: hidden input echoes nothing, backspace edits, Enter ends, Ctrl-C cancels,
// and raw mode is restored afterwards.
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { askTerminal, type Terminal } from '../../../src/cli/wallet/prompt.ts';

function fakeTerminal(): Terminal & { typed(s: string): void; shown: string; raw: boolean[] } {
  const events = new EventEmitter();
  const t = {
    shown: '',
    raw: [] as boolean[],
    input: {
      isRaw: false,
      setRawMode: (m: boolean) => void t.raw.push(m),
      resume: () => undefined,
      pause: () => undefined,
      on: (e: 'data', l: (c: Buffer) => void) => events.on(e, l),
      off: (e: 'data', l: (c: Buffer) => void) => events.off(e, l),
    },
    output: { write: (s: string) => void (t.shown += s) },
    typed: (s: string) => void events.emit('data', Buffer.from(s, 'utf8')),
  };
  return t;
}

describe('askTerminal', () => {
  it('reads a hidden line with backspace, echoing nothing', async () => {
    const t = fakeTerminal();
    const answer = askTerminal('Password: ', true, t);
    t.typed('sécrex\x7ft');
    t.typed('\r');
    expect(await answer).toBe('sécret');
    expect(t.shown).toBe('Password: \n');
    expect(t.raw).toEqual([true, false]);
  });
  it('echoes visible input', async () => {
    const t = fakeTerminal();
    const answer = askTerminal('Name: ', false, t);
    t.typed('ab\n');
    expect(await answer).toBe('ab');
    expect(t.shown).toBe('Name: ab\n');
  });
  it('Ctrl-C cancels', async () => {
    const t = fakeTerminal();
    const answer = askTerminal('Password: ', true, t);
    t.typed('abc\x03');
    await expect(answer).rejects.toThrow('cancelled');
    expect(t.raw).toEqual([true, false]);
  });
});
