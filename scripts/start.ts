// `npm start`: builds the app and serves it on localhost, then prints the URL to open.
// (The local network — PoET, full node, smeshers — joins this command with `smesh devnet`.)
import { spawnSync } from 'node:child_process';
import { serveStatic } from '../src/cli/static-server.ts';

const port = Number(process.env.PORT ?? 4173);
const host = process.env.HOST ?? '127.0.0.1';

if (!process.argv.includes('--no-build')) {
  const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build'], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (r.status !== 0) {
    console.error('smesh: building the app failed');
    process.exit(r.status ?? 1);
  }
}

const app = await serveStatic('build', host, port);
console.log(`Smesh app: ${app.url}`);
console.log('Press Ctrl-C to stop.');

const stop = async () => {
  await app.close();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
