import type { FileContext } from '../fileContext';

/**
 * Files that certainly run on a server: Next.js API routes and route handlers, middleware,
 * `*.server.*` modules (Remix, SvelteKit, Nuxt), SvelteKit endpoints, `server/` folders, serverless
 * function folders, and languages that never run in a browser.
 */
const SERVER_PATH = new RegExp(
  [
    '(?:^|/)(?:pages/api|server|netlify/functions|supabase/functions)/',
    '(?:^|/)app/(?:[^/]{1,100}/){0,20}route\\.[cm]?[jt]sx?$',
    '(?:^|/)middleware\\.[cm]?[jt]s$',
    '\\.server\\.[cm]?[jt]sx?$',
    '(?:^|/)\\+server\\.[cm]?[jt]s$',
    '\\.(?:py|php|rb|go|java|kt|cs|rs|exs?)$',
  ].join('|'),
);
/** Files that certainly run in the browser: Vue and Svelte components, files served as they are. */
const CLIENT_PATH = /\.(?:vue|svelte)$|(?:^|\/)(?:public|static)\//;
/** A `'use client'` or `'use server'` directive at the top of a module (after comments). */
const DIRECTIVE = /^\s{0,200}(?:\/\/[^\n]{0,300}\n\s{0,200}){0,10}["']use (client|server)["']/;
const SERVER_ONLY = /\bimport\s{1,5}["']server-only["']/;

/**
 * Where code in a file runs, when its directive or path says so for certain: 'client' (a
 * `'use client'` module, a `.vue`/`.svelte` component, a file under `public/`), 'server' (a
 * `'use server'` or `server-only` module, an API route, a `*.server.*` module, a Python/PHP/Go… file),
 * or undefined (shared code, or not known).
 *
 * @example
 * codeSideOf('"use client";\nexport …', { path: 'app/pay/Pay.tsx' }) // 'client'
 */
export function codeSideOf(text: string, file: FileContext | undefined): 'client' | 'server' | undefined {
  const head = text.slice(0, 2000);
  const directive = DIRECTIVE.exec(head)?.[1];
  if (directive === 'client' || directive === 'server') return directive;
  if (SERVER_ONLY.test(head)) return 'server';
  if (!file) return undefined;
  if (SERVER_PATH.test(file.path)) return 'server';
  return CLIENT_PATH.test(file.path) ? 'client' : undefined;
}
