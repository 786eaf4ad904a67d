// Serves the built app (build/) on localhost: used by `npm start` and the end-to-end tests.
// A static PWA needs no more than files, an index.html fallback for client-side routes, the
// right MIME types (module workers and the service worker are refused without them) and a
// strict Content-Security-Policy.
import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * The page's own Content-Security-Policy is a <meta> tag that SvelteKit writes with the hashes of
 * its inline boot script (kit.csp in svelte.config.js). The header adds what a meta tag cannot
 * carry; both policies apply, so neither may loosen the other.
 */
export const CSP_HEADER = "object-src 'none'; base-uri 'self'";

export interface StaticServer {
  readonly server: Server;
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves `root` on host:port (port 0 picks a free one). `overrides` maps URL paths to bodies
 * served instead of files, e.g. the /network.json that tells the app which network to join.
 */
export async function serveStatic(
  root: string,
  host = '127.0.0.1',
  port = 0,
  overrides: Record<string, string> = {},
): Promise<StaticServer> {
  const base = normalize(root + sep);
  const server = createServer(async (req, res) => {
    try {
      const u = new URL(req.url ?? '/', 'http://localhost');
      const override = Object.hasOwn(overrides, u.pathname) ? overrides[u.pathname] : undefined;
      if (override !== undefined) {
        res.writeHead(200, {
          'content-type': MIME[extname(u.pathname)] ?? 'application/octet-stream',
          'cache-control': 'no-cache',
          'content-security-policy': CSP_HEADER,
        });
        res.end(req.method === 'HEAD' ? undefined : override);
        return;
      }
      let path = normalize(join(base, decodeURIComponent(u.pathname)));
      if (!path.startsWith(base)) {
        res.writeHead(403).end('forbidden');
        return;
      }
      const pagePath = path.replace(/[\\/]+$/, '');
      let info = await stat(path).catch(() => undefined);
      if (info?.isDirectory()) {
        path = join(path, 'index.html');
        info = await stat(path).catch(() => undefined);
        // /wallet is both a prerendered page (wallet.html) and a folder of sub-pages
        if (!info) path = pagePath;
      }
      if (!info && !extname(path)) {
        // a prerendered page: /smeshing → smeshing.html
        path = `${pagePath}.html`;
        info = await stat(path).catch(() => undefined);
      }
      if (!info && extname(path) === '.html' && !extname(pagePath)) {
        // client-side route: hand out the SPA fallback page (adapter-static's 200.html)
        path = join(base, '200.html');
        info = await stat(path).catch(() => undefined);
      }
      if (!info) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      const body = await readFile(path);
      const immutable = path.includes(`${sep}_app${sep}immutable${sep}`);
      res.writeHead(200, {
        'content-type': MIME[extname(path)] ?? 'application/octet-stream',
        'content-length': body.length,
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
        'content-security-policy': CSP_HEADER,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'no-referrer',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
      res.end('bad request');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const addr = server.address();
  const actualPort = typeof addr === 'object' && addr ? addr.port : port;
  return {
    server,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
