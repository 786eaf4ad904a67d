// Reading a line from the terminal, optionally without echo (passwords, recovery phrases).
// Raw mode byte by byte: readline has no public way to mute its echo.
const CTRL_C = 3;
const CTRL_D = 4;
const BACKSPACE = new Set([8, 127]);

/** The parts of a TTY stdin that the prompt uses (tests pass a fake). */
export interface TerminalInput {
  readonly isRaw: boolean;
  setRawMode(mode: boolean): unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer) => void): unknown;
}

export interface Terminal {
  readonly input: TerminalInput;
  readonly output: { write(text: string): unknown };
}

/** Asks `question` on stderr and reads one line from stdin; Ctrl-C or Ctrl-D cancel. */
export function askTerminal(
  question: string,
  hidden: boolean,
  terminal: Terminal = { input: process.stdin, output: process.stderr },
): Promise<string> {
  const { input, output } = terminal;
  output.write(question);
  return new Promise((resolve, reject) => {
    let line = '';
    const wasRaw = input.isRaw;
    const done = (err?: Error): void => {
      input.off('data', onData);
      input.setRawMode(wasRaw);
      input.pause();
      output.write('\n');
      if (err) reject(err);
      else resolve(line);
    };
    const onData = (chunk: Buffer): void => {
      for (const ch of chunk.toString('utf8')) {
        const code = ch.codePointAt(0)!;
        if (ch === '\r' || ch === '\n') return done();
        if (code === CTRL_C || code === CTRL_D) return done(new Error('cancelled'));
        if (BACKSPACE.has(code)) {
          if (line.length > 0) {
            line = Array.from(line).slice(0, -1).join('');
            if (!hidden) output.write('\b \b');
          }
        } else if (code >= 32) {
          line += ch;
          if (!hidden) output.write(ch);
        }
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}
