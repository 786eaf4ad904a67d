// Browser bundle entry for the IndexedDB conformance run (tests/e2e/store-indexeddb.test.ts):
// exposes the plain conformance cases, bound to the IndexedDB backend, on globalThis.
import { IndexedDbStore } from '../../../src/lib/store/indexeddb.ts';
import type { Store } from '../../../src/lib/store/interface.ts';
import { CASES, runCases, type CaseResult } from './conformance-cases.ts';

let n = 0;
let last = '';
const open = (name: string): Promise<Store> =>
  IndexedDbStore.open({ name, indexedDB, IDBKeyRange });

export interface StoreConformancePage {
  names: string[];
  run(names?: string[]): Promise<CaseResult[]>;
  open(name: string): Promise<Store>;
}

const api: StoreConformancePage = {
  names: CASES.map((c) => c.name),
  run: (names) =>
    runCases(
      {
        open: () => open((last = `conformance-${Date.now()}-${n++}`)),
        reopen: () => open(last),
      },
      names,
    ),
  open,
};
(globalThis as unknown as { storeConformance: StoreConformancePage }).storeConformance = api;
