// The Smesh version shown by the CLI, the node worker and the API. Kept equal to package.json's
// version by tests/unit/version.test.ts (a plain constant so it works in every host unbundled).
export const VERSION = '0.1.0';
