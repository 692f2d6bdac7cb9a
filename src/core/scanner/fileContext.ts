/**
 * Where a scanned text comes from, for the rules that depend on it: whether it is a `.env` file a
 * bundler reads, whether it certainly runs in the browser (a file under `public/`, a `.vue` file),
 * and which prefixes its project makes public. Texts of unknown origin (a webhook body, a diff line
 * without its file) have none, and those rules then judge by the text alone.
 */
export interface FileContext {
  /** The file's path relative to its workspace folder or scan root, `/`-separated (at least its name). */
  path: string;
  /** Git ignores the file: only rules that read ignored `.env` files run on it. */
  ignored?: boolean;
  /** Prefixes the project's own config makes public (Vite `envPrefix`, SvelteKit `publicPrefix`). */
  publicPrefixes?: readonly string[];
}

/** The last segment of a `/`- or `\`-separated path. */
export function baseName(p: string): string {
  const cut = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return p.slice(cut + 1);
}

/** `.env` files examples are kept in: bundlers never read them. */
const EXAMPLE_SUFFIX = /\.(?:example|sample|template|tmpl|dist|defaults?|schema)$/i;

/**
 * Whether a file is an environment file the front-end tools read: `.env`, `.env.local`,
 * `.env.<mode>`, `.env.<mode>.local` (Vite, Next.js, Create React App, SvelteKit, Nuxt, Expo,
 * Gatsby, Vue CLI). Examples (`.env.example`) are not: no bundler loads them.
 */
export function isEnvFile(p: string): boolean {
  const name = baseName(p);
  return /^\.env(?:\.[A-Za-z0-9_-]{1,40}){0,3}$/.test(name) && !EXAMPLE_SUFFIX.test(name);
}
