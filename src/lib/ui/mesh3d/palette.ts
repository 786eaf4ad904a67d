// The app's CSS colours for the 3D view. The variables hold light-dark() pairs, which only an
// element's computed style resolves, so each is read through a hidden probe element.
import type { Palette } from './render.ts';

const VARS: Record<keyof Palette, string> = {
  background: '--surface',
  verified: '--muted',
  pending: '--error',
  block: '--accent',
  atx: '--warn',
  ballot: '--text',
  reference: '--accent',
  edge: '--ok',
  support: '--accent',
  against: '--error',
  frontier: '--accent',
};

/** Resolves the palette in the context of `host` (so its colour scheme applies). */
export function readPalette(host: HTMLElement): Palette {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  host.appendChild(probe);
  try {
    const out = {} as Record<keyof Palette, string>;
    for (const [role, v] of Object.entries(VARS) as [keyof Palette, string][]) {
      probe.style.color = `var(${v})`;
      out[role] = getComputedStyle(probe).color;
    }
    return out;
  } finally {
    probe.remove();
  }
}

/** Calls `fn` when the theme may have changed (OS scheme or the app's toggle). */
export function onThemeChange(fn: () => void): () => void {
  const mq = matchMedia('(prefers-color-scheme: dark)');
  mq.addEventListener('change', fn);
  const mo = new MutationObserver(fn);
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => {
    mq.removeEventListener('change', fn);
    mo.disconnect();
  };
}
