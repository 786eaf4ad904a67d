// The app's sections, in the order the header shows them. Every route here exists under
// src/routes (the prerender crawl fails on a dead link).
export interface NavItem {
  readonly path:
    '/' | '/wallet' | '/smeshing' | '/dashboard' | '/explorer' | '/mesh' | '/widget' | '/settings';
  readonly label: string;
}

export const NAV: readonly NavItem[] = [
  { path: '/', label: 'Node' },
  { path: '/wallet', label: 'Wallet' },
  { path: '/smeshing', label: 'Smeshing' },
  { path: '/dashboard', label: 'Dashboard' },
  { path: '/explorer', label: 'Explorer' },
  { path: '/mesh', label: '3D mesh' },
];
