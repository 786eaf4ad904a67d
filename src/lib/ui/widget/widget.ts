// The embeddable widget: what /embed reads from its URL, and the snippets the docs page offers.
// The same parameters travel from <smesh-widget>'s attributes (static/smesh-widget.js).

export type WidgetKind = 'network' | 'account';
export type WidgetTheme = 'light' | 'dark' | 'auto';

export interface WidgetColors {
  readonly accent?: string;
  readonly bg?: string;
  readonly text?: string;
}

export interface WidgetOptions {
  readonly kind: WidgetKind;
  /** Bech32 address, for kind 'account'. */
  readonly address?: string;
  readonly theme: WidgetTheme;
  /** A node's HTTP API; absent: the first public node the app's /network.json names. */
  readonly api?: string;
  readonly colors: WidgetColors;
}

/** Hex (#rgb, #rrggbb, #rrggbbaa), rgb()/hsl() with numbers, or a plain colour name. */
export function isColor(s: string): boolean {
  return (
    /^#(?:[0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.test(s) ||
    /^(?:rgb|rgba|hsl|hsla)\(\s*[\d.%\s,/]+\)$/i.test(s) ||
    /^[a-z]{3,20}$/i.test(s)
  );
}

/** An http(s) URL, else undefined. */
function httpUrl(s: string | null): string | undefined {
  if (s === null || s === '') return undefined;
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:'
      ? u.href.replace(/\/+$/, '')
      : undefined;
  } catch {
    return undefined;
  }
}

/** /embed's query → options; anything unknown or malformed falls back to a safe default. */
export function parseWidgetParams(p: URLSearchParams): WidgetOptions {
  const kind: WidgetKind = p.get('kind') === 'account' ? 'account' : 'network';
  const t = p.get('theme');
  const theme: WidgetTheme = t === 'light' || t === 'dark' ? t : 'auto';
  const colors: Record<string, string> = {};
  for (const k of ['accent', 'bg', 'text'] as const) {
    const v = p.get(k)?.trim();
    if (v !== undefined && v !== '' && isColor(v)) colors[k] = v;
  }
  const address = p.get('address')?.trim().toLowerCase();
  const api = httpUrl(p.get('api'));
  return {
    kind,
    theme,
    colors,
    ...(kind === 'account' && address !== undefined && address !== '' ? { address } : {}),
    ...(api === undefined ? {} : { api }),
  };
}

/** The query string /embed understands for these options (defaults left out). */
export function widgetQuery(o: Partial<WidgetOptions>): string {
  const q = new URLSearchParams();
  q.set('kind', o.kind ?? 'network');
  if (o.kind === 'account' && o.address) q.set('address', o.address);
  if (o.theme !== undefined && o.theme !== 'auto') q.set('theme', o.theme);
  if (o.api !== undefined) q.set('api', o.api);
  for (const [k, v] of Object.entries(o.colors ?? {})) if (v) q.set(k, v);
  return q.toString();
}

const esc = (s: string) =>
  s.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

/** Copy-paste HTML for an <iframe> of the widget served from `origin` (e.g. https://smesh.app). */
export function iframeSnippet(origin: string, o: Partial<WidgetOptions>): string {
  const src = `${origin.replace(/\/+$/, '')}/embed?${widgetQuery(o)}`;
  const title = o.kind === 'account' ? 'Spacemesh account balance' : 'Spacemesh network status';
  return `<iframe src="${esc(src)}" title="${title}" width="320" height="150" style="border:0" loading="lazy"></iframe>`;
}

/** Copy-paste HTML for the web component. */
export function scriptSnippet(origin: string, o: Partial<WidgetOptions>): string {
  const base = origin.replace(/\/+$/, '');
  const attrs = [`kind="${o.kind ?? 'network'}"`];
  if (o.kind === 'account' && o.address) attrs.push(`address="${esc(o.address)}"`);
  if (o.theme !== undefined && o.theme !== 'auto') attrs.push(`theme="${o.theme}"`);
  if (o.api !== undefined) attrs.push(`api="${esc(o.api)}"`);
  return `<script src="${base}/smesh-widget.js" defer></script>\n<smesh-widget ${attrs.join(' ')}></smesh-widget>`;
}
