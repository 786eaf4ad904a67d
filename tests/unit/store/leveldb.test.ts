import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { LevelDbStore } from '../../../src/cli/store/leveldb.ts';
import { runStoreConformance } from './conformance.ts';

const root = mkdtempSync(join(tmpdir(), 'smesh-leveldb-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
let location = '';
runStoreConformance(
  'leveldb',
  () => LevelDbStore.open({ location: (location = join(root, `db${n++}`)) }),
  () => LevelDbStore.open({ location }),
);
