// The app is a static PWA: every page is a client-rendered shell served from build/.
export const prerender = true;
export const ssr = false;
