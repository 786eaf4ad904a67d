// Light / dark choice, remembered per browser. 'system' follows prefers-color-scheme.
export type Theme = 'light' | 'dark' | 'system';

const KEY = 'smesh.theme';

export function loadTheme(): Theme {
  const v = globalThis.localStorage?.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'system';
}

export function applyTheme(theme: Theme): void {
  const root = globalThis.document?.documentElement;
  if (!root) return;
  if (theme === 'system') root.removeAttribute('data-theme');
  else root.setAttribute('data-theme', theme);
  if (theme === 'system') globalThis.localStorage?.removeItem(KEY);
  else globalThis.localStorage?.setItem(KEY, theme);
}

/** system → light → dark → system */
export function nextTheme(t: Theme): Theme {
  return t === 'system' ? 'light' : t === 'light' ? 'dark' : 'system';
}
