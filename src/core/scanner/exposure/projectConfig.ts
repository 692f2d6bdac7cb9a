import fs from 'node:fs';
import path from 'node:path';
import { readSmallFile } from '../../readSmallFile';

/**
 * Config files that may name further public prefixes: Vite's `envPrefix` (also inside Astro's,
 * SvelteKit's and WXT's `vite` option), Farm's `envPrefix`, SvelteKit's `publicPrefix`, and the
 * `prefixes` of Rsbuild's `loadEnv` in its config.
 */
const CONFIG_FILES = ['vite', 'svelte', 'astro', 'vitest', 'farm', 'wxt', 'rsbuild'].flatMap((n) =>
  ['js', 'ts', 'mjs', 'mts', 'cjs', 'cts'].map((ext) => `${n}.config.${ext}`),
);
/** A config file larger than this is not read (real ones are a few KB). */
const MAX_CONFIG_BYTES = 256 * 1024;
/** How many folders up a file's project is looked for. */
const MAX_LEVELS = 30;
/** `envPrefix: 'APP_'`, `envPrefix: ['APP_', 'VITE_']`, `publicPrefix: 'CLIENT_'`: the option's name. */
const PREFIX_OPTION = /\b(?:envPrefix|publicPrefix)\s{0,20}:\s{0,20}/g;
/** The same and Rsbuild's `loadEnv({ prefixes: […] })`, for an Rsbuild config (`prefixes` says little elsewhere). */
const RSBUILD_PREFIX_OPTION = /\b(?:envPrefix|publicPrefix|prefixes)\s{0,20}:\s{0,20}/g;
const QUOTED_NAME = /['"`]([A-Za-z][A-Za-z0-9_]{0,39})['"`]/g;
/** How many options are read from one file (a real config has one or two). */
const MAX_OPTIONS = 20;

/** The prefixes a config file's text makes public (`rsbuild`: the text is an Rsbuild config). */
export function publicPrefixesIn(text: string, rsbuild = false): string[] {
  const out = new Set<string>();
  let seen = 0;
  for (const m of text.matchAll(rsbuild ? RSBUILD_PREFIX_OPTION : PREFIX_OPTION)) {
    if (++seen > MAX_OPTIONS) break;
    const at = m.index + m[0].length;
    // A list up to its `]`, or one quoted string: at most 500 characters either way.
    const after = text.slice(at, at + 500);
    const value = after.startsWith('[')
      ? after.slice(0, after.indexOf(']') + 1)
      : (/^(['"`])[^'"`\n]{0,60}\1/.exec(after)?.[0] ?? '');
    for (const q of value.matchAll(QUOTED_NAME)) if (q[1]) out.add(q[1]);
  }
  return [...out];
}

/**
 * The public prefixes each file's project configures, found by walking up from the file to its
 * project's root (the first folder with a `package.json` or `.git`), never above `ceiling` when one
 * is given (the editor's workspace folder). Answers are kept per folder: one walk per project.
 *
 * @example
 * // ['APP_'] when /app/vite.config.ts sets envPrefix: 'APP_'
 * new ProjectConfigs().publicPrefixesFor('/app/src/main.ts')
 */
export class ProjectConfigs {
  private readonly byDir = new Map<string, readonly string[]>();

  constructor(private readonly ceiling?: string) {}

  publicPrefixesFor(file: string): readonly string[] {
    return this.forDir(path.dirname(file), MAX_LEVELS);
  }

  private forDir(dir: string, levels: number): readonly string[] {
    const known = this.byDir.get(dir);
    if (known) return known;
    let found: string[] = [];
    let names: Set<string>;
    try {
      names = new Set(fs.readdirSync(dir));
    } catch {
      names = new Set();
    }
    for (const c of CONFIG_FILES) {
      if (!names.has(c)) continue;
      const text = readSmallFile(path.join(dir, c), MAX_CONFIG_BYTES, { whole: true });
      if (text) found = [...new Set([...found, ...publicPrefixesIn(text, c.startsWith('rsbuild.'))])];
    }
    const parent = path.dirname(dir);
    const atRoot = names.has('package.json') || names.has('.git') || parent === dir || levels <= 1;
    const atCeiling = this.ceiling !== undefined && path.resolve(dir) === path.resolve(this.ceiling);
    const result = found.length || atRoot || atCeiling ? found : this.forDir(parent, levels - 1);
    this.byDir.set(dir, result);
    return result;
  }
}
