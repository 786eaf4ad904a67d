// Progress of `smesh post init` on stderr: a redrawn bar on a terminal, otherwise a plain line
// at most every `intervalMs` (and always the last one), so logs stay readable.
import type { InitProgress } from '../../lib/post/init.ts';
import type { CliIO } from '../io.ts';

const BAR = 30;

function eta(s: number): string {
  if (!Number.isFinite(s)) return '?';
  const t = Math.round(s);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const sec = t % 60;
  return h > 0
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m > 0
      ? `${m}m${String(sec).padStart(2, '0')}s`
      : `${sec}s`;
}

export function formatProgress(p: InitProgress): string {
  const pct = p.totalLabels === 0n ? 100 : Number((p.labelsDone * 10000n) / p.totalLabels) / 100;
  return `${p.labelsDone}/${p.totalLabels} labels (${pct.toFixed(2)}%) ${p.labelsPerSecond.toFixed(1)} labels/s eta ${eta(p.etaSeconds)} [${p.provider}]`;
}

export function progressPrinter(
  io: CliIO,
  write: (s: string) => void,
  intervalMs = 500,
): (p: InitProgress) => void {
  let last = -Infinity;
  return (p) => {
    const done = p.labelsDone >= p.totalLabels;
    const now = Date.now();
    if (!done && now - last < intervalMs) return;
    last = now;
    if (io.isTTY) {
      const filled =
        p.totalLabels === 0n ? BAR : Number((p.labelsDone * BigInt(BAR)) / p.totalLabels);
      const bar = '█'.repeat(filled) + '░'.repeat(BAR - filled);
      write(`\r\x1b[2K${bar} ${formatProgress(p)}${done ? '\n' : ''}`);
    } else {
      io.err(`progress: ${formatProgress(p)}`);
    }
  };
}
