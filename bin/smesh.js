#!/usr/bin/env node
// Entry point of `npx smesh`. The CLI is TypeScript run by Node's own type stripping, which
// needs Node >= 22.18; the project pins Node 24 as a devDependency. `npx` puts that Node first on
// PATH; when this file is started by an older Node some other way, hand over to the pinned one.
import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const pinned = fileURLToPath(new URL('../node_modules/node/bin/node', import.meta.url));
  if (!existsSync(pinned)) {
    console.error(
      `smesh: needs Node >= 22.18 (this is ${process.version}); run 'npm install' first`,
    );
    process.exit(1);
  }
  const child = spawn(pinned, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  // Forward signals so `kill` of this process stops the real CLI too (a terminal's Ctrl-C
  // reaches both anyway).
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) {
    process.on(sig, () => child.kill(sig));
  }
  const code = await new Promise((resolve) =>
    child.on('exit', (c, sig) => resolve(c ?? (sig ? 128 + (osConstants.signals[sig] ?? 0) : 1))),
  );
  process.exit(code);
}

const { main } = await import('../src/cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
