import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: '200.html', strict: true }),
    // Registered by the root layout (not on /embed, the widget's frame).
    serviceWorker: { register: false },
    // Strict policy as a <meta> tag with the hashes of SvelteKit's inline boot script.
    // 'wasm-unsafe-eval' is for WebAssembly (crypto, PoST); connect-src reaches node APIs and
    // libp2p websockets, which may live on any host the user points the app at.
    csp: {
      mode: 'hash',
      directives: {
        'default-src': ['self'],
        'script-src': ['self', 'wasm-unsafe-eval'],
        'worker-src': ['self', 'blob:'],
        'style-src': ['self', 'unsafe-inline'],
        'img-src': ['self', 'data:', 'blob:'],
        'connect-src': ['self', 'http:', 'https:', 'ws:', 'wss:'],
        'object-src': ['none'],
        'base-uri': ['self'],
        'form-action': ['self'],
      },
    },
    typescript: {
      config: (c) => {
        c.compilerOptions.allowImportingTsExtensions = true;
        return c;
      },
    },
  },
};

export default config;
